"""Corpus readers: streaming, re-iterable sources of documents (lists of tokens).

A *corpus* is any re-iterable of documents, each document a ``list[str]``; windows
never cross document boundaries. The readers here re-read their files on every
iteration, so a corpus bigger than memory works: nothing is loaded whole.

* :class:`TextCorpus` — plain text files (a file, a directory, a glob or a list of
  them), one document per line (or per blank-line-separated paragraph), transparently
  decompressing ``.gz``, ``.bz2`` and ``.xz`` (detected from the file's magic bytes).
* :class:`TextsCorpus` — an in-memory sequence of strings, tokenised lazily.
* :class:`TokensCorpus` — an iterable of token lists, checked as it is read.
* :func:`as_corpus` — turn whatever a user passes into one of the above.
"""
from __future__ import annotations

import bz2
import glob
import gzip
import io
import lzma
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from ..errors import FormatError, MissingFileError, ParameterError, ParameterTypeError, WordvecError
from .tokenize import Tokenizer, split_paragraphs

__all__ = ["Corpus", "TextCorpus", "TextsCorpus", "TokensCorpus", "as_corpus", "MissingFileError",
           "OneShotIteratorError", "resolve_paths", "open_text"]

_MAGIC = ((b"\x1f\x8b", gzip.open), (b"BZh", bz2.open), (b"\xfd7zXZ\x00", lzma.open))
_SNIFF = 8192


class OneShotIteratorError(WordvecError, TypeError):
    """A one-shot iterator (e.g. a generator) was given where several passes are needed."""


class Corpus:
    """Base class of wordvec corpora: a re-iterable of documents (``list[str]``)."""

    def __iter__(self) -> Iterator[list[str]]:  # pragma: no cover - abstract
        raise NotImplementedError

    @property
    def reiterable(self) -> bool:
        """Whether the corpus can be iterated more than once."""
        return True

    def n_tokens(self) -> int:
        """Number of tokens (one full pass)."""
        return sum(len(d) for d in self)

    def n_documents(self) -> int:
        """Number of documents (one full pass)."""
        return sum(1 for _ in self)


