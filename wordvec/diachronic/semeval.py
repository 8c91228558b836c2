"""SemEval-2020 Task 1 (unsupervised lexical semantic change detection): files and scoring.

File formats (Schlechtweg et al. 2020): ``targets.txt`` holds one target lemma a line
(English lemmas carry a POS suffix, e.g. ``attack_nn``); the gold files
``truth/graded.txt`` and ``truth/binary.txt`` hold ``word<TAB>score`` lines.
Subtask 1 (binary change) is scored by accuracy, subtask 2 (graded) by Spearman ρ.
"""
from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .._atomic import atomic_text
from ..errors import EmptyInputError, FormatError, MissingFileError, ParameterError, ParameterTypeError
from ..results import ResultMixin, Summary

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

_POS = re.compile(r"_(nn|vb|jj|rb)$")


def strip_pos(word: str) -> str:
    """``"attack_nn"`` → ``"attack"`` (the English targets' POS suffix)."""
    return _POS.sub("", word)


def _lines(path: Path):
    path = Path(path)
    if not path.exists():
        raise MissingFileError(path)
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            line = line.rstrip("\r\n")
            if line.strip():
                yield n, line


def read_targets(path: str | os.PathLike) -> list[str]:
    """Target words, one a line (blank lines skipped); duplicates are a :class:`FormatError`."""
    words, seen = [], {}
    for n, line in _lines(path):
        w = line.strip()
        if "\t" in w or " " in w:
            raise FormatError(path, f"expected one target word per line, got {line!r}", n)
        if w in seen:
            raise FormatError(path, f"duplicate target {w!r} (first on line {seen[w]})", n)
        seen[w] = n
        words.append(w)
    if not words:
        raise EmptyInputError(f"{path}: no target words")
    return words


def read_gold(path: str | os.PathLike, kind: str | None = None) -> pd.Series:
    """A gold file of ``word<TAB>score`` lines as a Series indexed by word.

    Parameters
    ----------
    kind : {"graded", "binary"}, optional
        Default: from the file name (``binary.txt`` → binary), else graded. Binary scores
        must be 0 or 1.
    """
    import pandas as pd

    path = Path(path)
    kind = kind or ("binary" if "binary" in path.name else "graded")
    if kind not in ("graded", "binary"):
        raise ParameterError(f"kind must be 'graded' or 'binary', got {kind!r}")
    words, scores, seen = [], [], {}
    for n, line in _lines(path):
        parts = line.split("\t")
        if len(parts) != 2:
            raise FormatError(path, f"expected 'word<TAB>score', got {len(parts)} tab-separated field(s): {line!r}", n)
        w, s = parts[0].strip(), parts[1].strip()
        try:
            v = float(s)
        except ValueError:
            raise FormatError(path, f"score {s!r} of {w!r} is not a number", n) from None
        if not np.isfinite(v):
            raise FormatError(path, f"score of {w!r} is not finite", n)
        if kind == "binary" and v not in (0.0, 1.0):
            raise FormatError(path, f"binary gold scores must be 0 or 1, got {s!r} for {w!r}", n)
        if w in seen:
            raise FormatError(path, f"duplicate word {w!r} (first on line {seen[w]})", n)
        seen[w] = n
        words.append(w)
        scores.append(int(v) if kind == "binary" else v)
    if not words:
        raise EmptyInputError(f"{path}: no gold scores")
    return pd.Series(scores, index=pd.Index(words, name="word"), name=kind)


def write_scores(path: str | os.PathLike, scores: Any) -> None:
    """Write predictions as ``word<TAB>score`` lines (the submission format), atomically."""
    s = _as_series(scores)
    path = Path(path)
    with atomic_text(path) as fh:
        for w, v in s.items():
            fh.write(f"{w}\t{v:.10g}\n" if isinstance(v, float) else f"{w}\t{v}\n")


def _as_series(pred: Any) -> pd.Series:
    import pandas as pd

    if hasattr(pred, "scores") and isinstance(getattr(pred, "scores"), pd.Series):  # ChangeScores
        return pred.scores
    if isinstance(pred, pd.Series):
        return pred
    if isinstance(pred, Mapping):
        return pd.Series(dict(pred), dtype=float)
    raise ParameterTypeError(f"predictions must be a ChangeScores, a pandas Series or a dict word → score, not {type(pred).__name__}")


