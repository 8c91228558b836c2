"""Trainers of static word embeddings, scikit-learn style: ``Trainer(**params).fit(data) -> Embedding``.

========  ==========================================================  ==================
name      method                                                      ``fit`` takes
========  ==========================================================  ==================
SGNS      skip-gram with negative sampling (gensim)                   corpus
CBOW      continuous bag of words (gensim)                            corpus
FastText  fastText sub-word skip-gram/CBOW (gensim)                   corpus
PPMI      explicit sparse (shifted) PPMI rows                         Cooccurrence/corpus
PPMISVD   truncated SVD of PPMI with eigenvalue weighting             Cooccurrence/corpus
GloVe     GloVe, AdaGrad in a compiled lock-free (Hogwild!) loop      Cooccurrence/corpus
========  ==========================================================  ==================

A corpus is a re-iterable of token lists; a Cooccurrence comes from
:func:`wordvec.corpus.count_cooccurrences`. Every trainer stores the fitted
:class:`~wordvec.embedding.Embedding` as ``embedding_``; other fitted state ends in ``_`` too
(e.g. ``GloVe.W_``). ``TRAINERS`` maps each short name (``Embedding.meta["trainer"]``) to its class.

>>> from wordvec.train import TRAINERS
>>> sorted(TRAINERS)
['cbow', 'fasttext', 'glove', 'ppmi', 'ppmi_svd', 'sgns']
"""
from .._lazy import attach

# Each name is imported from its module on first use: ``import wordvec.train`` loads none of
# them; gensim, scipy and the compiled GloVe kernel load when a trainer needs them.
_getattr, _dir = attach(__name__, {
    "base": ["ParameterError"],
    "gensim_models": ["CBOW", "SGNS", "FastText"],
    "glove": ["GloVe"],
    "ppmi": ["PPMI", "PPMISVD", "ppmi_matrix"],
    "svd": ["randomized_svd", "truncated_svd"],
})

__all__ = ["SGNS", "CBOW", "FastText", "PPMI", "PPMISVD", "GloVe", "ParameterError", "ppmi_matrix",
           "randomized_svd", "truncated_svd", "TRAINERS"]


def _registry() -> dict[str, type]:
    """Trainer classes keyed by their own ``_trainer_name`` (the name in ``Embedding.meta["trainer"]``)."""
    from .gensim_models import CBOW, SGNS, FastText
    from .glove import GloVe
    from .ppmi import PPMI, PPMISVD

    return {cls._trainer_name: cls for cls in (SGNS, CBOW, FastText, PPMI, PPMISVD, GloVe)}


def __getattr__(name: str):
    if name == "TRAINERS":
        #: short name ("sgns", "cbow", "fasttext", "ppmi", "ppmi_svd", "glove") → trainer class; the CLI and
        #: ``wordvec.reproduce`` read it. Built from the classes, so it cannot disagree with ``meta["trainer"]``.
        trainers = _registry()
        globals()["TRAINERS"] = trainers
        return trainers
    return _getattr(name)


def __dir__() -> list[str]:
    return sorted(set(_dir()) | {"TRAINERS"})
