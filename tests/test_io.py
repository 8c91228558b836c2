"""Every format read and written, checked against gensim on the same files."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import numpy as np
import pytest
from gensim.models import KeyedVectors
from gensim.models.fasttext import load_facebook_vectors
from gensim.test.utils import datapath

import wordvec
from wordvec import Embedding
from wordvec.errors import FormatError, UnknownFormatError
from wordvec.io import FastTextEmbedding, detect_format, load, save


# Hypothesis examples cannot use tmp_path; this directory is removed at exit.
_TMP = tempfile.TemporaryDirectory()


@pytest.fixture(scope="module")
def small():
    """400 real GoogleNews vectors (the round trips do not need all 13k)."""
    return wordvec.datasets.googlenews_subset(mmap=False).head(400)


def assert_same(emb, kv):
    assert list(emb.words) == list(kv.index_to_key)
    assert np.array_equal(np.asarray(emb.vectors), kv.vectors)


# ------------------------------------------------------------ word2vec / glove
@pytest.mark.parametrize("name,binary", [("v.txt", False), ("v.bin", True), ("v.txt.gz", False), ("v.bin.bz2", True)])
def test_word2vec_round_trip_with_gensim(tmp_path, small, name, binary):
    ours = tmp_path / name
    save(small, ours)
    assert detect_format(ours) == ("word2vec_binary" if binary else "word2vec")
    assert_same(small, KeyedVectors.load_word2vec_format(str(ours), binary=binary))  # gensim reads ours
    theirs = tmp_path / ("g_" + name)
    small.to_gensim().save_word2vec_format(str(theirs), binary=binary)
    assert_same(load(theirs), KeyedVectors.load_word2vec_format(str(theirs), binary=binary))  # we read gensim's


def test_glove_round_trip_with_gensim(tmp_path, small):
    path = tmp_path / "g.txt"
    save(small, path, format="glove")
    assert detect_format(path) == "glove"
    assert_same(load(path), KeyedVectors.load_word2vec_format(str(path), no_header=True))
    assert_same(small, KeyedVectors.load_word2vec_format(str(path), no_header=True))


@pytest.mark.parametrize(
    "name,kwargs",
    [
        ("euclidean_vectors.bin", {"binary": True}),
        ("high_precision.kv.txt", {}),
        ("high_precision.kv.bin", {"binary": True}),
        ("test_glove.txt", {"no_header": True}),
        ("lee_fasttext.vec", {}),
        ("crime-and-punishment.vec", {}),
        ("poincare_vectors.bin", {"binary": True}),
    ],
)
def test_gensim_test_files_read_identically(name, kwargs):
    assert_same(load(datapath(name)), KeyedVectors.load_word2vec_format(datapath(name), **kwargs))


def test_compiled_binary_reader_matches(tmp_path, small, monkeypatch):
    from wordvec.io import word2vec

    path = tmp_path / "v.bin"
    small.to_gensim().save_word2vec_format(str(path), binary=True)  # gensim: no newline after vectors
    save(small, tmp_path / "c.bin")  # ours: the C tool's newline
    monkeypatch.setattr(word2vec, "COMPILED_MIN_BYTES", 0)
    for p in (path, tmp_path / "c.bin"):
        assert_same(load(p), KeyedVectors.load_word2vec_format(str(p), binary=True))
        assert_same(load(p, limit=17), KeyedVectors.load_word2vec_format(str(p), binary=True, limit=17))


def test_limit_reads_a_prefix(tmp_path, small):
    for name in ("v.txt", "v.bin"):
        save(small, tmp_path / name)
        got = load(tmp_path / name, limit=100)
        kv = KeyedVectors.load_word2vec_format(str(tmp_path / name), binary=name.endswith("bin"), limit=100)
        assert_same(got, kv)
    save(small, tmp_path / "g.txt", format="glove")
    assert list(load(tmp_path / "g.txt", limit=7).words) == list(small.words[:7])


def test_glove_words_with_spaces(tmp_path):
    (tmp_path / "g.txt").write_text("the 0.5 1\n. . . 1.5 2\nat 3 -4e-2\n")
    emb = load(tmp_path / "g.txt")
    assert list(emb.words) == ["the", ". . .", "at"]
    assert np.array_equal(emb[". . ."], np.float32([1.5, 2]))


def test_odd_whitespace_goes_through_the_exact_parser(tmp_path):
    (tmp_path / "w.txt").write_bytes("2 3\r\nab 1\t2  3 \r\nc\u00a0d 4 5 6\r\n".encode())
    emb = load(tmp_path / "w.txt")
    assert list(emb.words) == ["ab", "c\u00a0d"]  # only ASCII blanks separate fields, as in gensim
    assert np.array_equal(emb.vectors, np.float32([[1, 2, 3], [4, 5, 6]]))


# ------------------------------------------------------------------- fastText
def test_fasttext_bin_matches_gensim_including_oov():
    path = datapath("lee_fasttext.bin")
    emb = load(path)
    kv = load_facebook_vectors(path)
    assert isinstance(emb, FastTextEmbedding) and detect_format(path) == "fasttext_bin"
    assert_same(emb, kv)
    assert "zzzqqq" not in emb
    assert np.allclose(emb["zzzqqq"], kv["zzzqqq"], atol=1e-6)
    nb = emb.nearest(["zzzqqq"], k=5)
    assert list(nb.words[0]) == [w for w, _ in kv.most_similar("zzzqqq", topn=5)]
    # Subsets keep the n-grams.
    assert np.allclose(emb.head(10)["zzzqqq"], kv["zzzqqq"], atol=1e-6)


def test_fasttext_bin_round_trip(tmp_path):
    emb = load(datapath("lee_fasttext.bin"))
    out = tmp_path / "m.bin"
    save(emb, out, format="fasttext_bin")
    kv = load_facebook_vectors(str(out))
    assert_same(emb, kv)
    assert np.allclose(kv["zzzqqq"], emb["zzzqqq"], atol=1e-6)
    again = load(out)
    assert isinstance(again, FastTextEmbedding) and np.array_equal(again.counts, emb.counts)


def test_fasttext_subset_round_trip(tmp_path):
    emb = load(datapath("lee_fasttext.bin")).subset(["government", "the", "New"])
    save(emb, tmp_path / "s.bin", format="fasttext_bin")
    kv = load_facebook_vectors(str(tmp_path / "s.bin"))
    assert kv.index_to_key == ["government", "the", "New"]
    assert np.allclose(kv.vectors, emb.vectors, atol=1e-6)
    assert np.allclose(kv["zzzqqq"], emb["zzzqqq"], atol=1e-6)
    assert emb.to_gensim().index_to_key == ["government", "the", "New"]


def test_fasttext_vec_matches_bin_vocabulary():
    vec, bin_ = load(datapath("lee_fasttext.vec")), load(datapath("lee_fasttext.bin"))
    assert list(vec.words) == list(bin_.words)
    assert np.allclose(vec.vectors, bin_.vectors, atol=1e-4)  # .vec has 5 decimals


def test_plain_embedding_as_fasttext_bin(tmp_path, small):
    emb = small.head(20)
    save(emb, tmp_path / "p.bin", format="fasttext_bin")
    assert_same(emb, load_facebook_vectors(str(tmp_path / "p.bin")))
    assert load(tmp_path / "p.bin").get("zzzz") is None  # no n-grams, no OOV vector


# --------------------------------------------------------------------- gensim
def test_gensim_kv_round_trip_and_mmap(tmp_path):
    big = Embedding([f"w{i}" for i in range(9000)], np.random.default_rng(1).normal(size=(9000, 300)), counts=np.arange(9000)[::-1])
    path = tmp_path / "m.kv"
    save(big, path)
    assert detect_format(path) == "gensim"
    assert (tmp_path / "m.kv.vectors.npy").exists()  # stored beside the pickle, mappable
    kv = KeyedVectors.load(str(path))
    assert_same(big, kv)
    emb = load(path, mmap=True)
    assert isinstance(emb.vectors, np.memmap)
    assert_same(emb, kv)
    assert np.array_equal(emb.counts, big.counts)
    with pytest.raises(ValueError):
        emb.vectors[0, 0] = 0
    kv.save(str(tmp_path / "g.kv"))
    assert_same(load(tmp_path / "g.kv"), kv)
    assert not [p for p in os.listdir(tmp_path) if p.startswith(".")]


# --------------------------------------------------------------------- native
def test_native_round_trip_mmap_and_limit(tmp_path, small):
    emb = Embedding(list(small.words), small.vectors, counts=np.arange(len(small)), meta={"period": np.int64(1990)})
    save(emb, tmp_path / "n.wv")
    got = load(tmp_path / "n.wv", mmap=True)
    assert isinstance(got.vectors, np.memmap)
    assert list(got.words) == list(emb.words) and np.array_equal(got.vectors, emb.vectors)
    assert np.array_equal(got.counts, emb.counts) and got.meta["period"] == 1990
    assert list(load(tmp_path / "n.wv", limit=5).words) == list(emb.words[:5])


# ------------------------------------------------------------------ atomicity
def test_failed_write_leaves_old_file_and_no_temporary(tmp_path, small, monkeypatch):
    from wordvec.io import _text

    path = tmp_path / "v.txt"
    save(small.head(3), path)
    before = path.read_bytes()
    calls = {"n": 0}
    real = _text.format_rows

    def boom(*a, **k):
        calls["n"] += 1
        if calls["n"] > 1:
            raise RuntimeError("disk full")
        return real(*a, **k)

    monkeypatch.setattr(_text, "format_rows", boom)
    big = Embedding([f"w{i}" for i in range(3000)], np.ones((3000, 40)))
    with pytest.raises(RuntimeError):
        save(big, path)
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["v.txt"]


def test_atomic_text_leaves_old_file_and_no_temporary(tmp_path):
    # The text writers (taxonomies, Poincaré files, vocabularies, the report) share this writer.
    from wordvec._atomic import atomic_text

    path = tmp_path / "t.tsv"
    path.write_text("old\n")
    with pytest.raises(RuntimeError):
        with atomic_text(path) as f:
            f.write("half a file" * 100_000)
            raise RuntimeError("disk full")
    assert path.read_text() == "old\n" and os.listdir(tmp_path) == ["t.tsv"]
    with atomic_text(path) as f:
        f.write("naïve\n")
    assert path.read_bytes() == "naïve\n".encode("utf-8") and os.listdir(tmp_path) == ["t.tsv"]


def test_unwritable_words_refused(tmp_path):
    emb = Embedding(["new york", "b"], np.eye(2))
    with pytest.raises(FormatError, match="new york"):
        save(emb, tmp_path / "v.txt")
    assert not os.listdir(tmp_path)


# ------------------------------------------------------------------ detection
def test_detection_and_unknown_formats(tmp_path):
    (tmp_path / "a.dat").write_bytes(b"\x00\x01\x02 garbage")
    with pytest.raises(UnknownFormatError, match="a.dat"):
        load(tmp_path / "a.dat")
    with pytest.raises(UnknownFormatError, match="nonsense"):
        load(datapath("test_glove.txt"), format="nonsense")
    with pytest.raises(UnknownFormatError):
        save(Embedding(["a"], np.ones((1, 2))), tmp_path / "x.unknownsuffix")
    # Content wins over a misleading suffix.
    save(Embedding(["a", "b"], np.eye(2)), tmp_path / "really_text.bin", format="word2vec")
    assert detect_format(tmp_path / "really_text.bin") == "word2vec"
    save(Embedding(["a", "b"], np.eye(2)), tmp_path / "gz_without_suffix", format="word2vec")
    import gzip

    (tmp_path / "z").write_bytes(gzip.compress((tmp_path / "gz_without_suffix").read_bytes()))
    assert list(load(tmp_path / "z").words) == ["a", "b"]


# ------------------------------------------------------- the two text parsers
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 8),
    st.integers(1, 6),
    st.sampled_from(["%.9g", "%.3f", "%.4e", "%r"]),
    st.booleans(),
    st.integers(0, 2**31),
)
def test_fast_and_exact_parsers_agree_with_python_floats(n, d, fmt, trailing_space, seed):
    from wordvec.io import _text

    rng = np.random.default_rng(seed)
    vals = rng.normal(scale=10.0 ** rng.integers(-4, 4), size=(n, d))
    words = [f"w{i}é" for i in range(n)]
    toks = [[(fmt % x) if fmt != "%r" else repr(float(np.float32(x))) for x in row] for row in vals]
    body = "".join(f"{w} {' '.join(t)}{' ' if trailing_space else ''}\n" for w, t in zip(words, toks)).encode()
    expected = np.array([[float(t) for t in row] for row in toks]).astype(np.float32)
    fast = _text._fast_chunk(body, d, 1, "strict")
    exact = _text._exact_chunk(body, d, None, 1, "strict", False)
    assert fast is not None  # a clean file must take the fast path
    for w, v, lines in (fast, exact):
        assert w == words
        assert np.array_equal(v, expected)
        assert lines.tolist() == list(range(1, n + 1))


def test_chunked_parsing_matches_one_chunk(tmp_path, monkeypatch):
    from wordvec.io import _text

    path = tmp_path / "v.txt"
    emb = Embedding([f"w{i}" for i in range(300)], np.random.default_rng(3).normal(size=(300, 4)))
    save(emb, path)
    whole = load(path)
    assert np.array_equal(whole.vectors, emb.vectors)
    monkeypatch.setattr(_text, "CHUNK_BYTES", 1000)  # ~20 rows per chunk, boundaries mid-line
    chunked = load(path)
    assert list(chunked.words) == list(whole.words) and np.array_equal(chunked.vectors, whole.vectors)
    # Line numbers stay right across chunks.
    raw = path.read_bytes().split(b"\n")
    raw[250] = raw[250] + b" 1.0"
    path.write_bytes(b"\n".join(raw))
    with pytest.raises(FormatError) as exc:
        load(path)
    assert exc.value.line == 251


GENSIM_WORD = st.text(
    alphabet=st.characters(whitelist_categories=("L", "N", "P", "S"), max_codepoint=0x2FFFF), min_size=1, max_size=8
)


@settings(max_examples=30, deadline=None)
@given(
    st.lists(GENSIM_WORD, min_size=1, max_size=12, unique=True),
    st.integers(1, 7),
    st.integers(0, 2**31),
    st.sampled_from(["v.txt", "v.bin", "g.txt"]),
)
def test_gensim_reads_what_we_write_and_vice_versa(words, d, seed, name):
    vecs = np.random.default_rng(seed).normal(scale=10.0, size=(len(words), d)).astype(np.float32)
    emb = Embedding(words, vecs)
    path = Path(tempfile.mkdtemp(dir=_TMP.name)) / name
    fmt = "glove" if name == "g.txt" else None
    save(emb, path, format=fmt)
    kv = KeyedVectors.load_word2vec_format(str(path), binary=name.endswith(".bin"), no_header=fmt == "glove")
    assert_same(emb, kv)
    theirs = path.with_name("theirs" + path.suffix)
    emb.to_gensim().save_word2vec_format(str(theirs), binary=name.endswith(".bin"), write_header=fmt != "glove")
    assert_same(load(theirs, fmt), kv)


def test_detection_of_malformed_text_stays_text(tmp_path):
    # A bad first row must be reported by the text parser, not misread as binary.
    p = tmp_path / "bad.txt"
    p.write_text("2 3\n" + "a 1 2 3 4 5 6 7 8 9 10 11 12 13 14\n" + "b 1 2 3\n")
    assert detect_format(p) == "word2vec"
    with pytest.raises(FormatError, match="expected 3 values") as exc:
        load(p)
    assert exc.value.line == 2


def test_limit_reads_past_blank_lines_but_not_beyond(tmp_path):
    # Row 4 is broken, but limit=3 never needs it; the blank line must not cost a row.
    (tmp_path / "g.txt").write_text("a 1 2\n\nb 3 4\nc 5 6\nd 1 x\n")
    (tmp_path / "w.txt").write_text("4 2\na 1 2\n\nb 3 4\nc 5 6\nd 1 x\n")
    for name in ("g.txt", "w.txt"):
        assert list(load(tmp_path / name, limit=3).words) == ["a", "b", "c"]
        with pytest.raises(FormatError, match="'x'"):
            load(tmp_path / name)