def _match(pred: Any, gold: pd.Series, map_words: Callable[[str], str] | None) -> tuple[pd.Series, pd.Series, list]:
    import pandas as pd

    p = _as_series(pred)
    keys = [map_words(w) if map_words else w for w in gold.index]
    got = p.reindex(keys)
    missing = [g for g, v in zip(gold.index, got) if pd.isna(v)]
    mask = ~pd.isna(got).to_numpy()
    return pd.Series(got.to_numpy()[mask], index=gold.index[mask]), gold[mask], missing


@dataclass
class SemEvalScore(ResultMixin):
    """Score of a change ranking against SemEval-style gold.

    ``statistic`` is Spearman ρ (graded) or accuracy (binary); ``conf_int(alpha)`` gives a
    Fisher-z interval with the Bonett–Wright standard error ``sqrt((1 + ρ²/2)/(n − 3))``
    for ρ, and a Wilson interval for accuracy. ``missing`` lists gold words without a
    prediction (scored as absent, not dropped silently).

    References
    ----------
    Schlechtweg, D. et al. (2020). SemEval-2020 Task 1: Unsupervised lexical semantic
    change detection. SemEval. Bonett, D. G. & Wright, T. A. (2000). Sample size
    requirements for estimating Pearson, Kendall and Spearman correlations.
    Psychometrika 65. Wilson, E. B. (1927). Probable inference, the law of succession,
    and statistical inference. JASA 22.

    Examples
    --------
    >>> import pandas as pd
    >>> res = evaluate_binary({"a": 0.9, "b": 0.1, "c": 0.8, "d": 0.2},
    ...                       pd.Series([1, 0, 1, 1], index=list("abcd")), threshold=0.5)
    >>> res.statistic
    0.75
    >>> res.conf_int().round(3)
              ci_low  ci_high
    accuracy   0.301    0.954
    """

    subtask: str
    statistic: float
    p_value: float
    n: int
    missing: list = field(default_factory=list)
    threshold: float | None = None
    baseline: float | None = None
    table: pd.DataFrame = field(default=None, repr=False)

    @property
    def statistic_name(self) -> str:
        """``"spearman_rho"`` (graded) or ``"accuracy"`` (binary)."""
        return "spearman_rho" if self.subtask == "graded" else "accuracy"

    def conf_int(self, alpha: float = 0.05) -> pd.DataFrame:
        """``1 − alpha`` interval of the statistic: one row (named by the statistic), ``ci_low``, ``ci_high``."""
        import pandas as pd
        from scipy import stats

        z = stats.norm.ppf(1 - alpha / 2)
        if self.subtask == "graded":
            if self.n <= 3:
                lo, hi = np.nan, np.nan
            else:
                r = float(np.clip(self.statistic, -0.999999, 0.999999))
                se = np.sqrt((1 + r * r / 2) / (self.n - 3))
                lo, hi = float(np.tanh(np.arctanh(r) - z * se)), float(np.tanh(np.arctanh(r) + z * se))
        else:
            p, n = self.statistic, self.n
            den = 1 + z * z / n
            mid = (p + z * z / (2 * n)) / den
            half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
            lo, hi = float(mid - half), float(mid + half)
        return pd.DataFrame({"ci_low": [lo], "ci_high": [hi]}, index=[self.statistic_name])

    def to_frame(self) -> pd.DataFrame:
        import pandas as pd

        lo, hi = self.conf_int().iloc[0]
        row = {"subtask": self.subtask, "statistic": self.statistic_name, "estimate": self.statistic, "ci_low": lo,
               "ci_high": hi,
               "p_value": self.p_value, "n": self.n, "missing": len(self.missing)}
        if self.subtask == "binary":
            row.update(threshold=self.threshold, majority_baseline=self.baseline)
        return pd.DataFrame([row])

    def summary(self) -> Summary:
        notes = []
        if self.subtask == "graded":
            notes.append("p: two-sided test of ρ = 0 (scipy.stats.spearmanr); CI: Fisher z, Bonett–Wright SE")
        else:
            notes.append("p: one-sided exact binomial test against the majority baseline; CI: Wilson")
        if self.missing:
            notes.append(f"{len(self.missing)} gold word(s) without a prediction: {self.missing[:10]}")
        return Summary(f"SemEval-2020 Task 1, {self.subtask} subtask", tables=[self.to_frame()], notes=notes)

    def plot(self, ax: Axes | None = None) -> Axes:
        """Predicted score against gold, one point per target word."""
        from ..plot import get_ax

        ax = get_ax(ax)
        t = self.table
        ax.scatter(t["gold"], t["predicted"], s=18)
        for w, g, p in zip(t.index, t["gold"], t["predicted"]):
            ax.annotate(w, (g, p), fontsize=7, xytext=(2, 2), textcoords="offset points")
        if self.threshold is not None:
            ax.axhline(self.threshold, ls="--", color="grey", lw=1)
        lab = f"ρ = {self.statistic:.3f}" if self.subtask == "graded" else f"accuracy = {self.statistic:.3f}"
        ax.set_title(f"SemEval {self.subtask}: {lab} (n = {self.n})")
        ax.set_xlabel("gold")
        ax.set_ylabel("predicted change")
        return ax


