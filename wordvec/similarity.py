"""Former home of the word-similarity functions, kept as a deprecated alias.

Everything moved to :mod:`wordvec.evaluation`: :func:`~wordvec.evaluation.evaluate_similarity`
and :class:`~wordvec.evaluation.SimilarityResult` (:mod:`wordvec.evaluation.similarity`),
:func:`~wordvec.evaluation.compare_similarity` and :class:`~wordvec.evaluation.SimilarityComparison`
(:mod:`wordvec.evaluation.similarity_compare`). ``from wordvec.similarity import
evaluate_similarity`` still works, with a :class:`DeprecationWarning`; import from
:mod:`wordvec.evaluation`.
"""
from __future__ import annotations

from ._deprecation import moved_names

_MOVED = ("evaluate_similarity", "compare_similarity", "SimilarityResult", "SimilarityComparison")
__all__ = list(_MOVED)
__getattr__ = moved_names("wordvec.similarity", "wordvec.evaluation", _MOVED)
