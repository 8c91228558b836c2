"""The cold-start core: the native word index, one-pass loaders, streaming convert,
cached kernels, light import and the memory of a load."""
from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import wordvec
from wordvec import Embedding, FormatError, OOVError
from wordvec.io import convert, load, save
from wordvec.io.native import VERSION, upgrade_native
from wordvec.io.wordtable import NativeWords, fnv1a, fnv1a_many

ROOT = Path(__file__).resolve().parents[1]

WORDS = ["the", "King", "königin", "東京", "naïve", "", "a b", "emoji😀", "x" * 300, "the_end"]


def _emb(words=WORDS, dim=4, seed=0):
    rng = np.random.default_rng(seed)
    return Embedding(words, rng.standard_normal((len(words), dim)).astype(np.float32))


def _fresh(code: str, env: dict | None = None) -> str:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         env={**os.environ, **(env or {})}, timeout=300)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip().splitlines()[-1]


# ---------------------------------------------------------------- the word index
def test_fnv1a_vectorised_matches_the_reference():
    rng = np.random.default_rng(1)
    words = [bytes(rng.integers(0, 256, size=int(rng.integers(0, 40)), dtype=np.uint8)) for _ in range(500)]
    words += [w.encode() for w in WORDS]
    assert fnv1a_many(words).tolist() == [fnv1a(w) for w in words]
    # Published FNV-1a 64 test vectors.
    assert fnv1a(b"") == 0xCBF29CE484222325
    assert fnv1a(b"a") == 0xAF63DC4C8601EC8C
    assert fnv1a(b"foobar") == 0x85944171F73967E8


def test_native_index_round_trip_and_lookups(tmp_path):
    emb = _emb()
    save(emb, tmp_path / "e.wv")
    meta = json.loads((tmp_path / "e.wv" / "meta.json").read_text())
    assert meta["version"] == VERSION == 2
    for mmap in (True, False):
        got = load(tmp_path / "e.wv", mmap=mmap)
        assert isinstance(got.words, NativeWords)
        for i, w in enumerate(WORDS):  # present, unicode, empty, long, with a space
            assert w in got and got.index(w) == i
            assert np.array_equal(got[w], emb.vectors[i])
            assert got.words[i] == w
        for absent in ("king", "THE", "Königin", "東", "x" * 299, "zzz"):
            assert absent not in got and got.get(absent) is None
        assert 3 not in got and None not in got
        with pytest.raises(OOVError, match="'zzz'"):
            got.indices(["the", "zzz", "東京"])
        assert got.indices(WORDS[::-1]).tolist() == list(range(len(WORDS)))[::-1]
        assert got.words[2:5] == WORDS[2:5] and got.words[-1] == WORDS[-1]
        assert list(got.words) == WORDS
        np.testing.assert_allclose(got.norms, np.linalg.norm(emb.vectors, axis=1), rtol=1e-6)


def test_hash_collisions_are_resolved_by_the_words(tmp_path, monkeypatch):
    # Force every word onto one hash: the index must still tell them apart.
    import wordvec.io.native as native
    import wordvec.io.wordtable as table

    def same(encoded):
        return np.full(len(encoded), 7, dtype=np.uint64)

    monkeypatch.setattr(native, "fnv1a_many", same)
    monkeypatch.setattr(table, "fnv1a_many", same)
    monkeypatch.setattr(table, "fnv1a", lambda w: 7)
    save(_emb(), tmp_path / "c.wv")
    got = load(tmp_path / "c.wv", mmap=True)
    assert [got.index(w) for w in WORDS] == list(range(len(WORDS)))
    assert "nope" not in got
    assert got.indices(["the_end", "the"]).tolist() == [9, 0]


def test_duplicates_are_refused_at_save(tmp_path):
    dup = Embedding(["a", "b", "a"], np.eye(3, dtype=np.float32), validate=False)
    with pytest.raises(FormatError, match="duplicate word 'a'"):
        save(dup, tmp_path / "d.wv")
    assert not (tmp_path / "d.wv").exists() and not list(tmp_path.iterdir())  # nothing half-written


