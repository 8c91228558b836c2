"""Diachronic embeddings: per-period training, Procrustes alignment, semantic change with
significance, the laws of semantic change, and SemEval-2020 Task 1 scoring.

>>> from wordvec.diachronic import synthetic, align, displacement
>>> planted = synthetic.planted_shift_embeddings(n_words=500, dim=20, n_planted=10, seed=1)
>>> scores = displacement(align(planted.series))
>>> scores.auc(planted.planted)["auc"] > 0.95
True

Typical use on a dated corpus (Hamilton, Leskovec & Jurafsky 2016; Dubossarsky et al. 2017)::

    from wordvec.corpus import sotu
    from wordvec.train import PPMISVD
    from wordvec import diachronic as dia
    tsc = sotu(width=50)
    series = dia.align(dia.train_periods(tsc, PPMISVD(dim=100), min_count=20))
    scores, controls, _ = dia.change_with_control(tsc, PPMISVD(dim=100), n_controls=3)
    scores.most_changed(20, min_count=50)
    dia.laws(series, control=dia.align(dia.shuffled_series(tsc, PPMISVD(dim=100))), min_count=50)
"""
from .._lazy import attach

# Each name is imported from its module on first use: ``import wordvec.diachronic`` loads none
# of them (statsmodels loads in fit_laws, matplotlib in plot_trajectory).
__getattr__, __dir__ = attach(__name__, {
    "align": ["Alignment", "align", "orthogonal_procrustes"],
    "change": ["MEASURES", "ChangeScores", "ChangeSeries", "NeighborsOverTime", "change_series", "displacement",
               "local_neighborhood_change", "measure_change", "neighbors_over_time", "nn_overlap_change",
               "onomasiological"],
    "laws": ["ENGLISH_STOPWORDS", "LawsResult", "clustering_coefficient", "fit_laws", "laws", "laws_frame", "polysemy"],
    "null": ["change_with_control", "compare_to_control", "resample_change", "resample_change_series",
             "shuffle_periods", "shuffled_series"],
    "plots": ["plot_trajectory"],
    "semeval": ["SemEvalScore", "evaluate_binary", "evaluate_graded", "read_gold", "read_targets"],
    "series": ["AbsentWordError", "DiachronicEmbedding", "DiachronicError", "train_periods"],
}, submodules=["synthetic"])

__all__ = [
    "DiachronicEmbedding", "DiachronicError", "AbsentWordError", "train_periods",
    "align", "orthogonal_procrustes", "Alignment",
    "MEASURES", "ChangeScores", "ChangeSeries", "NeighborsOverTime", "displacement", "local_neighborhood_change",
    "nn_overlap_change", "measure_change", "change_series", "neighbors_over_time", "onomasiological",
    "shuffle_periods", "shuffled_series", "compare_to_control", "change_with_control", "resample_change",
    "resample_change_series",
    "laws", "laws_frame", "fit_laws", "LawsResult", "polysemy", "clustering_coefficient", "ENGLISH_STOPWORDS",
    "read_targets", "read_gold", "evaluate_graded", "evaluate_binary", "SemEvalScore",
    "plot_trajectory", "semeval", "synthetic",
]
