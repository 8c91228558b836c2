"""Synthetic diachronic data with *planted* semantic shifts, for tests, benchmarks and sanity checks.

Two generators:

* :func:`planted_shift_embeddings` — per-period embeddings directly: a latent space,
  per-period noise and an arbitrary random rotation; planted words take another word's
  meaning from period ``shift_period`` on.
* :func:`planted_shift_corpus` — a topic-model corpus: each document draws its tokens
  from one topic (plus shared background words); planted word pairs from two topics
  *swap their contexts* from ``shift_period`` on. The time signal lives in the
  documents, so shuffling documents across periods destroys it (the control of
  Dubossarsky et al. 2017).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..embedding import Embedding
from ._base import DiachronicError
from .series import DiachronicEmbedding


def random_rotation(d: int, seed: int | np.random.Generator | None = 0) -> np.ndarray:
    """A Haar-distributed random orthogonal ``d × d`` matrix (QR of a Gaussian, signs fixed).

    ``seed`` is an int, a :class:`numpy.random.Generator` (drawn from) or None (fresh
    entropy).

    References
    ----------
    Mezzadri, F. (2007). How to generate random matrices from the classical compact
    groups. Notices of the AMS 54(5).

    Examples
    --------
    >>> q = random_rotation(3, seed=1)
    >>> bool(np.allclose(q @ q.T, np.eye(3)))
    True
    """
    rng = np.random.default_rng(seed)
    q, r = np.linalg.qr(rng.standard_normal((d, d)))
    return q * np.sign(np.diag(r))


@dataclass
class PlantedEmbeddings:
    """Output of :func:`planted_shift_embeddings`."""

    series: DiachronicEmbedding
    planted: list
    donors: list
    rotations: list = field(repr=False)
    latent: np.ndarray = field(repr=False)


def planted_shift_embeddings(n_words: int = 2000, dim: int = 50, n_periods: int = 4, *, shift_period: int = 2,
                             n_planted: int = 20, noise: float = 0.1, rotate: bool = True,
                             seed: int = 0) -> PlantedEmbeddings:
    """Per-period embeddings with planted shifts, each period randomly rotated.

    Period ``t`` holds ``(X + noise·E_t) Q_t`` with ``X`` unit latent vectors, ``E_t``
    Gaussian noise scaled so ``noise`` is the per-row noise norm, ``Q_t`` a random
    rotation (identity for ``rotate=False``). From ``shift_period`` on, each planted word
    takes the latent vector of a "donor" word (its meaning changes; the donor's does not).
    Counts are Zipfian and identical in every period.
    """
    if not 0 < shift_period < n_periods:
        raise DiachronicError(f"shift_period must be in 1..{n_periods - 1}, got {shift_period}")
    if 2 * n_planted > n_words:
        raise DiachronicError("n_planted must be at most half of n_words")
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n_words, dim))
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    words = [f"w{i}" for i in range(n_words)]
    perm = rng.permutation(n_words)
    planted, donors = perm[:n_planted], perm[n_planted:2 * n_planted]
    counts = (1e6 / np.arange(1, n_words + 1)).astype(np.int64) + 5
    embs, rots = {}, []
    for t in range(n_periods):
        xt = x.copy()
        if t >= shift_period:
            xt[planted] = x[donors]
        xt += noise * rng.standard_normal((n_words, dim)) / np.sqrt(dim)
        q = random_rotation(dim, rng) if rotate else np.eye(dim)
        rots.append(q)
        embs[1900 + 10 * t] = Embedding(words, (xt @ q).astype(np.float32), counts)
    series = DiachronicEmbedding.from_embeddings(embs)
    return PlantedEmbeddings(series, [words[i] for i in planted], [words[i] for i in donors], rots, x)


@dataclass
class PlantedCorpus:
    """Output of :func:`planted_shift_corpus`: documents per period and the planted words.

    ``periods`` maps period label → list of documents (token lists); ``years`` gives one
    year per document in ``documents`` (all periods concatenated), for building a
    :class:`wordvec.corpus.TimeSlicedCorpus`.
    """

    periods: dict
    planted: list
    topic_of: dict = field(repr=False)

    @property
    def documents(self) -> list:
        return [d for docs in self.periods.values() for d in docs]

    @property
    def years(self) -> list:
        return [p for p, docs in self.periods.items() for _ in docs]

    def __getitem__(self, period):
        return self.periods[period]


def planted_shift_corpus(n_periods: int = 4, *, shift_period: int = 2, n_topics: int = 12, words_per_topic: int = 40,
                         n_background: int = 30, n_pairs: int = 6, docs_per_period: int = 600, doc_length: int = 30,
                         background: float = 0.3, seed: int = 0) -> PlantedCorpus:
    """A topic-model corpus in which planted word pairs swap contexts from ``shift_period`` on.

    Every document has one topic; each token is a background word with probability
    ``background`` (Zipfian over ``n_background`` words) and otherwise a word of the
    document's topic (Zipfian within the topic). ``n_pairs`` pairs of words of equal
    within-topic rank, from two different topics, swap topics from period
    ``shift_period`` on: both words of a pair change meaning (``2·n_pairs`` planted
    words) while their frequencies stay the same. Periods are labelled
    1900, 1910, ...
    """
    if not 0 < shift_period < n_periods:
        raise DiachronicError(f"shift_period must be in 1..{n_periods - 1}, got {shift_period}")
    if n_pairs > n_topics // 2 * (words_per_topic // 2):
        raise DiachronicError("too many planted pairs for the topics/words available")
    rng = np.random.default_rng(seed)
    topic_words = [[f"t{z}w{j}" for j in range(words_per_topic)] for z in range(n_topics)]
    bg_words = [f"bg{j}" for j in range(n_background)]
    zipf_t = 1.0 / np.arange(1, words_per_topic + 1) ** 0.8
    zipf_t /= zipf_t.sum()
    zipf_b = 1.0 / np.arange(1, n_background + 1)
    zipf_b /= zipf_b.sum()
    # Planted pairs: topics (2i, 2i+1), within-topic ranks spread over the mid range so
    # that the planted words are neither the commonest nor the rarest.
    pairs, planted = [], []
    ranks = np.linspace(2, words_per_topic // 2, max(1, n_pairs // max(1, n_topics // 2) + 1)).astype(int)
    for p in range(n_pairs):
        za, zb = (2 * p) % n_topics, (2 * p + 1) % n_topics
        r = int(ranks[(p // (n_topics // 2)) % len(ranks)])
        pairs.append((za, zb, r))
        planted += [topic_words[za][r], topic_words[zb][r]]
    topic_of = {w: z for z, ws in enumerate(topic_words) for w in ws}
    periods = {}
    for t in range(n_periods):
        tw = [list(ws) for ws in topic_words]
        if t >= shift_period:
            for za, zb, r in pairs:
                tw[za][r], tw[zb][r] = topic_words[zb][r], topic_words[za][r]
        tw_arr = [np.array(ws, dtype=object) for ws in tw]
        bg_arr = np.array(bg_words, dtype=object)
        docs = []
        z = rng.integers(n_topics, size=docs_per_period)
        for zi in z:
            is_bg = rng.random(doc_length) < background
            toks = np.where(is_bg, bg_arr[rng.choice(n_background, doc_length, p=zipf_b)],
                            tw_arr[zi][rng.choice(words_per_topic, doc_length, p=zipf_t)])
            docs.append(toks.tolist())
        periods[1900 + 10 * t] = docs
    return PlantedCorpus(periods, planted, topic_of)
