"""Case-folded, frequency-restricted word look-up shared by analogy and similarity evaluation."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np


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
