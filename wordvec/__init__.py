"""wordvec — static word embeddings: train or load them, ask questions with honest statistics.

>>> import wordvec
>>> emb = wordvec.datasets.googlenews_subset()
>>> emb.nearest(["king"], k=2).to_frame().neighbor.tolist()
['kings', 'queen']

The analysis areas are sub-packages, imported on first use so that ``import wordvec``
stays fast: :mod:`wordvec.corpus`, :mod:`wordvec.train`, :mod:`wordvec.evaluation`
(analogies and word similarity), :mod:`wordvec.bias`, :mod:`wordvec.diachronic`,
:mod:`wordvec.hyperbolic`, :mod:`wordvec.distributed`.
"""
import importlib

from . import datasets, errors
from .embedding import Embedding, Neighbors
from .errors import FormatError, OOVError, UnknownFormatError, WordvecError
from .io import load, save

__version__ = "0.1.0"

_SUBMODULES = {"analogy", "bias", "corpus", "diachronic", "distributed", "evaluation", "hyperbolic", "plot",
               "reproduce", "similarity", "train"}

# Public names re-exported from the sub-packages (resolved lazily, see __getattr__).
_LAZY = {
    "FastTextEmbedding": "io", "detect_format": "io", "load_histwords_dir": "io", "convert": "io",
    "Vocabulary": "corpus", "Cooccurrence": "corpus", "count_cooccurrences": "corpus", "shared_vocabulary": "corpus",
    "TimeSlicedCorpus": "corpus", "TextCorpus": "corpus", "Tokenizer": "corpus", "sotu_corpus": "corpus",
    "read_ngram_cooccurrences": "corpus",
    "SGNS": "train", "CBOW": "train", "FastText": "train", "PPMI": "train", "PPMISVD": "train", "GloVe": "train",
    "ppmi_matrix": "train", "randomized_svd": "train",
    "solve_analogy": "evaluation", "solve_analogies": "evaluation", "evaluate_analogies": "evaluation",
    "compare_analogies": "evaluation",
    "evaluate_similarity": "evaluation", "compare_similarity": "evaluation",
    "load_analogies": "evaluation", "load_bats": "evaluation", "load_similarity": "evaluation",
    "weat": "bias", "weat_tests": "bias", "caliskan_tests": "bias", "sc_weat": "bias", "wefat": "bias",
    "ripa": "bias", "relative_norm_distance": "bias", "direct_bias": "bias", "load_wordset": "bias",
    "glove_variances": "bias", "word_set_bootstrap": "bias", "document_bootstrap": "bias",
    "DiachronicEmbedding": "diachronic", "train_periods": "diachronic", "align": "diachronic",
    "measure_change": "diachronic", "change_with_control": "diachronic", "neighbors_over_time": "diachronic",
    "fit_laws": "diachronic",
    "PoincareModel": "hyperbolic", "PoincareEmbedding": "hyperbolic", "Taxonomy": "hyperbolic",
    "read_taxonomy": "hyperbolic", "wordnet_taxonomy": "hyperbolic", "mammal_closure": "hyperbolic",
    "reconstruction": "hyperbolic", "edge_scores": "hyperbolic", "fowlkes_mallows": "hyperbolic",
    "refine": "hyperbolic",
}

__all__ = ["Embedding", "Neighbors", "load", "save", "datasets", "errors", "FormatError", "OOVError",
           "UnknownFormatError", "WordvecError", *sorted(_SUBMODULES), *_LAZY]


def __getattr__(name: str):
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    if name in _LAZY:
        return getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'wordvec' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
