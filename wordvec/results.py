"""Shared behaviour of result objects (statsmodels-style: summary, to_frame, plot, HTML repr).

A result class implements :meth:`to_frame` (a tidy pandas DataFrame) and, usually,
``summary()`` returning :class:`Summary`; this mixin supplies the Jupyter and text reprs.
"""
from __future__ import annotations

import html
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd


class Summary:
    """Text/HTML/LaTeX rendering of a title, a few key-value lines and tables."""

    def __init__(self, title: str, info: dict | None = None, tables: list[pd.DataFrame] | None = None, notes: list[str] | None = None):
        self.title = title
        self.info = dict(info or {})
        self.tables = list(tables or [])
        self.notes = list(notes or [])

    def as_text(self) -> str:
        width = max([len(self.title), 40] + [len(str(k)) + len(str(v)) + 3 for k, v in self.info.items()])
        lines = [self.title, "=" * width]
        lines += [f"{k}: {v}" for k, v in self.info.items()]
        for t in self.tables:
            lines += ["-" * width, t.to_string()]
        if self.notes:
            lines += ["-" * width] + [f"Note: {n}" for n in self.notes]
        return "\n".join(lines)

    def as_html(self) -> str:
        info = "".join(f"<tr><th style='text-align:left'>{html.escape(str(k))}</th><td>{html.escape(str(v))}</td></tr>" for k, v in self.info.items())
        tables = "".join(t.to_html(float_format=lambda x: f"{x:.4g}") for t in self.tables)
        notes = "".join(f"<p><i>{html.escape(n)}</i></p>" for n in self.notes)
        return f"<h4>{html.escape(self.title)}</h4><table>{info}</table>{tables}{notes}"

    def as_latex(self) -> str:
        """A LaTeX fragment: the title and key-value lines, each table, the notes."""
        def esc(text: object) -> str:
            return "".join("\\" + c if c in "&%$#_{}" else c for c in str(text))

        lines = [f"\\paragraph{{{esc(self.title)}}}"]
        if self.info:
            lines += ["\\begin{tabular}{ll}"] + [f"{esc(k)} & {esc(v)} \\\\" for k, v in self.info.items()] + ["\\end{tabular}"]
        lines += [t.to_latex() for t in self.tables]
        lines += [f"\\textit{{Note: {esc(n)}}}" for n in self.notes]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.as_text()

    __repr__ = __str__

    def _repr_html_(self) -> str:
        return self.as_html()


class ResultMixin:
    """Gives a result class ``__str__`` and ``_repr_html_`` from its ``summary()``."""

    def summary(self) -> Summary:  # pragma: no cover - overridden
        return Summary(type(self).__name__, tables=[self.to_frame()])

    def to_frame(self) -> pd.DataFrame:  # pragma: no cover - overridden
        raise NotImplementedError

    def __str__(self) -> str:
        return self.summary().as_text()

    def _repr_html_(self) -> str:
        return self.summary().as_html()
