"""The statistical laws of semantic change (Hamilton, Leskovec & Jurafsky 2016), with a control.

``Δ(w) ∝ f(w)^{β_f} · d(w)^{β_d}``: the *law of conformity* (β_f < 0, frequent words
change more slowly) and the *law of innovation* (β_d > 0, polysemous words change
faster). Dubossarsky, Weinshall & Grossman (2017) showed that much of the frequency
effect also appears in corpora whose documents were shuffled across periods — so the
same model is fitted on such a control and reported next to the observed fit.
"""
from __future__ import annotations

import warnings
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from .._deprecation import renamed_parameters
from ..results import ResultMixin, Summary
from ._base import DiachronicError

if TYPE_CHECKING:
    import pandas as pd
    import scipy.sparse as sp
    from matplotlib.axes import Axes

    from .series import DiachronicEmbedding

#: A small English stop list (function words), removed from the polysemy network as in HistWords.
ENGLISH_STOPWORDS = frozenset("""
a about above after again against all am an and any are as at be because been before being below between both but by
can could did do does doing down during each few for from further had has have having he her here hers herself him
himself his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other
our ours ourselves out over own same she should so some such than that the their theirs them themselves then there
these they this those through to too under until up very was we were what when where which while who whom why will
with would you your yours yourself yourselves shall may might must upon
""".split())


# ------------------------------------------------------------------ network measures
@renamed_parameters(alpha="cds")
def ppmi_matrix(counts: Any, cds: float = 0.75) -> sp.csr_matrix:
    """Deprecated alias of :func:`wordvec.train.ppmi_matrix` (``shift=1``); ``alpha`` is now ``cds``.

    .. deprecated:: use ``wordvec.train.ppmi_matrix(counts, cds=cds)``.
    """
    from ..train.ppmi import ppmi_matrix as train_ppmi_matrix

    warnings.warn("wordvec.diachronic.laws.ppmi_matrix is deprecated, use wordvec.train.ppmi_matrix",
                  DeprecationWarning, stacklevel=3)
    return train_ppmi_matrix(counts, cds=cds)


def clustering_coefficient(adjacency: Any, block: int = 2048) -> np.ndarray:
    """Local clustering coefficient of every node of an undirected, unweighted graph.

    ``C(i) = triangles(i) / (k_i (k_i − 1) / 2)`` (Watts & Strogatz 1998); nodes with
    degree < 2 get 0. The adjacency is binarised and symmetrised, self-loops dropped.
    Equals ``networkx.clustering`` on the same graph.
    """
    import scipy.sparse as sp

    a = sp.csr_matrix(adjacency, dtype=np.float64)
    a = ((a + a.T) != 0).astype(np.float64).tocsr()
    a.setdiag(0)
    a.eliminate_zeros()
    deg = np.asarray(a.sum(axis=1)).ravel()
    tri = np.empty(a.shape[0])
    for s in range(0, a.shape[0], block):  # blocks keep A·A from densifying at once
        rows = a[s:s + block]
        tri[s:s + block] = np.asarray((rows @ a).multiply(rows).sum(axis=1)).ravel() / 2
    with np.errstate(divide="ignore", invalid="ignore"):
        c = np.where(deg >= 2, tri / (deg * (deg - 1) / 2), 0.0)
    return c


def _cooc_parts(c: Any) -> tuple[sp.csr_matrix, list[str]]:
    """(matrix, words) of a Cooccurrence-like object or a (matrix, words) pair."""
    import scipy.sparse as sp

    if isinstance(c, tuple) and len(c) == 2:
        return sp.csr_matrix(c[0]), [str(w) for w in c[1]]
    matrix, vocab = getattr(c, "matrix", None), getattr(c, "vocab", None)
    if matrix is None or vocab is None:
        raise DiachronicError(f"expected a wordvec Cooccurrence (with .matrix and .vocab) or a (matrix, words) pair, "
                              f"got {type(c).__name__}")
    return sp.csr_matrix(matrix), [str(w) for w in getattr(vocab, "words", vocab)]


