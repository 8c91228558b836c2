"""Malformed files (generated with hypothesis) each give the documented error.

A valid file is written, then one corruption is applied; the test knows which line
(text) or record (binary) the corruption touches and checks that the FormatError
names the file, that line and the problem.
"""
from __future__ import annotations

import re
import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import wordvec
from wordvec import Embedding
from wordvec.errors import FormatError, UnknownFormatError
from wordvec.io import load, save

# Hypothesis examples cannot use tmp_path; this directory is removed at exit.
_TMP = tempfile.TemporaryDirectory()

WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéü中", min_size=1, max_size=6)


@st.composite
def embeddings(draw, min_n=2):
    n = draw(st.integers(min_n, 6))
    d = draw(st.integers(1, 5))
    words = draw(st.lists(WORD, min_size=n, max_size=n, unique=True))
    vals = draw(st.lists(st.floats(-100, 100, width=32, allow_subnormal=False), min_size=n * d, max_size=n * d))
    return Embedding(words, np.array(vals, dtype=np.float32).reshape(n, d))


SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def write(emb, fmt):
    tmp = Path(tempfile.mkdtemp(dir=_TMP.name))
    path = tmp / {"word2vec": "v.txt", "glove": "g.txt", "word2vec_binary": "v.bin"}[fmt]
    save(emb, path, format=fmt)
    return path


def expect(path, fmt, line, pattern, **kw):
    with pytest.raises(FormatError) as exc:
        load(path, fmt, **kw)
    err = exc.value
    assert err.path == str(path)
    assert err.line == line, (err, line)
    assert re.search(pattern, err.problem), err.problem
    assert str(path) in str(err) and (line is None or f"line {line}" in str(err))


# Text formats: line of row r is r + 2 with a header (word2vec), r + 1 without (GloVe).
TEXT = st.sampled_from(["word2vec", "glove"])


def text_lines(path):
    return path.read_bytes().split(b"\n")


def put_lines(path, lines):
    path.write_bytes(b"\n".join(lines))


@SETTINGS
@given(embeddings(), TEXT, st.data())
def test_wrong_dimension_row(emb, fmt, data):
    path = write(emb, fmt)
    off = 2 if fmt == "word2vec" else 1
    r = data.draw(st.integers(1, len(emb) - 1))  # GloVe takes its dimension from row 0
    lines = text_lines(path)
    toks = lines[r + off - 1].split(b" ")
    extra = data.draw(st.booleans()) or emb.dim == 1
    toks = toks + [b"0.5"] if extra else toks[:-1]
    lines[r + off - 1] = b" ".join(toks)
    put_lines(path, lines)
    found = emb.dim + 1 if extra else emb.dim - 1
    expect(path, fmt, r + off, rf"expected {emb.dim} values after the word .*found {found}")


@SETTINGS
@given(embeddings(), TEXT, st.sampled_from([b"nan", b"inf", b"-inf", b"NaN"]), st.data())
def test_non_finite_value(emb, fmt, bad, data):
    path = write(emb, fmt)
    off = 2 if fmt == "word2vec" else 1
    r = data.draw(st.integers(0, len(emb) - 1))
    c = data.draw(st.integers(1, emb.dim))
    lines = text_lines(path)
    toks = lines[r + off - 1].split(b" ")
    toks[c] = bad
    lines[r + off - 1] = b" ".join(toks)
    put_lines(path, lines)
    expect(path, fmt, r + off, rf"non-finite value .* dimension {c} of the vector of '{re.escape(emb.words[r])}'")


@SETTINGS
@given(embeddings(), TEXT, st.data())
def test_unparsable_number(emb, fmt, data):
    path = write(emb, fmt)
    off = 2 if fmt == "word2vec" else 1
    r = data.draw(st.integers(0, len(emb) - 1))
    lines = text_lines(path)
    toks = lines[r + off - 1].split(b" ")
    toks[-1] = b"1.2.3"
    lines[r + off - 1] = b" ".join(toks)
    put_lines(path, lines)
    expect(path, fmt, r + off, r"cannot read '1\.2\.3' as a number")


@SETTINGS
@given(embeddings(), st.sampled_from(["word2vec", "glove", "word2vec_binary"]), st.data())
def test_duplicate_word_and_opt_ins(binary_reader, emb, fmt, data):
    r1 = data.draw(st.integers(0, len(emb) - 2))
    r2 = data.draw(st.integers(r1 + 1, len(emb) - 1))
    words = list(emb.words)
    words[r2] = words[r1]
    path = Path(tempfile.mkdtemp(dir=_TMP.name)) / ("v.bin" if fmt == "word2vec_binary" else "v.txt")
    _write_raw(path, fmt, words, emb.vectors)
    off = {"word2vec": 2, "glove": 1, "word2vec_binary": 1}[fmt]
    expect(path, fmt, r2 + off, rf"duplicate word '{re.escape(words[r1])}' \(first at line {r1 + off}\)")
    first = load(path, fmt, on_duplicate="first")
    last = load(path, fmt, on_duplicate="last")
    assert len(first) == len(emb) - 1
    assert np.array_equal(first[words[r1]], emb.vectors[r1])
    assert np.array_equal(last[words[r1]], emb.vectors[r2])