def test_limit_on_the_native_index(tmp_path):
    save(_emb(), tmp_path / "e.wv")
    got = load(tmp_path / "e.wv", mmap=True, limit=3)
    assert len(got) == 3 and list(got.words) == WORDS[:3]
    assert "königin" in got and "東京" not in got  # row 3 is beyond the limit
    assert got.indices(["the"]).tolist() == [0]


def test_version_1_directories_still_open_and_upgrade(tmp_path):
    emb = _emb()
    p = tmp_path / "old.wv"
    save(emb, p)
    for f in ("word_offsets.npy", "word_hashes.npy", "word_order.npy", "norms.npy"):
        (p / f).unlink()
    header = json.loads((p / "meta.json").read_text())
    (p / "meta.json").write_text(json.dumps({**header, "version": 1}))
    old = load(p, mmap=True)
    assert not isinstance(old.words, NativeWords)
    assert "東京" in old and old.index("naïve") == 4 and list(old.words) == WORDS
    assert list(load(p, limit=2).words) == WORDS[:2]
    upgrade_native(p)
    new = load(p, mmap=True)
    assert isinstance(new.words, NativeWords) and list(new.words) == WORDS
    assert np.array_equal(new.vectors, emb.vectors)
    assert json.loads((p / "meta.json").read_text())["meta"] == header["meta"]


def test_a_newer_native_version_is_refused(tmp_path):
    p = tmp_path / "n.wv"
    save(_emb(), p)
    header = json.loads((p / "meta.json").read_text())
    (p / "meta.json").write_text(json.dumps({**header, "version": 99}))
    with pytest.raises(FormatError, match="version 99 is newer"):
        load(p)
    (p / "meta.json").write_text(json.dumps({**header, "n": "ten"}))
    with pytest.raises(FormatError, match="non-negative integers"):
        load(p)


def test_saved_files_are_readable_by_others(tmp_path):
    save(_emb(), tmp_path / "e.wv")
    save(_emb(["a", "b"]), tmp_path / "e.txt")
    mask = os.umask(0)
    os.umask(mask)
    assert (tmp_path / "e.wv").stat().st_mode & 0o777 == 0o777 & ~mask
    assert (tmp_path / "e.txt").stat().st_mode & 0o777 == 0o666 & ~mask


# ---------------------------------------------------------------- nearest without a copy
def test_nearest_on_a_memmap_needs_no_normalised_copy(tmp_path):
    emb = wordvec.datasets.googlenews_subset(mmap=False)
    save(emb, tmp_path / "g.wv")
    mm = load(tmp_path / "g.wv", mmap=True)
    words = list(emb.words[:300])
    a, b = mm.nearest(words, k=10), emb.nearest(words, k=10)
    assert "unit" not in mm.__dict__  # scores are scaled by the stored inverse norms
    rows = emb.indices(words)
    assert np.array_equal(mm._unit_rows(rows), emb.unit[rows])  # query rows: bit for bit
    ref = emb.unit[emb.indices(words)] @ emb.unit.T
    ref[np.arange(300), emb.indices(words)] = -np.inf
    np.testing.assert_allclose(a.scores, np.sort(ref, axis=1)[:, ::-1][:, :10], atol=2e-6)
    assert (a.indices == b.indices).mean() > 0.999  # float32 rounding may swap exact near-ties
    cos = float(emb.unit[emb.index("king")] @ emb.unit[emb.index("queen")])
    assert mm.similarity("king", "queen") == pytest.approx(cos, abs=1e-6)
    assert "unit" not in mm.__dict__


# ---------------------------------------------------------------- one-pass loaders
def _big_file_embedding(n=5_000, dim=300):
    """6 MB of vectors: many chunks once the chunk size is shrunk (see ``small_chunks``)."""
    rng = np.random.default_rng(3)
    words = [f"w{i}" if i % 7 else f"Wörd_{i}" for i in range(n)]
    return Embedding(words, rng.standard_normal((n, dim)).astype(np.float32))


@pytest.fixture(scope="module")
def big_files(tmp_path_factory):
    d = tmp_path_factory.mktemp("big")
    emb = _big_file_embedding()
    kv = emb.to_gensim()
    kv.save_word2vec_format(str(d / "g.bin"), binary=True)  # gensim: no newline after vectors
    save(emb, d / "c.bin")                                # wordvec: the C tool's newline
    save(emb, d / "t.txt")
    with open(d / "t.txt", "rb") as f, gzip.open(d / "t.txt.gz", "wb", compresslevel=1) as g:
        g.write(f.read())
    with open(d / "c.bin", "rb") as f, gzip.open(d / "c.bin.gz", "wb", compresslevel=1) as g:
        g.write(f.read())
    return d, emb


