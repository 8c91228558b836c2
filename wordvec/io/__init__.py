"""Reading and writing vector files.

:func:`load` detects the format from the name, magic bytes and first line (see
:func:`~wordvec.io.detect.detect_format`) and reads ``.gz``/``.bz2`` compressed files
transparently; text and binary files are parsed in one streaming pass into a
preallocated matrix (:mod:`._stream`), so the peak memory is the result plus a few
16 MB chunks, and ``limit=`` reads only the rows it needs. :func:`save` writes
atomically (temporary file + rename), compressing when the name ends in ``.gz``/``.bz2``;
:func:`convert` streams a text or binary file into the native format in constant memory.

========================  ==================================  ==================
format                    typical name                        module
========================  ==================================  ==================
``native``                ``NAME.wv/`` (directory)            :mod:`.native`
``word2vec``              ``.txt`` (header ``N DIM``)         :mod:`.word2vec`
``word2vec_binary``       ``.bin``                            :mod:`.word2vec`
``glove``                 ``.txt`` (no header)                :mod:`.glove`
``fasttext_vec``          ``.vec``                            :mod:`.fasttext`
``fasttext_bin``          ``.bin`` (Facebook model)           :mod:`.fasttext`
``gensim``                ``.kv``, ``.model``                 :mod:`.gensim_kv`
``histwords``             ``1990-w.npy`` + ``1990-vocab.pkl`` :mod:`.histwords`
========================  ==================================  ==================

Bad input
---------
Every problem raises :class:`~wordvec.errors.FormatError` (a ``ValueError``) whose
``path``, ``line`` and ``problem`` attributes name the file, the 1-based line (text)
or record (binary, HistWords vocabulary position) and what is wrong:

=============================  ==============================================================
problem                        message (``problem``)
=============================  ==============================================================
empty file                     ``empty file`` (line 1)
bad header                     ``expected a header 'WORDS DIMENSIONS' …`` (line 1)
row of the wrong dimension     ``expected D values after the word 'w', found K`` (its line)
truncated text                 ``… found K (truncated file?)`` or ``the header … says N words
                               but the file ends after M (truncated?)``
truncated binary               ``the vector of 'w' is cut short …`` / ``… ends after M``
header disagrees with body     ``the header (line 1) says N words but the file holds more`` /
                               ``data continues after the last one``
unparsable number              ``cannot read 'x' as a number (vector of 'w')``
NaN / inf                      ``non-finite value nan in dimension J of the vector of 'w'``
duplicate word                 ``duplicate word 'w' (first at line L)`` — opt out with
                               ``on_duplicate="first"`` / ``"last"``
undecodable bytes              ``undecodable bytes … pass errors='replace' …`` — opt in to
                               U+FFFD with ``errors="replace"``
unknown format                 :class:`~wordvec.errors.UnknownFormatError`
=============================  ==============================================================
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import FormatError, MissingFileError, UnknownFormatError
from ._common import check_options
from .detect import FORMATS, detect_format, format_for_suffix, normalise_format
from .fasttext import FastTextEmbedding, load_fasttext_bin, load_fasttext_vec, save_fasttext_bin, save_fasttext_vec
from .gensim_kv import load_gensim, save_gensim
from .glove import load_glove, open_glove, save_glove
from .histwords import load_histwords, load_histwords_dir, save_histwords
from .native import load_native, save_native
from .word2vec import (
    load_word2vec_binary,
    load_word2vec_text,
    open_word2vec_binary,
    open_word2vec_text,
    save_word2vec_binary,
    save_word2vec_text,
)

if TYPE_CHECKING:
    from ..embedding import Embedding

__all__ = [
    "load", "save", "convert", "detect_format", "FORMATS", "FastTextEmbedding", "load_histwords_dir",
    "load_native", "load_word2vec_text", "load_word2vec_binary", "load_glove", "load_fasttext_vec",
    "load_fasttext_bin", "load_gensim", "load_histwords",
]

_LOADERS = {
    "word2vec": load_word2vec_text,
    "word2vec_binary": load_word2vec_binary,
    "glove": load_glove,
    "fasttext_vec": load_fasttext_vec,
    "fasttext_bin": load_fasttext_bin,
}
_SAVERS = {
    "native": save_native,
    "word2vec": save_word2vec_text,
    "word2vec_binary": save_word2vec_binary,
    "glove": save_glove,
    "fasttext_vec": save_fasttext_vec,
    "fasttext_bin": save_fasttext_bin,
    "gensim": save_gensim,
    "histwords": save_histwords,
}


def load(
    path: str | os.PathLike,
    format: str | None = None,
    *,
    mmap: bool = False,
    limit: int | None = None,
    errors: str = "strict",
    on_duplicate: str = "error",
    progress: bool | None = None,
    **kwargs: Any,
) -> "Embedding":
    """Load an embedding from ``path``.

    Parameters
    ----------
    path : path-like
        File or (native format) directory. ``.gz``/``.bz2`` text is decompressed.
    format : str, optional
        One of :data:`FORMATS` (or an alias such as ``"w2v"``, ``"bin"``, ``"kv"``)
        instead of detecting it.
    mmap : bool
        Memory-map the vectors read-only where the format stores a raw array
        (``native``, ``gensim``, ``histwords``); ignored by the text/binary parsers.
    limit : int, optional
        Read only the first ``limit`` words.
    errors : {"strict", "replace"}
        Undecodable UTF-8 in words: raise a :class:`~wordvec.errors.FormatError`
        naming the line, or substitute U+FFFD.
    on_duplicate : {"error", "first", "last"}
        A word that appears twice raises (naming both lines), or keeps one row.
    progress : bool, optional
        Progress bar while parsing text files (default: on in a terminal/notebook).
    **kwargs
        Format-specific options, e.g. ``absent=`` for HistWords.

    Raises
    ------
    FormatError
        The file is malformed (message names file, line and problem).
    UnknownFormatError
        The format cannot be detected or is not supported.

    Examples
    --------
    >>> import os, tempfile, wordvec
    >>> folder = tempfile.mkdtemp()
    >>> wordvec.datasets.googlenews_subset().head(500).save(os.path.join(folder, "gn.bin"))
    >>> emb = wordvec.load(os.path.join(folder, "gn.bin"), limit=100)   # word2vec binary, detected
    >>> emb.save(os.path.join(folder, "gn.wv"))                          # native: opens in milliseconds
    >>> wordvec.load(os.path.join(folder, "gn.wv"), mmap=True)
    <Embedding 100 words × 300 dims ...>
    """
    check_options(errors, on_duplicate, limit)
    path = Path(path)
    if not path.exists():
        from .histwords import is_histwords

        if not is_histwords(path):
            raise MissingFileError(path)
    fmt = normalise_format(format, path) if format else detect_format(path)
    opts = {"limit": limit, "errors": errors, "on_duplicate": on_duplicate, **kwargs}
    if fmt == "native":
        # Validated when written: nothing to decode or de-duplicate, so errors= and
        # on_duplicate= have nothing to act on.
        return load_native(path, mmap=mmap, limit=limit)
    if fmt == "gensim":
        return load_gensim(path, mmap=mmap, **opts)
    if fmt == "histwords":
        return load_histwords(path, mmap=mmap, **opts)
    loader = _LOADERS[fmt]
    try:
        return loader(path, progress=progress, **opts)
    except UnicodeDecodeError as exc:  # pragma: no cover - loaders translate these themselves
        raise FormatError(path, f"undecodable bytes ({exc.reason})") from None


#: Formats that :func:`convert` streams into a native directory, and their openers.
_STREAMS = {
    "word2vec": open_word2vec_text,
    "fasttext_vec": open_word2vec_text,
    "word2vec_binary": open_word2vec_binary,
    "glove": open_glove,
}


def convert(
    src: str | os.PathLike,
    dst: str | os.PathLike,
    *,
    format: str | None = None,
    to: str | None = None,
    limit: int | None = None,
    errors: str = "strict",
    on_duplicate: str = "error",
    progress: bool | None = None,
) -> dict:
    """Convert a vector file to another format, atomically.

    Text and binary files (word2vec, GloVe, fastText ``.vec``) converted to the native
    format are streamed: rows go from the parser straight into the new directory, so the
    memory does not grow with the number of rows (``wordvec convert huge.bin huge.wv``).
    Other conversions, and ``on_duplicate="first"``/``"last"`` (which must see every word
    before dropping one), load the embedding and save it.

    Returns
    -------
    dict
        ``words``, ``dim``, the source format ``from`` and the target format ``to``.
    """
    src, dst = Path(src), Path(dst)
    check_options(errors, on_duplicate, limit)
    fmt = normalise_format(format, src) if format else detect_format(src)
    target = normalise_format(to, dst) if to else format_for_suffix(dst)
    if target is None:
        raise UnknownFormatError(dst, f"cannot infer a format from the name {dst.name!r}; pass to=")
    if target == "native" and fmt in _STREAMS and on_duplicate == "error":
        from ._stream import Source, checked
        from .native import write_native_blocks

        with Source(src) as source:
            dim, _, blocks = _STREAMS[fmt](source, limit=limit, errors=errors, progress=progress)
            rows = ((b.words, b.vectors) for b in checked(blocks, src))
            n = write_native_blocks(rows, dst, dim=dim, meta={"source": str(src), "format": fmt})
    else:
        emb = load(src, fmt, mmap=True, limit=limit, errors=errors, on_duplicate=on_duplicate, progress=progress)
        save(emb, dst, target)
        n, dim = len(emb), emb.dim
    return {"words": n, "dim": dim, "from": fmt, "to": target}


def save(emb: "Embedding", path: str | os.PathLike, format: str | None = None, **kwargs: Any) -> None:
    """Write ``emb`` to ``path`` atomically; the format comes from ``format`` or the name.

    ``NAME.wv`` → native, ``.txt`` → word2vec text, ``.bin`` → word2vec binary,
    ``.vec`` → fastText text, ``.kv``/``.model`` → gensim, ``<decade>-w.npy`` →
    HistWords; add ``.gz``/``.bz2`` to a text name to compress. Use
    ``format="glove"`` or ``"fasttext_bin"`` for those formats.
    """
    path = Path(path)
    fmt = normalise_format(format, path) if format else format_for_suffix(path)
    if fmt is None:
        raise UnknownFormatError(path, f"cannot infer a format from the name {path.name!r}; pass format=")
    return _SAVERS[fmt](emb, path, **kwargs)