@renamed_parameters(alpha="cds")
def polysemy(cooccurrence: Any, words: Iterable[str] | None = None, *, network_size: int = 10_000,
             stopwords: Iterable[str] | None = ENGLISH_STOPWORDS, cds: float = 0.75) -> pd.Series:
    """Polysemy score ``−log C(w)`` in the PPMI co-occurrence network (Hamilton et al. 2016).

    The network joins two words when their PPMI (:func:`wordvec.train.ppmi_matrix`,
    context-distribution smoothing ``cds``, no shift) is positive in either direction;
    it holds the ``network_size`` most frequent non-stop words. Words outside it, or
    with ``C(w) = 0`` (score +inf), get NaN.

    Parameters
    ----------
    cooccurrence : Cooccurrence or (matrix, words)
    words : iterable of str, optional
        Words to score (default: the network's).
    cds : float, default 0.75
        Context-distribution smoothing (Levy, Goldberg & Dagan 2015; HistWords' 0.75).
        Formerly ``alpha`` (deprecated alias).

    References
    ----------
    Hamilton, Leskovec & Jurafsky (2016), ACL, section 4 (the polysemy measure);
    Watts & Strogatz (1998), Nature (the clustering coefficient).

    Examples
    --------
    Two triangles joined by a bridge word, whose neighbours are less clustered:

    >>> import scipy.sparse as sp
    >>> c = np.zeros((7, 7))
    >>> for a, b in [(0, 1), (0, 2), (1, 2), (3, 4), (3, 5), (4, 5)] + [(6, j) for j in range(6)]:
    ...     c[a, b] = c[b, a] = 1
    >>> p = polysemy((sp.csr_matrix(c), list("abcdefx")), stopwords=None, cds=1.0)
    >>> round(float(p["x"]), 3)  # −log C(x), C(x) = 6 of 15 neighbour pairs linked
    0.916
    >>> float(abs(p["a"]))  # a clique member: C = 1
    0.0
    """
    import pandas as pd

    from ..train.ppmi import ppmi_matrix as train_ppmi_matrix

    m, vocab = _cooc_parts(cooccurrence)
    freq = np.asarray(m.sum(axis=1)).ravel()
    stop = set(stopwords or ())
    cand = np.array([i for i in np.argsort(-freq, kind="stable") if vocab[i] not in stop and freq[i] > 0][:network_size],
                    dtype=np.int64)
    if len(cand) < 3:
        raise DiachronicError(f"the polysemy network has only {len(cand)} word(s)")
    p = train_ppmi_matrix(m[cand][:, cand], cds=cds)
    c = clustering_coefficient(p)
    with np.errstate(divide="ignore"):
        score = np.where(c > 0, -np.log(c), np.nan)
    s = pd.Series(score, index=[vocab[i] for i in cand], name="polysemy")
    if words is not None:
        s = s.reindex(list(words))
    return s


# ---------------------------------------------------------------------- data + fit
def _cooccurrences(series: DiachronicEmbedding, cooccurrence: Mapping | None) -> dict:
    if cooccurrence is not None:
        missing = [p for p in series.periods[:-1] if p not in cooccurrence]
        if missing:
            raise DiachronicError(f"no co-occurrence matrix for period(s) {missing!r}")
        return dict(cooccurrence)
    found = {p: getattr(series.trainers.get(p), "cooccurrence_", None) for p in series.periods}
    missing = [p for p in series.periods[:-1] if found[p] is None]
    if missing:
        raise DiachronicError(
            "laws() needs each period's co-occurrence counts for the polysemy measure: pass cooccurrence={period: "
            "Cooccurrence} or build the series with train_periods() and a trainer that keeps cooccurrence_ "
            f"(missing for {missing!r})")
    return found


