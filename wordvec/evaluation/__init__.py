"""Intrinsic evaluation: word analogies and word similarity, with honest statistics.

Layout (one concern a module; every public name is importable from ``wordvec.evaluation``):

* :mod:`.datasets` — the Google, BATS, WordSim-353 and SimLex-999 loaders;
* :mod:`.analogy_methods` — the analogy methods' names (``"3cosadd"``, ``"3cosmul"``,
  ``"pairdirection"``, ``"3cosavg"``, ``"lrcos"``);
* :mod:`.analogy_solve` — :func:`solve_analogy`, :func:`solve_analogies`;
* :mod:`.analogy_evaluate` — :func:`evaluate_analogies`, in named steps;
* :mod:`.analogy_results` — :class:`AnalogyResult`, :func:`compare_analogies`;
* :mod:`.similarity` — :func:`evaluate_similarity`, :class:`SimilarityResult`;
* :mod:`.similarity_compare` — :func:`compare_similarity`, :class:`SimilarityComparison`;
* :mod:`.stats` — Wilson, Fisher z, Williams, Steiger, the bootstrap;
* private: ``_analogy_engine`` (the blocked cosine scan and the kernel's method codes),
  ``_analogy_sections`` (3CosAvg, LRCos), ``_analogy_answers`` (the two protocols),
  ``_analogy_gensim`` (gensim's arithmetic for near-ties), ``_kernels`` (numba),
  ``_vocab`` (case-folded look-up).

``wordvec.analogy`` and ``wordvec.similarity`` are the former homes of the analogy and
similarity functions; they re-export them from here.
"""
from .._lazy import attach

# Each name is imported from its module on first use (``import wordvec.evaluation`` loads none).
__getattr__, __dir__ = attach(__name__, {
    "datasets": ["AnalogyDataset", "SimilarityDataset", "load_analogies", "load_bats", "load_similarity"],
    "stats": ["fisher_ci", "steiger_z", "wilson_ci", "williams_t"],
    "analogy_methods": ["METHODS", "analogy_method"],
    "analogy_solve": ["solve_analogy", "solve_analogies"],
    "analogy_evaluate": ["evaluate_analogies"],
    "analogy_results": ["AnalogyResult", "AnalogyComparison", "compare_analogies"],
    "similarity": ["evaluate_similarity", "SimilarityResult"],
    "similarity_compare": ["compare_similarity", "SimilarityComparison"],
})

__all__ = [
    "AnalogyDataset", "SimilarityDataset", "load_analogies", "load_bats", "load_similarity",
    "wilson_ci", "fisher_ci", "williams_t", "steiger_z",
    "METHODS", "analogy_method", "solve_analogy", "solve_analogies", "evaluate_analogies",
    "AnalogyResult", "AnalogyComparison", "compare_analogies",
    "evaluate_similarity", "SimilarityResult", "compare_similarity", "SimilarityComparison",
]
