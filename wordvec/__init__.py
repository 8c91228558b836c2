"""wordvec — static word embeddings: train or load them, ask questions with honest statistics.

>>> import wordvec
>>> emb = wordvec.datasets.googlenews_subset()
>>> emb.nearest(["king", "paris"], k=3).to_frame()          # doctest: +SKIP
"""
from . import datasets, errors
from .embedding import Embedding, Neighbors
from .errors import FormatError, OOVError, WordvecError
from .io import load, save

__version__ = "0.1.0"

__all__ = ["Embedding", "Neighbors", "load", "save", "datasets", "errors", "FormatError", "OOVError", "WordvecError"]
