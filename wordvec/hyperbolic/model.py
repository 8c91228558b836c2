"""Poincaré embeddings of a hierarchy (Nickel & Kiela 2017), trained by Riemannian SGD.

References
----------
Nickel & Kiela (2017), "Poincaré embeddings for learning hierarchical representations", NeurIPS.
The official code (facebookresearch/poincare-embeddings): lr 0.3, batch 10, 50 negatives,
20 burn-in epochs at lr × 0.01 with negatives drawn ∝ degree^0.75.
"""
from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

import numpy as np

from .._deprecation import renamed_parameters
from .._estimator import N_JOBS, BaseTrainer, boolean, integer, one_of, real
from .._progress import progress_bar
from ..errors import EmptyInputError
from .geometry import EPS, distance, distance_grad
from .graph import adjacency, complement_lists
from .poincare_embedding import PoincareEmbedding
from .taxonomy import Taxonomy, as_taxonomy

__all__ = ["PoincareModel", "poincare_loss", "adjacency", "as_taxonomy"]


def poincare_loss(theta: np.ndarray, u: np.ndarray, v: np.ndarray, negatives: np.ndarray,
                  eps: float = EPS) -> tuple[float, np.ndarray]:
    """Mean loss ``−log(e^{−d(u,v)} / Σ_{v'∈{v}∪N(u)} e^{−d(u,v')})`` and its Euclidean gradient.

    Pure numpy reference (Nickel & Kiela 2017, eq. 6) of what the training kernel computes.

    Parameters
    ----------
    theta : (n, d) points; u, v : (B,) edge rows; negatives : (B, K) rows.

    References
    ----------
    Nickel & Kiela (2017), "Poincaré embeddings for learning hierarchical representations", NeurIPS, eq. 6.

    Examples
    --------
    >>> import numpy as np
    >>> theta = np.array([[0.0, 0.0], [0.1, 0.0], [-0.5, 0.0]])
    >>> loss, grad = poincare_loss(theta, np.array([0]), np.array([1]), np.array([[2]]))
    >>> round(loss, 4), grad.shape
    (0.3417, (3, 2))
    """
    cand = np.concatenate([v[:, None], negatives], axis=1)            # (B, K+1)
    pu = theta[u][:, None, :]
    px = theta[cand]
    d = distance(pu, px, eps)
    shifted = -d - (-d).max(axis=1, keepdims=True)
    lse = np.log(np.exp(shifted).sum(axis=1)) + (-d).max(axis=1)
    loss = d[:, 0] + lse
    p = np.exp(-d - lse[:, None])
    g = -p
    g[:, 0] += 1.0
    g /= len(u)
    gu, gx = distance_grad(np.broadcast_to(pu, px.shape), px, eps)
    grad = np.zeros_like(theta)
    np.add.at(grad, u, (g[..., None] * gu).sum(axis=1))
    np.add.at(grad, cand.ravel(), (g[..., None] * gx).reshape(-1, theta.shape[1]))
    return float(loss.mean()), grad


