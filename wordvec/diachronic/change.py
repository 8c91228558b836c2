"""Per-word semantic change between periods: global (aligned) and local (alignment-free) measures.

* ``"cosine"`` / ``"angular"``: distance between a word's *aligned* vectors
  (Hamilton, Leskovec & Jurafsky 2016, ACL).
* ``"local"``: the local-neighbourhood measure (Hamilton, Leskovec & Jurafsky 2016,
  EMNLP): second-order similarity vectors over the union of the word's k nearest
  neighbours in both periods; needs no alignment.
* ``"nn_overlap"``: 1 − |NN_k(w; t₁) ∩ NN_k(w; t₂)| / k (Gonen et al. 2020, ACL); needs no
  alignment and is stable across seeds.
"""
from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from .._numerics import BLOCK_BYTES, rows_per_block, unit_rows
from .._progress import progress_bar
from .._topk import top_k, use_kernel
from ..errors import OOVError, ParameterError
from ..results import ResultMixin, Summary
from ._base import DiachronicError, nearest_in_period
from .series import DiachronicEmbedding

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

MEASURES = ("cosine", "angular", "local", "nn_overlap")


# ------------------------------------------------------------------ result type
@dataclass
class ChangeScores(ResultMixin):
    """Change of every word present in both of two periods, most changed first.

    Attributes
    ----------
    measure : str
    start, end : period labels
    frame : DataFrame
        ``word``, ``score`` (higher = more change), ``count_start``, ``count_end``,
        ``freq_start``, ``freq_end`` and, when added by :mod:`~wordvec.diachronic.null`,
        ``z``, ``p_value``, ``q`` (against a shuffled-corpus control) or ``ci_low``,
        ``ci_high``, ``se`` (a resampling interval).
    absent : list of str
        Vocabulary words not present in both periods (no score; reported, not dropped
        silently).
    """

    measure: str
    start: Hashable
    end: Hashable
    frame: pd.DataFrame
    absent: list = field(default_factory=list, repr=False)
    params: dict = field(default_factory=dict)

    def to_frame(self) -> pd.DataFrame:
        return self.frame.copy()

    def __len__(self) -> int:
        return len(self.frame)

    @property
    def scores(self) -> pd.Series:
        """Scores indexed by word."""
        return self.frame.set_index("word")["score"]

    def __getitem__(self, word: str) -> float:
        s = self.scores
        if word not in s.index:
            raise OOVError([word], where=f"the change scores ({self.start}→{self.end}; absent words: {len(self.absent)})")
        return float(s[word])

    def _filtered(self, min_count: int | None, min_freq: float | None, exclude: Iterable[str] | None = None) -> pd.DataFrame:
        df = self.frame
        if exclude is not None:
            df = df[~df["word"].isin(set(exclude))]
        if min_count is not None:
            df = df[(df["count_start"] >= min_count) & (df["count_end"] >= min_count)]
        if min_freq is not None:
            df = df[(df["freq_start"] >= min_freq) & (df["freq_end"] >= min_freq)]
        return df

    def most_changed(self, n: int = 20, *, min_count: int | None = None, min_freq: float | None = None,
                     exclude: Iterable[str] | None = None) -> pd.DataFrame:
        """The ``n`` highest-scoring words, after optional frequency filters (in both periods).

        ``exclude`` drops words (e.g. :data:`wordvec.diachronic.laws.ENGLISH_STOPWORDS`) from the table.
        """
        return self._filtered(min_count, min_freq, exclude).sort_values("score", ascending=False, kind="stable").head(n).reset_index(drop=True)

    def least_changed(self, n: int = 20, *, min_count: int | None = None, min_freq: float | None = None,
                     exclude: Iterable[str] | None = None) -> pd.DataFrame:
        """The ``n`` lowest-scoring words, after optional frequency filters."""
        return self._filtered(min_count, min_freq, exclude).sort_values("score", ascending=True, kind="stable").head(n).reset_index(drop=True)

    def auc(self, positives: Iterable[str]) -> dict:
        """ROC AUC of the scores for separating ``positives`` (e.g. planted or gold changed words).

        Equals the Mann–Whitney U statistic / (n₊ n₋); the p-value is the one-sided
        Mann–Whitney test (positives score higher). Positives absent from the scores
        are listed under ``"missing"``.
        """
        from scipy import stats

        pos = set(positives)
        s = self.scores
        is_pos = s.index.isin(pos)
        missing = sorted(pos - set(s.index))
        if is_pos.all() or not is_pos.any():
            raise DiachronicError("AUC needs both positive and negative words among the scored words")
        u = stats.mannwhitneyu(s[is_pos], s[~is_pos], alternative="greater")
        n1, n0 = int(is_pos.sum()), int((~is_pos).sum())
        return {"auc": float(u.statistic) / (n1 * n0), "p_value": float(u.pvalue), "n_positive": n1, "n_negative": n0,
                "missing": missing}

    def summary(self, n: int = 15) -> Summary:
        info = {"measure": self.measure, "periods": f"{self.start} → {self.end}", "words scored": len(self.frame),
                "words absent from a period": len(self.absent)}
        info.update({k: v for k, v in self.params.items()})
        notes = []
        if "p_value" in self.frame:
            notes.append("z, p_value: against a shuffled-corpus control (Dubossarsky et al. 2017); p one-sided (more change "
                         "than the null)")
        if "ci_low" in self.frame:
            notes.append(f"ci_low, ci_high: {self.params.get('interval', 'resampling')} interval")
        return Summary(f"Semantic change ({self.measure})", info,
                       [self.most_changed(n).set_index("word"), self.least_changed(min(n, 5)).set_index("word")], notes)

    def plot(self, n: int = 20, ax: Axes | None = None, *, min_count: int | None = None, min_freq: float | None = None,
             exclude: Iterable[str] | None = None) -> Axes:
        """Horizontal bar chart of the ``n`` most changed words (with intervals if present)."""
        from ..plot import get_ax

        df = self.most_changed(n, min_count=min_count, min_freq=min_freq, exclude=exclude).iloc[::-1]
        ax = get_ax(ax, figsize=(6.4, max(3.0, 0.28 * len(df) + 1)))
        xerr = None
        if "ci_low" in df and "ci_high" in df:
            xerr = np.vstack([df["score"] - df["ci_low"], df["ci_high"] - df["score"]]).clip(min=0)
        color = "#c44e52"
        if "p_value" in df:
            color = ["#c44e52" if p < 0.05 else "#8c8c8c" for p in df["p_value"]]
        ax.barh(df["word"], df["score"], xerr=xerr, color=color, capsize=2)
        ax.set_xlabel(f"{self.measure} change {self.start} → {self.end}")
        ax.set_title(f"Most changed words ({self.measure})" + (" — red: p < 0.05 vs shuffled control" if "p_value" in df else ""))
        ax.grid(axis="y", visible=False)
        return ax


