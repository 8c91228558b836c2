"""What an analogy evaluation returns: :class:`AnalogyResult` and the paired :func:`compare_analogies`.

Accuracy intervals are Wilson score intervals (Wilson 1927); two results on the same
questions are compared with the exact McNemar test (McNemar 1947).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from .._deprecation import RenamedAttribute, renamed_parameters
from ..errors import ParameterError
from ..results import ResultMixin, Summary
from .stats import ci_frame, wilson_ci

if TYPE_CHECKING:
    import matplotlib.axes
    import pandas as pd


@dataclass
class AnalogyResult(ResultMixin):
    """Outcome of :func:`wordvec.evaluation.evaluate_analogies`.

    Attributes
    ----------
    questions : pandas.DataFrame
        One row per question: ``section, a, b, c, expected, line, oov, predicted, score,
        correct`` (``predicted`` is None for OOV questions; ``candidates`` when ``k > 1``).
    k : int
        A question is correct when the expected word is among its ``k`` best answers.
    accuracy : float
        Correct / scored questions (OOV questions excluded, as in gensim).
    accuracy_all : float
        Correct / all questions (OOV counted wrong; gensim's ``dummy4unknown=True``).
    """

    dataset: str
    method: str
    protocol: str
    restrict_vocab: int
    case_insensitive: bool
    k: int
    questions: pd.DataFrame = field(repr=False)
    sections_order: list[str] = field(default_factory=list, repr=False)
    meta: dict[str, Any] = field(default_factory=dict, repr=False)
    _missing: tuple | None = field(default=None, repr=False)

    topn = RenamedAttribute("k")  # the name before the naming table

    @property
    def n_questions(self) -> int:
        return len(self.questions)

    @property
    def n_oov(self) -> int:
        return int(self.questions["oov"].sum())

    @property
    def n_evaluated(self) -> int:
        return self.n_questions - self.n_oov

    @property
    def n_correct(self) -> int:
        return int(self.questions["correct"].sum())

    @property
    def accuracy(self) -> float:
        return self.n_correct / self.n_evaluated if self.n_evaluated else float("nan")

    @property
    def accuracy_all(self) -> float:
        return self.n_correct / self.n_questions

    def conf_int(self, alpha: float = 0.05, include_oov: bool = False) -> pd.DataFrame:
        """Two-sided Wilson score interval (Wilson 1927) for the accuracy.

        The questions are treated as independent Bernoulli trials; questions of one
        section share words, so the interval is, if anything, optimistic.

        Returns
        -------
        pandas.DataFrame
            Columns ``ci_low``, ``ci_high``; one row, ``"accuracy"`` (``"accuracy_all"``
            with ``include_oov=True``: OOV questions counted as wrong).
        """
        n = self.n_questions if include_oov else self.n_evaluated
        return ci_frame({"accuracy_all" if include_oov else "accuracy": wilson_ci(self.n_correct, n, alpha)})

    @property
    def oov_questions(self) -> pd.DataFrame:
        """The questions not scored because a word is outside the (restricted) vocabulary."""
        q = self.questions
        out = q.loc[q["oov"], ["section", "a", "b", "c", "expected", "line"]].copy()
        if self._missing is None:
            return out
        ia, ib, ic, idd, bopt, dopt = self._missing
        cols = ((q["a"].to_numpy(), ia, None), (q["b"].to_numpy(), ib, bopt), (q["c"].to_numpy(), ic, None),
                (q["expected"].to_numpy(), idd, dopt))
        miss = []
        for i in np.flatnonzero(q["oov"].to_numpy()).tolist():
            words = ["/".join(opts[i]) if opts is not None else w[i] for w, r, opts in cols if r[i] < 0]
            miss.append(" ".join(dict.fromkeys(words)))
        out["missing"] = miss
        return out

    def sections(self, alpha: float = 0.05) -> pd.DataFrame:
        """Per-section counts, accuracy and Wilson interval; the last row is the total."""
        import pandas as pd

        g = self.questions.groupby("section", sort=False)
        t = pd.DataFrame({"questions": g.size(), "oov": g["oov"].sum(), "correct": g["correct"].sum()})
        t = t.reindex([s for s in self.sections_order if s in t.index])
        t.loc["Total"] = t.sum()
        t = t.astype(int)
        t["evaluated"] = t["questions"] - t["oov"]
        with np.errstate(invalid="ignore", divide="ignore"):
            t["accuracy"] = t["correct"] / t["evaluated"]
        t["ci_low"], t["ci_high"] = wilson_ci(t["correct"].to_numpy(), t["evaluated"].to_numpy(), alpha)
        t.index.name = "section"
        return t[["questions", "oov", "evaluated", "correct", "accuracy", "ci_low", "ci_high"]]

    def to_frame(self) -> pd.DataFrame:
        """Per-section table (see :meth:`sections`)."""
        return self.sections()

    def to_gensim(self) -> tuple[float, list[dict]]:
        """The result in the shape ``KeyedVectors.evaluate_word_analogies`` returns (OOV skipped)."""
        secs = []
        q = self.questions[~self.questions["oov"]]
        f = (lambda s: s.upper()) if self.case_insensitive else (lambda s: s)
        for name in self.sections_order:
            sq = q[q["section"] == name]
            tup = [tuple(f(w) for w in r) for r in sq[["a", "b", "c", "expected"]].itertuples(index=False)]
            ok = sq["correct"].to_numpy()
            secs.append({"section": name, "correct": [t for t, c in zip(tup, ok) if c],
                         "incorrect": [t for t, c in zip(tup, ok) if not c]})
        secs.append({"section": "Total accuracy", "correct": [t for s in secs for t in s["correct"]],
                     "incorrect": [t for s in secs for t in s["incorrect"]]})
        return self.accuracy, secs

    def summary(self, alpha: float = 0.05) -> Summary:
        lo, hi = self.conf_int(alpha).loc["accuracy"]
        vocab = f"first {self.restrict_vocab:,} rows, case-{'insensitive' if self.case_insensitive else 'sensitive'}"
        info = {
            "dataset": self.dataset, "method": self.method, "protocol": self.protocol,
            "restricted vocabulary": vocab,
            "questions": f"{self.n_questions:,} ({self.n_oov:,} OOV, not scored)",
            f"accuracy{'@' + str(self.k) if self.k > 1 else ''}": f"{self.accuracy:.4f} ({self.n_correct:,}/{self.n_evaluated:,}), "
                                                                 f"{1 - alpha:.0%} Wilson CI [{lo:.4f}, {hi:.4f}]",
            "accuracy incl. OOV as wrong": f"{self.accuracy_all:.4f}",
        }
        notes = ([f"{self.n_oov:,} question(s) have a word outside the first {self.restrict_vocab:,} rows; see .oov_questions"]
                 if self.n_oov else [])
        if self.protocol == "gensim":
            notes.append(f"gensim protocol: {self.meta.get('replayed', 0)} near-tie question(s) re-scored with gensim's arithmetic")
        return Summary(f"Analogy evaluation: {self.method} on {self.dataset}", info, [self.sections(alpha)], notes)

    def plot(self, ax: matplotlib.axes.Axes | None = None, alpha: float = 0.05) -> matplotlib.axes.Axes:
        """Horizontal bars of per-section accuracy with Wilson CI whiskers; the total as a line."""
        from ..plot import get_ax

        t = self.sections(alpha)
        total = t.loc["Total"]
        t = t.drop(index="Total")
        ax = get_ax(ax, figsize=(7, 0.32 * len(t) + 1.6))
        y = np.arange(len(t))[::-1]
        acc = t["accuracy"].to_numpy(dtype=float)
        err = np.vstack([acc - t["ci_low"].to_numpy(dtype=float), t["ci_high"].to_numpy(dtype=float) - acc])
        ax.barh(y, np.nan_to_num(acc), xerr=np.nan_to_num(err), color="#4C72B0", alpha=0.85, capsize=2,
                error_kw={"elinewidth": 1})
        ax.set_yticks(y, [f"{s} (n={n})" for s, n in zip(t.index, t["evaluated"])])
        ax.axvline(total["accuracy"], color="k", ls="--", lw=1, label=f"total {total['accuracy']:.3f}")
        ax.set_xlim(0, 1)
        ax.set_xlabel(f"accuracy ({1 - alpha:.0%} Wilson CI)")
        ax.set_title(f"{self.method} on {self.dataset}: {self.n_evaluated:,} scored, {self.n_oov:,} OOV")
        ax.legend(loc="lower right")
        return ax


# The dataclass field ``topn`` became ``k``: the constructor keeps the old keyword.
AnalogyResult.__init__ = renamed_parameters(topn="k")(AnalogyResult.__init__)  # type: ignore[method-assign]


@dataclass
class AnalogyComparison(ResultMixin):
    """Paired comparison of two analogy results on the questions both scored (exact McNemar test)."""

    labels: tuple[str, str]
    n_questions: int
    both: int
    only_first: int
    only_second: int
    neither: int
    p_value: float

    pvalue = RenamedAttribute("p_value")  # the name before the naming table

    @property
    def difference(self) -> float:
        """Accuracy of the first minus the second on the shared questions."""
        return (self.only_first - self.only_second) / self.n_questions

    def to_frame(self) -> pd.DataFrame:
        """The 2 x 2 table of correct / wrong answers of the two results on the shared questions."""
        import pandas as pd

        a, b = self.labels
        return pd.DataFrame({f"{b} correct": [self.both, self.only_second], f"{b} wrong": [self.only_first, self.neither]},
                            index=pd.Index([f"{a} correct", f"{a} wrong"], name=""))

    def summary(self) -> Summary:
        a, b = self.labels
        return Summary(f"{a} vs {b} on the same analogy questions",
                       {"shared questions": f"{self.n_questions:,}", "accuracy difference": f"{self.difference:+.4f}",
                        "exact McNemar p (two-sided)": f"{self.p_value:.4g}"}, [self.to_frame()])

    def plot(self, ax: matplotlib.axes.Axes | None = None) -> matplotlib.axes.Axes:
        """The 2 x 2 table as a heat map, the McNemar p-value in the title."""
        from ..plot import get_ax

        ax = get_ax(ax, figsize=(4, 3.5))
        t = self.to_frame()
        ax.imshow(t.to_numpy(), cmap="Blues")
        for (i, j), v in np.ndenumerate(t.to_numpy()):
            ax.text(j, i, f"{v:,}", ha="center", va="center")
        ax.set_xticks([0, 1], t.columns)
        ax.set_yticks([0, 1], t.index)
        ax.grid(False)
        ax.set_title(f"McNemar p = {self.p_value:.3g}")
        return ax


def compare_analogies(first: AnalogyResult, second: AnalogyResult,
                      labels: tuple[str, str] | None = None) -> AnalogyComparison:
    """Exact McNemar test (McNemar 1947) of two methods or embeddings on the same questions.

    Questions are paired by their position in the dataset; only those scored by both
    results count. The p-value is the two-sided exact binomial test of the discordant
    pairs (``only_first`` vs ``only_second``) against 1/2.

    Parameters
    ----------
    first, second : AnalogyResult
        Results of :func:`~wordvec.evaluation.evaluate_analogies` on the same dataset.
    labels : (str, str), optional
        Names of the two results (default: their methods).

    Returns
    -------
    AnalogyComparison

    Examples
    --------
    >>> import wordvec
    >>> from wordvec.evaluation import compare_analogies, evaluate_analogies
    >>> emb = wordvec.datasets.googlenews_subset()
    >>> add = evaluate_analogies(emb, "google", "3cosadd", restrict_vocab=3000)
    >>> mul = evaluate_analogies(emb, "google", "3cosmul", restrict_vocab=3000)
    >>> cmp = compare_analogies(add, mul)
    >>> cmp.n_questions == add.n_evaluated, 0 <= cmp.p_value <= 1
    (True, True)
    """
    from scipy import stats

    if first.n_questions != second.n_questions:
        raise ParameterError(f"second has {second.n_questions:,} questions and first {first.n_questions:,}: "
                             "the two results come from different datasets; evaluate both on the same dataset")
    q1, q2 = first.questions, second.questions
    shared = (~q1["oov"].to_numpy()) & (~q2["oov"].to_numpy())
    c1, c2 = q1["correct"].to_numpy()[shared], q2["correct"].to_numpy()[shared]
    b, c = int((c1 & ~c2).sum()), int((~c1 & c2).sum())
    p = float(stats.binomtest(b, b + c, 0.5).pvalue) if b + c else 1.0
    labels = labels or (f"{first.method}", f"{second.method}")
    return AnalogyComparison(tuple(labels), int(shared.sum()), int((c1 & c2).sum()), b, c, int((~c1 & ~c2).sum()), p)
