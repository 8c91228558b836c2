"""Evaluating an embedding on an analogy set: thousands of questions, per-section accuracy, Wilson CIs.

:func:`evaluate_analogies` runs in named steps: check the options, resolve every
question's words to rows of the (restricted, case-folded) vocabulary, search each scored
question's best candidates (:mod:`._analogy_engine` for the single-pair methods,
:mod:`._analogy_sections` for 3CosAvg and LRCos), pick the answers under the chosen
protocol (:mod:`._analogy_answers`), and tabulate them in an
:class:`~wordvec.evaluation.analogy_results.AnalogyResult`.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from .._deprecation import renamed_parameters
from ..embedding import Embedding
from ..errors import EmptyInputError, ParameterError
from ._analogy_answers import Candidates, hits, pick_gensim, pick_wordvec
from ._analogy_engine import normaliser, select_engine, top_scores
from ._analogy_sections import avg_top_scores, lrcos_top_scores
from ._vocab import cached_canonical_rows
from .analogy_methods import analogy_method
from .analogy_results import AnalogyResult
from .analogy_solve import check_k
from .datasets import AnalogyDataset, load_analogies

if TYPE_CHECKING:
    import pandas as pd

PROTOCOLS = ("wordvec", "gensim")
#: Candidates searched beyond the ``k`` answers: room for the inputs' case variants.
SLACK = 5


@dataclass
class _QuestionRows:
    """Every question's rows (-1: outside the restricted vocabulary) and the scored questions."""

    ia: np.ndarray
    ib: np.ndarray
    ic: np.ndarray
    idd: np.ndarray
    d_sets: list | None

    @property
    def covered(self) -> np.ndarray:
        return (self.ia >= 0) & (self.ib >= 0) & (self.ic >= 0) & (self.idd >= 0)


def _check_options(method: str, protocol: str, k: int) -> tuple[str, int]:
    method, k = analogy_method(method), check_k(k)
    if protocol not in PROTOCOLS:
        raise ParameterError(f"protocol={protocol!r} is not one of {list(PROTOCOLS)}")
    if protocol == "gensim" and (method != "3cosadd" or k != 1):
        raise ParameterError(f"protocol='gensim' with method={method!r}, k={k}: gensim's evaluate_word_analogies "
                             "only implements 3CosAdd with the top answer; use protocol='wordvec' for other methods or k")
    return method, k


def _question_rows(ds: AnalogyDataset, table: dict[str, int], case_insensitive: bool) -> _QuestionRows:
    """Rows of the four words of every question; canonical (first case variant), so equal rows mean the same word."""
    fold = str.upper if case_insensitive else (lambda s: s)

    def option_rows(options: list) -> tuple[np.ndarray, list]:
        out = np.full(len(options), -1, dtype=np.int64)
        sets = []
        for i, opts in enumerate(options):
            found = [table[fold(o)] for o in opts if fold(o) in table]
            if found:
                out[i] = found[0]
            sets.append(set(found))
        return out, sets

    codes, uniq = ds.codes()
    urow = np.fromiter((table.get(fold(w), -1) for w in uniq), dtype=np.int64, count=len(uniq))
    ia, ib, ic, idd = (urow[codes[:, j]] for j in range(4))
    d_sets = None
    if ds.b_options is not None:
        ib, _ = option_rows(ds.b_options)
    if ds.d_options is not None:
        idd, d_sets = option_rows(ds.d_options)
    return _QuestionRows(ia, ib, ic, idd, d_sets)


def _search(emb: Embedding, canon: np.ndarray, section: np.ndarray, rows: _QuestionRows, sel: np.ndarray,
            method: str, depth: int, stop: int, eps: float, engine: str, lrcos_l2: float, lrcos_random: int | None,
            seed: int, progress: bool | None) -> tuple[Candidates, dict[str, Any]]:
    """The ``depth`` best candidates of every scored question."""
    U = emb.unit
    qa, qb, qc, qd = rows.ia[sel], rows.ib[sel], rows.ic[sel], rows.idd[sel]
    ones = np.ones(len(sel))
    if method == "3cosavg":
        idx, raw = avg_top_scores(U, canon, section[sel], qa, qb, qc, qd, depth, stop)
        # Only c is an input of 3CosAvg: the offset comes from the other pairs of the section.
        return Candidates(idx, raw, ones, qc, qc, qc), {}
    if method == "lrcos":
        idx, raw, info = lrcos_top_scores(U, canon, section[sel], qa, qb, qc, qd, depth, stop,
                                          l2=lrcos_l2, n_random=lrcos_random, seed=seed, progress=progress)
        # As for 3CosAvg, c is the only input word; a and b only contribute training pairs.
        return Candidates(idx, raw, ones, qc, qc, qc), info
    idx, raw = top_scores(U, qa, qb, qc, method, depth, stop, eps, engine, progress=progress)
    return Candidates(idx, raw, normaliser(U, qa, qb, qc, method), qa, qb, qc), {}