@dataclass
class ChangeSeries(ResultMixin):
    """Change of every word along the series (between consecutive periods or against one period).

    ``frame`` is long: ``word``, ``period`` (the later period), ``reference`` (the
    period compared with), ``score``; plus ``ci_low``/``ci_high`` when intervals are attached.
    """

    measure: str
    against: str
    frame: pd.DataFrame

    def to_frame(self) -> pd.DataFrame:
        return self.frame.copy()

    def wide(self) -> pd.DataFrame:
        """Words × periods table of scores (NaN where a word is absent)."""
        return self.frame.pivot(index="word", columns="period", values="score")

    def summary(self) -> Summary:
        w = self.wide()
        top = w.mean(axis=1).sort_values(ascending=False).head(10)
        return Summary(f"Change along the series ({self.measure}, against {self.against})",
                       {"words": len(w), "period pairs": w.shape[1]}, [w.loc[top.index]])

    def plot(self, words: Sequence[str], ax: Axes | None = None) -> Axes:
        """Time series of the chosen words' change scores, with intervals when present."""
        from ..plot import get_ax

        ax = get_ax(ax)
        df = self.frame
        missing = [w for w in words if w not in set(df["word"])]
        if missing:
            raise OOVError(missing, where="the change series")
        periods = list(dict.fromkeys(df["period"]))
        pos = {p: i for i, p in enumerate(periods)}
        for w in words:
            d = df[df["word"] == w]
            x = d["period"].map(pos).to_numpy()
            line, = ax.plot(x, d["score"], marker="o", label=w)
            if "ci_low" in d and d["ci_low"].notna().any():
                ax.fill_between(x, d["ci_low"], d["ci_high"], color=line.get_color(), alpha=0.2)
        ax.set_xticks(range(len(periods)), [str(p) for p in periods])
        ax.set_xlabel("period")
        ax.set_ylabel(f"{self.measure} change (vs {self.against})")
        ax.legend()
        ax.set_title("Semantic change over time")
        return ax