def _write_raw(path, fmt, words, vectors):
    """Write without the Embedding's duplicate check (the point is a bad file)."""
    n, d = vectors.shape
    if fmt == "word2vec_binary":
        body = b"".join(w.encode() + b" " + v.astype("<f4").tobytes() + b"\n" for w, v in zip(words, vectors))
        path.write_bytes(f"{n} {d}\n".encode() + body)
        return
    rows = "".join(f"{w} " + " ".join("%.9g" % x for x in v) + "\n" for w, v in zip(words, vectors))
    path.write_text((f"{n} {d}\n" if fmt == "word2vec" else "") + rows, encoding="utf-8")


@SETTINGS
@given(embeddings(), st.sampled_from(["word2vec", "glove", "word2vec_binary"]), st.data())
def test_undecodable_bytes(binary_reader, emb, fmt, data):
    path = write(emb, fmt)
    r = data.draw(st.integers(0, len(emb) - 1))
    w = emb.words[r].encode()
    raw = path.read_bytes()
    # Words are unique and prefix-free after the separator: replace "\nword " (or the first record).
    key = (b"\n" + w + b" ") if (r > 0 or fmt == "word2vec") else (w + b" ")
    pos = raw.find(key) if key[:1] == b"\n" else 0 if fmt == "glove" else raw.find(b"\n") + 1
    assert pos >= 0
    start = pos + (1 if key[:1] == b"\n" else 0)
    raw = raw[:start] + b"\xff" + raw[start:]
    path.write_bytes(raw)
    off = {"word2vec": 2, "glove": 1, "word2vec_binary": 1}[fmt]
    expect(path, fmt, r + off, r"undecodable.*errors='replace'")
    got = load(path, fmt, errors="replace")
    assert got.words[r] == "\ufffd" + emb.words[r]


@SETTINGS
@given(embeddings(), st.integers(1, 3), st.booleans())
def test_header_disagrees_with_body(binary_reader, emb, delta, more):
    for fmt in ("word2vec", "word2vec_binary"):
        path = write(emb, fmt)
        raw = path.read_bytes()
        nl = raw.index(b"\n")
        n = len(emb)
        claimed = n + delta if more else max(1, n - delta)
        path.write_bytes(f"{claimed} {emb.dim}".encode() + raw[nl:])
        if claimed > n:
            line = (n + 2) if fmt == "word2vec" else n + 1
            expect(path, fmt, line, rf"header .*says {claimed} words but the file ends after {n}")
        else:
            line = (claimed + 2) if fmt == "word2vec" else claimed + 1
            pat = "holds more" if fmt == "word2vec" else "data continues"
            expect(path, fmt, line, pat)
            # limit= reads a prefix without complaint.
            assert len(load(path, fmt, limit=claimed)) == claimed


@pytest.fixture(params=["python", "compiled"])
def binary_reader(request):
    """Run a binary test through the Python record loop and the numba kernels."""
    from wordvec.io import word2vec

    old = word2vec.COMPILED_MIN_BYTES
    word2vec.COMPILED_MIN_BYTES = 0 if request.param == "compiled" else 2**62
    yield request.param
    word2vec.COMPILED_MIN_BYTES = old


@SETTINGS
@given(embeddings(), st.data())
def test_truncated_binary(binary_reader, emb, data):
    path = write(emb, "word2vec_binary")
    raw = path.read_bytes()
    r = data.draw(st.integers(0, len(emb) - 1))
    nl = raw.index(b"\n") + 1
    rec = [len(w.encode()) + 2 + 4 * emb.dim for w in emb.words]
    start = nl + sum(rec[:r])
    cut = data.draw(st.integers(len(emb.words[r].encode()) + 1, len(emb.words[r].encode()) + 4 * emb.dim))
    path.write_bytes(raw[: start + cut])
    expect(path, "word2vec_binary", r + 1, r"cut short|truncated")


@SETTINGS
@given(embeddings(), st.data())
def test_truncated_text_row(emb, data):
    path = write(emb, "word2vec")
    raw = path.read_bytes().rstrip(b"\n")
    last = raw.rfind(b"\n") + 1
    toks = raw[last:].split(b" ")
    keep = data.draw(st.integers(0, emb.dim - 1))  # word + fewer than dim values
    path.write_bytes(raw[:last] + b" ".join(toks[: keep + 1]))
    n = len(emb)
    if keep == 0:
        expect(path, "word2vec", n + 1, "expected .* found 0")
    else:
        expect(path, "word2vec", n + 1, rf"expected {emb.dim} values .*found {keep} \(truncated file\?\)")