# --------------------------------------------------------------------------- files
def resolve_paths(paths: str | os.PathLike | Iterable[str | os.PathLike]) -> list[Path]:
    """Expand a file, a directory (recursively, hidden files skipped) or a glob into sorted files.

    Raises
    ------
    MissingFileError
        If a path does not exist or a glob/directory matches no file.

    Examples
    --------
    >>> resolve_paths("no/such/file.txt")
    Traceback (most recent call last):
    ...
    wordvec.errors.MissingFileError: no/such/file.txt: no such file or directory
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    out: list[Path] = []
    for p in paths:
        s = os.fspath(p)
        if any(ch in s for ch in "*?[") and not os.path.exists(s):
            hits = sorted(Path(h) for h in glob.glob(s, recursive=True) if os.path.isfile(h))
            if not hits:
                raise MissingFileError(s, "the pattern matches no file")
            out.extend(hits)
        elif os.path.isdir(s):
            hits = sorted(f for f in Path(s).rglob("*")
                          if f.is_file() and not any(part.startswith(".") for part in f.relative_to(s).parts))
            if not hits:
                raise MissingFileError(s, "the directory holds no file")
            out.extend(hits)
        elif os.path.isfile(s):
            out.append(Path(s))
        else:
            raise MissingFileError(s, "no such file or directory")
    return out


def _open_binary(path: Path) -> BinaryIO:
    with open(path, "rb") as f:
        head = f.read(8)
    for magic, opener in _MAGIC:
        if head.startswith(magic):
            return opener(path, "rb")  # type: ignore[return-value]
    return open(path, "rb")


def _find_bad_line(path: Path, encoding: str, errors: str) -> tuple[int, UnicodeDecodeError] | None:
    """Re-scan a file line by line to locate the first undecodable line (error path only)."""
    with _open_binary(path) as raw:
        for lineno, line in enumerate(raw, 1):
            try:
                line.decode(encoding, errors)
            except UnicodeDecodeError as e:
                return lineno, e
    return None


def open_text(path: str | os.PathLike, encoding: str = "utf-8", errors: str = "strict") -> Iterator[tuple[int, str]]:
    """Yield ``(line_number, line)`` of a (possibly compressed) text file, checking it is text.

    The first 8 KiB (after decompression) are sniffed: a NUL byte means a binary file
    and raises :class:`~wordvec.errors.FormatError`, as does a line that is not valid
    in ``encoding`` (with its line number) or a corrupt compressed stream.
    """
    path = Path(path)
    lineno = 0
    try:
        with _open_binary(path) as raw:
            head = raw.peek(_SNIFF)[:_SNIFF] if hasattr(raw, "peek") else b""
            if b"\x00" in head:
                raise FormatError(path, "binary file (contains NUL bytes), not text")
            # decoding in C (TextIOWrapper) is several times faster than bytes.decode per line
            text = io.TextIOWrapper(raw, encoding=encoding, errors=errors, newline="\n")
            for lineno, line in enumerate(text, 1):
                if "\x00" in line:
                    raise FormatError(path, "binary data (NUL byte), not text", lineno)
                yield lineno, line
    except UnicodeDecodeError:
        bad = _find_bad_line(path, encoding, errors)
        where, reason = (bad[0], f"{bad[1].reason} at byte {bad[1].start}") if bad else (lineno + 1, "decode error")
        raise FormatError(path, f"not valid {encoding} text ({reason}); is this a binary file? "
                                "(pass errors='replace' to read anyway)", where) from None
    except (OSError, EOFError, lzma.LZMAError) as e:
        if isinstance(e, FileNotFoundError):
            raise MissingFileError(path, "no such file") from None
        raise FormatError(path, f"cannot read (line {lineno + 1}): {e}") from None


class TextCorpus(Corpus):
    """Plain-text corpus streamed from disk: one document per line (or per paragraph).

    Parameters
    ----------
    paths : path, glob, directory, or a list of them
        ``.gz``, ``.bz2`` and ``.xz`` files are decompressed on the fly (detected from
        their magic bytes, whatever the file name).
    tokenizer : Tokenizer, optional
        Default: lower-cased ``[a-z]+('[a-z]+)?`` (see :class:`Tokenizer`). Pass
        ``Tokenizer(r"\\S+", lowercase=False)`` for pre-tokenised, whitespace-separated text.
    unit : {"line", "paragraph"}
        ``"line"``: each line is a document (or a sentence — windows stop at line
        ends); ``"paragraph"``: blank lines separate documents.
    encoding, errors : str
        Passed to :meth:`bytes.decode`. With ``errors="strict"`` an undecodable line
        raises :class:`~wordvec.errors.FormatError` naming the file and line.

    Notes
    -----
    Lines or paragraphs that contain no token are skipped (they cannot hold a
    co-occurrence). The files are re-read on each iteration.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "speech.txt"
    >>> _ = path.write_text("The Union is strong.\\n\\nWe the People...\\n")
    >>> list(TextCorpus(path))
    [['the', 'union', 'is', 'strong'], ['we', 'the', 'people']]
    >>> list(TextCorpus(path, unit="paragraph")) == list(TextCorpus(path))   # blank lines separate both
    True
    """

    def __init__(self, paths: Any, tokenizer: Tokenizer | None = None, *, unit: str = "line",
                 encoding: str = "utf-8", errors: str = "strict"):
        if unit not in ("line", "paragraph"):
            raise ParameterError(f"TextCorpus: unit must be 'line' or 'paragraph', got {unit!r}")
        self.paths = resolve_paths(paths)
        self.tokenizer = tokenizer or Tokenizer()
        self.unit = unit
        self.encoding = encoding
        self.errors = errors

    def texts(self) -> Iterator[str]:
        """The raw documents (lines or paragraphs) before tokenisation."""
        for path in self.paths:
            if self.unit == "line":
                for _, line in open_text(path, self.encoding, self.errors):
                    yield line
            else:
                para: list[str] = []
                for _, line in open_text(path, self.encoding, self.errors):
                    if line.strip():
                        para.append(line)
                    elif para:
                        yield "".join(para)
                        para = []
                if para:
                    yield "".join(para)

    def __iter__(self) -> Iterator[list[str]]:
        tok = self.tokenizer
        for text in self.texts():
            doc = tok(text)
            if doc:
                yield doc

    def __repr__(self) -> str:
        first = str(self.paths[0]) if self.paths else ""
        more = f" (+{len(self.paths) - 1} more)" if len(self.paths) > 1 else ""
        return f"TextCorpus({first!r}{more}, unit={self.unit!r}, {self.tokenizer!r})"


class TextsCorpus(Corpus):
    """A sequence of raw strings, tokenised on each iteration (documents with no token skipped).

    Parameters
    ----------
    texts : sequence of str
    tokenizer : Tokenizer, optional
    unit : {"text", "paragraph"}
        ``"paragraph"`` splits each text on blank lines into several documents.

    Examples
    --------
    >>> list(TextsCorpus(["One nation.\\n\\nUnder God.", "Indivisible"], unit="paragraph"))
    [['one', 'nation'], ['under', 'god'], ['indivisible']]
    """

    def __init__(self, texts: Sequence[str], tokenizer: Tokenizer | None = None, *, unit: str = "text"):
        if unit not in ("text", "paragraph"):
            raise ParameterError(f"TextsCorpus: unit must be 'text' or 'paragraph', got {unit!r}")
        if isinstance(texts, str):
            raise ParameterTypeError(f"TextsCorpus: texts must be a sequence of strings, got one string "
                                     f"({texts[:30]!r})")
        self.texts = texts
        self.tokenizer = tokenizer or Tokenizer()
        self.unit = unit

    def __iter__(self) -> Iterator[list[str]]:
        tok = self.tokenizer
        for i, text in enumerate(self.texts):
            if not isinstance(text, str):
                raise FormatError(None, f"text {i} is a {type(text).__name__}, not a str")
            for part in (split_paragraphs(text) if self.unit == "paragraph" else (text,)):
                doc = tok(part)
                if doc:
                    yield doc

    def __len__(self) -> int:
        return len(self.texts)


class TokensCorpus(Corpus):
    """An iterable of token lists, checked as it is read.

    A document that is a bare string (a common slip: the tokens would be its
    characters) or holds a non-string token raises :class:`~wordvec.errors.FormatError`
    naming the document. A one-shot iterator (generator) is accepted, but a second
    pass raises :class:`OneShotIteratorError` instead of silently yielding nothing.

    Examples
    --------
    >>> corpus = TokensCorpus(doc for doc in [["a", "b"]])
    >>> list(corpus), corpus.reiterable
    ([['a', 'b']], False)
    >>> list(corpus)
    Traceback (most recent call last):
    ...
    wordvec.corpus.readers.OneShotIteratorError: this corpus is a one-shot iterator ...
    """

    def __init__(self, documents: Iterable[Sequence[str]]):
        self.documents = documents
        self._one_shot = iter(documents) is documents
        self._consumed = False

    @property
    def reiterable(self) -> bool:
        return not self._one_shot

    def __iter__(self) -> Iterator[list[str]]:
        if self._one_shot:
            if self._consumed:
                raise OneShotIteratorError(
                    "this corpus is a one-shot iterator (e.g. a generator) and was already consumed; "
                    "pass a list, a TextCorpus or another re-iterable object")
            self._consumed = True
        for i, doc in enumerate(self.documents):
            if isinstance(doc, (str, bytes)):
                raise FormatError(None, f"document {i} is a {type(doc).__name__}, not a list of tokens "
                                        "(tokenise it first, or use TextsCorpus)")
            if not isinstance(doc, list):
                doc = list(doc)
            if doc and not isinstance(doc[0], str):
                raise FormatError(None, f"document {i} holds a {type(doc[0]).__name__} token, not str")
            yield doc

    def __len__(self) -> int:
        return len(self.documents)  # type: ignore[arg-type]


def as_corpus(obj: Any) -> Corpus:
    """Coerce ``obj`` to a :class:`Corpus`.

    A :class:`Corpus` is returned as is; a path (str / PathLike) becomes a
    :class:`TextCorpus`; any other iterable of token lists a :class:`TokensCorpus`.

    Examples
    --------
    >>> as_corpus([["a", "b"]]).n_tokens()
    2
    """
    if isinstance(obj, Corpus):
        return obj
    if isinstance(obj, (str, os.PathLike)):
        return TextCorpus(obj)
    if isinstance(obj, (bytes, bytearray)) or not isinstance(obj, Iterable):
        raise ParameterTypeError(f"as_corpus: expected a corpus (an iterable of token lists) or a path, "
                                 f"got {type(obj).__name__}")
    return TokensCorpus(obj)


def require_reiterable(corpus: Corpus, what: str) -> None:
    """Raise :class:`OneShotIteratorError` if ``corpus`` cannot be read twice."""
    if not getattr(corpus, "reiterable", True):
        raise OneShotIteratorError(
            f"{what} needs two passes over the corpus (vocabulary, then counts), but it is a one-shot "
            "iterator such as a generator; pass a list or a re-iterable corpus, or give vocab= explicitly")