# --------------------------------------------------------------------- helpers
def knn_indices(u: np.ndarray, k: int, *, block_bytes: int = BLOCK_BYTES) -> np.ndarray:
    """Rows of the ``k`` nearest neighbours (cosine) of every row of unit matrix ``u``, self excluded, best first.

    Ties go to the lower row (:func:`wordvec._topk.top_k`); ``block_bytes`` bounds one
    block of scores.

    Examples
    --------
    >>> u = np.array([[1.0, 0.0], [0.8, 0.6], [0.0, 1.0]], dtype=np.float32)
    >>> knn_indices(u, 1).ravel().tolist()
    [1, 0, 1]
    """
    n = len(u)
    k = min(int(k), n - 1)
    if k < 1:
        raise DiachronicError("nearest neighbours need at least two words present in both periods")
    out = np.empty((n, k), dtype=np.int64)
    step = rows_per_block(4 * n, block_bytes)
    kernel = use_kernel(n * n)
    for start in range(0, n, step):
        end = min(n, start + step)
        s = u[start:end] @ u.T
        s[np.arange(end - start), np.arange(start, end)] = -np.inf
        out[start:end] = top_k(s, k, kernel=kernel)[0]
    return out


def _frame(series: DiachronicEmbedding, rows: np.ndarray, ta: int, tb: int, score: np.ndarray) -> pd.DataFrame:
    import pandas as pd

    freq = series.frequency
    counts = series.counts
    df = pd.DataFrame({
        "word": [series.words[i] for i in rows],
        "score": np.asarray(score, dtype=float),
        "count_start": counts[ta, rows] if counts is not None else np.full(len(rows), -1),
        "count_end": counts[tb, rows] if counts is not None else np.full(len(rows), -1),
        "freq_start": freq[ta, rows],
        "freq_end": freq[tb, rows],
    })
    return df.sort_values("score", ascending=False, kind="stable").reset_index(drop=True)


def _resolve(series: DiachronicEmbedding, start, end) -> tuple[int, int]:
    ta = 0 if start is None else series.period_index(start)
    tb = len(series.periods) - 1 if end is None else series.period_index(end)
    if ta == tb:
        raise DiachronicError(f"change needs two different periods, got {series.periods[ta]!r} twice")
    return ta, tb


def _shared_rows(series: DiachronicEmbedding, ta: int, tb: int, min_freq: float | None = None) -> np.ndarray:
    both = series.present[ta] & series.present[tb]
    if min_freq is not None and series.counts is not None:
        f = series.frequency
        both &= (f[ta] >= min_freq) & (f[tb] >= min_freq)
    rows = np.flatnonzero(both)
    if len(rows) == 0:
        raise DiachronicError(f"no word is present in both {series.periods[ta]!r} and {series.periods[tb]!r}"
                              + (f" with frequency ≥ {min_freq:g}" if min_freq else ""))
    return rows


