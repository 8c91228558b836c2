"""How much "change" appears with no time signal at all? Shuffled controls and resampling intervals.

* Control (Dubossarsky, Weinshall & Grossman 2017): documents are reassigned to periods
  at random, keeping the period sizes; the whole pipeline (training, alignment, change)
  is re-run. Change measured there is noise, frequency and model artefacts — the null
  against which each word's observed change gets a z-score and a p-value.
* Intervals: a document bootstrap (documents resampled with replacement within each
  period) or seed variation (the trainer re-run with other seeds), giving a percentile
  interval per word's change score.
"""
from __future__ import annotations

import warnings
from collections.abc import Callable, Hashable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from .._deprecation import renamed_parameters
from .._estimator import clone
from .._progress import progress_bar
from ..errors import ParameterError
from ._base import DiachronicError
from .align import align
from .change import ChangeScores, ChangeSeries, change_series, measure_change
from .series import DiachronicEmbedding, _period_items, train_periods

if TYPE_CHECKING:
    import pandas as pd


def shuffle_periods(corpora: Any, seed: int | None = 0) -> Any:
    """Documents randomly reassigned across periods, period sizes kept (Dubossarsky et al. 2017).

    Uses ``corpora.shuffled(seed)`` of a :class:`wordvec.corpus.TimeSlicedCorpus`;
    for a mapping period → documents it shuffles here and returns a dict.
    """
    if hasattr(corpora, "shuffled") and not isinstance(corpora, dict):
        return corpora.shuffled(seed)
    items = _period_items(corpora)
    docs = [list(c) for _, c in items]
    sizes = [len(d) for d in docs]
    pool = [doc for d in docs for doc in d]
    perm = np.random.default_rng(seed).permutation(len(pool))
    out, start = {}, 0
    for (p, _), n in zip(items, sizes):
        out[p] = [pool[i] for i in perm[start:start + n]]
        start += n
    return out


def shuffled_series(corpora: Any, trainer: Any, *, seed: int | None = 0, **train_kw: Any) -> DiachronicEmbedding:
    """:func:`train_periods` on the shuffled corpus (same trainer, same vocabulary policy)."""
    s = train_periods(shuffle_periods(corpora, seed), trainer, **train_kw)
    s.meta["control"] = f"documents shuffled across periods (seed {seed})"
    return s


def _pipeline(corpora, trainer, measure, start, end, align_kw, train_kw, measure_kw):
    s = train_periods(corpora, trainer, **train_kw)
    if measure in ("cosine", "angular"):
        s = align(s, **align_kw)
    return measure_change(s, start, end, measure=measure, **measure_kw), s


def compare_to_control(observed: ChangeScores, controls: Sequence[ChangeScores], *, bins: int = 10) -> ChangeScores:
    """Per-word z-scores and p-values of observed change against shuffled-control change.

    The null of a word is the control change of words *of similar frequency* — pooled
    over all controls and over the words in the same frequency bin (``bins``
    quantile bins of the mean relative frequency in the two periods), because change
    scores of rare words are noisier. ``z = (score − mean_null) / sd_null``;
    ``p_value = (1 + #{null ≥ score}) / (1 + #null)`` (one-sided, more change than the
    null); ``q`` is the Benjamini–Hochberg adjusted p-value.

    References
    ----------
    Dubossarsky, H., Weinshall, D. & Grossman, E. (2017). Outta control: laws of semantic
    change and inherent biases in word representation models. EMNLP.
    """
    import pandas as pd

    if not controls:
        raise DiachronicError("compare_to_control() needs at least one control")
    bad = [c.measure for c in controls if c.measure != observed.measure]
    if bad:
        raise DiachronicError(f"controls measured {bad}, the observed scores {observed.measure!r}")
    obs = observed.frame.copy()
    lf = lambda d: np.log(np.maximum((d["freq_start"].to_numpy() + d["freq_end"].to_numpy()) / 2, 1e-300))  # noqa: E731
    null = pd.concat([c.frame.assign(_lf=lf(c.frame)) for c in controls], ignore_index=True)
    obs_lf = lf(obs)
    if np.isfinite(obs_lf).all() and np.ptp(obs_lf) > 0:
        edges = np.unique(np.quantile(obs_lf, np.linspace(0, 1, bins + 1)))
    else:  # no counts: one pooled null
        edges = np.array([-np.inf, np.inf])
    edges[0], edges[-1] = -np.inf, np.inf
    ob = np.clip(np.searchsorted(edges, obs_lf, side="right") - 1, 0, len(edges) - 2)
    nb = np.clip(np.searchsorted(edges, null["_lf"].to_numpy(), side="right") - 1, 0, len(edges) - 2)
    z = np.full(len(obs), np.nan)
    p = np.full(len(obs), np.nan)
    mu = np.full(len(obs), np.nan)
    scores = obs["score"].to_numpy()
    nulls = null["score"].to_numpy()
    for b in range(len(edges) - 1):
        pool = np.sort(nulls[nb == b])
        sel = ob == b
        if len(pool) < 2 or not sel.any():
            continue
        m, sd = pool.mean(), pool.std(ddof=1)
        mu[sel] = m
        z[sel] = (scores[sel] - m) / sd if sd > 0 else np.nan
        ge = len(pool) - np.searchsorted(pool, scores[sel], side="left")
        p[sel] = (1 + ge) / (1 + len(pool))
    obs["null_mean"], obs["z"], obs["p_value"] = mu, z, p
    obs["q"] = _bh(p)
    params = {**observed.params, "control": f"{len(controls)} shuffled-corpus run(s), {len(edges) - 1} frequency bins"}
    return ChangeScores(observed.measure, observed.start, observed.end, obs, list(observed.absent), params)