def _question_table(ds: AnalogyDataset, covered: np.ndarray, sel: np.ndarray, words, chosen: np.ndarray,
                    scores: np.ndarray, hit: np.ndarray, k: int) -> pd.DataFrame:
    """One row per question of the dataset: its words, whether OOV, the answer, its score, correctness."""
    import pandas as pd

    q = ds.questions
    n = len(q)
    top1 = chosen[:, 0]
    predicted = np.full(n, None, dtype=object)
    predicted[sel] = [words[r] if r >= 0 else None for r in top1.tolist()]
    score = np.full(n, np.nan)
    score[sel] = np.where(top1 >= 0, scores, np.nan)
    correct = np.zeros(n, dtype=bool)
    correct[sel] = hit
    # Object columns: pandas' string inference would copy 20k strings per column per call.
    obj = {name: pd.Series(q[col].to_numpy(dtype=object), dtype=object, copy=False)
           for name, col in (("section", "section"), ("a", "a"), ("b", "b"), ("c", "c"), ("expected", "d"))}
    table = pd.DataFrame({
        **obj, "line": q["line"].to_numpy(), "oov": ~covered,
        "predicted": pd.Series(predicted, dtype=object, copy=False), "score": score, "correct": correct,
    })
    if k > 1:
        candidates = np.full(n, None, dtype=object)
        candidates[sel] = [[words[r] for r in row if r >= 0] for row in chosen.tolist()]
        table["candidates"] = candidates
    return table


