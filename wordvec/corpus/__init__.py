"""Corpora: tokenisation, readers, vocabularies, co-occurrence counts, dated corpora.

>>> from wordvec.corpus import count_cooccurrences, sotu
>>> periods = sotu(width=50)                                   # doctest: +SKIP
>>> counts = count_cooccurrences(periods[1900], window=10)     # doctest: +SKIP
"""
from .cooccurrence import (Cooccurrence, CooccurrenceCounter, IncompatibleError, count_cooccurrences, count_periods,
                           read_glove_cooccurrences, write_glove_cooccurrences)
from .ngrams import read_ngram_cooccurrences, read_ngram_counts
from .readers import (Corpus, MissingFileError, OneShotIteratorError, TextCorpus, TextsCorpus, TokensCorpus,
                      as_corpus)
from .sotu import sotu, sotu_corpus, sotu_documents, write_lines
from .timesliced import Binning, PeriodError, TimeSlicedCorpus
from .tokenize import DEFAULT_PATTERN, Tokenizer, split_paragraphs, tokenize
from .vocabulary import Vocabulary, shared_vocabulary

__all__ = ["Cooccurrence", "CooccurrenceCounter", "IncompatibleError", "count_cooccurrences", "count_periods",
           "read_glove_cooccurrences", "write_glove_cooccurrences",
           "Corpus", "TextCorpus", "TextsCorpus", "TokensCorpus", "as_corpus", "MissingFileError",
           "OneShotIteratorError", "read_ngram_cooccurrences", "read_ngram_counts", "sotu", "sotu_corpus", "sotu_documents", "write_lines",
           "Binning", "PeriodError", "TimeSlicedCorpus",
           "DEFAULT_PATTERN", "Tokenizer", "tokenize", "split_paragraphs", "Vocabulary", "shared_vocabulary"]