def evaluate_graded(predictions: Any, gold: pd.Series | str | os.PathLike, *,
                    map_words: Callable[[str], str] | None = None) -> SemEvalScore:
    """Subtask 2: Spearman ρ between predicted change scores and graded gold.

    Parameters
    ----------
    predictions : ChangeScores, Series or dict word → score
    gold : Series or path of a ``word<TAB>score`` file
    map_words : callable, optional
        Maps a gold word to the prediction key, e.g. :func:`strip_pos`.

    References
    ----------
    Schlechtweg, D. et al. (2020). SemEval-2020 Task 1: Unsupervised lexical semantic
    change detection. SemEval.
    """
    import pandas as pd
    from scipy import stats

    if not isinstance(gold, pd.Series):
        gold = read_gold(gold, "graded")
    p, g, missing = _match(predictions, gold, map_words)
    if len(p) < 3:
        raise EmptyInputError(f"only {len(p)} gold word(s) have a prediction; Spearman needs at least 3 (missing: {missing[:10]})")
    r = stats.spearmanr(p.to_numpy(float), g.to_numpy(float))
    table = pd.DataFrame({"predicted": p, "gold": g})
    return SemEvalScore("graded", float(r.statistic), float(r.pvalue), len(p), missing, table=table)


def evaluate_binary(predictions: Any, gold: pd.Series | str | os.PathLike, *, threshold: float | str = "mean",
                    map_words: Callable[[str], str] | None = None) -> SemEvalScore:
    """Subtask 1: accuracy of "changed" = score > threshold against binary gold.

    Parameters
    ----------
    threshold : float, "mean" or "median"
        A fixed cut-off, or the mean/median of the predicted scores over the targets
        (a common unsupervised choice). Binary 0/1 predictions work with ``threshold=0.5``.
    """
    import pandas as pd
    from scipy import stats

    if not isinstance(gold, pd.Series):
        gold = read_gold(gold, "binary")
    p, g, missing = _match(predictions, gold, map_words)
    if len(p) == 0:
        raise EmptyInputError(f"no gold word has a prediction (missing: {missing[:10]})")
    vals = p.to_numpy(float)
    if threshold == "mean":
        thr = float(vals.mean())
    elif threshold == "median":
        thr = float(np.median(vals))
    elif isinstance(threshold, (int, float)):
        thr = float(threshold)
    else:
        raise ParameterError(f"threshold must be a number, 'mean' or 'median', got {threshold!r}")
    pred = (vals > thr).astype(int)
    gold_v = g.to_numpy(int)
    correct = int((pred == gold_v).sum())
    n = len(pred)
    base = max(gold_v.mean(), 1 - gold_v.mean())
    pval = float(stats.binomtest(correct, n, base, alternative="greater").pvalue) if base < 1 else 1.0
    table = pd.DataFrame({"predicted": p, "gold": g, "predicted_binary": pred})
    return SemEvalScore("binary", correct / n, pval, n, missing, thr, float(base), table)
