"""Loaders for analogy and word-similarity datasets.

Analogy formats
    * ``: section`` / ``a b c d`` text files — the Google set of Mikolov et al. (2013),
      ``questions-words.txt``, shipped in gensim's test data (``dataset="google"``).
    * BATS (Gladkova, Drozd & Matsuoka 2016) in its directory format: one file per
      category, ``source<TAB>target1/target2/...`` per line; every ordered pair of
      distinct pairs of a category forms a question.

Similarity formats
    Word pair + human score per line, tab-, comma- or space-separated; ``#`` comments and
    one header line are allowed. WordSim-353 (Finkelstein et al. 2002) and SimLex-999
    (Hill, Reichart & Korhonen 2015) ship in gensim's test data.

Malformed lines raise :class:`~wordvec.errors.FormatError` with the file and line.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ..errors import EmptyInputError, FormatError, MissingFileError

if TYPE_CHECKING:
    import pandas as pd

#: Names accepted for the datasets that ship with gensim's test data.
ANALOGY_DATASETS = {"google": "questions-words.txt", "questions-words": "questions-words.txt"}
SIMILARITY_DATASETS = {"wordsim353": "wordsim353.tsv", "ws353": "wordsim353.tsv", "simlex999": "simlex999.txt",
                       "simlex": "simlex999.txt"}


@dataclass
class AnalogyDataset:
    """Analogy questions ``a : b :: c : d``, grouped in sections.

    Attributes
    ----------
    name : str
    questions : pandas.DataFrame
        Columns ``section``, ``a``, ``b``, ``c``, ``d`` and ``line`` (1-based line in
        the source file; for BATS the line of ``c``'s pair).
    b_options, d_options : list of tuple of str, optional
        Acceptable alternatives for ``b`` and ``d`` (BATS lists several targets);
        ``None`` when every question has exactly one.
    path : str, optional
    """

    name: str
    questions: pd.DataFrame
    b_options: list[tuple[str, ...]] | None = None
    d_options: list[tuple[str, ...]] | None = None
    path: str | None = None
    sections: list[str] = field(default_factory=list)
    _codes: tuple | None = field(default=None, repr=False, compare=False)

    def __post_init__(self):
        if not self.sections:
            self.sections = list(dict.fromkeys(self.questions["section"]))

    def __len__(self) -> int:
        return len(self.questions)

    def codes(self) -> tuple[np.ndarray, list[str]]:
        """``(codes, words)``: the (n, 4) positions of a, b, c, d in the list of distinct words.

        Computed once per dataset so that evaluating many embeddings looks up each
        distinct word once instead of every occurrence.
        """
        import pandas as pd

        if self._codes is None:
            q = self.questions
            flat = np.concatenate([q[c].to_numpy(dtype=object) for c in ("a", "b", "c", "d")])
            codes, uniques = pd.factorize(flat)
            self._codes = (codes.reshape(4, -1).T.copy(), list(uniques))
        return self._codes

    def __repr__(self) -> str:
        return f"<AnalogyDataset {self.name!r}: {len(self):,} questions in {len(self.sections)} sections>"


@dataclass
class SimilarityDataset:
    """Word pairs with a human similarity score: DataFrame ``word1``, ``word2``, ``human``, ``line``."""

    name: str
    pairs: pd.DataFrame
    path: str | None = None

    def __len__(self) -> int:
        return len(self.pairs)

    def __repr__(self) -> str:
        return f"<SimilarityDataset {self.name!r}: {len(self):,} pairs>"


# ----------------------------------------------------------------------------- analogies
def load_analogies(source: str | os.PathLike | AnalogyDataset = "google") -> AnalogyDataset:
    """Load an analogy dataset: ``"google"``, a ``: section`` file, or a BATS directory.

    Parameters
    ----------
    source : str, path or AnalogyDataset
        ``"google"`` (Mikolov et al. 2013, from gensim's test data), the path of a text
        file in the ``: section`` / ``a b c d`` format, or a directory in BATS format.

    Raises
    ------
    FormatError
        A line that is not a ``: section`` header, blank, a ``#`` comment, or four words.
    """
    if isinstance(source, AnalogyDataset):
        return source
    if isinstance(source, str) and source.lower() in ANALOGY_DATASETS:
        from ..datasets import gensim_test_data

        path = gensim_test_data(ANALOGY_DATASETS[source.lower()])
        return _load_sections_cached(str(path), path.stat().st_mtime_ns, "google")
    path = Path(source)
    if not path.exists():
        raise MissingFileError(source, f"dataset={str(source)!r} is no analogy dataset: not a file, a directory, "
                                       f"nor one of {sorted(ANALOGY_DATASETS)}")
    if path.is_dir():
        return load_bats(path)
    return _load_sections_cached(str(path), path.stat().st_mtime_ns, path.stem)


@lru_cache(maxsize=8)
def _load_sections_cached(path: str, mtime: int, name: str) -> AnalogyDataset:
    # Parsed datasets are immutable in practice; caching by (path, mtime) makes repeated
    # evaluations of many embeddings on the same file skip the parse.
    return _load_sections(Path(path), name)


def _load_sections(path: Path, name: str) -> AnalogyDataset:
    import pandas as pd

    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise FormatError(path, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    sec, a, b, c, d, lines = [], [], [], [], [], []
    section = None
    for no, line in enumerate(text.splitlines(), 1):
        if line.startswith(":"):
            section = line[1:].strip()
            if not section:
                raise FormatError(path, "empty section name after ':'", no)
            continue
        parts = line.split()
        if len(parts) == 4:
            if section is None:
                # gensim refuses questions before the first header; a file without
                # headers is still a valid question list, so it gets one section.
                section = name
            sec.append(section)
            a.append(parts[0]); b.append(parts[1]); c.append(parts[2]); d.append(parts[3])
            lines.append(no)
        elif not parts or parts[0].startswith("#"):
            continue
        else:
            raise FormatError(path, f"expected 4 words 'a b c d' or a ': section' header, found {len(parts)} field(s): {line.strip()[:80]!r}", no)
    if not sec:
        raise EmptyInputError(f"{path}: no analogy questions found")
    q = pd.DataFrame({"section": sec, "a": a, "b": b, "c": c, "d": d, "line": np.asarray(lines, dtype=np.int64)})
    return AnalogyDataset(name, q, path=str(path))


def load_bats(directory: str | os.PathLike, *, max_pairs: int | None = None) -> AnalogyDataset:
    """Load the BATS analogy set (Gladkova, Drozd & Matsuoka 2016) from its directory format.

    Every ``*.txt`` file under ``directory`` (recursively) is one category; each line is
    ``source<TAB>target`` where the target may list alternatives separated by ``/``.
    Every ordered pair of two distinct lines ``(a, b)``, ``(c, d)`` of a category is one
    question ``a : b :: c : d``; any of ``d``'s alternatives counts as correct and ``b``
    is the first of its alternatives found in the embedding.

    Parameters
    ----------
    directory : path
        The BATS root (e.g. ``BATS_3.0``) or any folder of category files.
    max_pairs : int, optional
        Use only the first ``max_pairs`` lines of each category (for quick runs).
    """
    import pandas as pd

    root = Path(directory)
    files = sorted(p for p in root.rglob("*.txt") if p.is_file() and not p.name.startswith("."))
    if not files:
        raise EmptyInputError(f"{root}: no BATS category files (*.txt) found")
    sec, a, b, c, d, lines, bopt, dopt = [], [], [], [], [], [], [], []
    for path in files:
        pairs: list[tuple[str, tuple[str, ...], int]] = []
        for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            parts = line.split("\t") if "\t" in line else line.split()
            parts = [p.strip() for p in parts if p.strip()]
            if len(parts) != 2:
                raise FormatError(path, f"expected 'source<TAB>target[/alternative...]', found {len(parts)} field(s): {line.strip()[:80]!r}", no)
            targets = tuple(t.strip() for t in parts[1].split("/") if t.strip())
            if not targets:
                raise FormatError(path, "empty target list", no)
            pairs.append((parts[0], targets, no))
        if max_pairs is not None:
            pairs = pairs[:max_pairs]
        section = path.stem.strip()
        for i, (wa, tb, _) in enumerate(pairs):
            for j, (wc, td, noc) in enumerate(pairs):
                if i == j:
                    continue
                sec.append(section); a.append(wa); b.append(tb[0]); c.append(wc); d.append(td[0])
                lines.append(noc); bopt.append(tb); dopt.append(td)
    if not sec:
        raise EmptyInputError(f"{root}: BATS categories hold fewer than two pairs each; no questions")
    q = pd.DataFrame({"section": sec, "a": a, "b": b, "c": c, "d": d, "line": np.asarray(lines, dtype=np.int64)})
    return AnalogyDataset(root.name or "bats", q, b_options=bopt, d_options=dopt, path=str(root))


# ---------------------------------------------------------------------------- similarity
def load_similarity(source: str | os.PathLike | SimilarityDataset = "wordsim353", *, delimiter: str | None = None,
                    score_column: int = 2) -> SimilarityDataset:
    """Load a word-similarity dataset: ``"wordsim353"``, ``"simlex999"`` or a file.

    Parameters
    ----------
    source : str, path or SimilarityDataset
        A name of a dataset in gensim's test data (WordSim-353, Finkelstein et al. 2002;
        SimLex-999, Hill et al. 2015) or the path of a file with ``word1 word2 score``.
    delimiter : str, optional
        Field separator; default: tab if the line has one, comma for ``.csv`` files,
        otherwise any whitespace.
    score_column : int, default 2
        0-based column of the human score; with the default every line must have
        exactly three fields.

    Raises
    ------
    FormatError
        A line with the wrong number of fields or a score that is not a finite number
        (a single header line before the first pair is allowed).
    """
    import pandas as pd

    if isinstance(source, SimilarityDataset):
        return source
    if isinstance(source, str) and source.lower() in SIMILARITY_DATASETS:
        from ..datasets import gensim_test_data

        path = gensim_test_data(SIMILARITY_DATASETS[source.lower()])
        name = source.lower()
    else:
        path = Path(source)
        if not path.is_file():
            raise MissingFileError(source, f"dataset={str(source)!r} is no similarity dataset: not a file nor one of "
                                           f"{sorted(SIMILARITY_DATASETS)}")
        name = path.stem
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise FormatError(path, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    is_csv = path.suffix.lower() == ".csv"
    w1, w2, score, lines = [], [], [], []
    seen_data = False
    for no, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        sep = delimiter if delimiter is not None else ("\t" if "\t" in line else ("," if is_csv else None))
        parts = [p.strip() for p in (line.split(sep) if sep is not None else line.split())]
        if score_column == 2 and len(parts) != 3 or len(parts) <= max(score_column, 1):
            raise FormatError(path, f"expected 'word1 word2 score' ({score_column + 1}+ fields), found {len(parts)}: {line.strip()[:80]!r}", no)
        try:
            value = float(parts[score_column])
        except ValueError:
            if not seen_data:
                continue  # one header line ("word1,word2,score") before the data
            raise FormatError(path, f"score {parts[score_column]!r} is not a number", no) from None
        if not np.isfinite(value):
            raise FormatError(path, f"score {parts[score_column]!r} is not finite", no)
        if not parts[0] or not parts[1]:
            raise FormatError(path, "empty word", no)
        seen_data = True
        w1.append(parts[0]); w2.append(parts[1]); score.append(value); lines.append(no)
    if not w1:
        raise EmptyInputError(f"{path}: no word pairs found")
    pairs = pd.DataFrame({"word1": w1, "word2": w2, "human": np.asarray(score, dtype=np.float64),
                          "line": np.asarray(lines, dtype=np.int64)})
    return SimilarityDataset(name, pairs, path=str(path))
