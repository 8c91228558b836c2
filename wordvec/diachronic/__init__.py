"""Diachronic embeddings: per-period training, Procrustes alignment, semantic change with
significance, the laws of semantic change, and SemEval-2020 Task 1 scoring.

>>> from wordvec.diachronic import synthetic, align, displacement
>>> planted = synthetic.planted_shift_embeddings(n_words=500, dim=20, n_planted=10, seed=1)
>>> scores = displacement(align(planted.series))
>>> scores.auc(planted.planted)["auc"] > 0.95
True
"""
from . import synthetic
from .align import Alignment, align, orthogonal_procrustes
from .change import (MEASURES, ChangeScores, ChangeSeries, NeighborsOverTime, change_series, displacement,
                     local_neighborhood_change, measure_change, neighbors_over_time, nn_overlap_change, onomasiological)
from .series import AbsentWordError, DiachronicEmbedding, DiachronicError, train_periods

__all__ = [
    "DiachronicEmbedding", "DiachronicError", "AbsentWordError", "train_periods",
    "align", "orthogonal_procrustes", "Alignment",
    "MEASURES", "ChangeScores", "ChangeSeries", "NeighborsOverTime", "displacement", "local_neighborhood_change",
    "nn_overlap_change", "measure_change", "change_series", "neighbors_over_time", "onomasiological",
    "synthetic",
]