@pytest.mark.parametrize("fmt", ["word2vec", "word2vec_binary", "glove", None])
def test_empty_file(tmp_path, fmt):
    p = tmp_path / "e.txt"
    p.write_bytes(b"")
    expect(p, fmt, 1, "empty file")
    p.write_bytes(b"\n \n")
    expect(p, fmt, 1, "empty file")


def test_bad_header(tmp_path):
    p = tmp_path / "h.txt"
    p.write_text("ten 3\na 1 2 3\n")
    expect(p, "word2vec", 1, "expected a header")


def test_unknown_format_is_named(tmp_path):
    p = tmp_path / "x.dat"
    p.write_bytes(bytes(range(256)))
    with pytest.raises(UnknownFormatError) as exc:
        load(p)
    assert str(p) in str(exc.value)


def test_corrupt_gzip(tmp_path):
    p = tmp_path / "v.txt.gz"
    save(Embedding(["a", "b"], np.eye(2)), p)
    p.write_bytes(p.read_bytes()[:-12])
    with pytest.raises(FormatError, match="decompress|truncated|ends"):
        load(p)


def test_bad_options():
    with pytest.raises(ValueError, match="errors"):
        load(wordvec.datasets.data_path("googlenews_subset.wv"), errors="ignore")
    with pytest.raises(ValueError, match="on_duplicate"):
        load(wordvec.datasets.data_path("googlenews_subset.wv"), on_duplicate="both")


# ----------------------------------------------------------- fastText .bin
_FT = None


def _ft_bytes():
    global _FT
    if _FT is None:
        from gensim.test.utils import datapath

        _FT = Path(datapath("lee_fasttext_new.bin")).read_bytes()
    return _FT


@settings(max_examples=25, deadline=None)
@given(st.floats(0.0, 1.0, exclude_max=True))
def test_truncated_fasttext_bin_never_hangs(frac):
    # gensim alone loops forever when the file ends inside a vocabulary word.
    raw = _ft_bytes()
    cut = max(1, int(frac * len(raw)))
    path = Path(tempfile.mkdtemp(dir=_TMP.name)) / "m.bin"
    path.write_bytes(raw[:cut])
    with pytest.raises(FormatError, match="truncated|empty"):
        load(path, "fasttext_bin")


def test_fasttext_bin_undecodable_words():
    from gensim.test.utils import datapath

    with pytest.raises(FormatError, match=r"undecodable word b'kter\\xec'") as exc:
        load(datapath("cp852_fasttext.bin"))
    assert exc.value.line == 2
    emb = load(datapath("cp852_fasttext.bin"), errors="replace")
    assert emb.words[1] == "kter\\xec"  # gensim's backslash escape


def test_supervised_fasttext_is_refused():
    from gensim.test.utils import datapath

    with pytest.raises(FormatError, match="supervised"):
        load(datapath("pang_lee_polarity_fasttext.bin"))


# -------------------------------------------------------- gensim and native
def test_broken_gensim_files(tmp_path):
    emb = Embedding(["a", "b", "c"], np.eye(3))
    p = tmp_path / "m.kv"
    save(emb, p)
    (tmp_path / "m.kv.vectors.npy").unlink()
    with pytest.raises(FormatError, match="missing"):
        load(p)
    save(emb, p)
    p.write_bytes(p.read_bytes()[:40])
    with pytest.raises(FormatError, match="not a readable gensim file"):
        load(p)


def test_broken_native_files(tmp_path):
    p = tmp_path / "n.wv"
    save(Embedding(["a", "b", "c"], np.eye(3)), p)
    v = p / "vectors.npy"
    v.write_bytes(v.read_bytes()[:-5])
    with pytest.raises(FormatError, match="vectors.npy"):
        load(p, mmap=True)
    save(Embedding(["a", "b", "c"], np.eye(3)), p)
    (p / "words.txt").write_text("a\nb\n")
    with pytest.raises(FormatError, match="word offsets disagree with the file size"):
        load(p)
    # A version 1 directory (no index) finds the same problem when the words are decoded.
    for f in ("word_offsets.npy", "word_hashes.npy", "word_order.npy", "norms.npy"):
        (p / f).unlink()
    with pytest.raises(FormatError, match="2 words but the header says 3"):
        list(load(p).words)
    save(Embedding(["a", "b", "c"], np.eye(3)), p)
    (p / "word_hashes.npy").unlink()
    with pytest.raises(FormatError, match="word_hashes.npy: missing"):
        load(p, mmap=True)