# ---------------------------------------------------------------------- measures
def displacement(series: DiachronicEmbedding, start: Hashable | None = None, end: Hashable | None = None, *,
                 metric: str = "cosine") -> ChangeScores:
    """Cosine (``1 − cos``) or angular (``arccos(cos)/π``) distance of aligned vectors.

    Parameters
    ----------
    series : DiachronicEmbedding
        Must be aligned (:func:`~wordvec.diachronic.align`): distances between
        independently trained spaces are meaningless.
    start, end : period labels
        Default: first and last period.
    metric : {"cosine", "angular"}

    References
    ----------
    Hamilton, Leskovec & Jurafsky (2016). Diachronic word embeddings reveal statistical
    laws of semantic change. ACL.

    Examples
    --------
    >>> from wordvec.diachronic import align, synthetic
    >>> planted = synthetic.planted_shift_embeddings(n_words=300, dim=10, n_planted=5, seed=1)
    >>> scores = displacement(align(planted.series))
    >>> set(scores.most_changed(5)["word"]) == set(planted.planted)
    True
    """
    if metric not in ("cosine", "angular"):
        raise ParameterError(f"metric must be 'cosine' or 'angular', not {metric!r}")
    if not series.aligned:
        raise DiachronicError("cosine/angular change needs an aligned series: call wordvec.diachronic.align(series) first "
                              "(or use the alignment-free measures 'local' or 'nn_overlap')")
    ta, tb = _resolve(series, start, end)
    rows = _shared_rows(series, ta, tb)
    ua, ub = unit_rows(series.vectors[ta, rows], np.float32), unit_rows(series.vectors[tb, rows], np.float32)
    cos = np.einsum("ij,ij->i", ua, ub, dtype=np.float64)
    cos = np.clip(cos, -1.0, 1.0)
    score = 1.0 - cos if metric == "cosine" else np.arccos(cos) / np.pi
    absent = [series.words[i] for i in np.flatnonzero(~(series.present[ta] & series.present[tb]))]
    return ChangeScores(metric, series.periods[ta], series.periods[tb], _frame(series, rows, ta, tb, score), absent)


def local_neighborhood_change(series: DiachronicEmbedding, start: Hashable | None = None, end: Hashable | None = None, *,
                              k: int = 25, progress: bool | None = None) -> ChangeScores:
    """Local-neighbourhood change (Hamilton, Leskovec & Jurafsky 2016b); no alignment needed.

    For word ``w``, ``N`` is the union of its ``k`` nearest neighbours in both periods
    (among words present in both); ``s_t(j) = cos(w_t, x_{j,t})`` for ``j ∈ N``; the
    change is the cosine distance between ``s_start`` and ``s_end``.

    References
    ----------
    Hamilton, W. L., Leskovec, J. & Jurafsky, D. (2016). Cultural shift or linguistic
    drift? Comparing two computational measures of semantic change. EMNLP.
    """
    ta, tb = _resolve(series, start, end)
    rows = _shared_rows(series, ta, tb)
    ua, ub = unit_rows(series.vectors[ta, rows], np.float32), unit_rows(series.vectors[tb, rows], np.float32)
    neigh = np.concatenate([knn_indices(ua, k), knn_indices(ub, k)], axis=1)
    neigh.sort(axis=1)
    dup = np.zeros(neigh.shape, dtype=bool)
    dup[:, 1:] = neigh[:, 1:] == neigh[:, :-1]  # the union counts a shared neighbour once
    n, m = neigh.shape
    score = np.empty(n)
    step = rows_per_block(4 * m * ua.shape[1])
    for s0 in progress_bar(range(0, n, step), desc="local neighbourhoods", progress=progress):
        s1 = min(n, s0 + step)
        nb = neigh[s0:s1]
        sa = np.einsum("id,ijd->ij", ua[s0:s1], ua[nb])
        sb = np.einsum("id,ijd->ij", ub[s0:s1], ub[nb])
        sa[dup[s0:s1]] = 0.0
        sb[dup[s0:s1]] = 0.0
        num = np.einsum("ij,ij->i", sa, sb, dtype=np.float64)
        den = np.linalg.norm(sa, axis=1) * np.linalg.norm(sb, axis=1)
        score[s0:s1] = 1.0 - num / np.maximum(den, 1e-12)
    absent = [series.words[i] for i in np.flatnonzero(~(series.present[ta] & series.present[tb]))]
    return ChangeScores("local", series.periods[ta], series.periods[tb], _frame(series, rows, ta, tb, score), absent,
                        {"k": int(k)})


