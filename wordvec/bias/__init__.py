"""Bias statistics with uncertainty: WEAT & relatives, permutation tests, GloVe-V variances, bootstraps.

>>> import wordvec
>>> from wordvec.bias import weat_tests
>>> res = weat_tests(wordvec.datasets.googlenews_subset(), seed=0)   # Caliskan et al. (2017) tests 1–10
>>> res.to_frame()[["estimate", "ci_low", "ci_high", "p_value"]].round(2).head(3)
   estimate  ci_low  ci_high  p_value
0      1.54    1.03     1.73     0.00
1      1.63    1.20     1.79     0.00
2      0.58   -0.37     1.18     0.01

Modules: ``weat`` (WEAT, SC-WEAT/WEFAT), ``permutation`` (exact / Monte Carlo permutation
tests), ``stats`` (RIPA, relative norm distance, direct bias), ``glove_v`` (GloVe-V
analytical variances, delta method and Monte Carlo propagation), ``bootstrap`` (word-set
and document bootstraps), ``wordsets`` (published word sets — Caliskan et al.'s WEAT sets
and Garg et al.'s lists, :func:`garg_sets` — user lists, OOV policy), ``results`` (result
rows and forest plots).
"""
from .._lazy import attach

# Each name is imported from its module on first use (``import wordvec.bias`` loads none of them).
__getattr__, __dir__ = attach(__name__, {
    "bootstrap": ["DocumentBootstrapResult", "document_bootstrap", "word_set_bootstrap"],
    "glove_v": ["GloVeVariances", "glove_variances", "glove_weight"],
    "permutation": ["PermutationTest", "subset_sum_test"],
    "results": ["BiasResult", "BiasResults", "forest_plot"],
    "stats": ["direct_bias", "relative_norm_distance", "ripa"],
    "weat": ["ScWeatResult", "WeatResult", "sc_weat", "weat", "weat_tests", "wefat"],
    "wordsets": ["OOV_THRESHOLD", "GuttedSetError", "WeatTest", "caliskan_test", "caliskan_tests", "garg_sets",
                 "gender_pairs", "load_wordset", "lookup", "weat_sets"],
})

__all__ = [
    "BiasResult", "BiasResults", "forest_plot", "PermutationTest", "subset_sum_test",
    "WeatResult", "ScWeatResult", "weat", "weat_tests", "sc_weat", "wefat",
    "ripa", "relative_norm_distance", "direct_bias",
    "GloVeVariances", "glove_variances", "glove_weight",
    "word_set_bootstrap", "document_bootstrap", "DocumentBootstrapResult",
    "OOV_THRESHOLD", "GuttedSetError", "WeatTest", "caliskan_test", "caliskan_tests", "gender_pairs",
    "load_wordset", "lookup", "weat_sets", "garg_sets",
]
