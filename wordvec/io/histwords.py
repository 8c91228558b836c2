"""HistWords per-decade files (Hamilton, Leskovec & Jurafsky 2016, "Diachronic Word
Embeddings Reveal Statistical Laws of Semantic Change").

Each decade is two files in one directory::

    1990-w.npy        float (n, d) matrix (numpy ``np.save``)
    1990-vocab.pkl    pickled Python list of the n words (protocol 2)

The released matrices share one vocabulary across decades; a word that did not occur
(enough) in a decade has an **all-zero row**. Such a row is not a vector — its cosine
with anything is undefined — so the loader never passes it on silently:
``absent="drop"`` (default) removes those rows and lists the words in
``emb.meta["absent_words"]``; ``absent="error"`` raises; ``absent="keep"`` keeps the
zero rows and records a boolean mask in ``emb.meta["absent_mask"]``.
"""
from __future__ import annotations

import os
import pickle
import re
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from .._atomic import atomic_write
from ..errors import FormatError, MissingFileError, ParameterError
from ._common import check_duplicates, check_finite, check_options

if TYPE_CHECKING:
    from ..embedding import Embedding

_DECADE = re.compile(r"^(?P<decade>-?\d+)-(?:w\.npy|vocab\.pkl)$")
ABSENT = ("drop", "keep", "error")


class _ListOnlyUnpickler(pickle.Unpickler):
    """A vocabulary is a list of strings: refuse every global, so no code can run."""

    # Python 3 writes ``bytes`` in protocol 2 through these two harmless callables.
    SAFE = {("_codecs", "encode"), ("builtins", "bytes"), ("__builtin__", "bytes")}

    def find_class(self, module: str, name: str):
        if (module, name) in self.SAFE:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"refusing to load {module}.{name}: a HistWords vocabulary is a plain list")


def histwords_paths(path: str | os.PathLike) -> tuple[Path, Path, int | str]:
    """``(matrix, vocabulary, decade)`` for ``DIR/1990``, ``DIR/1990-w.npy`` or ``DIR/1990-vocab.pkl``."""
    path = Path(path)
    m = _DECADE.match(path.name)
    stem = m.group("decade") if m else path.name
    base = path.parent
    decade: int | str = int(stem) if re.fullmatch(r"-?\d+", stem) else stem
    return base / f"{stem}-w.npy", base / f"{stem}-vocab.pkl", decade


def is_histwords(path: str | os.PathLike) -> bool:
    """Whether ``path`` names one HistWords decade whose matrix and vocabulary both exist."""
    w, v, _ = histwords_paths(path)
    return w.is_file() and v.is_file()


def is_decade_file(path: str | os.PathLike) -> bool:
    """Whether a file name has HistWords' ``<decade>-w.npy`` / ``<decade>-vocab.pkl`` shape."""
    return _DECADE.match(Path(path).name) is not None


def is_histwords_dir(path: str | os.PathLike) -> bool:
    """Whether ``path`` is a directory holding HistWords decade files (see :func:`load_histwords_dir`)."""
    path = Path(path)
    return path.is_dir() and any(is_decade_file(p) for p in path.iterdir())


def _read_vocab(path: Path, errors: str) -> list[str]:
    try:
        with open(path, "rb") as f:
            words = _ListOnlyUnpickler(f, encoding="bytes").load()
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError) as exc:
        raise FormatError(path, f"not a pickled list of words: {exc}") from None
    if not isinstance(words, (list, tuple)):
        raise FormatError(path, f"expected a pickled list of words, found a {type(words).__name__}")
    out = []
    for i, w in enumerate(words):
        if isinstance(w, bytes):  # Python 2 ``str`` pickles
            try:
                w = w.decode("utf-8", errors)
            except UnicodeDecodeError as exc:
                raise FormatError(path, f"undecodable word {w!r} at position {i} ({exc.reason}); pass errors='replace'") from None
        elif not isinstance(w, str):
            raise FormatError(path, f"item {i} of the vocabulary is a {type(w).__name__}, not a word")
        out.append(w)
    return out


