"""SGNS, CBOW and fastText through gensim's compiled trainers, behind the wordvec estimator API.

The gensim model is kept on the fitted trainer (``model_``) for users who need its extra
features (fastText's n-gram vectors for unseen words, continued training, ...).
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np

from .._progress import progress_bar
from ..embedding import Embedding
from ..errors import EmptyInputError, ParameterTypeError
from .base import N_JOBS, BaseTrainer, ParameterError, boolean, check_corpus, integer, real, resolve_n_jobs

#: gensim's Cython routines silently ignore tokens beyond this position in one document.
GENSIM_MAX_DOC = 10_000


class _Chunked:
    """Re-iterable view of a corpus with over-long documents split into gensim-sized pieces.

    gensim truncates documents longer than 10,000 tokens without a word; splitting them keeps
    every token (at the cost of windows across the ≤ window positions at each cut).
    """

    def __init__(self, corpus: Iterable[list[str]], who: str):
        self.corpus = corpus
        self.who = who

    def __iter__(self) -> Iterator[list[str]]:
        for n, doc in enumerate(self.corpus):
            if isinstance(doc, (str, bytes)):
                raise ParameterTypeError(f"{self.who}: document {n} is a string, not a list of tokens; "
                                         "tokenise the corpus first (see wordvec.corpus)")
            if not isinstance(doc, list):
                doc = list(doc)
            if len(doc) <= GENSIM_MAX_DOC:
                yield doc
            else:
                for start in range(0, len(doc), GENSIM_MAX_DOC):
                    yield doc[start:start + GENSIM_MAX_DOC]


class _GensimTrainer(BaseTrainer):
    """Common fit logic: vocabulary, emptiness checks, epochs with a progress bar and loss."""

    _common_constraints = {
        "dim": integer(1),
        "window": integer(1),
        "min_count": integer(1),
        "negative": integer(0),
        "epochs": integer(1),
        "sample": real(0),
        "learning_rate": real(0, low_open=True),
        "min_learning_rate": real(0),
        "n_jobs": N_JOBS,
        "seed": integer(0),
        "progress": boolean(none=True),
    }

    def _store(self, arguments: dict[str, Any]) -> None:
        """``__init__``'s whole body: store every argument under its own name (scikit-learn's rule)."""
        for name, value in arguments.items():
            if name not in ("self", "__class__"):
                setattr(self, name, value)

    def _gensim_kwargs(self) -> dict[str, Any]:
        # gensim's own names (``alpha``, ``workers``) appear only here, in the call to gensim
        return dict(vector_size=self.dim, window=self.window, min_count=self.min_count, negative=self.negative,
                    hs=0, sample=self.sample, alpha=self.learning_rate, min_alpha=self.min_learning_rate,
                    epochs=self.epochs, seed=self.seed, workers=resolve_n_jobs(self.n_jobs))

    def _new_model(self) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def fit(self, corpus: Iterable[list[str]]) -> Embedding:
        """Build the vocabulary and train on ``corpus`` (a re-iterable of token lists).

        Returns
        -------
        Embedding
            The input (word) vectors in gensim's frequency order, with counts and the
            hyper-parameters in ``meta``; also stored as ``embedding_``.
        """
        self._validate_params()
        if self.min_learning_rate > self.learning_rate:
            raise ParameterError(f"{type(self).__name__}: min_learning_rate={self.min_learning_rate} exceeds "
                                 f"learning_rate={self.learning_rate}")
        who = type(self).__name__
        docs = _Chunked(check_corpus(corpus, who), who)
        model = self._new_model()
        model.build_vocab(docs)
        if model.corpus_total_words == 0:
            raise EmptyInputError(f"{who}: the corpus is empty (no documents or no tokens)")
        if len(model.wv) == 0:
            raise EmptyInputError(f"{who}: the vocabulary is empty: no word occurs min_count={self.min_count} "
                                  f"times in the corpus ({model.corpus_total_words} tokens)")
        losses: list[float] = []
        bar = progress_bar(total=model.epochs, desc=who, progress=self.progress, unit="epoch")
        callback = _EpochCallback(bar, losses)
        try:
            model.train(docs, total_examples=model.corpus_count, epochs=model.epochs,
                        compute_loss=self._computes_loss, callbacks=[callback])
        finally:
            bar.close()
        self.model_ = model
        self.loss_history_ = np.asarray(losses) if self._computes_loss else None
        meta = self._meta(corpus_words=int(model.corpus_total_words), corpus_documents=int(model.corpus_count))
        emb = Embedding.from_gensim(model.wv, meta=meta)
        self.embedding_ = emb
        return emb

    _computes_loss = True


class _EpochCallback:
    """gensim callback: advance the bar and record per-epoch loss (gensim reports a running total)."""

    def __init__(self, bar: Any, losses: list[float]):
        self.bar = bar
        self.losses = losses
        self.previous = 0.0

    def on_epoch_begin(self, model: Any) -> None:
        pass

    def on_epoch_end(self, model: Any) -> None:
        total = float(model.get_latest_training_loss()) if getattr(model, "compute_loss", False) else 0.0
        self.losses.append(total - self.previous)
        self.previous = total
        self.bar.update()

    def on_train_begin(self, model: Any) -> None:
        pass

    def on_train_end(self, model: Any) -> None:
        pass


class SGNS(_GensimTrainer):
    """Skip-gram with negative sampling (Mikolov et al. 2013), trained by gensim.

    Parameters
    ----------
    dim : int, default 100
    window : int, default 5
        Maximum distance between centre and context word (gensim samples the effective
        window uniformly in ``1..window`` per token, as word2vec does).
    min_count : int, default 5
    negative : int, default 5
        Negative samples per positive pair.
    epochs : int, default 5
    sample : float, default 1e-3
        Frequent-word subsampling threshold (0 disables it).
    learning_rate, min_learning_rate : float, default 0.025 and 0.0001
        Linearly decayed SGD step.
    n_jobs : int or None, default None
        gensim worker threads (``None`` → 1, which with a fixed ``seed`` is reproducible).
    seed : int, default 0
    progress : bool or None

    Attributes
    ----------
    model_ : gensim.models.Word2Vec
    embedding_ : Embedding
    loss_history_ : ndarray
        gensim's training loss per epoch (its running-sum semantics, differenced).

    References
    ----------
    Mikolov, T., Sutskever, I., Chen, K., Corrado, G. & Dean, J. (2013). Distributed
    representations of words and phrases and their compositionality. NeurIPS.
    Řehůřek, R. & Sojka, P. (2010). Software framework for topic modelling with large corpora.

    Examples
    --------
    >>> docs = [["the", "cat", "sat", "on", "the", "mat"], ["the", "dog", "sat"]] * 20
    >>> sgns = SGNS(dim=8, window=2, min_count=1, epochs=1, progress=False)
    >>> emb = sgns.fit(docs)
    >>> emb.shape, emb is sgns.embedding_, emb.meta["trainer"]
    ((6, 8), True, 'sgns')
    """

    _trainer_name = "sgns"
    _skipgram = 1
    _parameter_constraints = _GensimTrainer._common_constraints

    def __init__(self, dim: int = 100, *, window: int = 5, min_count: int = 5, negative: int = 5, epochs: int = 5,
                 sample: float = 1e-3, learning_rate: float = 0.025, min_learning_rate: float = 0.0001,
                 n_jobs: int | None = None, seed: int = 0, progress: bool | None = None):
        self._store(locals())

    def _new_model(self) -> Any:
        from gensim.models import Word2Vec

        # cbow_mean only matters for CBOW (sg=0): the context vectors are averaged, not summed
        return Word2Vec(sg=self._skipgram, cbow_mean=1, **self._gensim_kwargs())


class CBOW(SGNS):
    """Continuous bag of words with negative sampling (Mikolov et al. 2013a), trained by gensim.

    Same parameters as :class:`SGNS`; the context vectors are averaged (``cbow_mean=1``).

    References
    ----------
    Mikolov, T., Chen, K., Corrado, G. & Dean, J. (2013). Efficient estimation of word
    representations in vector space. ICLR workshop.

    Examples
    --------
    >>> docs = [["the", "cat", "sat", "on", "the", "mat"], ["the", "dog", "sat"]] * 20
    >>> CBOW(dim=8, window=2, min_count=1, epochs=1, progress=False).fit(docs).shape
    (6, 8)
    """

    _trainer_name = "cbow"
    _skipgram = 0

    def __init__(self, dim: int = 100, *, window: int = 5, min_count: int = 5, negative: int = 5, epochs: int = 5,
                 sample: float = 1e-3, learning_rate: float = 0.025, min_learning_rate: float = 0.0001,
                 n_jobs: int | None = None, seed: int = 0, progress: bool | None = None):
        self._store(locals())


class FastText(_GensimTrainer):
    """fastText: skip-gram (or CBOW) over words and their character n-grams (Bojanowski et al. 2017).

    Parameters
    ----------
    dim, window, min_count, negative, epochs, sample, learning_rate, min_learning_rate, n_jobs, seed, progress :
        As in :class:`SGNS`.
    skipgram : bool, default True
        Skip-gram (the paper's setting) or CBOW.
    min_n, max_n : int, default 3 and 6
        Character n-gram lengths (``max_n < min_n`` disables n-grams).
    bucket : int, default 2,000,000
        Hash buckets for n-gram vectors.

    Attributes
    ----------
    model_ : gensim.models.FastText
        Keeps the n-gram buckets: ``model_.wv[word]`` composes vectors for unseen words.
    embedding_ : Embedding

    References
    ----------
    Bojanowski, P., Grave, E., Joulin, A. & Mikolov, T. (2017). Enriching word vectors with
    subword information. TACL 5, 135–146.

    Examples
    --------
    >>> docs = [["the", "cat", "sat", "on", "the", "mat"], ["the", "dog", "sat"]] * 20
    >>> ft = FastText(dim=8, window=2, min_count=1, epochs=1, bucket=1000, progress=False)
    >>> ft.fit(docs).shape, ft.model_.wv["cats"].shape   # an unseen word, composed from n-grams
    ((6, 8), (8,))
    """

    _trainer_name = "fasttext"
    _computes_loss = False  # gensim's FastText does not report a loss
    _parameter_constraints = {**_GensimTrainer._common_constraints, "skipgram": boolean(), "min_n": integer(1),
                              "max_n": integer(0), "bucket": integer(1)}

    def __init__(self, dim: int = 100, *, window: int = 5, min_count: int = 5, negative: int = 5, epochs: int = 5,
                 sample: float = 1e-3, learning_rate: float = 0.025, min_learning_rate: float = 0.0001,
                 skipgram: bool = True, min_n: int = 3, max_n: int = 6, bucket: int = 2_000_000,
                 n_jobs: int | None = None, seed: int = 0, progress: bool | None = None):
        self._store(locals())

    def _new_model(self) -> Any:
        from gensim.models import FastText as GensimFastText

        return GensimFastText(sg=int(self.skipgram), min_n=self.min_n, max_n=self.max_n, bucket=self.bucket,
                              **self._gensim_kwargs())
