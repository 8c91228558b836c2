"""Former home of the word-analogy functions, kept as a deprecated alias.

Everything moved to :mod:`wordvec.evaluation`: :func:`~wordvec.evaluation.solve_analogy`
and :func:`~wordvec.evaluation.solve_analogies` (:mod:`wordvec.evaluation.analogy_solve`),
:func:`~wordvec.evaluation.evaluate_analogies` (:mod:`wordvec.evaluation.analogy_evaluate`),
:class:`~wordvec.evaluation.AnalogyResult` and :func:`~wordvec.evaluation.compare_analogies`
(:mod:`wordvec.evaluation.analogy_results`), the method names
(:mod:`wordvec.evaluation.analogy_methods`). ``from wordvec.analogy import evaluate_analogies``
still works, with a :class:`DeprecationWarning`; import from :mod:`wordvec.evaluation`.
"""
from __future__ import annotations

from ._deprecation import moved_names

_MOVED = ("solve_analogy", "solve_analogies", "evaluate_analogies", "compare_analogies", "AnalogyResult",
          "AnalogyComparison", "METHODS")
__all__ = list(_MOVED)
__getattr__ = moved_names("wordvec.analogy", "wordvec.evaluation", _MOVED)