@renamed_parameters(topn="k")
def evaluate_analogies(emb: Embedding, dataset: str | os.PathLike | AnalogyDataset = "google", method: str = "3cosadd", *,
                       restrict_vocab: int | None = 300_000, case_insensitive: bool = True, protocol: str = "wordvec",
                       k: int = 1, eps: float = 1e-6, engine: str = "auto", lrcos_l2: float = 1.0,
                       lrcos_random: int | None = None, seed: int = 0,
                       progress: bool | None = None) -> AnalogyResult:
    """Accuracy of an embedding on an analogy set, with per-section results and Wilson CIs.

    Parameters
    ----------
    emb : Embedding
    dataset : {"google"}, path or AnalogyDataset
        The Google set (Mikolov et al. 2013), a ``: section`` / ``a b c d`` file, or a BATS
        directory (Gladkova et al. 2016); see :func:`wordvec.evaluation.load_analogies`.
    method : {"3cosadd", "3cosmul", "pairdirection", "3cosavg", "lrcos"}
        3CosAdd (Mikolov, Yih & Zweig 2013); 3CosMul and PairDirection (Levy & Goldberg
        2014); 3CosAvg answers ``c : ?`` from the average offset of the section's other
        pairs; LRCos (Drozd, Gladkova & Matsuoka 2016) answers ``c : ?`` with
        argmax_x P(target | x) · cos(x, c) over unit vectors, where P is a logistic
        regression fitted to the section with the question's pair left out (see Notes).
        For both, ``a`` and ``b`` play no part: only ``c`` (and its case variants) is
        excluded from the answers, and every question with the same ``(c, d)`` gets the
        same answer.
    restrict_vocab : int or None, default 300,000
        Only the first ``restrict_vocab`` rows are candidates *and* question words must be
        among them (gensim's convention; the rows are the most frequent words in a
        frequency-sorted file).
    case_insensitive : bool, default True
        Compare upper-cased words; of several case variants the first row wins.
    protocol : {"wordvec", "gensim"}
        ``"wordvec"``: the answer is the best-scoring row that is not an input word nor a
        case variant of one. ``"gensim"``: reproduce ``KeyedVectors.evaluate_word_analogies``
        exactly — 3CosAdd only; the answer is the first of gensim's top 5 that is not a
        case variant of an input (the 5th if none), and near-ties are re-scored with
        gensim's own float32 arithmetic, so that every question gets gensim's answer.
        In both, questions with a word outside the restricted vocabulary are *not*
        scored; they are counted and listed (``oov_questions``), and
        ``accuracy_all`` counts them as wrong (gensim's ``dummy4unknown=True``).
    k : int, default 1
        A question counts as correct when the expected word is among the ``k`` best
        answers (protocol "wordvec" only). Formerly ``topn`` (still accepted, deprecated).
    eps : float, default 1e-6
        ε of 3CosMul.
    engine : {"auto", "numba", "numpy"}
        The scan of the single-pair methods (see :func:`~wordvec.evaluation.solve_analogies`).
    lrcos_l2 : float, default 1.0
        LRCos: L2 penalty ``lrcos_l2 / 2 · ||w||²`` on the logistic-regression weights
        (scikit-learn's ``C = 1 / lrcos_l2``; C = 1 is the setting of the authors' ``vecto``).
    lrcos_random : int, optional
        LRCos: random vocabulary words added to each section's negatives; default, as
        many as the section has distinct source words (as ``vecto`` does); 0 for none.
    seed : int, default 0
        Seed of LRCos's random negatives (drawn per section from ``seed`` and the
        section's name, so a section's result does not depend on the other sections).
    progress : bool, optional
        Show a progress bar (default: on a terminal only).

    Returns
    -------
    AnalogyResult

    Notes
    -----
    LRCos, exactly. For each section the pairs are the distinct ``(a, b)`` and ``(c, d)``
    of its *scored* questions (rows as resolved in the embedding: for BATS, the first
    alternative found). For a question with pair ``(c, d)`` a logistic regression is
    fitted on the unit vectors of the other pairs' words: their targets are positives,
    their sources that are not also targets are negatives, plus ``lrcos_random`` random
    words (canonical rows of the restricted vocabulary that are not words of the
    section, drawn once per section). Classes get balanced weights (``n / (2 n_class)``,
    scikit-learn's ``class_weight="balanced"``), the intercept is unpenalised, and the
    fit is a deterministic Newton-CG run to a gradient tolerance of 1e-8, warm-started
    from the fit on all pairs. This is leave-one-pair-out (the paper's protocol): ``d``
    and ``c`` are in the training set only if another pair of the section contains
    them. The answer is the best ``P(target | x) · cos(x, c)`` over the first
    ``restrict_vocab`` rows, ``x`` not a case variant of ``c``. Differences from the
    authors' ``vecto``: each source counts once among the negatives (``vecto`` lists it
    four times), a word that is both a source and a target is a positive only, and
    random negatives never include a word of the section.

    Examples
    --------
    >>> import wordvec
    >>> emb = wordvec.datasets.googlenews_subset()
    >>> res = evaluate_analogies(emb, "google", method="3cosmul", restrict_vocab=3000)
    >>> res.n_questions, res.n_evaluated
    (19544, 860)
    >>> round(res.accuracy, 3)
    0.722
    >>> res.conf_int().round(3)
              ci_low  ci_high
    accuracy   0.691    0.751
    """
    t0 = time.perf_counter()
    method, k = _check_options(method, protocol, k)
    ds = load_analogies(dataset)
    stop = len(emb) if restrict_vocab is None else min(int(restrict_vocab), len(emb))
    if stop == 0:
        raise EmptyInputError(f"evaluate_analogies(): restrict_vocab={restrict_vocab!r} leaves no vocabulary")
    table, canon = cached_canonical_rows(emb, stop, case_insensitive)
    rows = _question_rows(ds, table, case_insensitive)
    covered = rows.covered
    sel = np.flatnonzero(covered)
    if len(sel) == 0:
        raise EmptyInputError(f"evaluate_analogies(): none of the {len(covered):,} questions of {ds.name!r} has all "
                              f"four words in the first {stop:,} rows of the embedding")
    engine = select_engine(engine, len(sel) * stop)
    depth = min(k + SLACK if protocol == "wordvec" else 6, stop)
    cand, extra = _search(emb, canon, ds.questions["section"].to_numpy(), rows, sel, method, depth, stop, eps,
                          engine, lrcos_l2, lrcos_random, seed, progress)
    replayed = 0
    if protocol == "gensim":
        chosen, scores, replayed = pick_gensim(cand, canon, emb.unit, emb, stop)
    else:
        chosen, scores = pick_wordvec(cand, canon, emb.unit, method, k, stop, eps)
    hit = hits(chosen, canon, rows.idd[sel], rows.d_sets, sel)
    return AnalogyResult(
        dataset=ds.name, method=method, protocol=protocol, restrict_vocab=stop, case_insensitive=case_insensitive,
        k=k, questions=_question_table(ds, covered, sel, emb.words, chosen, scores, hit, k),
        sections_order=list(ds.sections), _missing=(rows.ia, rows.ib, rows.ic, rows.idd, ds.b_options, ds.d_options),
        meta={"engine": engine, "replayed": replayed, "seconds": time.perf_counter() - t0, "eps": eps,
              "embedding": emb.meta.get("source"), "dataset_path": ds.path, **extra},
    )