def _bh(p: np.ndarray) -> np.ndarray:
    """Benjamini–Hochberg adjusted p-values (NaN kept)."""
    out = np.full(len(p), np.nan)
    ok = np.flatnonzero(np.isfinite(p))
    if len(ok) == 0:
        return out
    order = ok[np.argsort(p[ok])]
    m = len(ok)
    adj = p[order] * m / np.arange(1, m + 1)
    adj = np.minimum.accumulate(adj[::-1])[::-1]
    out[order] = np.minimum(adj, 1.0)
    return out


def change_with_control(corpora: Any, trainer: Any, *, start: Hashable | None = None, end: Hashable | None = None,
                        measure: str = "cosine", n_controls: int = 3, seed: int = 0, bins: int = 10,
                        align_kw: dict | None = None, train_kw: dict | None = None, measure_kw: dict | None = None,
                        progress: bool | None = None) -> tuple[ChangeScores, list[ChangeScores], DiachronicEmbedding]:
    """Observed change with z/p against ``n_controls`` shuffled-corpus runs of the same pipeline.

    Returns
    -------
    scores : ChangeScores
        With ``null_mean``, ``z``, ``p_value``, ``q`` columns (see :func:`compare_to_control`).
    controls : list of ChangeScores
        The controls' own change scores (a user can check that nothing "changes" there).
    series : DiachronicEmbedding
        The observed (aligned, for cosine/angular) series.
    """
    align_kw, train_kw, measure_kw = dict(align_kw or {}), dict(train_kw or {}), dict(measure_kw or {})
    observed, series = _pipeline(corpora, trainer, measure, start, end, align_kw, train_kw, measure_kw)
    ss = np.random.SeedSequence(seed).generate_state(n_controls)
    controls = []
    for s in progress_bar(list(ss), desc="shuffled controls", progress=progress):
        c, _ = _pipeline(shuffle_periods(corpora, int(s)), trainer, measure, observed.start, observed.end,
                         align_kw, train_kw, measure_kw)
        controls.append(c)
    return compare_to_control(observed, controls, bins=bins), controls, series


def _check_resampling(method: str, n_bootstrap: int, caller: str) -> None:
    if method not in ("bootstrap", "seed"):
        raise ParameterError(f"method must be 'bootstrap' or 'seed', got {method!r}")
    if n_bootstrap < 2:
        raise DiachronicError(f"{caller} needs n_bootstrap ≥ 2 replicates, got {n_bootstrap}")


def _replicates(corpora: Any, trainer: Any, one: Callable[[Any, Any], pd.Series], *, n_bootstrap: int,
                method: str, seed: int, progress: bool | None) -> pd.DataFrame:
    """Scores of ``n_bootstrap`` document-bootstrap or seed replicates, one column each."""
    import pandas as pd

    items = [(p, list(c)) for p, c in _period_items(corpora)]
    rng = np.random.default_rng(seed)
    reps = []
    for b in progress_bar(range(n_bootstrap), desc=f"{method} replicates", progress=progress):
        if method == "bootstrap":
            data, est = {p: [docs[i] for i in rng.integers(len(docs), size=len(docs))] for p, docs in items}, trainer
        else:
            data, est = dict(items), clone(trainer, seed=int(rng.integers(2**31 - 1)))
        reps.append(one(data, est).rename(b))
    return pd.concat(reps, axis=1)


def _percentiles(out: pd.DataFrame, vals: np.ndarray, alpha: float) -> None:
    """``ci_low``/``ci_high`` columns: the ``1 − alpha`` percentile interval of each row of ``vals``."""
    with warnings.catch_warnings():  # a word absent from every replicate has no interval: NaN, by design
        warnings.simplefilter("ignore", RuntimeWarning)
        out["ci_low"] = np.nanquantile(vals, alpha / 2, axis=1)
        out["ci_high"] = np.nanquantile(vals, 1 - alpha / 2, axis=1)