def laws_frame(series: DiachronicEmbedding, cooccurrence: Mapping[Hashable, Any] | None = None, *,
               min_count: int = 500, network_size: int = 10_000, stopwords: Iterable[str] | None = ENGLISH_STOPWORDS,
               words: Iterable[str] | None = None) -> pd.DataFrame:
    """One row per word per consecutive pair of periods: the data of the laws model.

    Columns: ``word``, ``period`` (earlier of the pair), ``angular`` (arccos(cos)/π of
    the aligned vectors), ``change`` (log angular, z-scored over all rows),
    ``log_freq`` (log relative frequency in the earlier period), ``polysemy``
    (−log local clustering coefficient in the earlier period's PPMI network).
    Only words with ≥ ``min_count`` occurrences in both periods (HistWords: 500)
    and a finite polysemy score enter.
    """
    import pandas as pd

    if not series.aligned:
        raise DiachronicError("laws() measures change between aligned vectors: call wordvec.diachronic.align(series) first")
    if series.counts is None:
        raise DiachronicError("laws() needs word counts per period (log frequency); the series carries none")
    coocs = _cooccurrences(series, cooccurrence)
    keep_words = None if words is None else set(series.indices(words).tolist())
    freq = series.frequency
    frames = []
    for t in range(len(series.periods) - 1):
        ok = series.present[t] & series.present[t + 1] & (series.counts[t] >= min_count) & (series.counts[t + 1] >= min_count)
        rows = np.flatnonzero(ok)
        if keep_words is not None:
            rows = np.array([r for r in rows if r in keep_words], dtype=np.int64)
        if len(rows) == 0:
            continue
        a, b = series.vectors[t, rows].astype(np.float64), series.vectors[t + 1, rows].astype(np.float64)
        cos = np.einsum("ij,ij->i", a, b) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))
        ang = np.arccos(np.clip(cos, -1, 1)) / np.pi
        wl = [series.words[i] for i in rows]
        poly = polysemy(coocs[series.periods[t]], wl, network_size=network_size, stopwords=stopwords).to_numpy()
        frames.append(pd.DataFrame({"word": wl, "period": series.periods[t], "angular": ang,
                                    "log_freq": np.log(freq[t, rows]), "polysemy": poly}))
    if not frames:
        raise DiachronicError(f"no word has ≥ {min_count} occurrences in two consecutive periods; lower min_count")
    df = pd.concat(frames, ignore_index=True)
    df = df[np.isfinite(df["polysemy"]) & (df["angular"] > 0)].reset_index(drop=True)
    if len(df) < 3:
        raise DiachronicError(f"only {len(df)} usable rows for the laws model (min_count={min_count})")
    la = np.log(df["angular"])
    df["change"] = (la - la.mean()) / la.std(ddof=0)
    return df


TERMS = {"log_freq": "β_f (frequency)", "polysemy": "β_d (polysemy)"}


@dataclass
class LawsResult(ResultMixin):
    """Fit of ``change ~ C(period) + log_freq + polysemy`` with a random intercept per word.

    Attributes
    ----------
    result : statsmodels MixedLMResults
        The full statsmodels fit.
    data : DataFrame
        The rows it was fitted on (see :func:`laws_frame`).
    control : LawsResult or None
        The same fit on a shuffled-corpus control (Dubossarsky et al. 2017).
    label : str
    """

    result: Any = field(repr=False)
    data: pd.DataFrame = field(repr=False)
    control: "LawsResult | None" = None
    label: str = "observed"

    def conf_int(self, alpha: float = 0.05) -> pd.DataFrame:
        """Wald intervals of β_f and β_d."""
        ci = self.result.conf_int(alpha)
        return ci.loc[list(TERMS)].rename(columns={0: "ci_low", 1: "ci_high"})

    @property
    def table(self) -> pd.DataFrame:
        """Tidy β_f and β_d: ``estimate``, ``se``, ``z``, two-sided ``p_value``, 95 % ``ci_low``/``ci_high``, rows, words."""
        import pandas as pd

        r = self.result
        ci = self.conf_int(0.05)
        return pd.DataFrame({
            "model": self.label,
            "term": list(TERMS),
            "name": [TERMS[t] for t in TERMS],
            "estimate": [float(r.fe_params[t]) for t in TERMS],
            "se": [float(r.bse_fe[t]) for t in TERMS],
            "z": [float(r.tvalues[t]) for t in TERMS],
            "p_value": [float(r.pvalues[t]) for t in TERMS],
            "ci_low": ci["ci_low"].to_numpy(),
            "ci_high": ci["ci_high"].to_numpy(),
            "n_obs": int(r.nobs),
            "n_words": int(self.data["word"].nunique()),
        })

    def to_frame(self) -> pd.DataFrame:
        """The tidy table, with the control's rows below when there is one."""
        import pandas as pd

        if self.control is None:
            return self.table
        return pd.concat([self.table, self.control.table], ignore_index=True)

    def summary(self) -> Summary:
        notes = ["change = z-scored log angular distance between consecutive aligned periods; "
                 "MixedLM (statsmodels), period fixed effects, random intercept per word; Wald 95 % CIs"]
        if self.control is not None:
            notes.append("control: same pipeline on documents shuffled across periods — a coefficient that is as large "
                         "there is not evidence of a law (Dubossarsky et al. 2017)")
        else:
            notes.append("no shuffled control fitted: see Dubossarsky et al. (2017) before reading β_f as a law")
        return Summary("Laws of semantic change (Hamilton et al. 2016)",
                       {"rows": int(self.result.nobs), "words": int(self.data["word"].nunique()),
                        "period pairs": int(self.data["period"].nunique())},
                       [self.to_frame().set_index(["model", "name"]).drop(columns="term")], notes)

    def plot(self, ax: Axes | None = None) -> Axes:
        """β_f and β_d with 95 % CIs, observed vs control."""
        from ..plot import get_ax

        ax = get_ax(ax)
        df = self.to_frame()
        models = list(dict.fromkeys(df["model"]))
        width = 0.8 / len(models)
        colors = ["#4c72b0", "#8c8c8c", "#dd8452"]
        for j, m in enumerate(models):
            d = df[df["model"] == m]
            x = np.arange(len(d)) + (j - (len(models) - 1) / 2) * width
            ax.errorbar(x, d["estimate"], yerr=[d["estimate"] - d["ci_low"], d["ci_high"] - d["estimate"]], fmt="o", capsize=4,
                        color=colors[j % 3], label=m)
        ax.axhline(0, color="black", lw=0.8)
        ax.set_xticks(range(len(TERMS)), list(TERMS.values()))
        ax.set_ylabel("coefficient on z-scored log change (95 % CI)")
        ax.set_title("Laws of semantic change: observed vs shuffled control")
        ax.legend()
        return ax


