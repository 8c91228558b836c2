"""HistWords per-decade files, generated here in the exact released layout."""
from __future__ import annotations

import os
import pickle

import numpy as np
import pytest

import wordvec
from wordvec.errors import FormatError
from wordvec.io import load_histwords_dir
from wordvec.io.histwords import load_histwords, save_histwords

WORDS = [f"word{i}" for i in range(40)] + ["café", "naïve"]


def write_decade(d, decade, vectors, words=WORDS, dtype=np.float64):
    np.save(d / f"{decade}-w.npy", np.asarray(vectors, dtype=dtype))
    with open(d / f"{decade}-vocab.pkl", "wb") as f:
        pickle.dump(list(words), f, protocol=2)


@pytest.fixture
def hist(tmp_path):
    rng = np.random.default_rng(7)
    planted = {}
    for j, decade in enumerate((1900, 1910, 1920)):
        v = rng.normal(size=(len(WORDS), 8))
        zero = rng.choice(len(WORDS), size=3 + j, replace=False)
        v[zero] = 0.0
        write_decade(tmp_path, decade, v)
        planted[decade] = (v, sorted(zero))
    return tmp_path, planted


def test_absent_rows_are_dropped_and_listed(hist):
    d, planted = hist
    v, zero = planted[1910]
    emb = wordvec.load(d / "1910-w.npy")
    keep = [i for i in range(len(WORDS)) if i not in zero]
    assert list(emb.words) == [WORDS[i] for i in keep]
    assert np.array_equal(emb.vectors, v[keep].astype(np.float32))
    assert emb.meta["absent_words"] == [WORDS[i] for i in zero]
    assert emb.meta["n_absent"] == len(zero) and emb.meta["period"] == 1910
    assert all(np.linalg.norm(emb.vectors, axis=1) > 0)


def test_absent_keep_and_error(hist):
    d, planted = hist
    v, zero = planted[1900]
    kept = load_histwords(d / "1900", absent="keep")
    assert len(kept) == len(WORDS)
    assert np.flatnonzero(kept.meta["absent_mask"]).tolist() == list(zero)
    with pytest.raises(FormatError) as exc:
        load_histwords(d / "1900-vocab.pkl", absent="error")
    assert exc.value.line == zero[0] + 1 and WORDS[zero[0]] in str(exc.value)


def test_directory_loader_returns_every_decade(hist):
    d, planted = hist
    embs = load_histwords_dir(d)
    assert list(embs) == [1900, 1910, 1920]
    for decade, emb in embs.items():
        assert len(emb) == len(WORDS) - len(planted[decade][1])
    assert list(load_histwords_dir(d, decades=[1920])) == [1920]
    with pytest.raises(FileNotFoundError, match="1930"):
        load_histwords_dir(d, decades=[1930])
    a, b = embs[1900].intersect(embs[1920])
    assert list(a.words) == list(b.words)


def test_mmap_keeps_a_read_only_map(tmp_path):
    v = np.random.default_rng(0).normal(size=(len(WORDS), 4))
    write_decade(tmp_path, 1990, v, dtype=np.float32)
    emb = load_histwords(tmp_path / "1990", mmap=True)
    assert isinstance(emb.vectors, np.memmap)
    assert np.array_equal(emb.vectors, v.astype(np.float32))
    with pytest.raises(ValueError):
        emb.vectors[0, 0] = 1


def test_python2_byte_strings_are_decoded(tmp_path):
    write_decade(tmp_path, 1850, np.eye(3), words=[b"caf\xc3\xa9", b"dog", b"\xff"])
    with pytest.raises(FormatError, match="undecodable"):
        load_histwords(tmp_path / "1850")
    emb = load_histwords(tmp_path / "1850", errors="replace")
    assert list(emb.words) == ["café", "dog", "\ufffd"]


def test_genuine_python2_pickle(tmp_path):
    # What Python 2.7 ``pickle.dump(["caf\xc3\xa9", "dog"], f, 2)`` writes: SHORT_BINSTRING opcodes.
    py2 = b"\x80\x02]q\x00(U\x05caf\xc3\xa9q\x01U\x03dogq\x02e."
    np.save(tmp_path / "1800-w.npy", np.eye(2))
    (tmp_path / "1800-vocab.pkl").write_bytes(py2)
    assert list(load_histwords(tmp_path / "1800").words) == ["café", "dog"]


def test_pickles_with_code_are_refused(tmp_path):
    np.save(tmp_path / "1990-w.npy", np.eye(2))
    with open(tmp_path / "1990-vocab.pkl", "wb") as f:
        pickle.dump([os.getcwd, "b"], f, protocol=2)  # a global: would be imported on load
    with pytest.raises(FormatError, match="refusing"):
        load_histwords(tmp_path / "1990")


def test_vocabulary_and_matrix_must_agree(tmp_path):
    write_decade(tmp_path, 1990, np.ones((3, 2)), words=["a", "b"])
    with pytest.raises(FormatError, match="2 words but 1990-w.npy has 3 rows"):
        wordvec.load(tmp_path / "1990-w.npy")
    write_decade(tmp_path, 2000, np.ones((2, 2)), words=["a", "a"])
    with pytest.raises(FormatError, match="duplicate word 'a'") as exc:
        wordvec.load(tmp_path / "2000-w.npy")
    assert exc.value.line == 2


def test_save_round_trip_in_the_released_layout(tmp_path):
    emb = wordvec.Embedding(["x", "y", "z"], np.arange(6).reshape(3, 2) + 1.0)
    save_histwords(emb, tmp_path / "1960")
    with open(tmp_path / "1960-vocab.pkl", "rb") as f:
        assert f.read(2) == b"\x80\x02"  # protocol 2, as released
    assert np.array_equal(np.load(tmp_path / "1960-w.npy"), emb.vectors)
    back = wordvec.load(tmp_path / "1960-vocab.pkl")
    assert list(back.words) == ["x", "y", "z"] and np.array_equal(back.vectors, emb.vectors)
    wordvec.save(emb, tmp_path / "1970-w.npy")
    assert list(load_histwords(tmp_path / "1970").words) == ["x", "y", "z"]