@renamed_parameters(n="n_bootstrap")
def resample_change(corpora: Any, trainer: Any, *, start: Hashable | None = None, end: Hashable | None = None,
                    measure: str = "cosine", n_bootstrap: int = 10, method: str = "bootstrap", alpha: float = 0.05,
                    seed: int = 0, observed: ChangeScores | None = None, align_kw: dict | None = None,
                    train_kw: dict | None = None, measure_kw: dict | None = None,
                    progress: bool | None = None) -> ChangeScores:
    """Percentile intervals of every word's change score by document bootstrap or seed variation.

    Parameters
    ----------
    n_bootstrap : int, default 10
        Replicates (formerly ``n``, a deprecated alias).
    method : {"bootstrap", "seed"}
        ``"bootstrap"``: each period's documents are resampled with replacement,
        ``n_bootstrap`` times. ``"seed"``: the trainer is re-run with ``n_bootstrap``
        different seeds (its ``seed`` parameter) on the same documents — the variation
        Gonen et al. (2020) and Antoniak & Mimno (2018) warn about.
    observed : ChangeScores, optional
        The point estimates to attach intervals to (default: one run on the data).

    Returns
    -------
    ChangeScores
        ``observed`` with ``ci_low``, ``ci_high`` (``1 − alpha`` percentile interval),
        ``se`` (standard deviation of the replicates) and ``n_resamples`` (replicates in
        which the word was scored).

    References
    ----------
    Efron, B. & Tibshirani, R. (1993). An Introduction to the Bootstrap. Chapman & Hall.
    Antoniak, M. & Mimno, D. (2018). Evaluating the stability of embedding-based word
    similarities. TACL.
    """
    align_kw, train_kw, measure_kw = dict(align_kw or {}), dict(train_kw or {}), dict(measure_kw or {})
    _check_resampling(method, n_bootstrap, "resample_change")
    if observed is None:
        observed, _ = _pipeline(corpora, trainer, measure, start, end, align_kw, train_kw, measure_kw)

    def one(data: Any, est: Any) -> pd.Series:
        return _pipeline(data, est, measure, observed.start, observed.end, align_kw, train_kw, measure_kw)[0].scores

    mat = _replicates(corpora, trainer, one, n_bootstrap=n_bootstrap, method=method, seed=seed, progress=progress
                      ).reindex(observed.frame["word"])
    out = observed.frame.copy()
    vals = mat.to_numpy()
    _percentiles(out, vals, alpha)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        out["se"] = np.nanstd(vals, axis=1, ddof=1)
    out["n_resamples"] = mat.notna().sum(axis=1).to_numpy()
    params = {**observed.params,
              "interval": f"{100 * (1 - alpha):g}% percentile, {method}, {n_bootstrap} replicates, seed {seed}"}
    return ChangeScores(observed.measure, observed.start, observed.end, out, list(observed.absent), params)


@renamed_parameters(n="n_bootstrap")
def resample_change_series(corpora: Any, trainer: Any, *, measure: str = "cosine", against: Any = "previous",
                           n_bootstrap: int = 10, method: str = "bootstrap", alpha: float = 0.05, seed: int = 0,
                           align_kw: dict | None = None, train_kw: dict | None = None, measure_kw: dict | None = None,
                           progress: bool | None = None) -> ChangeSeries:
    """:func:`~wordvec.diachronic.change_series` with a percentile interval on every (word, period) score.

    Same resampling as :func:`resample_change` (document bootstrap or seed variation,
    ``n_bootstrap`` replicates, formerly ``n``); the returned series has
    ``ci_low``/``ci_high`` columns, drawn as bands by ``.plot(words)``.
    """
    import pandas as pd

    align_kw, train_kw, measure_kw = dict(align_kw or {}), dict(train_kw or {}), dict(measure_kw or {})
    _check_resampling(method, n_bootstrap, "resample_change_series")
    key = ["word", "period"]

    def run(data: Any, est: Any) -> ChangeSeries:
        s = train_periods(data, est, **train_kw)
        if measure in ("cosine", "angular"):
            s = align(s, **align_kw)
        return change_series(s, measure=measure, against=against, **measure_kw)

    observed = run(corpora, trainer)
    mat = _replicates(corpora, trainer, lambda data, est: run(data, est).frame.set_index(key)["score"],
                      n_bootstrap=n_bootstrap, method=method, seed=seed, progress=progress)
    vals = mat.reindex(pd.MultiIndex.from_frame(observed.frame[key])).to_numpy()
    out = observed.frame.copy()
    _percentiles(out, vals, alpha)
    out["n_resamples"] = np.isfinite(vals).sum(axis=1)
    return ChangeSeries(observed.measure, observed.against, out)
