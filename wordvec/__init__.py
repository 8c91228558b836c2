"""wordvec — static word embeddings: train or load them, ask questions with honest statistics.

>>> import wordvec
>>> emb = wordvec.datasets.googlenews_subset()
>>> emb.nearest(["king"], k=2).to_frame().neighbor.tolist()
['kings', 'queen']

The analysis areas are sub-packages, imported on first use so that ``import wordvec``
stays fast: :mod:`wordvec.corpus`, :mod:`wordvec.train`, :mod:`wordvec.analogy`,
:mod:`wordvec.similarity`, :mod:`wordvec.bias`, :mod:`wordvec.diachronic`,
:mod:`wordvec.hyperbolic`, :mod:`wordvec.distributed`.
"""
import importlib

from . import datasets, errors
from .embedding import Embedding, Neighbors
from .errors import FormatError, OOVError, WordvecError
from .io import load, save

__version__ = "0.1.0"

_SUBMODULES = {"analogy", "bias", "corpus", "diachronic", "distributed", "evaluation", "hyperbolic", "plot",
               "reproduce", "similarity", "train"}

# Public names re-exported from the sub-packages (resolved lazily, see __getattr__).
_LAZY = {
    "Vocabulary": "corpus", "Cooccurrence": "corpus", "count_cooccurrences": "corpus",
    "TimeSlicedCorpus": "corpus", "TextCorpus": "corpus",
    "SGNS": "train", "CBOW": "train", "FastText": "train", "PPMI": "train", "PPMISVD": "train", "GloVe": "train",
    "evaluate_analogies": "analogy", "solve_analogies": "analogy",
    "evaluate_similarity": "similarity", "compare_similarity": "similarity",
    "weat": "bias", "glove_variances": "bias",
    "DiachronicEmbedding": "diachronic", "train_periods": "diachronic", "align": "diachronic",
    "PoincareModel": "hyperbolic", "PoincareEmbedding": "hyperbolic", "Taxonomy": "hyperbolic",
}

__all__ = ["Embedding", "Neighbors", "load", "save", "datasets", "errors", "FormatError", "OOVError",
           "WordvecError", *sorted(_SUBMODULES), *_LAZY]


def __getattr__(name: str):
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    if name in _LAZY:
        return getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'wordvec' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