def nn_overlap_change(series: DiachronicEmbedding, start: Hashable | None = None, end: Hashable | None = None, *,
                      k: int = 1000, min_freq: float | None = 1e-5) -> ChangeScores:
    """Nearest-neighbour overlap change (Gonen et al. 2020): ``1 − |NN_k(t₁) ∩ NN_k(t₂)| / k``.

    Neighbours are searched among words present in both periods with relative
    frequency ≥ ``min_freq`` in both (the paper's 1e-5; ignored without counts).
    ``k`` is capped at the number of such words − 1. The frame also holds the raw
    ``overlap``.

    References
    ----------
    Gonen, H., Jawahar, G., Seddah, D. & Goldberg, Y. (2020). Simple, interpretable and
    stable method for detecting words with usage change across corpora. ACL.

    Examples
    --------
    No alignment needed:

    >>> from wordvec.diachronic import synthetic
    >>> planted = synthetic.planted_shift_embeddings(n_words=300, dim=10, n_planted=5, seed=1)
    >>> nn_overlap_change(planted.series, k=10, min_freq=None).auc(planted.planted)["auc"]
    1.0
    """
    ta, tb = _resolve(series, start, end)
    rows = _shared_rows(series, ta, tb, min_freq)
    ua, ub = unit_rows(series.vectors[ta, rows], np.float32), unit_rows(series.vectors[tb, rows], np.float32)
    na, nb = knn_indices(ua, k), knn_indices(ub, k)
    k_eff = na.shape[1]
    both = np.concatenate([na, nb], axis=1)
    both.sort(axis=1)
    overlap = (both[:, 1:] == both[:, :-1]).sum(axis=1)
    frame = _frame(series, rows, ta, tb, 1.0 - overlap / k_eff)
    frame["overlap"] = (k_eff * (1.0 - frame["score"])).round().astype(int)
    keep = set(rows.tolist())
    absent = [series.words[i] for i in range(len(series)) if i not in keep]
    return ChangeScores("nn_overlap", series.periods[ta], series.periods[tb], frame, absent,
                        {"k": int(k_eff), "min_freq": min_freq})


def measure_change(series: DiachronicEmbedding, start: Hashable | None = None, end: Hashable | None = None, *,
                   measure: str = "cosine", **kwargs: Any) -> ChangeScores:
    """Dispatch to one of :data:`MEASURES` (``cosine``, ``angular``, ``local``, ``nn_overlap``)."""
    if measure in ("cosine", "angular"):
        return displacement(series, start, end, metric=measure)
    if measure == "local":
        return local_neighborhood_change(series, start, end, **kwargs)
    if measure == "nn_overlap":
        return nn_overlap_change(series, start, end, **kwargs)
    raise ParameterError(f"measure: unknown change measure {measure!r}; choose one of {MEASURES}")


def change_series(series: DiachronicEmbedding, *, measure: str = "cosine", against: str | Hashable = "previous",
                  **kwargs: Any) -> ChangeSeries:
    """Change of every word along the series.

    Parameters
    ----------
    against : "previous", "first" or a period label
        Compare each period with its predecessor, with the first period, or with one
        fixed period.
    """
    import pandas as pd

    T = len(series.periods)
    if against == "previous":
        pairs = [(t - 1, t) for t in range(1, T)]
    else:
        ref = 0 if against == "first" else series.period_index(against)
        pairs = [(ref, t) for t in range(T) if t != ref]
    frames = []
    for a, b in pairs:
        cs = measure_change(series, series.periods[a], series.periods[b], measure=measure, **kwargs)
        f = cs.frame[["word", "score"]].copy()
        f.insert(1, "period", series.periods[b])
        f.insert(2, "reference", series.periods[a])
        frames.append(f)
    frame = pd.concat(frames, ignore_index=True)
    order = {w: i for i, w in enumerate(series.words)}
    frame = frame.sort_values(["word", "period"], key=lambda c: c.map(order) if c.name == "word" else c.map(
        {p: i for i, p in enumerate(series.periods)})).reset_index(drop=True)
    return ChangeSeries(measure, str(against), frame)


