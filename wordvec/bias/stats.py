"""Other bias statistics: RIPA, relative norm distance, direct bias — each with an interval.

* RIPA — Ethayarajh, Duvenaud & Hirst (2019), "Understanding undesirable word embedding
  associations", ACL: ``β(w) = ⟨w, b⟩`` with ``b`` the unit relation vector of a word pair
  (the first principal component of the pair differences for several pairs).
* RND — Garg, Schiebinger, Jurafsky & Zou (2018), "Word embeddings quantify 100 years of
  gender and ethnic stereotypes", PNAS: ``Σ_{v∈M} (‖v̂ − m₁‖ − ‖v̂ − m₂‖)``, ``m_k`` the mean
  of the unit-normalised words of group k.
* Direct bias — Bolukbasi, Chang, Zou, Saligrama & Kalai (2016), "Man is to computer
  programmer as woman is to homemaker?", NeurIPS: ``mean_{w∈N} |cos(w, g)|^c`` with ``g``
  the first principal component of the centred definitional pairs.

Intervals: RND and direct bias get a bootstrap over their word sets (vectorised over all
replicates); RIPA a t-interval over the target words. Per-word contributions travel with
every result.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from .._numerics import unit_rows
from ..errors import ParameterError
from ._checks import check_alpha, check_count
from .results import BiasResult
from .wordsets import OOV_THRESHOLD, GuttedSetError, gender_pairs, lookup

if TYPE_CHECKING:
    import pandas as pd

    from ..embedding import Embedding


class _Tabled(BiasResult):
    """A :class:`BiasResult` whose ``extra["per_word"]`` table is shown in the summary, not the row."""

    def _tables(self) -> list[pd.DataFrame]:
        t = self.extra.get("per_word")
        return [] if t is None else [t]

    def row(self) -> dict:
        r = super().row()
        r.pop("per_word", None)
        return r


def _pairs_lookup(emb: Embedding, pairs: Sequence[tuple[str, str]],
                  oov_threshold: float) -> tuple[list[tuple[str, str]], list[str]]:
    """The pairs with both words in ``emb``, and the missing words (too many missing: GuttedSetError)."""
    pairs = [tuple(p) for p in pairs]
    bad = [p for p in pairs if len(p) != 2]
    if bad:
        raise ParameterError(f"pairs must be (word, word) tuples, got {bad[0]!r}")
    left = lookup(emb, [p[0] for p in pairs], "pairs (first)", 1.0)
    right = lookup(emb, [p[1] for p in pairs], "pairs (second)", 1.0)
    keep = [(a, b) for a, b in pairs if a in left.words and b in right.words]
    missing = sorted({w for p in pairs for w in p} - {w for p in keep for w in p})
    if not keep or 1 - len(keep) / len(pairs) > oov_threshold:
        raise GuttedSetError("pairs", missing, len(pairs), oov_threshold)
    return keep, missing


def _direction(emb: Embedding, pairs: list[tuple[str, str]], unit: bool) -> np.ndarray:
    """Unit direction from (a, b) pairs: a − b for one pair, else the first PC of centred pairs."""
    vec = unit_rows(emb[[a for a, _ in pairs]]) if unit else np.asarray(emb[[a for a, _ in pairs]], float)
    vec2 = unit_rows(emb[[b for _, b in pairs]]) if unit else np.asarray(emb[[b for _, b in pairs]], float)
    if len(pairs) == 1:
        g = vec[0] - vec2[0]
    else:
        centre = (vec + vec2) / 2
        stacked = np.vstack([vec - centre, vec2 - centre])
        g = np.linalg.svd(stacked, full_matrices=False)[2][0]
        if g @ (vec - vec2).mean(0) < 0:  # orient from the second word towards the first
            g = -g
    return g / np.linalg.norm(g)


# ---------------------------------------------------------------- RIPA
def ripa(emb: Embedding, pairs: Sequence[tuple[str, str]], words: Sequence[str], *, normalize: bool = False,
         alpha: float = 0.05, oov_threshold: float = OOV_THRESHOLD, name: str = "RIPA") -> BiasResult:
    """Relational inner product association (Ethayarajh et al. 2019) of ``words`` w.r.t. ``pairs``.

    Parameters
    ----------
    emb : Embedding
    pairs : list of (str, str)
        The relation: one pair gives ``b = a − b`` normalised, several their first principal
        component.
    words : list of str
        The words scored.
    normalize : bool, default False
        Use unit word vectors (the paper uses raw vectors).
    alpha : float, default 0.05
        1 − the confidence level of the t-interval across words.
    oov_threshold, name :
        The largest share of a set allowed to be OOV, and the label of the result.

    Returns
    -------
    BiasResult
        ``estimate`` is the mean ``⟨w, b⟩`` over the words, with a t-interval across words;
        ``extra["per_word"]`` (columns ``word``, ``score``) holds every word's β(w).
        Positive = towards the first word of the pairs.

    Examples
    --------
    >>> import wordvec
    >>> r = ripa(wordvec.datasets.googlenews_subset(), [("she", "he")], ["nurse", "engineer"])
    >>> r.extra["per_word"].round(2)
           word  score
    0     nurse   1.01
    1  engineer  -0.34
    """
    import pandas as pd
    from scipy import stats

    alpha = check_alpha(alpha)
    keep, missing = _pairs_lookup(emb, pairs, oov_threshold)
    b = _direction(emb, keep, unit=False)
    w = lookup(emb, list(words), "words", oov_threshold)
    V = emb.vectors[w.rows].astype(np.float64)
    if normalize:
        V = unit_rows(V)
    beta = V @ b
    n = len(beta)
    se = float(beta.std(ddof=1) / np.sqrt(n)) if n > 1 else float("nan")
    t = stats.t.ppf(1 - alpha / 2, n - 1) if n > 1 else float("nan")
    est = float(beta.mean())
    return _Tabled(test=name, statistic="mean RIPA ⟨w, b⟩", estimate=est, se=se, ci=(est - t * se, est + t * se),
                   ci_method=f"t-interval over {n} words", sizes={"pairs": len(keep), "words": n},
                   oov={"pairs": missing, "words": w.oov}, alpha=alpha, ci_df=n - 1 if n > 1 else None,
                   extra={"per_word": pd.DataFrame({"word": w.words, "score": beta})})


# ---------------------------------------------------------------- RND
def rnd_value(V1: np.ndarray, V2: np.ndarray, M: np.ndarray) -> np.ndarray:
    """Relative norm distance of raw vectors (batched over leading axes)."""
    m1 = unit_rows(V1).mean(axis=-2, keepdims=True)
    m2 = unit_rows(V2).mean(axis=-2, keepdims=True)
    Mu = unit_rows(M)
    return (np.linalg.norm(Mu - m1, axis=-1) - np.linalg.norm(Mu - m2, axis=-1)).sum(axis=-1)


def _rnd_gradient(V1: np.ndarray, V2: np.ndarray, M: np.ndarray) -> np.ndarray:
    """∂RND/∂v for the rows of [V1; V2; M] (the delta method's input)."""
    def proj(V, H):  # (I − v̂v̂ᵀ) h / ‖v‖: derivative of the unit vector, applied to h
        n = np.linalg.norm(V, axis=1, keepdims=True)
        u = V / n
        return (H - (H * u).sum(1, keepdims=True) * u) / n

    m1, m2 = unit_rows(V1).mean(0), unit_rows(V2).mean(0)
    Mu = unit_rows(M)
    e1, e2 = Mu - m1, Mu - m2
    e1 /= np.linalg.norm(e1, axis=1, keepdims=True)
    e2 /= np.linalg.norm(e2, axis=1, keepdims=True)
    gM = proj(M, e1 - e2)
    g1 = proj(V1, np.broadcast_to(-e1.sum(0) / len(V1), V1.shape))
    g2 = proj(V2, np.broadcast_to(e2.sum(0) / len(V2), V2.shape))
    return np.vstack([g1, g2, gM])


def relative_norm_distance(emb: Embedding, group1: Sequence[str], group2: Sequence[str], neutral: Sequence[str], *,
                           n_bootstrap: int = 1000, alpha: float = 0.05, seed: int | None = 0,
                           oov_threshold: float = OOV_THRESHOLD, name: str = "RND") -> BiasResult:
    """Relative norm distance (Garg et al. 2018) with a bootstrap CI over all three word sets.

    Parameters
    ----------
    emb : Embedding
    group1, group2 : lists of str
        The two groups (e.g. male and female words).
    neutral : list of str
        The words compared with both (e.g. occupations).
    n_bootstrap : int, default 1000
        Word-set bootstrap replicates (0 = no interval).
    alpha : float, default 0.05
        1 − the confidence level.
    seed : int or None, default 0
        Seed of the bootstrap (:func:`numpy.random.default_rng`); ``None`` draws fresh
        entropy. Recorded in ``ci_method``.
    oov_threshold : float
        Largest share of a set allowed to be OOV.
    name : str
        Label of the result.

    Returns
    -------
    BiasResult
        Positive = the neutral words are on average closer to group 2.
        ``extra["per_word"]`` (columns ``word``, ``score``) has each neutral word's term
        ``‖v̂ − m₁‖ − ‖v̂ − m₂‖``.

    Examples
    --------
    >>> import wordvec
    >>> from wordvec.bias import garg_sets
    >>> g = garg_sets()
    >>> r = relative_norm_distance(wordvec.datasets.googlenews_subset(), g["male"], g["female"],
    ...                            g["professions"], n_bootstrap=200)
    >>> round(r.estimate, 2)
    -10.12
    """
    import pandas as pd

    n_bootstrap = check_count(n_bootstrap, "n_bootstrap")
    alpha = check_alpha(alpha)
    g1, g2, m = (lookup(emb, list(s), lab, oov_threshold) for s, lab in zip((group1, group2, neutral), ("group1", "group2", "neutral")))
    U1, U2, Um = (unit_rows(emb.vectors[s.rows]) for s in (g1, g2, m))
    m1, m2 = U1.mean(0), U2.mean(0)
    terms = np.linalg.norm(Um - m1, axis=1) - np.linalg.norm(Um - m2, axis=1)
    value = float(terms.sum())
    rng = np.random.default_rng(seed)
    if n_bootstrap:
        R = n_bootstrap

        def w(k):
            return rng.multinomial(k, np.full(k, 1 / k), size=R) / k

        M1, M2, cM = w(g1.size) @ U1, w(g2.size) @ U2, w(m.size) * m.size   # (R, D), (R, D), counts (R, nM)
        # ‖v̂ − m‖² = 1 − 2 v̂ᵀm + ‖m‖² for unit v̂: all replicates with two matrix products
        d1 = np.sqrt(np.clip(1 - 2 * Um @ M1.T + (M1**2).sum(1), 0, None))
        d2 = np.sqrt(np.clip(1 - 2 * Um @ M2.T + (M2**2).sum(1), 0, None))
        reps = np.einsum("ri,ir->r", cM, d1 - d2)
        lo, hi = np.quantile(reps, [alpha / 2, 1 - alpha / 2])
        se, how = float(reps.std(ddof=1)), f"word-set bootstrap percentile, {R} replicates, seed={seed}"
    else:
        reps, lo, hi, se, how = None, np.nan, np.nan, np.nan, "none"
    return _Tabled(test=name, statistic="relative norm distance", estimate=value, se=se, ci=(float(lo), float(hi)),
                   ci_method=how, sizes={"group1": g1.size, "group2": g2.size, "neutral": m.size},
                   oov={"group1": g1.oov, "group2": g2.oov, "neutral": m.oov}, alpha=alpha, replicates=reps,
                   extra={"per_word": pd.DataFrame({"word": m.words, "score": terms})})


# ---------------------------------------------------------------- direct bias
def direct_bias(emb: Embedding, neutral: Sequence[str], pairs: Sequence[tuple[str, str]] | None = None, *,
                c: float = 1.0, n_bootstrap: int = 1000, alpha: float = 0.05, seed: int | None = 0,
                oov_threshold: float = OOV_THRESHOLD, name: str = "direct bias") -> BiasResult:
    """Direct bias (Bolukbasi et al. 2016): ``mean_{w∈N} |cos(w, g)|^c`` over gender-neutral words.

    Parameters
    ----------
    emb : Embedding
    neutral : list of str
        The gender-neutral words.
    pairs : list of (str, str), optional
        Definitional pairs; ``g`` is their first principal component after centring each
        pair (default: the Bolukbasi pairs shipped in ``gender_pairs.json``).
    c : float, default 1
        Strictness exponent.
    n_bootstrap, alpha, seed, oov_threshold, name :
        As in :func:`relative_norm_distance` (``seed=0`` by default), but the bootstrap
        resamples the neutral words only.

    Returns
    -------
    BiasResult
        ``extra["per_word"]`` (columns ``word``, ``similarity``) has each word's signed
        ``cos(w, g)`` (positive = towards the first word of the pairs, e.g. female).

    Examples
    --------
    >>> import wordvec
    >>> r = direct_bias(wordvec.datasets.googlenews_subset(), ["nurse", "engineer", "doctor"], n_bootstrap=100)
    >>> r.extra["per_word"].round(2)
           word  similarity
    0     nurse        0.33
    1  engineer       -0.12
    2    doctor        0.05
    """
    import pandas as pd

    n_bootstrap = check_count(n_bootstrap, "n_bootstrap")
    alpha = check_alpha(alpha)
    keep, missing = _pairs_lookup(emb, gender_pairs() if pairs is None else pairs, oov_threshold)
    g = _direction(emb, keep, unit=True)
    m = lookup(emb, list(neutral), "neutral", oov_threshold)
    cosg = unit_rows(emb.vectors[m.rows]) @ g
    vals = np.abs(cosg) ** c
    value = float(vals.mean())
    if n_bootstrap:
        rng = np.random.default_rng(seed)
        counts = rng.multinomial(m.size, np.full(m.size, 1 / m.size), size=n_bootstrap)
        reps = counts @ vals / m.size
        lo, hi = np.quantile(reps, [alpha / 2, 1 - alpha / 2])
        se, how = float(reps.std(ddof=1)), f"bootstrap over neutral words, percentile, {n_bootstrap} replicates, seed={seed}"
    else:
        reps, lo, hi, se, how = None, np.nan, np.nan, np.nan, "none"
    return _Tabled(test=name, statistic=f"direct bias (c={c})", estimate=value, se=se, ci=(float(lo), float(hi)),
                   ci_method=how, sizes={"pairs": len(keep), "neutral": m.size}, oov={"pairs": missing, "neutral": m.oov},
                   alpha=alpha, replicates=reps, extra={"per_word": pd.DataFrame({"word": m.words, "similarity": cosg})})
