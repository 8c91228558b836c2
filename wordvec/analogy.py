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

import warnings

_MOVED = ("solve_analogy", "solve_analogies", "evaluate_analogies", "compare_analogies", "AnalogyResult",
          "AnalogyComparison", "METHODS")
__all__ = list(_MOVED)


def __getattr__(name: str) -> object:
    if name not in _MOVED:
        raise AttributeError(f"module 'wordvec.analogy' has no attribute {name!r} (the analogy code moved to "
                             "wordvec.evaluation)")
    from . import evaluation

    warnings.warn(f"wordvec.analogy.{name} moved to wordvec.evaluation.{name}; wordvec.analogy is deprecated",
                  DeprecationWarning, stacklevel=2)
    return getattr(evaluation, name)

