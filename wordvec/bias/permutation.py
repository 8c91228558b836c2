"""Permutation tests for two-group statistics that are increasing in the sum over group one.

WEAT's S(X, Y) = Σ_X s − Σ_Y s = 2 Σ_X s − Σ_{X∪Y} s, and the difference of means used by
SC-WEAT/WEFAT, are both increasing functions of the sum of the per-item values over the
first group, so one engine serves them all: re-partition the pooled items into groups of
the observed sizes and compare subset sums.

* **Exact**: every one of the C(n, n₁) partitions, scored with one matrix product
  (indicator matrix × values), when there are at most ``exact_limit`` of them
  (C(16, 8) = 12,870 for an 8+8 WEAT). p = #{T_i ≥ T_obs} / C(n, n₁), the observed
  partition included, so p ≥ 1/C(n, n₁).
* **Monte Carlo**: ``n_permutations`` random permutations (items drawn *without*
  replacement — a true permutation test, unlike WEFE's draws with replacement), with
  p = (k + 1)/(B + 1) (Phipson & Smyth 2010), which is never 0 and is valid.

Caliskan, Bryson & Narayanan (2017), *Science* 356:183, define the one-sided WEAT p-value
this way; left- and two-sided versions are offered.
"""
from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..errors import ParameterError
from ._checks import check_count

#: Largest number of partitions enumerated exactly by default.
EXACT_LIMIT = 200_000
_ALIASES = {"greater": "greater", "right": "greater", "right-sided": "greater",
            "less": "less", "left": "less", "left-sided": "less",
            "two-sided": "two-sided", "two_sided": "two-sided", "both": "two-sided"}


def check_alternative(alternative: str) -> str:
    """Normalise an ``alternative=`` argument (scipy names; ``right``/``left`` accepted).

    Examples
    --------
    >>> check_alternative("right")
    'greater'
    """
    try:
        return _ALIASES[alternative]
    except (KeyError, TypeError):  # TypeError: an unhashable value
        raise ParameterError(f"alternative must be 'greater' (right), 'less' (left) or 'two-sided', "
                             f"not {alternative!r}") from None


@dataclass
class PermutationTest:
    """Outcome of a permutation test: p-value(s) and how they were obtained."""

    p_value: np.ndarray | float
    method: str            # "exact" or "monte carlo"
    n_permutations: int    # partitions enumerated, or random permutations drawn
    alternative: str
    seed: int | None

    def describe(self) -> str:
        """One line: exact or Monte Carlo, how many partitions / permutations, the seed, sidedness."""
        side = {"greater": "one-sided (greater)", "less": "one-sided (less)", "two-sided": "two-sided"}[self.alternative]
        if self.method == "exact":
            return f"exact permutation test, all {self.n_permutations:,} partitions, {side}"
        return f"Monte Carlo permutation test, {self.n_permutations:,} permutations, seed={self.seed}, {side}"


@lru_cache(maxsize=8)
def _combination_indicator(n: int, k: int) -> np.ndarray:
    """(C(n,k), n) float64 0/1 matrix: one row per k-subset of range(n), the first row = {0..k-1}."""
    count = math.comb(n, k)
    combos = np.fromiter(itertools.chain.from_iterable(itertools.combinations(range(n), k)),
                         dtype=np.int32, count=count * k).reshape(count, k)
    ind = np.zeros((count, n), dtype=np.float64)
    np.put_along_axis(ind, combos, 1.0, axis=1)
    ind.setflags(write=False)
    return ind


def _count(sums: np.ndarray, obs: np.ndarray, centre: np.ndarray, alternative: str, tol: np.ndarray) -> np.ndarray:
    # sums: (m, P); obs, centre, tol: (m, 1). Ties count as "at least as extreme" (tolerance for float noise).
    if alternative == "greater":
        hit = sums >= obs - tol
    elif alternative == "less":
        hit = sums <= obs + tol
    else:
        hit = np.abs(sums - centre) >= np.abs(obs - centre) - tol
    return hit.sum(axis=1)


def subset_sum_test(
    values: np.ndarray,
    n1: int,
    *,
    alternative: str = "greater",
    n_permutations: int = 10_000,
    exact_limit: int = EXACT_LIMIT,
    seed: int | None = 0,
    block: int = 20_000,
) -> PermutationTest:
    """Permutation p-value of T = Σ_{i<n1} values[i] over re-partitions of all items.

    Parameters
    ----------
    values : array, shape (n,) or (m, n)
        Per-item values with group one first; a 2-D array runs ``m`` tests that share
        the same partitions (e.g. every word of a WEFAT) in the same matrix products.
    n1 : int
        Size of group one.
    alternative : {"greater", "less", "two-sided"}
        Direction of the alternative for T (two-sided: distance from its null mean
        ``n1/n · Σ values``).
    n_permutations : int
        Monte Carlo draws when the partitions are more than ``exact_limit``.
    exact_limit : int
        Enumerate all partitions when there are at most this many (``0`` forces Monte Carlo).
    seed : int or None, default 0
        Seed of the Monte Carlo draws (:func:`numpy.random.default_rng`); ``None`` draws
        fresh entropy. Unused (and recorded as ``None``) when the test is exact.
    block : int
        Partitions scored per matrix product (bounds the memory used).

    Returns
    -------
    PermutationTest

    Examples
    --------
    >>> t = subset_sum_test([3.0, 2.0, 1.0, 0.0], 2)   # all C(4, 2) = 6 partitions
    >>> t.method, t.p_value
    ('exact', 0.16666666666666666)
    """
    alternative = check_alternative(alternative)
    v = np.atleast_2d(np.asarray(values, dtype=np.float64))
    m, n = v.shape
    n1 = int(n1)
    if not 0 < n1 < n:
        raise ParameterError(f"n1 (the size of group one) must be between 1 and n-1 of the {n} items, not {n1}")
    total = v.sum(axis=1, keepdims=True)
    obs = v[:, :n1].sum(axis=1, keepdims=True)
    centre = total * (n1 / n)
    tol = 1e-9 * np.maximum(1.0, np.abs(v).sum(axis=1, keepdims=True))
    n_part = math.comb(n, n1)
    if n_part <= exact_limit:
        ind = _combination_indicator(n, n1)
        hits = np.zeros(m, dtype=np.int64)
        for start in range(0, n_part, block):
            hits += _count(v @ ind[start:start + block].T, obs, centre, alternative, tol)
        p = hits / n_part
        res = PermutationTest(p, "exact", n_part, alternative, None)
    else:
        rng = np.random.default_rng(seed)
        B = check_count(n_permutations, "n_permutations", minimum=1)
        hits = np.zeros(m, dtype=np.int64)
        for start in range(0, B, block):
            b = min(block, B - start)
            # a uniformly random permutation per row: its first n1 positions form group one
            perm = rng.permuted(np.broadcast_to(np.arange(n), (b, n)), axis=1)
            ind = np.zeros((b, n))
            np.put_along_axis(ind, perm[:, :n1], 1.0, axis=1)
            hits += _count(v @ ind.T, obs, centre, alternative, tol)
        p = (hits + 1) / (B + 1)
        res = PermutationTest(p, "monte carlo", B, alternative, seed)
    if np.ndim(values) == 1:
        res.p_value = float(res.p_value[0])
    return res
