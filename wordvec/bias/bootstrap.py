"""Bootstrap intervals: over word sets (any statistic), and over documents (retraining).

* **Word-set bootstrap** — resample each word set with replacement and recompute the
  statistic (the R package ``cbn``'s ``weat_boot``); percentile interval. :func:`weat`
  has a vectorised version built in; :func:`word_set_bootstrap` works for any statistic.
* **Document bootstrap** — Antoniak & Mimno (2018), "Evaluating the stability of
  embedding-based word similarities", TACL 6:107: retrain the embedding on bootstrap
  samples of the documents and report the spread of the statistic across replicates.
"""
from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from .._deprecation import renamed_parameters
from .._estimator import clone
from .._progress import progress_bar
from ..distributed import get_client, map_periods
from ..errors import EmptyInputError, WordvecError
from ..results import ResultMixin, Summary
from ._checks import check_alpha, check_count
from .results import BiasResult
from .wordsets import ALLOW_DUPLICATES

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes


def word_set_bootstrap(
    statistic: Callable[..., float],
    sets: Mapping[str, Sequence] | Sequence[Sequence],
    *,
    n_bootstrap: int = 1000,
    alpha: float = 0.05,
    seed: int | None = 0,
    progress: bool | None = None,
    name: str = "statistic",
) -> BiasResult:
    """Percentile bootstrap of ``statistic`` over word sets resampled with replacement.

    Parameters
    ----------
    statistic : callable
        Called as ``statistic(**sets)`` (mapping) or ``statistic(*sets)`` (sequence) with
        resampled lists; returns a float. Any wordvec statistic works: repeated words are
        accepted inside a replicate.
    sets : mapping or sequence of word lists
        The sets to resample (each keeps its size).
    n_bootstrap : int, default 1000
        Bootstrap replicates (at least 1).
    alpha : float, default 0.05
        1 − the confidence level.
    seed : int or None, default 0
        Seed of the resampling (:func:`numpy.random.default_rng`); ``None`` draws fresh
        entropy. The seed is recorded in ``ci_method``.
    progress : bool, optional
        Show a progress bar (default: on a terminal only).
    name : str
        Name of the statistic in the result.

    Returns
    -------
    BiasResult
        ``estimate`` on the original sets, ``se`` = SD of the replicates, percentile CI;
        ``replicates`` holds them all.

    Examples
    --------
    >>> import numpy as np
    >>> r = word_set_bootstrap(np.mean, [[1.0, 2.0, 3.0, 4.0]], n_bootstrap=200)
    >>> r.estimate
    2.5
    >>> bool(r.ci[0] < 2.5 < r.ci[1])
    True
    """
    n_bootstrap = check_count(n_bootstrap, "n_bootstrap", minimum=1)
    alpha = check_alpha(alpha)
    named = isinstance(sets, Mapping)
    keys = list(sets) if named else list(range(len(sets)))
    lists = [list(sets[k]) for k in keys]
    if any(len(x) == 0 for x in lists):
        empty = [str(k) for k, x in zip(keys, lists) if not x]
        raise EmptyInputError(f"word_set_bootstrap: every set must hold at least one item; empty: {', '.join(empty)}")

    def call(groups):
        return float(statistic(**dict(zip(keys, groups))) if named else statistic(*groups))

    estimate = call(lists)
    rng = np.random.default_rng(seed)
    reps = np.empty(n_bootstrap)
    token = ALLOW_DUPLICATES.set(True)
    try:
        for r in progress_bar(range(n_bootstrap), desc=f"bootstrap {name}", progress=progress):
            groups = [[x[i] for i in rng.integers(0, len(x), len(x))] for x in lists]
            reps[r] = call(groups)
    finally:
        ALLOW_DUPLICATES.reset(token)
    lo, hi = np.nanquantile(reps, [alpha / 2, 1 - alpha / 2])
    return BiasResult(test=name, statistic=name, estimate=estimate, se=float(np.nanstd(reps, ddof=1)),
                      ci=(float(lo), float(hi)),
                      ci_method=f"word-set bootstrap percentile, {n_bootstrap} replicates, seed={seed}",
                      sizes={str(k): len(x) for k, x in zip(keys, lists)}, alpha=alpha, replicates=reps)


