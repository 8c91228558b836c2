"""Reading and writing vector files.

:func:`load` detects the format from the suffix, magic bytes and header;
:func:`save` writes atomically. Formats: ``native`` (``.wv`` directory).
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import UnknownFormatError
from .native import is_native, load_native, save_native

if TYPE_CHECKING:
    from ..embedding import Embedding

__all__ = ["load", "save"]


def load(path: str | os.PathLike, format: str | None = None, *, mmap: bool = False, limit: int | None = None, **kwargs: Any) -> "Embedding":
    """Load an embedding from ``path``.

    Parameters
    ----------
    path : path-like
        File or (native format) directory.
    format : str, optional
        Force a format instead of detecting it.
    mmap : bool
        Memory-map the vectors read-only where the format allows (native, gensim).
    limit : int, optional
        Read only the first ``limit`` words.
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"no such file: {path}")
    fmt = format or ("native" if is_native(path) else None)
    if fmt == "native":
        return load_native(path, mmap=mmap, limit=limit)
    raise UnknownFormatError(path, f"unknown vector format {fmt!r}" if fmt else "could not detect the vector format")


def save(emb: "Embedding", path: str | os.PathLike, format: str | None = None, **kwargs: Any) -> None:
    """Write ``emb`` to ``path`` atomically (format from ``format`` or the suffix)."""
    path = Path(path)
    fmt = format or ("native" if path.suffix == ".wv" else None)
    if fmt == "native":
        return save_native(emb, path)
    raise UnknownFormatError(path, f"cannot write format {fmt!r}" if fmt else f"cannot infer a format from the suffix {path.suffix!r}")
