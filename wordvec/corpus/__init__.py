"""Corpora: tokenisation, readers, vocabularies, co-occurrence counts, dated corpora.

>>> from wordvec.corpus import count_cooccurrences, sotu
>>> periods = sotu(width=50)
>>> counts = count_cooccurrences(periods[1900], window=5, min_count=20, progress=False)
>>> counts.get("war", "peace") > 0
True
"""
from .._lazy import attach

# Each name is imported from its module on first use: ``import wordvec.corpus`` loads none of
# them, and only the co-occurrence modules need scipy.sparse.
__getattr__, __dir__ = attach(__name__, {
    "cooccurrence": ["Cooccurrence", "CooccurrenceCounter", "IncompatibleError", "count_cooccurrences", "count_periods",
                     "read_glove_cooccurrences", "write_glove_cooccurrences"],
    "ngrams": ["read_ngram_cooccurrences", "read_ngram_counts"],
    "readers": ["Corpus", "MissingFileError", "OneShotIteratorError", "TextCorpus", "TextsCorpus", "TokensCorpus",
                "as_corpus"],
    "sotu": ["sotu", "sotu_corpus", "sotu_documents", "write_lines"],
    "timesliced": ["Binning", "PeriodError", "TimeSlicedCorpus"],
    "tokenize": ["DEFAULT_PATTERN", "Tokenizer", "split_paragraphs", "tokenize"],
    "vocabulary": ["Vocabulary", "shared_vocabulary"],
})

__all__ = ["Cooccurrence", "CooccurrenceCounter", "IncompatibleError", "count_cooccurrences", "count_periods",
           "read_glove_cooccurrences", "write_glove_cooccurrences",
           "Corpus", "TextCorpus", "TextsCorpus", "TokensCorpus", "as_corpus", "MissingFileError",
           "OneShotIteratorError", "read_ngram_cooccurrences", "read_ngram_counts", "sotu", "sotu_corpus", "sotu_documents", "write_lines",
           "Binning", "PeriodError", "TimeSlicedCorpus",
           "DEFAULT_PATTERN", "Tokenizer", "tokenize", "split_paragraphs", "Vocabulary", "shared_vocabulary"]
