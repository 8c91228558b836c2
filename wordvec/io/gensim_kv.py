"""gensim's own ``KeyedVectors`` files (``kv.save(path)``: a pickle plus ``.npy`` arrays).

Loading a gensim file unpickles it, which can run code: only open files you trust
(the same caveat as ``gensim.models.KeyedVectors.load``).
"""
from __future__ import annotations

import os
import pickle
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ..errors import FormatError
from ._common import check_duplicates, check_finite, check_options

if TYPE_CHECKING:
    from ..embedding import Embedding


def load_gensim(
    path: str | os.PathLike,
    *,
    mmap: bool = False,
    limit: int | None = None,
    errors: str = "strict",
    on_duplicate: str = "error",
) -> "Embedding":
    """Read a gensim ``KeyedVectors`` (or a saved Word2Vec/FastText model's ``.wv``).

    With ``mmap=True`` the vectors stored beside the pickle (``PATH.vectors.npy``)
    are memory-mapped read-only, as with ``KeyedVectors.load(path, mmap="r")``.
    """
    from gensim.models.fasttext import FastTextKeyedVectors
    from gensim.utils import SaveLoad

    from ..embedding import Embedding
    from .fasttext import FastTextEmbedding

    check_options(errors, on_duplicate, limit)
    path = Path(path)
    if path.stat().st_size == 0:
        raise FormatError(path, "empty file", line=1)
    try:
        obj = SaveLoad.load(str(path), mmap="r" if mmap else None)
    except (pickle.UnpicklingError, EOFError, ValueError, AttributeError, ImportError, IndexError, KeyError, TypeError) as exc:
        raise FormatError(path, f"not a readable gensim file: {type(exc).__name__}: {exc}") from None
    except FileNotFoundError as exc:
        raise FormatError(path, f"a file saved beside it is missing: {exc.filename}") from None
    kv = getattr(obj, "wv", obj)
    if not hasattr(kv, "index_to_key") or not hasattr(kv, "vectors"):
        raise FormatError(path, f"holds a {type(obj).__name__}, not gensim KeyedVectors")
    words = [str(w) for w in kv.index_to_key]
    vectors = kv.vectors
    if not isinstance(vectors, np.memmap) or vectors.dtype != np.float32:
        vectors = np.asarray(vectors, dtype=np.float32)
    counts = np.asarray(kv.expandos["count"]) if "count" in getattr(kv, "expandos", {}) else None
    if limit is not None and limit < len(words):
        words, vectors = words[:limit], vectors[:limit]
        counts = None if counts is None else counts[:limit]
    if vectors.ndim != 2 or vectors.shape[0] != len(words):
        raise FormatError(path, f"{len(words)} words but vectors of shape {vectors.shape}")
    # Rows of a pickle have no line: report the row (0-based) in the message instead.
    check_finite(vectors, path, None, words)
    check_duplicates(words, path, None, on_duplicate)
    meta = {"source": str(path), "format": "gensim"}
    if isinstance(kv, FastTextKeyedVectors) and getattr(kv, "bucket", 0):
        return FastTextEmbedding(words, vectors, counts, meta, subwords=kv, on_duplicate=on_duplicate)
    return Embedding(words, vectors, counts, meta, on_duplicate=on_duplicate)


def save_gensim(emb: "Embedding", path: str | os.PathLike) -> None:
    """Write with ``KeyedVectors.save`` atomically; the vectors go to ``PATH.vectors.npy``.

    gensim writes the pickle and its arrays into a fresh temporary directory next to
    ``path``; each file is then renamed into place, the pickle last, so a reader never
    sees a pickle whose arrays are missing.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    kv = emb.to_gensim()
    tmpdir = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
    try:
        # The vectors always go to PATH.vectors.npy so that load(..., mmap=True) can map them.
        kv.save(str(tmpdir / path.name), separately=["vectors"])
        produced = sorted(tmpdir.iterdir(), key=lambda p: p.name == path.name)
        for f in produced:
            os.replace(f, path.parent / f.name)
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)
