"""Intrinsic evaluation helpers: dataset loaders, vocabulary look-up, statistics, kernels.

The public entry points live in :mod:`wordvec.analogy` and :mod:`wordvec.similarity`;
this package holds the parts they share.
"""
from .datasets import AnalogyDataset, SimilarityDataset, load_analogies, load_bats, load_similarity
from .stats import fisher_ci, steiger_z, wilson_ci, williams_t

__all__ = [
    "AnalogyDataset", "SimilarityDataset", "load_analogies", "load_bats", "load_similarity",
    "wilson_ci", "fisher_ci", "williams_t", "steiger_z",
]