def fit_laws(data: pd.DataFrame, *, label: str = "observed", reml: bool = True) -> LawsResult:
    """Fit statsmodels ``MixedLM("change ~ C(period) + log_freq + polysemy", groups=word)``.

    ``data`` needs the columns ``word``, ``period``, ``change``, ``log_freq`` and
    ``polysemy`` (e.g. from :func:`laws_frame`).

    References
    ----------
    Hamilton, W. L., Leskovec, J. & Jurafsky, D. (2016). Diachronic word embeddings
    reveal statistical laws of semantic change. ACL.
    """
    import statsmodels.formula.api as smf

    need = {"word", "period", "change", "log_freq", "polysemy"}
    missing = need - set(data.columns)
    if missing:
        raise DiachronicError(f"the laws data lacks column(s) {sorted(missing)}")
    formula = "change ~ C(period) + log_freq + polysemy" if data["period"].nunique() > 1 else "change ~ log_freq + polysemy"
    model = smf.mixedlm(formula, data, groups=data["word"])
    with warnings.catch_warnings():
        # Few observations per word make the random-effect variance hit the boundary; the
        # fixed effects are still fine and the warning would bury the result.
        warnings.simplefilter("ignore")
        res = model.fit(reml=reml)
    return LawsResult(res, data, None, label)


def laws(series: DiachronicEmbedding, *, control: DiachronicEmbedding | None = None,
         cooccurrence: Mapping | None = None, control_cooccurrence: Mapping | None = None, min_count: int = 500,
         network_size: int = 10_000, stopwords: Iterable[str] | None = ENGLISH_STOPWORDS) -> LawsResult:
    """The laws of semantic change, fitted on ``series`` and (optionally) its shuffled control.

    Parameters
    ----------
    series : DiachronicEmbedding
        Aligned, with counts; co-occurrences from ``cooccurrence`` or the per-period
        trainers kept by :func:`~wordvec.diachronic.train_periods`.
    control : DiachronicEmbedding, optional
        The same pipeline on a corpus whose documents were shuffled across periods
        (:func:`~wordvec.diachronic.null.shuffled_series`); it must be aligned too.
    min_count : int
        Minimum count in both periods of a pair (HistWords: 500; lower it for small corpora).

    Returns
    -------
    LawsResult
        ``.result`` (statsmodels), ``.table`` (β_f, β_d with CIs), ``.control``.

    References
    ----------
    Hamilton, Leskovec & Jurafsky (2016), ACL. Dubossarsky, Weinshall & Grossman (2017).
    Outta control: laws of semantic change and inherent biases in word representation
    models. EMNLP.
    """
    kw = dict(min_count=min_count, network_size=network_size, stopwords=stopwords)
    out = fit_laws(laws_frame(series, cooccurrence, **kw), label="observed")
    if control is not None:
        out.control = fit_laws(laws_frame(control, control_cooccurrence, **kw), label="shuffled control")
    return out
