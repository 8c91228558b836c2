"""WEAT and SC-WEAT/WEFAT (Caliskan, Bryson & Narayanan 2017, *Science* 356:183).

* ``s(w, A, B) = mean_a cos(w, a) − mean_b cos(w, b)``
* ``S(X, Y, A, B) = Σ_x s(x) − Σ_y s(y)``
* ``d = (mean_x s − mean_y s) / std_{w ∈ X∪Y} s(w)`` — the published values use the sample
  standard deviation (``ddof=1``, our default); WEFE uses ``ddof=0``.

The p-value is a permutation test over equal-size re-partitions of X∪Y (exact enumeration
when feasible, else Monte Carlo without replacement; :mod:`wordvec.bias.permutation`), and
the effect size gets a word-set bootstrap interval (resampling X, Y, A and B with
replacement, as in the R package ``cbn``'s ``weat_boot``), computed for all replicates in
a few matrix products.

Examples
--------
>>> import wordvec
>>> from wordvec.bias import weat, caliskan_test
>>> emb = wordvec.datasets.googlenews_subset()
>>> r = weat(emb, caliskan_test(6), seed=0)
>>> round(r.estimate, 2), r.extra["p_method_short"]
(1.89, 'exact')
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .._numerics import unit_rows
from ..errors import ParameterError, ParameterTypeError
from ..results import Summary
from ._checks import check_alpha, check_count, check_share
from .permutation import EXACT_LIMIT, check_alternative, subset_sum_test
from .results import BiasResult, BiasResults, per_word_frame
from .wordsets import OOV_THRESHOLD, GuttedSetError, WeatTest, caliskan_test, caliskan_tests, lookup

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

    from ..embedding import Embedding


# ---------------------------------------------------------------- core numerics
def associations(cos: np.ndarray, na: int) -> np.ndarray:
    """``s(w) = mean over the first na columns − mean over the rest`` of a cosine matrix (..., n_w, na+nb)."""
    return cos[..., :na].mean(axis=-1) - cos[..., na:].mean(axis=-1)


def effect_size(s: np.ndarray, nx: int, ddof: int = 1) -> np.ndarray:
    """WEAT effect size from associations ``s`` (..., nx+ny) with X first."""
    mx = s[..., :nx].mean(axis=-1)
    my = s[..., nx:].mean(axis=-1)
    sd = s.std(axis=-1, ddof=ddof)
    with np.errstate(divide="ignore", invalid="ignore"):
        return (mx - my) / sd


def _bootstrap_effect_sizes(cos: np.ndarray, nx: int, na: int, ddof: int, n_bootstrap: int,
                            rng: np.random.Generator) -> np.ndarray:
    """Word-set bootstrap of d: resample X, Y, A, B with replacement, all replicates at once.

    Resampling is expressed as multinomial counts, so each replicate's associations are a
    weighted mean (one matrix product for all replicates) rather than a gathered copy.
    """
    nt, nab = cos.shape
    ny, nb = nt - nx, nab - na

    def counts(k):
        return rng.multinomial(k, np.full(k, 1.0 / k), size=n_bootstrap).astype(np.float64)

    cA, cB, cX, cY = counts(na), counts(nb), counts(nx), counts(ny)
    s = cos[:, :na] @ (cA / na).T - cos[:, na:] @ (cB / nb).T          # (nt, R)
    sX, sY = s[:nx], s[nx:]
    mx = np.einsum("ri,ir->r", cX, sX) / nx
    my = np.einsum("ri,ir->r", cY, sY) / ny
    m = (mx * nx + my * ny) / nt
    ss = np.einsum("ri,ir->r", cX, (sX - m) ** 2) + np.einsum("ri,ir->r", cY, (sY - m) ** 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        return (mx - my) / np.sqrt(ss / (nt - ddof))


# ---------------------------------------------------------------- results
@dataclass(repr=False)
class WeatResult(BiasResult):
    """A WEAT: effect size ``estimate`` (with bootstrap SE/CI), statistic ``S``, permutation p-value.

    ``per_word`` lists every target word's association s(w) (columns ``word``, ``set``,
    ``score``, ``set_name``) — read it, not only the aggregate (Dobrzeniecka & Urbaniak
    2024); :meth:`plot_words` draws it, :meth:`plot` the forest-plot row of the effect size.
    """

    S: float = float("nan")
    ddof: int = 1
    per_word: pd.DataFrame | None = None
    published: dict | None = None

    def _tables(self) -> list[pd.DataFrame]:
        return [] if self.per_word is None else [self.per_word.sort_values("score", ascending=False).reset_index(drop=True)]

    def plot_words(self, ax: Axes | None = None) -> Axes:
        """Per-word associations s(w) of X (blue) and Y (orange), effect size and CI in the title."""
        from ..plot import get_ax

        ax = get_ax(ax, figsize=(7, 0.22 * len(self.per_word) + 1.5))
        pw = self.per_word.sort_values("score")
        y = np.arange(len(pw))
        ax.barh(y, pw["score"], color=np.where(pw["set"] == "X", "C0", "C1"))
        ax.set_yticks(y)
        ax.set_yticklabels(pw["word"], fontsize=7)
        ax.axvline(0, color="0.4", lw=0.8)
        ax.set_xlabel("s(w, A, B) = mean cos(w, A) − mean cos(w, B)")
        lo, hi = self.ci
        ax.set_title(f"{self.test}\nd = {self.estimate:.2f} [{lo:.2f}, {hi:.2f}], p = {self.p_value:.3g}")
        return ax


def _check_common(ddof: int, alpha: float, n_bootstrap: int, oov_threshold: float) -> None:
    check_count(ddof, "ddof")
    check_alpha(alpha)
    check_count(n_bootstrap, "n_bootstrap")
    check_share(oov_threshold, "oov_threshold")


def _as_words(x: Iterable[str], name: str) -> list[str]:
    """``x`` as a list of words; a bare string is refused (it would iterate over characters)."""
    if isinstance(x, str):
        raise ParameterTypeError(f"{name} must be a list of words (got the string {x!r}); "
                                 "use load_wordset() for files or named sets")
    try:
        return list(x)
    except TypeError:
        raise ParameterTypeError(f"{name} must be a list of words, not {x!r}") from None


def weat(
    emb: Embedding,
    X: Sequence[str] | WeatTest | int,
    Y: Sequence[str] | None = None,
    A: Sequence[str] | None = None,
    B: Sequence[str] | None = None,
    *,
    ddof: int = 1,
    alternative: str = "greater",
    n_permutations: int = 10_000,
    exact_limit: int = EXACT_LIMIT,
    n_bootstrap: int = 1000,
    alpha: float = 0.05,
    seed: int | None = 0,
    oov_threshold: float = OOV_THRESHOLD,
    name: str | None = None,
) -> WeatResult:
    """Word Embedding Association Test (Caliskan, Bryson & Narayanan 2017).

    Parameters
    ----------
    emb : Embedding
        Vectors; cosines use its unit-normalised rows.
    X, Y, A, B : lists of words, or X a :class:`WeatTest` / Caliskan test number
        Target sets X, Y and attribute sets A, B.
    ddof : int, default 1
        Degrees of freedom of the pooled std in d (1 = sample std, as published;
        0 = WEFE's population std).
    alternative : {"greater", "less", "two-sided"}
        Sidedness of the permutation test on S (the paper's test is "greater").
    n_permutations, exact_limit :
        Exact enumeration of all C(|X|+|Y|, |X|) partitions when at most ``exact_limit``,
        else ``n_permutations`` Monte Carlo permutations, p = (k+1)/(n+1).
    n_bootstrap : int
        Word-set bootstrap replicates for the SE and percentile CI of d (0 = none).
    alpha : float, default 0.05
        1 − confidence level.
    seed : int or None, default 0
        Seeds the Monte Carlo permutations and the bootstrap (two independent streams
        spawned from it by :class:`numpy.random.SeedSequence`); ``None`` draws fresh
        entropy. The seed is recorded in ``p_method``/``ci_method`` and ``extra["seed"]``.
    oov_threshold : float
        Largest share of a set allowed to be OOV; above it :class:`GuttedSetError`.
    name : str, optional
        Label of the test (default: the Caliskan test's name, or "WEAT").

    Returns
    -------
    WeatResult

    Raises
    ------
    GuttedSetError
        A set misses more than ``oov_threshold`` of its words.
    ParameterError
        A bad ``ddof``, ``alpha``, ``alternative``, ``n_bootstrap`` or ``oov_threshold``, or
        target sets X and Y that share words.
    """
    if isinstance(X, (int, np.integer)):
        X = caliskan_test(int(X))
    if isinstance(X, WeatTest):
        test = X
        X, Y, A, B = test.X, test.Y, test.A, test.B
        labels = test.set_names
        name = name or (f"Caliskan {test.id}: {test.name}" if test.id else test.name)
        published = test.published
    else:
        if Y is None or A is None or B is None:
            missing = [k for k, v in zip("YAB", (Y, A, B)) if v is None]
            raise ParameterTypeError(f"weat() needs X, Y, A and B (or a WeatTest as X); missing: {', '.join(missing)}")
        labels = ("X", "Y", "A", "B")
        name = name or "WEAT"
        published = None
    alternative = check_alternative(alternative)
    _check_common(ddof, alpha, n_bootstrap, oov_threshold)
    sets = [lookup(emb, _as_words(s, lab), lab, oov_threshold) for s, lab in zip((X, Y, A, B), labels)]
    sx, sy, sa, sb = sets
    overlap = (set(sx.words) | set(sy.words)) & (set(sa.words) | set(sb.words))
    if set(sx.words) & set(sy.words):
        raise ParameterError(f"target sets X and Y share words: {sorted(set(sx.words) & set(sy.words))}")
    vec = emb.vectors
    T = unit_rows(vec[np.r_[sx.rows, sy.rows]])
    AB = unit_rows(vec[np.r_[sa.rows, sb.rows]])
    cos = T @ AB.T
    nx, na = sx.size, sa.size
    s = associations(cos, na)
    d = float(effect_size(s, nx, ddof))
    S = float(s[:nx].sum() - s[nx:].sum())
    ss = np.random.SeedSequence(seed)
    perm_seed, boot_seed = (int(c.generate_state(1)[0]) for c in ss.spawn(2))
    perm = subset_sum_test(s, nx, alternative=alternative, n_permutations=n_permutations,
                           exact_limit=exact_limit, seed=perm_seed)
    perm.seed = seed
    if n_bootstrap:
        reps = _bootstrap_effect_sizes(cos, nx, na, ddof, int(n_bootstrap), np.random.default_rng(boot_seed))
        lo, hi = np.nanquantile(reps, [alpha / 2, 1 - alpha / 2])
        se = float(np.nanstd(reps, ddof=1))
        ci_method = f"word-set bootstrap percentile, {int(n_bootstrap)} replicates, seed={seed}"
    else:
        reps, lo, hi, se, ci_method = None, np.nan, np.nan, np.nan, "none"
    per_word = per_word_frame(sx.words + sy.words, ["X"] * nx + ["Y"] * sy.size, s)
    per_word["set_name"] = [labels[0]] * nx + [labels[1]] * sy.size
    extra = {"S": S, "ddof": ddof, "alternative": alternative, "p_method_short": perm.method,
             "n_permutations": perm.n_permutations, "seed": seed}
    if overlap:
        extra["note"] = f"targets and attributes share {sorted(overlap)}"
    return WeatResult(
        test=name, statistic=f"WEAT effect size d (ddof={ddof})", estimate=d, se=se, ci=(float(lo), float(hi)),
        ci_method=ci_method, p_value=float(perm.p_value), p_method=perm.describe(),
        sizes={lab: st.size for lab, st in zip(labels, sets)}, oov={lab: st.oov for lab, st in zip(labels, sets)},
        alpha=alpha, replicates=reps, extra=extra, S=S, ddof=ddof, per_word=per_word, published=published,
    )


def weat_tests(emb: Embedding, tests: Iterable[WeatTest] | None = None, *,
               reference: str | None = "word2vec_googlenews", on_gutted: str = "skip", **kwargs) -> BiasResults:
    """Run several WEATs (default: Caliskan et al. 2017 tests 1–10) into one :class:`BiasResults`.

    Parameters
    ----------
    emb : Embedding
    tests : iterable of WeatTest, optional
        The tests (default: :func:`caliskan_tests`).
    reference : str or None
        The published column to show next to the estimates (a key of ``WeatTest.published``).
    on_gutted : {"skip", "raise"}
        ``"skip"`` keeps a row with NaN estimate and the OOV words for a test whose sets
        are too incomplete; ``"raise"`` re-raises the :class:`GuttedSetError`.
    **kwargs
        Passed to :func:`weat` (``seed`` defaults to 0 there, the same for every test).

    Returns
    -------
    BiasResults

    Examples
    --------
    >>> import wordvec
    >>> res = weat_tests(wordvec.datasets.googlenews_subset(), n_bootstrap=0, n_permutations=100)
    >>> res.to_frame()[["estimate", "word2vec_googlenews"]].round(2).head(3)
       estimate  word2vec_googlenews
    0      1.54                 1.54
    1      1.63                 1.63
    2      0.58                 0.58
    """
    if on_gutted not in ("skip", "raise"):
        raise ParameterError(f"on_gutted must be 'skip' or 'raise', not {on_gutted!r}")
    tests = caliskan_tests() if tests is None else list(tests)
    results, ref = [], {}
    for k, t in enumerate(tests):
        label = f"Caliskan {t.id}: {t.name}" if t.id else t.name
        try:
            r = weat(emb, t, name=label, **kwargs)
        except GuttedSetError as exc:
            if on_gutted == "raise":
                raise
            r = WeatResult(test=label, statistic=f"WEAT effect size d (ddof={kwargs.get('ddof', 1)})",
                           estimate=float("nan"), ci_method="not run", p_method=f"not run: {exc}",
                           oov={exc.name: exc.missing})
        results.append(r)
        if reference and reference in t.published:
            ref[label] = t.published[reference]
    return BiasResults(results, title="WEAT effect sizes", reference=ref, reference_label=reference or "published")


# ---------------------------------------------------------------- SC-WEAT / WEFAT
@dataclass(repr=False)
class ScWeatResult(BiasResult):
    """SC-WEAT / WEFAT for many words: one row per word in :meth:`to_frame`."""

    table: pd.DataFrame | None = None

    def to_frame(self) -> pd.DataFrame:
        """One row per word: ``word``, ``score`` (s(w, A, B)), ``estimate`` (effect size), ``p_value``."""
        return self.table.copy()

    def summary(self) -> Summary:
        """The test, how the p-values were made, set sizes, the per-word table and OOV words."""
        return Summary("SC-WEAT / WEFAT", {"test": self.test, "p-values": self.p_method,
                                           "sizes": ", ".join(f"{k}={v}" for k, v in self.sizes.items())},
                       [self.table], [f"OOV words: {self.oov}"] if any(self.oov.values()) else [])

    def plot(self, ax: Axes | None = None) -> Axes:
        """Forest plot of the per-word effect sizes (no intervals)."""
        from .results import forest_plot

        frame = self.table.rename(columns={"word": "test"})
        frame["ci_low"] = np.nan
        frame["ci_high"] = np.nan
        frame["statistic"] = "SC-WEAT effect size"
        return forest_plot(frame, ax=ax, title=self.test)


def sc_weat(
    emb: Embedding,
    words: Sequence[str],
    A: Sequence[str],
    B: Sequence[str],
    *,
    ddof: int = 1,
    alternative: str = "greater",
    n_permutations: int = 10_000,
    exact_limit: int = EXACT_LIMIT,
    seed: int | None = 0,
    oov_threshold: float = OOV_THRESHOLD,
    name: str = "SC-WEAT",
) -> ScWeatResult:
    """Single-category WEAT / WEFAT (Caliskan et al. 2017; Toney-Wails & Caliskan 2021) for many words.

    Per word: ``s(w, A, B)`` and the normalised association
    ``s(w, A, B) / std_{x ∈ A∪B} cos(w, x)``; p-value from re-partitioning A∪B into sets
    of sizes |A|, |B| (all words share the partitions, so one matrix product scores them
    all). Target words missing from the embedding are reported, not silently dropped.

    Parameters
    ----------
    emb : Embedding
    words : list of str
        Target words, one row each.
    A, B : lists of str
        Attribute sets.
    ddof : int, default 1
        Degrees of freedom of the std over A∪B.
    alternative : {"greater", "less", "two-sided"}
        Sidedness of the permutation tests.
    n_permutations, exact_limit :
        As in :func:`weat`: exact when C(|A|+|B|, |A|) ≤ ``exact_limit``, else Monte Carlo.
    seed : int or None, default 0
        Seed of the Monte Carlo permutations (used as given, shared by all words);
        ``None`` draws fresh entropy. Unused when the test is exact.
    oov_threshold : float
        Largest share of a set allowed to be OOV.
    name : str
        Label of the test.

    Returns
    -------
    ScWeatResult
        :meth:`~ScWeatResult.to_frame` has columns ``word``, ``score`` (s(w, A, B)),
        ``estimate`` (the normalised effect size) and ``p_value``.

    Examples
    --------
    >>> import wordvec
    >>> from wordvec.bias import caliskan_test
    >>> t = caliskan_test(6)
    >>> r = sc_weat(wordvec.datasets.googlenews_subset(), ["executive", "family"], t.A, t.B)
    >>> r.to_frame()[["word", "score", "estimate"]].round(2)
            word  score  estimate
    0  executive   0.32      1.21
    1     family  -0.38     -1.50
    """
    import pandas as pd

    _check_common(ddof, 0.05, 0, oov_threshold)
    sw = lookup(emb, _as_words(words, "words"), "words", oov_threshold)
    sa = lookup(emb, _as_words(A, "A"), "A", oov_threshold)
    sb = lookup(emb, _as_words(B, "B"), "B", oov_threshold)
    W = unit_rows(emb.vectors[sw.rows])
    AB = unit_rows(emb.vectors[np.r_[sa.rows, sb.rows]])
    cos = W @ AB.T
    s = associations(cos, sa.size)
    with np.errstate(divide="ignore", invalid="ignore"):
        es = s / cos.std(axis=1, ddof=ddof)
    perm = subset_sum_test(cos, sa.size, alternative=alternative, n_permutations=n_permutations,
                           exact_limit=exact_limit, seed=seed)
    table = pd.DataFrame({"word": sw.words, "score": s, "estimate": es, "p_value": np.atleast_1d(perm.p_value)})
    return ScWeatResult(test=name, statistic=f"SC-WEAT effect size (ddof={ddof})", estimate=float("nan"),
                        p_method=perm.describe(), sizes={"words": sw.size, "A": sa.size, "B": sb.size},
                        oov={"words": sw.oov, "A": sa.oov, "B": sb.oov}, table=table,
                        extra={"seed": seed, "ddof": ddof})


#: WEFAT (Caliskan et al. 2017) computes the same per-word normalised association.
wefat = sc_weat
