"""Exceptions raised by wordvec.

Every error names what went wrong in terms a user can act on: the file, the line,
the word or the parameter. Catch :class:`WordvecError` to catch them all.
"""
from __future__ import annotations

from collections.abc import Iterable
from os import PathLike


class WordvecError(Exception):
    """Base class of every error wordvec raises on purpose."""


class FormatError(WordvecError, ValueError):
    """A vector, corpus or dataset file is malformed.

    Parameters
    ----------
    path : path-like or None
        The offending file.
    message : str
        What is wrong.
    line : int, optional
        1-based line number (text formats) or record number (binary formats).
    """

    def __init__(self, path: str | PathLike | None, message: str, line: int | None = None):
        self.path = None if path is None else str(path)
        self.line = line
        self.problem = message
        where = self.path or "<input>"
        if line is not None:
            where = f"{where}, line {line}"
        super().__init__(f"{where}: {message}")


class UnknownFormatError(FormatError):
    """The format of a file could not be detected or is not supported."""


class OOVError(WordvecError, KeyError):
    """One or more words are not in the vocabulary.

    The message lists the missing words (up to 20) and how many there are.
    """

    def __init__(self, words: Iterable[str], where: str = "the embedding"):
        self.words = list(words)
        shown = ", ".join(repr(w) for w in self.words[:20])
        more = f" (and {len(self.words) - 20} more)" if len(self.words) > 20 else ""
        n = len(self.words)
        self.message = f"{n} word{'s' if n != 1 else ''} not in {where}: {shown}{more}"
        super().__init__(self.message)

    def __str__(self) -> str:  # KeyError would repr() the message
        return self.message


class NotFittedError(WordvecError, AttributeError):
    """An estimator was used before ``fit`` was called."""


class ParameterError(WordvecError, ValueError):
    """A parameter has a wrong type or an out-of-range value (a hyper-parameter, an option, a word count)."""


class ParameterTypeError(ParameterError, TypeError):
    """A parameter is of the wrong type (a number where a word list was expected, ...)."""


class MissingFileError(WordvecError, FileNotFoundError):
    """A file or directory the call needs does not exist (the message says which and why it was looked for)."""

    def __init__(self, path: str | PathLike, message: str = "no such file or directory"):
        self.path = str(path)
        super().__init__(f"{self.path}: {message}")


class EmptyInputError(WordvecError, ValueError):
    """A corpus, period, vocabulary or word set is empty where data is required."""
