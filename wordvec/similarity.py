"""Former home of the word-similarity functions, kept as a deprecated alias.

Everything moved to :mod:`wordvec.evaluation`: :func:`~wordvec.evaluation.evaluate_similarity`
and :class:`~wordvec.evaluation.SimilarityResult` (:mod:`wordvec.evaluation.similarity`),
:func:`~wordvec.evaluation.compare_similarity` and :class:`~wordvec.evaluation.SimilarityComparison`
(:mod:`wordvec.evaluation.similarity_compare`). ``from wordvec.similarity import
evaluate_similarity`` still works, with a :class:`DeprecationWarning`; import from
:mod:`wordvec.evaluation`.
"""
from __future__ import annotations

import warnings

_MOVED = ("evaluate_similarity", "compare_similarity", "SimilarityResult", "SimilarityComparison")
__all__ = list(_MOVED)


def __getattr__(name: str) -> object:
    if name not in _MOVED:
        raise AttributeError(f"module 'wordvec.similarity' has no attribute {name!r} (the similarity code moved to "
                             "wordvec.evaluation)")
    from . import evaluation

    warnings.warn(f"wordvec.similarity.{name} moved to wordvec.evaluation.{name}; wordvec.similarity is deprecated",
                  DeprecationWarning, stacklevel=2)
    return getattr(evaluation, name)