def load_histwords(
    path: str | os.PathLike,
    *,
    mmap: bool = False,
    limit: int | None = None,
    errors: str = "strict",
    on_duplicate: str = "error",
    absent: str = "drop",
) -> "Embedding":
    """One HistWords decade: ``DIR/1990``, ``DIR/1990-w.npy`` or ``DIR/1990-vocab.pkl``.

    Row numbers in error messages are 1-based positions in the vocabulary list.
    """
    from ..embedding import Embedding

    check_options(errors, on_duplicate, limit)
    if absent not in ABSENT:
        raise ParameterError(f"absent must be one of {ABSENT}, not {absent!r}")
    wpath, vpath, decade = histwords_paths(path)
    for p in (wpath, vpath):
        if not p.is_file():
            raise MissingFileError(p, f"HistWords decade {decade}: missing file")
    try:
        vectors = np.load(wpath, mmap_mode="r" if mmap else None, allow_pickle=False)
    except (OSError, ValueError, EOFError) as exc:
        raise FormatError(wpath, f"unreadable or truncated .npy matrix: {exc}") from None
    if vectors.ndim != 2 or vectors.dtype.kind != "f":
        raise FormatError(wpath, f"expected a 2-D float matrix, found {vectors.dtype} of shape {vectors.shape}")
    words = _read_vocab(vpath, errors)
    if len(words) != vectors.shape[0]:
        raise FormatError(vpath, f"{len(words)} words but {wpath.name} has {vectors.shape[0]} rows")
    if limit is not None and limit < len(words):
        words, vectors = words[:limit], vectors[:limit]
    lines = np.arange(1, len(words) + 1)
    check_finite(np.asarray(vectors), wpath, lines, words)
    check_duplicates(words, vpath, lines, on_duplicate)
    zero = ~np.asarray(vectors).any(axis=1)
    meta = {"source": str(wpath), "format": "histwords", "period": decade, "n_absent": int(zero.sum())}
    if zero.any():
        absent_words = [w for w, z in zip(words, zero) if z]
        if absent == "error":
            raise FormatError(
                wpath,
                f"{len(absent_words)} all-zero rows (words absent in {decade}), first {absent_words[0]!r}; "
                "pass absent='drop' or 'keep'",
                line=int(np.flatnonzero(zero)[0]) + 1,
            )
        if absent == "drop":
            keep = np.flatnonzero(~zero)
            words = [words[i] for i in keep]
            vectors = np.asarray(vectors)[keep]
            meta["absent_words"] = absent_words
        else:
            meta["absent_mask"] = zero
    if vectors.dtype != np.float32 and not isinstance(vectors, np.memmap):
        vectors = vectors.astype(np.float32)
    elif vectors.dtype != np.float32:
        vectors = np.asarray(vectors, dtype=np.float32)
    return Embedding(words, vectors, None, meta, on_duplicate=on_duplicate)


def load_histwords_dir(
    path: str | os.PathLike,
    decades: list[int] | None = None,
    **kwargs,
) -> dict[int | str, "Embedding"]:
    """Every decade of a HistWords directory, ``{decade: Embedding}`` in decade order.

    Keyword arguments go to :func:`load_histwords` (``mmap``, ``absent``, ...).
    """
    path = Path(path)
    if not path.is_dir():
        raise MissingFileError(path, "no such directory")
    found = sorted({int(m.group("decade")) for f in path.iterdir() if (m := _DECADE.match(f.name))})
    if decades is not None:
        missing = [d for d in decades if d not in found]
        if missing:
            raise MissingFileError(path, f"no HistWords files for decade(s) {missing}; found {found}")
        found = [d for d in found if d in decades]
    if not found:
        raise FormatError(path, "no '<decade>-w.npy' / '<decade>-vocab.pkl' files in this directory")
    return {d: load_histwords(path / str(d), **kwargs) for d in found}


def save_histwords(emb: "Embedding", path: str | os.PathLike) -> None:
    """Write one decade as ``<decade>-w.npy`` + ``<decade>-vocab.pkl`` (pickle protocol 2), atomically."""
    wpath, vpath, _ = histwords_paths(path)
    with atomic_write(wpath, compress=False) as f:
        np.save(f, np.asarray(emb.vectors, dtype=np.float32))
    with atomic_write(vpath, compress=False) as f:
        pickle.dump(list(emb.words), f, protocol=2)
