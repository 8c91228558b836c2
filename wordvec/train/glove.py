"""GloVe: global log-bilinear regression on a co-occurrence matrix (Pennington et al. 2014).

The objective, weighting, AdaGrad optimiser, initialisation and output follow the reference
C implementation (``stanfordnlp/GloVe``, ``glove.c``); the epoch runs in a compiled
lock-free loop (:mod:`wordvec.train._glove_kernel`) on ``n_jobs`` threads.
"""
from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np

from .._deprecation import RenamedAttribute, renamed_parameters
from .._progress import progress_bar
from ..embedding import Embedding
from .base import (N_JOBS, OUTPUT, OUTPUTS, BaseTrainer, as_cooccurrence, boolean, check_output, integer, one_of,
                   real, resolve_n_jobs, vocab_counts)

__all__ = ["GloVe", "OUTPUTS"]


class GloVe(BaseTrainer):
    """Global Vectors for word representation (Pennington, Socher & Manning 2014).

    Minimises, over word vectors ``w_i``, context vectors ``c_j`` and biases ``b_i``, ``b̃_j``,

    .. math:: J = \\sum_{X_{ij} > 0} f(X_{ij}) (w_i^\\top c_j + b_i + \\tilde b_j - \\log X_{ij})^2,
              \\qquad f(x) = \\min(1, (x / x_{max})^{e})

    (``e`` is ``weight_exponent``) with AdaGrad over the shuffled non-zeros, exactly as the
    reference ``glove.c``: learning rate ``learning_rate``, squared-gradient accumulators initialised to 1, parameters initialised
    uniformly as ``(rand − 0.5) / dim``, element-wise gradient clipping at 100, the reported
    cost being ``Σ ½ f·diff² / nnz``. The non-zeros are shuffled once (like the reference's
    ``shuffle`` tool) unless ``reshuffle=True``. With ``n_jobs > 1`` threads update the shared
    parameters without locks (Hogwild!), which is fast but not bit-reproducible; ``n_jobs=1``
    (the default, as in scikit-learn) is deterministic for a given ``seed``.

    Parameters
    ----------
    dim : int, default 100
        Vector dimensionality.
    epochs : int, default 25
        Passes over the non-zeros (the reference's default ``-iter 25``; the paper uses 50).
    x_max : float, default 100
        Cut-off of the weighting function.
    weight_exponent : float, default 0.75
        Exponent of the weighting function (the paper's α; formerly ``alpha``, still
        accepted with a :class:`DeprecationWarning`).
    learning_rate : float, default 0.05
        AdaGrad initial learning rate (the reference's ``-eta``; formerly ``eta``, still
        accepted with a :class:`DeprecationWarning`).
    output : {"w+c", "w", "c", "concat"}, default "w+c"
        Vectors returned by :meth:`fit` (case-insensitive: ``"W+C"`` works): the sum of word
        and context vectors (the reference's default ``-model 2``), the word vectors, the
        context vectors, or both side by side (``2·dim`` columns). :meth:`embedding` gives
        any of them after fitting.
    window, weighting, min_count :
        Used only when ``fit`` receives a corpus: passed to
        :func:`wordvec.corpus.count_cooccurrences` (``weighting="harmonic"`` is GloVe's 1/distance).
    dtype : {"float64", "float32"}, default "float64"
        Precision of the parameters (the reference uses double).
    reshuffle : bool, default False
        Draw a new order of the non-zeros every epoch instead of once.
    grad_clip : float, default 100
        Element-wise clip of the vector gradients (``grad_clip_value`` in ``glove.c``).
    n_jobs : int or None, default None
        Threads (``None`` → 1, ``-1`` → all cores).
    seed : int, default 0
        Seeds initialisation and shuffling.
    progress : bool or None
        Progress bar over epochs (``None``: on in terminals and notebooks).

    Attributes
    ----------
    embedding_ : Embedding
        The ``output`` vectors (what :meth:`fit` returns).
    cooccurrence_ : Cooccurrence
        The co-occurrence counts the model was fitted to.
    W_, C_ : ndarray, shape (n, dim)
        Word (centre) and context vectors.
    bw_, bc_ : ndarray, shape (n,)
        Word and context biases.
    loss_history_ : ndarray, shape (epochs,)
        Mean cost ``Σ ½ f·diff² / nnz`` accumulated during each epoch (the figure ``glove.c`` prints).
    epoch_times_ : ndarray, shape (epochs,)
        Wall-clock seconds of each epoch.
    n_skipped_ : int
        Updates skipped because the residual was not finite (0 in a healthy run).

    References
    ----------
    Pennington, J., Socher, R. & Manning, C. D. (2014). GloVe: Global Vectors for Word
    Representation. EMNLP, 1532–1543.
    Duchi, J., Hazan, E. & Singer, Y. (2011). Adaptive subgradient methods. JMLR 12.
    Recht, B., Re, C., Wright, S. & Niu, F. (2011). Hogwild!: A lock-free approach to
    parallelizing stochastic gradient descent. NeurIPS.

    Examples
    --------
    >>> from wordvec.corpus import count_cooccurrences
    >>> docs = [["the", "cat", "sat", "on", "the", "mat"], ["the", "dog", "sat", "on", "a", "log"]] * 10
    >>> cooc = count_cooccurrences(docs, window=3)
    >>> glove = GloVe(dim=4, epochs=5, x_max=10, progress=False)
    >>> emb = glove.fit(cooc)
    >>> emb.shape, emb is glove.embedding_, glove.embedding("concat").shape
    ((8, 4), True, (8, 8))
    >>> bool(glove.loss_history_[-1] < glove.loss_history_[0])
    True
    """

    _trainer_name = "glove"
    _parameter_constraints = {
        "dim": integer(1),
        "epochs": integer(1),
        "x_max": real(0, low_open=True),
        "weight_exponent": real(0),
        "learning_rate": real(0, low_open=True),
        "output": OUTPUT,
        "window": integer(1),
        "weighting": one_of("harmonic", "uniform"),
        "min_count": integer(1),
        "dtype": one_of("float64", "float32"),
        "reshuffle": boolean(),
        "grad_clip": real(0, low_open=True),
        "n_jobs": N_JOBS,
        "seed": integer(0),
        "progress": boolean(none=True),
    }

    @renamed_parameters(alpha="weight_exponent", eta="learning_rate")
    def __init__(self, dim: int = 100, epochs: int = 25, *, x_max: float = 100.0, weight_exponent: float = 0.75,
                 learning_rate: float = 0.05, output: str = "w+c", window: int = 10, weighting: str = "harmonic",
                 min_count: int = 5, dtype: str = "float64", reshuffle: bool = False, grad_clip: float = 100.0,
                 n_jobs: int | None = None, seed: int = 0, progress: bool | None = None):
        self.dim = dim
        self.epochs = epochs
        self.x_max = x_max
        self.weight_exponent = weight_exponent
        self.learning_rate = learning_rate
        self.output = output
        self.window = window
        self.weighting = weighting
        self.min_count = min_count
        self.dtype = dtype
        self.reshuffle = reshuffle
        self.grad_clip = grad_clip
        self.n_jobs = n_jobs
        self.seed = seed
        self.progress = progress

    alpha = RenamedAttribute("weight_exponent")
    eta = RenamedAttribute("learning_rate")

    # ------------------------------------------------------------------ fitting
    def fit(self, data: Any) -> Embedding:
        """Fit to a :class:`~wordvec.corpus.Cooccurrence` (or a corpus, counted first).

        Returns
        -------
        Embedding
            The ``output`` vectors, with the vocabulary counts and the hyper-parameters,
            final cost and fitting time in ``meta``; also stored as ``embedding_``.
        """
        from . import _glove_kernel as kernel

        self._validate_params()
        cooc = as_cooccurrence(data, "GloVe", window=self.window, weighting=self.weighting,
                               min_count=self.min_count, progress=self.progress)
        dtype = np.dtype(self.dtype)
        rows, cols, logx, fx = self._entries(cooc, dtype)
        n, d, nnz = len(cooc.vocab), int(self.dim), rows.size
        rng = np.random.default_rng(self.seed)

        # Initialisation of glove.c: every parameter (rand − 0.5) / dim, accumulators at 1.
        # Packed rows [vector, bias, accumulators of both] (see the kernel) for words (P) and contexts (Q).
        P, Q = np.ones((n, 2 * d + 2), dtype), np.ones((n, 2 * d + 2), dtype)
        P[:, :d] = (rng.random((n, d)) - 0.5) / d
        Q[:, :d] = (rng.random((n, d)) - 0.5) / d
        P[:, d] = (rng.random(n) - 0.5) / d
        Q[:, d] = (rng.random(n) - 0.5) / d

        perm = rng.permutation(nnz)
        rows, cols, logx, fx = rows[perm], cols[perm], logx[perm], fx[perm]

        threads = min(resolve_n_jobs(self.n_jobs), max(1, nnz // 1000))
        bounds = np.linspace(0, nnz, threads + 1).astype(np.int64)
        eta, clip = float(self.learning_rate), float(self.grad_clip)
        history, times, skipped = [], [], 0

        def block(t: int) -> tuple[float, int]:
            return kernel.adagrad_block(rows, cols, logx, fx, bounds[t], bounds[t + 1], P, Q, eta, clip)

        pool = ThreadPoolExecutor(max_workers=threads) if threads > 1 else None
        bar = progress_bar(range(self.epochs), desc="GloVe", progress=self.progress, unit="epoch")
        try:
            for epoch in bar:
                if self.reshuffle and epoch > 0:
                    perm = rng.permutation(nnz)
                    rows, cols, logx, fx = rows[perm], cols[perm], logx[perm], fx[perm]
                t0 = time.perf_counter()
                parts = list(pool.map(block, range(threads))) if pool else [block(0)]
                times.append(time.perf_counter() - t0)
                cost = sum(p[0] for p in parts) / nnz
                skipped += sum(p[1] for p in parts)
                history.append(cost)
                bar.set_postfix(cost=f"{cost:.4f}")
        finally:
            bar.close()
            if pool:
                pool.shutdown()

        self.cooccurrence_ = cooc
        self.W_, self.C_ = np.ascontiguousarray(P[:, :d]), np.ascontiguousarray(Q[:, :d])
        self.bw_, self.bc_ = P[:, d].copy(), Q[:, d].copy()
        self.loss_history_ = np.asarray(history)
        self.epoch_times_ = np.asarray(times)
        self.n_skipped_ = int(skipped)
        self.n_threads_ = threads
        self.words_ = list(cooc.vocab.words)
        self.embedding_ = self.embedding()
        return self.embedding_

    def _entries(self, cooc: Any, dtype: np.dtype) -> tuple[np.ndarray, ...]:
        """Non-zeros as parallel arrays, with ``log X`` and ``f(X)`` precomputed once."""
        coo = cooc.matrix.tocoo()
        keep = coo.data > 0
        x = np.asarray(coo.data[keep], dtype=np.float64)
        rows = np.ascontiguousarray(coo.row[keep], dtype=np.int32)
        cols = np.ascontiguousarray(coo.col[keep], dtype=np.int32)
        fx = np.minimum(1.0, (x / self.x_max) ** self.weight_exponent)
        return rows, cols, np.log(x).astype(dtype), fx.astype(dtype)

    # ------------------------------------------------------------------ outputs
    def embedding(self, output: str | None = None) -> Embedding:
        """The fitted vectors as an :class:`Embedding`: ``"w+c"``, ``"w"``, ``"c"`` or ``"concat"``.

        ``None`` means the configured ``output`` (what :meth:`fit` stored as ``embedding_``);
        the spelling is case-insensitive and ``meta["output"]`` holds the lower-case one.
        """
        self._check_fitted("W_")
        output = check_output(self.output if output is None else output, "GloVe.embedding")
        vectors = {"w": lambda: self.W_, "c": lambda: self.C_, "w+c": lambda: self.W_ + self.C_,
                   "concat": lambda: np.hstack([self.W_, self.C_])}[output]()
        meta = self._meta(output=output, final_cost=float(self.loss_history_[-1]), nnz=int(self.cooccurrence_.matrix.nnz),
                          seconds=float(self.epoch_times_.sum()), threads=self.n_threads_)
        return Embedding(self.words_, vectors, vocab_counts(self.cooccurrence_), meta)

    def objective(self) -> float:
        """Mean weighted cost ``Σ ½ f·diff² / nnz`` at the current (final) parameters."""
        from . import _glove_kernel as kernel

        self._check_fitted("W_")
        rows, cols, logx, fx = self._entries(self.cooccurrence_, self.W_.dtype)
        return float(kernel.weighted_cost(rows, cols, logx, fx, self.W_, self.C_, self.bw_, self.bc_) / rows.size)
