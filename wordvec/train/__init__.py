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
:func:`wordvec.corpus.count_cooccurrences`. Fitted state ends in ``_`` (e.g. ``GloVe.W_``).
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


def __getattr__(name: str):
    if name == "TRAINERS":
        from .gensim_models import CBOW, SGNS, FastText
        from .glove import GloVe
        from .ppmi import PPMI, PPMISVD

        #: Trainer classes by the short names the CLI and ``Embedding.meta["trainer"]`` use.
        trainers = {"sgns": SGNS, "cbow": CBOW, "fasttext": FastText, "ppmi": PPMI, "svd": PPMISVD, "glove": GloVe}
        globals()["TRAINERS"] = trainers
        return trainers
    return _getattr(name)


def __dir__() -> list[str]:
    return sorted(set(_dir()) | {"TRAINERS"})
