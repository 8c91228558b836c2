"""From each question's best candidates to its answers, under the two protocols of evaluate_analogies.

The candidate search returns a few more candidates than answers are needed (the slack);
here the candidates that are an input word or a case variant of one are dropped
(``"wordvec"``), or gensim's rule is applied (``"gensim"``: the first of its top 5 that is
not a case variant of an input, the 5th if none, with near-ties re-scored in gensim's own
arithmetic).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._analogy_engine import ENGINE_CODES, full_topk
from ._analogy_gensim import GENSIM_TIE_TOL, gensim_norms, gensim_replay


@dataclass
class Candidates:
    """The candidate search of the scored questions: rows ``idx`` (-1: none), raw scores, inputs."""

    idx: np.ndarray
    raw: np.ndarray
    norm: np.ndarray
    qa: np.ndarray
    qb: np.ndarray
    qc: np.ndarray

    @property
    def valid(self) -> np.ndarray:
        return self.idx >= 0

    def not_inputs(self, canon: np.ndarray) -> np.ndarray:
        """Where a candidate is neither an input word nor a case variant of one (same canonical row)."""
        cidx = np.where(self.valid, canon[np.maximum(self.idx, 0)], -1)
        return self.valid & (cidx != self.qa[:, None]) & (cidx != self.qb[:, None]) & (cidx != self.qc[:, None])


def pick_wordvec(c: Candidates, canon: np.ndarray, U: np.ndarray, method: str, k: int, stop: int,
                 eps: float) -> tuple[np.ndarray, np.ndarray]:
    """The ``k`` best candidates that are not inputs (``-1`` where none) and the top answer's score."""
    ok = c.not_inputs(canon)
    order = np.argsort(~ok, axis=1, kind="stable")[:, :k]
    chosen = np.take_along_axis(c.idx, order, axis=1)
    good = np.take_along_axis(ok, order, axis=1)
    scores = np.take_along_axis(c.raw, order, axis=1)[:, 0] / c.norm
    short = np.flatnonzero(~good.all(axis=1) & c.valid.all(axis=1) & (stop > c.idx.shape[1]))
    if method not in ENGINE_CODES:
        short = short[:0]  # 3CosAvg and LRCos excluded c's case variants while searching
    for j in short.tolist():
        # More case variants of the inputs than the slack: this question is redone exactly.
        banned = np.flatnonzero(np.isin(canon, [c.qa[j], c.qb[j], c.qc[j]]))
        cand, vals = full_topk(U, int(c.qa[j]), int(c.qb[j]), int(c.qc[j]), method, stop, eps, banned, k)
        chosen[j, :] = -1
        good[j, :] = False
        chosen[j, :len(cand)] = cand
        good[j, :len(cand)] = True
        scores[j] = vals[0] / c.norm[j] if len(cand) else np.nan
    return np.where(good, chosen, -1), scores


def pick_gensim(c: Candidates, canon: np.ndarray, U: np.ndarray, emb, stop: int) -> tuple[np.ndarray, np.ndarray, int]:
    """gensim's answer to every question, its 3CosAdd score, and how many near-ties were replayed."""
    valid, ok = c.valid, c.not_inputs(canon)
    raw, idx, norm = c.raw, c.idx, c.norm
    rows = np.arange(len(idx))
    nvalid5 = valid[:, :5].sum(axis=1)
    ok5 = ok[:, :5]
    pos = np.where(ok5.any(axis=1), ok5.argmax(axis=1), np.maximum(nvalid5 - 1, 0))
    # gensim sorts float32 scores computed in another order: wherever the winner is
    # within GENSIM_TIE_TOL of a neighbour, gensim's arithmetic decides.
    gaps = raw[:, :-1].astype(np.float64) - raw[:, 1:]
    upto = np.minimum(valid.sum(axis=1), pos + 2) - 1
    gaps = np.where(np.arange(raw.shape[1] - 1)[None, :] < upto[:, None], gaps, np.inf)
    amb = (gaps.min(axis=1, initial=np.inf) < GENSIM_TIE_TOL) | ((nvalid5 < 5) & (stop > 8))
    chosen = np.where(nvalid5 > 0, idx[rows, pos], -1)
    scores = raw[rows, pos] / norm
    ambiguous = np.flatnonzero(amb).tolist()
    if ambiguous:
        V, norms = gensim_norms(emb)
    for j in ambiguous:
        qa, qb, qc = int(c.qa[j]), int(c.qb[j]), int(c.qc[j])
        top5 = gensim_replay(V, norms, qa, qb, qc, stop)
        okj = [canon[r] not in (qa, qb, qc) for r in top5]
        p = okj.index(True) if True in okj else len(top5) - 1
        chosen[j] = top5[p] if top5 else -1
        scores[j] = float(U[chosen[j]] @ (U[qb] - U[qa] + U[qc]) / norm[j]) if top5 else np.nan
    return chosen[:, None], scores, len(ambiguous)


def hits(chosen: np.ndarray, canon: np.ndarray, qd: np.ndarray, d_sets: list | None, sel: np.ndarray) -> np.ndarray:
    """Whether the expected word (or, for BATS, one of its alternatives) is among the answers."""
    ctop = np.where(chosen >= 0, canon[np.maximum(chosen, 0)], -2)
    if d_sets is None:
        return (ctop == qd[:, None]).any(axis=1)
    return np.array([any(r in d_sets[i] for r in row) for i, row in zip(sel.tolist(), ctop.tolist())], dtype=bool)
