"""Intrinsic evaluation helpers: dataset loaders, vocabulary look-up, statistics, kernels.

The public entry points live in :mod:`wordvec.analogy` and :mod:`wordvec.similarity`;
this package holds the parts they share.
"""
from .._lazy import attach

# Each name is imported from its module on first use (``import wordvec.evaluation`` loads none).
__getattr__, __dir__ = attach(__name__, {
    "datasets": ["AnalogyDataset", "SimilarityDataset", "load_analogies", "load_bats", "load_similarity"],
    "stats": ["fisher_ci", "steiger_z", "wilson_ci", "williams_t"],
})

__all__ = [
    "AnalogyDataset", "SimilarityDataset", "load_analogies", "load_bats", "load_similarity",
    "wilson_ci", "fisher_ci", "williams_t", "steiger_z",
]
