"""Case-folded, frequency-restricted word look-up shared by analogy and similarity evaluation."""
from __future__ import annotations

import weakref
from collections.abc import Sequence

import numpy as np

# (words object, stop, case_insensitive) -> (table, canon); keyed weakly by the embedding so
# that evaluating one embedding on several datasets builds its look-up table once.
_CACHE: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def cached_canonical_rows(emb, restrict_vocab: int | None, case_insensitive: bool) -> tuple[dict[str, int], np.ndarray]:
    """:func:`canonical_rows` of ``emb.words``, memoised per embedding object."""
    stop = len(emb) if restrict_vocab is None else min(int(restrict_vocab), len(emb))
    entries = _CACHE.setdefault(emb, {})
    key = (id(emb.words), stop, bool(case_insensitive))
    hit = entries.get(key)
    if hit is None or hit[0] is not emb.words:
        words = emb.words if isinstance(emb.words, list) else list(emb.words)
        hit = (emb.words, *canonical_rows(words, stop, case_insensitive))
        entries[key] = hit
    return hit[1], hit[2]


def lookup_table(words: Sequence[str], restrict_vocab: int | None, case_insensitive: bool) -> dict[str, int]:
    """Map (upper-cased) word → row among the first ``restrict_vocab`` rows.

    Follows gensim's ``evaluate_word_analogies``: with ``case_insensitive`` every word
    is upper-cased and, when several case variants exist, the *first* row (the most
    frequent in a frequency-sorted vocabulary) wins.
    """
    return canonical_rows(words, restrict_vocab, case_insensitive)[0]


def canonical_rows(words: Sequence[str], restrict_vocab: int | None,
                   case_insensitive: bool) -> tuple[dict[str, int], np.ndarray]:
    """:func:`lookup_table` plus, for every row, the row of its first case variant.

    Two rows are variants of one word exactly when their canonical rows agree, which
    lets "is this candidate an input word in another case?" be answered with arrays.
    """
    stop = len(words) if restrict_vocab is None else min(int(restrict_vocab), len(words))
    it = iter(words)
    head = [next(it) for _ in range(stop)] if not isinstance(words, list) else words[:stop]
    table: dict[str, int] = {}
    if case_insensitive:
        keys = [w.upper() for w in head]
    else:
        keys = head
    for i in range(stop - 1, -1, -1):
        table[keys[i]] = i
    canon = np.fromiter((table[k] for k in keys), dtype=np.int64, count=stop)
    return table, canon