# --------------------------------------------------------------- neighbour queries
@dataclass
class NeighborsOverTime(ResultMixin):
    """Nearest neighbours of one query in every period (``period``, ``rank``, ``neighbor``, ``similarity``)."""

    word: str
    kind: str
    query_period: Hashable | None
    frame: pd.DataFrame
    absent_periods: list = field(default_factory=list)

    def to_frame(self) -> pd.DataFrame:
        return self.frame.copy()

    def wide(self) -> pd.DataFrame:
        """Ranks × periods table of neighbour words."""
        return self.frame.pivot(index="rank", columns="period", values="neighbor")

    def summary(self) -> Summary:
        title = (f"Which words meant what {self.word!r} means in {self.query_period}?" if self.kind == "onomasiological"
                 else f"Neighbours of {self.word!r} in each period")
        notes = [f"{self.word!r} is absent from {self.absent_periods}"] if self.absent_periods else []
        return Summary(title, {"query": self.word, "kind": self.kind}, [self.wide()], notes)

    def plot(self, ax: Axes | None = None) -> Axes:
        """Similarity of the top neighbour in each period."""
        from ..plot import get_ax

        ax = get_ax(ax)
        top = self.frame[self.frame["rank"] == 1]
        ax.plot([str(p) for p in top["period"]], top["similarity"], marker="o")
        for p, s, w in zip(top["period"], top["similarity"], top["neighbor"]):
            ax.annotate(w, (str(p), s), xytext=(3, 3), textcoords="offset points", fontsize=8)
        ax.set_ylabel("cosine of the nearest neighbour")
        ax.set_title(self.summary().title)
        return ax


def neighbors_over_time(series: DiachronicEmbedding, word: str, k: int = 10) -> NeighborsOverTime:
    """The word's own nearest neighbours in each period where it is present (no alignment needed)."""
    import pandas as pd

    i = series.index(word)
    frames, absent = [], []
    for t, p in enumerate(series.periods):
        if not series.present[t, i]:
            absent.append(p)
            continue
        frames.append(nearest_in_period(series, t, series.vectors[t, i], k, exclude=i))
    return NeighborsOverTime(word, "semasiological", None, pd.concat(frames, ignore_index=True), absent)


def onomasiological(series: DiachronicEmbedding, word: str, *, period: Hashable | None = None, k: int = 10) -> NeighborsOverTime:
    """Which words in each period were closest to what ``word`` means in ``period``?

    The word's aligned vector in ``period`` (default: the last) is used as a query
    against every period's vocabulary, so the neighbours in earlier periods name the
    older words for the concept ("From cart to truck", 2024).

    Raises
    ------
    DiachronicError
        If the series is not aligned.
    AbsentWordError
        If ``word`` is absent from ``period``.

    Examples
    --------
    A planted word took over its donor's meaning; before the shift, the donor was the
    word for it:

    >>> from wordvec.diachronic import align, synthetic
    >>> planted = synthetic.planted_shift_embeddings(n_words=300, dim=10, n_planted=5, seed=1)
    >>> ono = onomasiological(align(planted.series), planted.planted[0], k=1).to_frame()
    >>> ono["neighbor"].iloc[0] == planted.donors[0]
    True
    """
    import pandas as pd

    if not series.aligned:
        raise DiachronicError("onomasiological queries compare vectors across periods: align the series first")
    tq = len(series.periods) - 1 if period is None else series.period_index(period)
    q = series.vector(word, series.periods[tq])
    i = series.index(word)
    frames = [nearest_in_period(series, t, q, k, exclude=i if t == tq else None) for t in range(len(series.periods))]
    return NeighborsOverTime(word, "onomasiological", series.periods[tq], pd.concat(frames, ignore_index=True))