@pytest.fixture(params=["python", "compiled"])
def small_chunks(request, monkeypatch):
    """Chunks of 256 kB (so that records and lines straddle chunk ends), with either
    record scanner."""
    from wordvec.io import _text, word2vec

    for mod in (_text, word2vec):
        monkeypatch.setattr(mod, "CHUNK_BYTES", 1 << 18)
    monkeypatch.setattr(_text, "FIRST_CHUNK_BYTES", 1 << 12)
    monkeypatch.setattr(word2vec, "COMPILED_MIN_BYTES", 0 if request.param == "compiled" else 2**62)


def test_big_files_load_exactly_in_one_pass(big_files, small_chunks):
    d, emb = big_files
    for name in ("g.bin", "c.bin", "c.bin.gz", "t.txt", "t.txt.gz"):
        got = load(d / name)
        assert list(got.words) == list(emb.words), name
        assert np.array_equal(got.vectors, emb.vectors), name
        part = load(d / name, limit=1234)
        assert list(part.words) == list(emb.words[:1234]) and np.array_equal(part.vectors, emb.vectors[:1234]), name


def test_both_scanners_find_problems_across_chunks(big_files, small_chunks, tmp_path):
    d, emb = big_files
    raw = (d / "c.bin").read_bytes()
    cut = tmp_path / "cut.bin"
    cut.write_bytes(raw[: len(raw) // 2 + 7])
    with pytest.raises(FormatError, match=r"is cut short|ends after") as e:
        load(cut)
    assert e.value.line and 2_000 < e.value.line < 3_000
    extra = tmp_path / "extra.bin"
    extra.write_bytes(raw + b"more 1234")
    with pytest.raises(FormatError, match="data continues after the last one"):
        load(extra)
    nul = bytearray(raw)
    pos = raw.index(b"w2001 ")
    nul[pos + 1] = 0
    (tmp_path / "nul.bin").write_bytes(bytes(nul))
    with pytest.raises(FormatError, match="NUL byte"):
        load(tmp_path / "nul.bin")


def test_streaming_convert_gives_the_same_vectors(big_files, small_chunks, tmp_path):
    d, emb = big_files
    for name in ("g.bin", "t.txt.gz"):
        out = convert(d / name, tmp_path / f"{name}.wv")
        assert out == {"words": len(emb), "dim": 300, "from": "word2vec_binary" if "bin" in name else "word2vec",
                       "to": "native"}
        got = load(tmp_path / f"{name}.wv", mmap=True)
        assert list(got.words) == list(emb.words) and np.array_equal(got.vectors, emb.vectors)
        assert got.index("Wörd_700") == 700
    part = convert(d / "g.bin", tmp_path / "p.wv", limit=100)
    assert part["words"] == 100 and list(load(tmp_path / "p.wv").words) == list(emb.words[:100])


def test_streaming_convert_refuses_bad_rows_and_leaves_nothing(tmp_path):
    (tmp_path / "bad.txt").write_text("3 2\na 1 2\nb nan 2\nc 1 1\n")
    with pytest.raises(FormatError, match="line 3.*non-finite"):
        convert(tmp_path / "bad.txt", tmp_path / "bad.wv")
    (tmp_path / "dup.txt").write_text("3 2\na 1 2\nb 1 2\na 1 1\n")
    with pytest.raises(FormatError, match="duplicate word 'a'"):
        convert(tmp_path / "dup.txt", tmp_path / "dup.wv")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.txt", "dup.txt"]
    # Keeping one of the duplicates needs every word first: that path loads, then saves.
    assert convert(tmp_path / "dup.txt", tmp_path / "dup.wv", on_duplicate="first")["words"] == 2


# ---------------------------------------------------------------- cold processes
def test_import_is_light_and_a_first_query_needs_no_heavy_module():
    code = ("import sys, wordvec\n"
            "e = wordvec.datasets.googlenews_subset()\n"
            "e.nearest(['king'], k=5); 'queen' in e; e['queen']; e.similarity('king', 'queen')\n"
            "heavy = ['pandas', 'matplotlib', 'statsmodels', 'gensim', 'numba', 'tqdm', 'scipy']\n"
            "print([m for m in heavy if m in sys.modules])")
    assert _fresh(code) == "[]"
    # A batch too small to win back numba's start-up stays in NumPy in a fresh process.
    code = ("import sys, wordvec\n"
            "e = wordvec.datasets.googlenews_subset()\n"
            "e.nearest(list(e.words[:400]), k=10)\n"
            "print('numba' in sys.modules)")
    assert _fresh(code) == "False"


def test_the_second_process_compiles_nothing(tmp_path):
    # A fresh cache directory: the first process compiles and writes it, the second loads it.
    code = ("import numpy as np\n"
            "from wordvec._topk_kernel import top_k_rows\n"
            "from wordvec.io._kernels import gather_records, scan_records\n"
            "s = np.random.default_rng(0).random((4, 50), dtype=np.float32)\n"
            "top_k_rows(s, 3, np.ones(50, np.float32))\n"
            "a = np.frombuffer(b'ab ' + bytes(8), np.uint8)\n"
            "ws, we, done, pos, status = scan_records(a, 0, 1, 8, 100)\n"
            "gather_records(a, we + 1, 8)\n"
            "ks = (top_k_rows, scan_records, gather_records)\n"
            "print(sum(sum(k.stats.cache_misses.values()) for k in ks), sum(sum(k.stats.cache_hits.values()) for k in ks))")
    env = {"NUMBA_CACHE_DIR": str(tmp_path / "numba")}
    assert _fresh(code, env) == "3 0"
    assert _fresh(code, env) == "0 3"


def test_kernels_in_the_package_are_cached_at_module_level():
    # numba caches only module-level functions; a kernel defined inside a function recompiles
    # in every process. Every njit in the package must be at module level with cache=True.
    import ast

    for path in (ROOT / "wordvec").rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for dec in node.decorator_list:
                    src = ast.unparse(dec)
                    if "njit" in src or "numba.jit" in src:
                        assert "cache=True" in src, f"{path.name}:{node.lineno} {node.name} is not cached"
                        assert node in tree.body, f"{path.name}:{node.lineno} {node.name} is not at module level"


@pytest.mark.parametrize("name", ["m.bin", "m.bin.gz", pytest.param("m.txt", marks=pytest.mark.slow)])
def test_peak_memory_of_a_load_is_close_to_the_matrix(tmp_path, name):
    n, dim = (60_000, 300) if name == "m.txt" else (150_000, 300)
    matrix_mb = n * dim * 4 / 2**20
    make = (f"import numpy as np, wordvec\n"
            f"w = ['w%d' % i for i in range({n})]\n"
            f"e = wordvec.Embedding(w, np.random.default_rng(0).standard_normal(({n}, {dim})).astype(np.float32))\n"
            f"e.save('{tmp_path}/{name}'); print('ok')")
    assert _fresh(make) == "ok"
    # VmHWM, not ru_maxrss: the latter keeps the high-water mark of the forking parent.
    code = (f"import wordvec, pandas, numba\n"  # the libraries a load uses: only data is measured
            f"hwm = lambda: int([l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1])\n"
            f"base = hwm()\n"
            f"e = wordvec.load('{tmp_path}/{name}')\n"
            f"print((hwm() - base) / 1024)")
    grown = float(_fresh(code))
    # The matrix, the words (~10 MB here) and a few 16 MB chunks with their parse (text:
    # the chunk, its lines and pandas' tokens, ~120 MB whatever the file's size).
    assert matrix_mb < grown < matrix_mb + (80 if name.startswith("m.bin") else 160), (name, grown, matrix_mb)


def test_a_memory_mapped_embedding_pickles_by_path(tmp_path):
    import pickle

    save(_emb(), tmp_path / "e.wv")
    emb = load(tmp_path / "e.wv", mmap=True, limit=5)
    assert "the" in emb  # the index is built and cached
    back = pickle.loads(pickle.dumps(emb))
    assert isinstance(back.words, NativeWords) and list(back.words) == WORDS[:5]
    assert "naïve" in back and "emoji😀" not in back and back.index("King") == 1