# ---------------------------------------------------------------- document bootstrap
@dataclass(repr=False)
class DocumentBootstrapResult(ResultMixin):
    """Statistics recomputed on embeddings retrained on bootstrap samples of the documents.

    ``replicates`` has one row per replicate (columns ``replicate``, ``seed`` and one per
    statistic); :meth:`to_frame` one row per statistic with the full-corpus estimate (if
    computed), the replicate mean, SD and percentile interval.
    """

    replicates: pd.DataFrame
    estimates: dict = field(default_factory=dict)
    alpha: float = 0.05
    trainer: str = ""
    n_documents: int = 0
    failures: list = field(default_factory=list)

    @property
    def statistics(self) -> list[str]:
        """Names of the statistics (the replicate columns other than ``replicate`` and ``seed``)."""
        return [c for c in self.replicates.columns if c not in ("replicate", "seed")]

    def conf_int(self, alpha: float = 0.05) -> pd.DataFrame:
        """Percentile interval of the replicates at level ``1 - alpha``, one row per statistic.

        Parameters
        ----------
        alpha : float, default 0.05
            1 − the confidence level (any level: the replicates are kept).

        Returns
        -------
        pandas.DataFrame
            Columns ``ci_low``, ``ci_high``, indexed by statistic (replicates that could
            not compute a statistic are left out of its quantiles).
        """
        import pandas as pd

        alpha = check_alpha(alpha)
        q = self.replicates[self.statistics].quantile([alpha / 2, 1 - alpha / 2])
        frame = pd.DataFrame({"ci_low": q.iloc[0], "ci_high": q.iloc[1]})
        frame.index.name = "statistic"
        return frame

    def to_frame(self) -> pd.DataFrame:
        """One row per statistic: estimate, replicate mean, SE (SD of replicates), percentile CI."""
        import pandas as pd

        rep = self.replicates[self.statistics]
        ci = self.conf_int(self.alpha)
        return pd.DataFrame({
            "statistic": self.statistics,
            "estimate": [self.estimates.get(s, np.nan) for s in self.statistics],
            "replicate_mean": rep.mean().to_numpy(), "se": rep.std(ddof=1).to_numpy(),
            "ci_low": ci.ci_low.to_numpy(), "ci_high": ci.ci_high.to_numpy(),
            "n_replicates": rep.notna().sum().to_numpy(),
            "ci_method": f"document bootstrap percentile ({self.trainer}, {len(rep)} retrainings)",
        })

    def summary(self) -> Summary:
        """Trainer, document and replicate counts, the per-statistic table and failures."""
        info = {"trainer": self.trainer, "documents": f"{self.n_documents:,}", "replicates": len(self.replicates)}
        notes = ["Antoniak & Mimno (2018): embedding statistics vary across resamples of the corpus."]
        if self.failures:
            notes.append(f"{len(self.failures)} replicate(s) could not compute a statistic: {self.failures[:5]}")
        return Summary("Document bootstrap", info, [self.to_frame()], notes)

    def plot(self, ax: Axes | None = None) -> Axes:
        """Replicates of each statistic (dots) with the full-corpus estimate (diamond)."""
        from ..plot import get_ax

        stats_ = self.statistics
        ax = get_ax(ax, figsize=(7, 0.5 * len(stats_) + 1.5))
        rng = np.random.default_rng(0)
        for k, s in enumerate(stats_):
            v = self.replicates[s].to_numpy(float)
            ax.plot(v, k + rng.uniform(-0.15, 0.15, len(v)), ".", color="C0", alpha=0.6)
            if s in self.estimates:
                ax.plot(self.estimates[s], k, "D", mfc="none", color="C3")
        ax.set_yticks(range(len(stats_)))
        ax.set_yticklabels(stats_)
        ax.set_xlabel("value across document-bootstrap retrainings")
        ax.set_title(f"Document bootstrap ({self.trainer})")
        return ax


def _seeded_clone(trainer: Any, seed: int) -> Any:
    """An unfitted copy of ``trainer`` with ``seed``, where it takes one (fitted state never carried over)."""
    if hasattr(trainer, "get_params") and hasattr(trainer, "set_params"):
        takes_seed = "seed" in trainer.get_params()
    else:
        takes_seed = hasattr(trainer, "seed")
    return clone(trainer, seed=seed) if takes_seed else clone(trainer)