class PoincareModel(BaseTrainer):
    """Poincaré embeddings of a taxonomy's transitive closure (Nickel & Kiela 2017).

    Minimises, over closure edges (u, v), ``−log softmax(−d(u, ·))[v]`` against ``negatives``
    sampled nodes not linked to ``u`` in either direction, by Riemannian SGD: every
    mini-batch's gradient is rescaled by ``(1−‖θ‖²)²/4`` and points are projected back to
    ``‖θ‖ ≤ 1 − eps``. The loop is a numba kernel (:mod:`._kernel`); see
    ``benchmarks/bench_poincare.py`` for the comparison with gensim's ``PoincareModel``.

    Parameters
    ----------
    dim : int, default 10
        Dimension of the ball.
    epochs : int, default 60
        Epochs at the full learning rate, after the burn-in.
    learning_rate : float, default 1.0
        Learning rate (formerly ``lr``, still accepted with a ``DeprecationWarning``). The
        official scripts use 0.3 with the batch-mean loss; 1.0 converges within 60 epochs on
        the WordNet mammal closure (MAP ≈ 0.97 at dim 5).
    negatives : int, default 50
        Negatives per edge (10 in the paper, 50 in the official scripts).
    batch_size : int, default 10
        Edges per Riemannian SGD step; the loss is averaged over the batch.
    burn_in : int, default 20
        Extra initial epochs at ``learning_rate × burn_in_factor`` with negatives ∝ degree^``burn_in_power``.
    burn_in_factor, burn_in_power : float, default 0.01, 0.75
    reduction : {"sum", "mean"}, default "mean"
        Whether a mini-batch step follows the gradient of the mean (official PyTorch code) or
        of the summed loss of its edges ("mean" with ``learning_rate`` ≡ "sum" with
        ``learning_rate / batch_size``). "sum" with 0.3, batch 10 and 50 negatives gives
        MAP ≈ 0.90, mean rank ≈ 3.1 on the mammal closure at dim 5 after 60 epochs.
    closure : bool, default True
        Train on the transitive closure of the input (the published setting). Use ``False``
        for raw, possibly cyclic, noisy hypernym pairs.
    init_range : float, default 1e-3
        Initial coordinates ~ U(−init_range, init_range).
    eps : float, default 1e-5
        Projection margin from the boundary.
    n_jobs : int or None, default None
        Accepted for the common trainer signature (``None`` → 1). Riemannian SGD updates the
        points after every mini-batch, so the kernel runs on one thread whatever ``n_jobs`` is.
    seed : int or None, default 0
        Seeds the initialisation, the edge order and the negative sampler (which draws from
        its own generator, not from global state): a fit with the same ``seed`` is identical.
        ``None`` draws fresh entropy.
    progress : bool or None, default None
        Progress bar over epochs (``None``: on in terminals and notebooks).

    Attributes
    ----------
    embedding_ : PoincareEmbedding
        The fitted points (also what :meth:`fit` returns).
    vectors_ : ndarray, shape (n, dim)
        The same points, float64.
    relations_ : Taxonomy
        The edges trained on.
    loss_history_ : list of float
        Mean loss per edge, per epoch (burn-in first).
    training_time_ : float
        Seconds spent in the epochs.

    References
    ----------
    Nickel & Kiela (2017), "Poincaré embeddings for learning hierarchical representations", NeurIPS.

    Examples
    --------
    >>> from wordvec.hyperbolic import PoincareModel, Taxonomy, reconstruction
    >>> tree = Taxonomy([("dog", "mammal"), ("cat", "mammal"), ("mammal", "animal"), ("fish", "animal")])
    >>> model = PoincareModel(dim=2, epochs=200, negatives=2, seed=0)
    >>> emb = model.fit(tree)
    >>> reconstruction(emb, tree.closure()).map
    1.0
    >>> model.embedding_ is emb, model.get_params()["learning_rate"]
    (True, 1.0)
    """

    _trainer_name = "poincare"
    _parameter_constraints = {
        "dim": integer(1),
        "epochs": integer(0),
        "learning_rate": real(0, low_open=True),
        "negatives": integer(1),
        "batch_size": integer(1),
        "burn_in": integer(0),
        "burn_in_factor": real(0, low_open=True),
        "burn_in_power": real(),
        "reduction": one_of("sum", "mean"),
        "closure": boolean(),
        "init_range": real(0, 0.5, low_open=True, high_open=True),
        "eps": real(0, 0.1, low_open=True, high_open=True),
        "n_jobs": N_JOBS,
        "seed": integer(0, none=True),
        "progress": boolean(none=True),
    }

    @renamed_parameters(lr="learning_rate")
    def __init__(self, dim: int = 10, *, epochs: int = 60, learning_rate: float = 1.0, negatives: int = 50,
                 batch_size: int = 10, burn_in: int = 20, burn_in_factor: float = 0.01, burn_in_power: float = 0.75,
                 reduction: str = "mean", closure: bool = True, init_range: float = 1e-3, eps: float = EPS,
                 n_jobs: int | None = None, seed: int | None = 0, progress: bool | None = None):
        self.dim = dim
        self.epochs = epochs
        self.learning_rate = learning_rate
        self.negatives = negatives
        self.batch_size = batch_size
        self.burn_in = burn_in
        self.burn_in_factor = burn_in_factor
        self.burn_in_power = burn_in_power
        self.reduction = reduction
        self.closure = closure
        self.init_range = init_range
        self.eps = eps
        self.n_jobs = n_jobs
        self.seed = seed
        self.progress = progress

    def fit(self, data: Taxonomy | Iterable[tuple[str, str]]) -> PoincareEmbedding:
        """Train on a :class:`Taxonomy` or (hyponym, hypernym) pairs.

        Returns
        -------
        PoincareEmbedding
            The points, also stored as :attr:`embedding_`, with the hyper-parameters and
            ``n_relations`` in ``meta``.
        """
        from . import (
            _kernel,  # numba: compiled (or loaded from its cache) on the first fit
        )

        self._validate_params()
        tax = self._training_relations(data)
        words = tax.nodes
        n = len(words)
        eu, ev = tax.edge_arrays({w: i for i, w in enumerate(words)})
        keep = eu != ev  # a self-loop carries no information about the geometry
        eu, ev = eu[keep], ev[keep]
        indptr, indices = adjacency(n, eu, ev)
        cindptr, cindices = complement_lists(n, indptr, indices)
        degree = np.bincount(np.concatenate([eu, ev]), minlength=n).astype(np.float64)
        cdf = np.cumsum(degree ** self.burn_in_power)
        uniform = np.arange(1, n + 1, dtype=np.float64)

        rng = np.random.default_rng(self.seed)
        theta = rng.uniform(-self.init_range, self.init_range, size=(n, self.dim))
        state = _kernel.rng_state(int(rng.integers(2**31 - 1)))  # the sampler's own generator
        history = []
        t0 = time.perf_counter()
        bar = progress_bar(self._schedule(), desc="Poincaré epochs", progress=self.progress)
        for rate, burn in bar:
            perm = rng.permutation(len(eu))
            total = _kernel.train_epoch(theta, eu, ev, perm, self.batch_size, self.negatives, rate, indptr, indices,
                                        cindptr, cindices, cdf if burn else uniform, burn, self.eps,
                                        self.reduction == "mean", state)
            history.append(total / len(eu))
            bar.set_postfix(loss=f"{history[-1]:.4f}")
        self.training_time_ = time.perf_counter() - t0
        self.loss_history_ = history
        self.relations_ = tax
        self.vectors_ = theta
        meta = self._meta(source="wordvec.hyperbolic.PoincareModel", n_relations=int(len(eu)))
        self.embedding_ = PoincareEmbedding(words, theta, meta=meta, points=theta)
        return self.embedding_

    def _training_relations(self, data: Any) -> Taxonomy:
        """The taxonomy to train on: the input, or its transitive closure (``closure=True``)."""
        tax = as_taxonomy(data)
        if tax.n_edges == 0:
            raise EmptyInputError("cannot fit Poincaré embeddings: the taxonomy has no edges")
        if self.closure:
            tax.check_acyclic("the training taxonomy (pass closure=False to train on cyclic pairs as they are)")
            tax = tax.closure()
        return tax

    def _schedule(self) -> list[tuple[float, bool]]:
        """(learning rate, burn-in?) of every epoch: the burn-in epochs first."""
        burn = (self.learning_rate * self.burn_in_factor, True)
        return [burn] * self.burn_in + [(self.learning_rate, False)] * self.epochs

    def plot_loss(self, ax: Any = None) -> Any:
        """Mean loss per epoch (burn-in shaded); returns the matplotlib Axes."""
        from ..plot import get_ax

        self._check_fitted("embedding_")
        ax = get_ax(ax)
        ax.plot(np.arange(1, len(self.loss_history_) + 1), self.loss_history_)
        if self.burn_in:
            ax.axvspan(0.5, self.burn_in + 0.5, color="0.9", label="burn-in")
            ax.legend()
        ax.set_xlabel("epoch")
        ax.set_ylabel("mean loss per edge")
        return ax
