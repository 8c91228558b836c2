"""Writing taxonomy edges as TExEval / SemEval-2016 Task 13 TSV or a two-column edge list.

Apart from :mod:`.readers` (which builds :class:`~wordvec.hyperbolic.Taxonomy` objects) so
that :meth:`Taxonomy.write <wordvec.hyperbolic.Taxonomy.write>` needs no import of the readers.
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from .._atomic import atomic_text
from ..errors import FormatError, ParameterError

if TYPE_CHECKING:
    from .taxonomy import Taxonomy

WRITE_FORMATS = ("texeval", "edgelist")


def write_edges(edges: Iterable[tuple[str, str]], path: str | os.PathLike, format: str = "texeval") -> None:
    """Write (hyponym, hypernym) pairs atomically as ``id<TAB>hyponym<TAB>hypernym`` or ``hyponym<TAB>hypernym`` lines."""
    if format not in WRITE_FORMATS:
        raise ParameterError(f"unknown taxonomy format {format!r}; use 'texeval' or 'edgelist'")
    path = Path(path)
    edges = list(edges)
    bad = [t for e in edges for t in e if "\t" in t or "\n" in t]
    if bad:
        raise FormatError(path, f"term {bad[0]!r} contains a tab or newline and cannot be written")
    with atomic_text(path) as f:
        for i, (c, p) in enumerate(edges, start=1):
            f.write(f"{i}\t{c}\t{p}\n" if format == "texeval" else f"{c}\t{p}\n")


def write_taxonomy(taxonomy: Taxonomy, path: str | os.PathLike, format: str = "texeval") -> None:
    """Write a taxonomy's edges atomically (temporary file + rename) as TExEval TSV or a 2-column edge list.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from wordvec.hyperbolic import Taxonomy, read_texeval
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "tiny.taxo"
    >>> write_taxonomy(Taxonomy([("apple pie", "pie")]), path)
    >>> path.read_text()
    '1\\tapple pie\\tpie\\n'
    >>> read_texeval(path).edges
    [('apple pie', 'pie')]
    """
    write_edges(taxonomy.edges, path, format=format)