def _evaluate(trainer: Any, sample: list, statistic: Callable) -> dict[str, float]:
    """Fit ``trainer`` on ``sample`` and evaluate ``statistic`` as a dict name → value."""
    import pandas as pd

    emb = trainer.fit(sample)
    two = len(inspect.signature(statistic).parameters) >= 2
    value = statistic(emb, trainer) if two else statistic(emb)
    if isinstance(value, (Mapping, pd.Series)):
        return {str(k): float(v) for k, v in value.items()}
    return {"statistic": float(value)}


def _replicate(plan: tuple, trainer: Any, statistic: Callable, docs: list) -> tuple[dict[str, float], str | None]:
    """One bootstrap replicate (a picklable task): values, or the error that made it fail."""
    idx, seed = plan
    try:
        return _evaluate(_seeded_clone(trainer, seed), [docs[i] for i in idx], statistic), None
    except WordvecError as exc:  # e.g. OOVError: a needed word missing from this resample
        return {}, str(exc)


@renamed_parameters(n_replicates="n_bootstrap")
def document_bootstrap(
    trainer: Any,
    corpus: Iterable[list[str]],
    statistic: Callable,
    *,
    n_bootstrap: int = 20,
    seed: int | None = 0,
    full: bool = True,
    progress: bool | None = None,
    alpha: float = 0.05,
    client: Any = None,
) -> DocumentBootstrapResult:
    """Retrain ``trainer`` on bootstrap samples of the documents (Antoniak & Mimno 2018).

    Parameters
    ----------
    trainer : estimator with ``fit(corpus) -> Embedding``
        Any wordvec trainer (SGNS, PPMISVD, GloVe, ...); cloned per replicate, with
        ``seed`` set to a replicate-specific value.
    corpus : re-iterable of documents (token lists)
        Materialised once; each replicate draws as many documents with replacement.
    statistic : callable
        ``statistic(embedding)`` or ``statistic(embedding, fitted_trainer)`` returning a
        float or a mapping name → float (several statistics per retraining). A replicate
        whose vocabulary lacks a needed word records NaN and is reported, not dropped
        silently.
    n_bootstrap : int, default 20
        Retrainings (at least 1). ``n_replicates`` is a deprecated alias.
    seed : int or None, default 0
        Seed of the document resampling and, through it, of every replicate's trainer
        (each replicate's seed is in ``replicates["seed"]``); ``None`` draws fresh entropy.
    full : bool
        Also fit on the full corpus for the point estimate.
    progress : bool, optional
        Show a progress bar (default: on a terminal only).
    alpha : float, default 0.05
        1 − the confidence level of the percentile intervals in :meth:`~DocumentBootstrapResult.to_frame`.
    client : dask.distributed.Client, False or None
        Run the replicates as independent tasks on a dask cluster (the current client
        when ``None`` and one exists; ``False`` forces the local loop). The documents
        are scattered to the workers once; results are identical to the local path.

    Returns
    -------
    DocumentBootstrapResult
    """
    import pandas as pd

    n_bootstrap = check_count(n_bootstrap, "n_bootstrap", minimum=1)
    alpha = check_alpha(alpha)
    docs = [list(d) for d in corpus]
    if not docs:
        raise EmptyInputError("document_bootstrap: the corpus has no documents")
    ss = np.random.SeedSequence(seed)
    rng = np.random.default_rng(ss.spawn(1)[0])
    estimates = _evaluate(_seeded_clone(trainer, int(ss.generate_state(1)[0] % 2**31)), docs, statistic) if full else {}
    # Draw every replicate's documents and seed up front: the same plan locally and on a cluster.
    plans = {}
    for r in range(n_bootstrap):
        idx = rng.integers(0, len(docs), len(docs))
        plans[r] = (idx, int(rng.integers(2**31)))
    client = get_client(client)
    shared = client.scatter([docs], broadcast=True)[0] if client is not None else docs
    results = map_periods(_replicate, plans, trainer, statistic, shared, client=client, progress=progress,
                          desc="document bootstrap")
    rows = [{"replicate": r, "seed": plans[r][1], **results[r][0]} for r in plans]
    failures = [f"replicate {r}: {results[r][1]}" for r in plans if results[r][1] is not None]
    frame = pd.DataFrame(rows)
    for k in estimates:
        if k not in frame:
            frame[k] = np.nan
    return DocumentBootstrapResult(frame, estimates, alpha, type(trainer).__name__, len(docs), failures)
