"""Taxonomy files: TExEval / SemEval-2016 Task 13 TSV and plain edge lists.

TExEval (Bordea et al. 2015, 2016) writes one relation a line,
``relation_id<TAB>hyponym<TAB>hypernym``; terms may contain spaces (``apple pie``).
A plain edge list has two columns, ``hyponym<SEP>hypernym`` (gensim's Poincaré
``*.tsv`` files). Princeton WordNet database files are read by :mod:`.wordnet`.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from ..errors import EmptyInputError, FormatError, MissingFileError, ParameterError
from .taxonomy import Taxonomy
from .writers import write_taxonomy

__all__ = ["read_texeval", "read_edgelist", "read_taxonomy", "write_taxonomy"]


def _lines(path: str | os.PathLike) -> Iterator[tuple[int, str]]:
    path = Path(path)
    if not path.exists():
        raise MissingFileError(path, "no taxonomy file here")
    with open(path, encoding="utf-8") as f:
        for no, line in enumerate(f, start=1):
            line = line.rstrip("\r\n")
            if not line.strip() or line.startswith("#"):
                continue
            yield no, line


def read_texeval(path: str | os.PathLike) -> Taxonomy:
    """Read a TExEval / SemEval-2016 Task 13 file (``id<TAB>hyponym<TAB>hypernym``).

    Blank lines and ``#`` comments are skipped; anything else with the wrong number of
    fields, or an empty term, raises :class:`~wordvec.errors.FormatError` with its line.

    References
    ----------
    Bordea, Lefever & Buitelaar (2016), "SemEval-2016 Task 13: Taxonomy Extraction Evaluation (TExEval-2)".

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "food.taxo"
    >>> _ = path.write_text("1\\tapple pie\\tpie\\n2\\tpie\\tfood\\n")
    >>> read_texeval(path).edges
    [('apple pie', 'pie'), ('pie', 'food')]
    """
    edges = []
    for no, line in _lines(path):
        fields = line.split("\t")
        if len(fields) != 3:
            raise FormatError(path, f"expected 3 tab-separated fields (id, hyponym, hypernym), found {len(fields)}: {line[:80]!r}", no)
        _, c, p = (f.strip() for f in fields)
        if not c or not p:
            raise FormatError(path, "empty hyponym or hypernym", no)
        edges.append((c, p))
    return _finish(edges, path, "texeval")


def read_edgelist(path: str | os.PathLike, sep: str = "\t") -> Taxonomy:
    """Read a two-column edge list ``hyponym<sep>hypernym`` (gensim's Poincaré format)."""
    edges = []
    for no, line in _lines(path):
        fields = line.split(sep)
        if len(fields) != 2:
            raise FormatError(path, f"expected 2 fields (hyponym, hypernym) separated by {sep!r}, found {len(fields)}: {line[:80]!r}", no)
        c, p = (f.strip() for f in fields)
        if not c or not p:
            raise FormatError(path, "empty hyponym or hypernym", no)
        edges.append((c, p))
    return _finish(edges, path, "edgelist")


def _finish(edges: list[tuple[str, str]], path: str | os.PathLike, fmt: str) -> Taxonomy:
    if not edges:
        raise EmptyInputError(f"{path}: the taxonomy file has no edges")
    return Taxonomy(edges, meta={"source": str(path), "format": fmt, "name": Path(path).stem})


def read_taxonomy(path: str | os.PathLike, format: str = "auto") -> Taxonomy:
    """Read a taxonomy; ``format`` is ``"texeval"``, ``"edgelist"`` or ``"auto"`` (by the first line's fields)."""
    if format == "auto":
        first = next(_lines(path), None)
        if first is None:
            raise EmptyInputError(f"{path}: the taxonomy file has no edges")
        n = len(first[1].split("\t"))
        if n == 3:
            format = "texeval"
        elif n == 2:
            format = "edgelist"
        else:
            raise FormatError(path, f"cannot tell the format: {n} tab-separated fields (TExEval has 3, an edge list 2)", first[0])
    if format == "texeval":
        return read_texeval(path)
    if format == "edgelist":
        return read_edgelist(path)
    raise ParameterError(f"unknown taxonomy format {format!r}; use 'texeval', 'edgelist' or 'auto'")
