"""Google Books n-gram count files read straight into per-period co-occurrence counts.

The Google Books Ngram (version 2, 2012) files — the source of HistWords
(Hamilton, Leskovec & Jurafsky 2016) — hold one line per n-gram and year::

    ngram<TAB>year<TAB>match_count<TAB>volume_count

e.g. ``the nation 's future<TAB>1950<TAB>12<TAB>9``. Tokens are separated by single
spaces and may carry part-of-speech tags (``nation_NOUN``; pure tags such as
``_NOUN_`` or ``_START_`` are placeholders). Every file may be plain or compressed
(``.gz``/``.bz2``/``.xz``, detected from its magic bytes).

Co-occurrences are taken *inside* each n-gram, weighted by its match count:

* ``pairs="first"`` (default): the first word with each later word within
  ``window``. The n-grams of a text overlap with stride one, so this counts every
  pair of text positions at distance ≤ ``n - 1`` exactly once — the closest match to
  a window count over the (unavailable) running text.
* ``pairs="all"``: every pair of positions within ``window`` (a pair at distance
  ``d`` in the text is then counted about ``n - d`` times).
* ``pairs="ends"``: pairs involving the first or the last word, as HistWords'
  ``gramgrab.py`` with its 4-word context (it takes each end word as target against
  the other four; here each unordered position pair is counted once).

Out-of-vocabulary words keep their position (they are gaps), since an n-gram is a
fixed stretch of text.
"""
from __future__ import annotations

import csv
from typing import Any

import numpy as np

from .._progress import progress_bar
from ..errors import EmptyInputError, FormatError, ParameterError, ParameterTypeError
from .cooccurrence import Cooccurrence, CooccurrenceCounter, _weight, check_counting_params
from .readers import _SNIFF, _open_binary, resolve_paths
from .timesliced import Binning
from .vocabulary import Vocabulary

__all__ = ["read_ngram_cooccurrences", "read_ngram_counts"]

_PAIRS = ("first", "all", "ends")
_TAG = r"_[A-Z.]+_?(?= |$)"   # "nation_NOUN" → "nation"; "_NOUN_" / "_START_" → "" (a gap)


def _chunks(path: Any, chunksize: int, encoding: str):
    """Yield (first_line_number, DataFrame[ngram, year, match, volume]) chunks of one file."""
    import pandas as pd

    with _open_binary(path) as f:
        head = f.peek(_SNIFF)[:_SNIFF] if hasattr(f, "peek") else b""
        if b"\x00" in head:
            raise FormatError(path, "binary file (contains NUL bytes), not an n-gram text file")
        try:
            reader = pd.read_csv(f, sep="\t", header=None, names=["ngram", "year", "match", "volume"],
                                 dtype=str, quoting=csv.QUOTE_NONE, na_filter=False, keep_default_na=False,
                                 encoding=encoding, chunksize=chunksize, engine="c")
            line = 1
            for chunk in reader:
                yield line, chunk
                line += len(chunk)
        except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as e:
            raise FormatError(path, f"not a Google n-gram file (ngram<TAB>year<TAB>match_count"
                                    f"<TAB>volume_count): {e}") from None
        except (OSError, EOFError) as e:
            raise FormatError(path, f"cannot read: {e}") from None


def _integers(col, name: str, path: Any, first_line: int):
    import pandas as pd

    vals = pd.to_numeric(col, errors="coerce")
    bad = np.flatnonzero(vals.isna().to_numpy())
    if bad.size:
        i = int(bad[0])
        raise FormatError(path, f"{name} {col.iloc[i]!r} is not an integer "
                                "(expected ngram<TAB>year<TAB>match_count<TAB>volume_count)", first_line + i)
    return vals.to_numpy(np.int64)


def _tokens(ngrams, lowercase: bool, strip_pos: bool) -> np.ndarray:
    """An (n-grams × max length) object array of tokens; ``None`` past an n-gram's end."""
    # whole-string operations first: one regex / lower pass per line instead of one per token
    if strip_pos:
        ngrams = ngrams.str.replace(_TAG, "", regex=True)
    if lowercase:
        ngrams = ngrams.str.lower()
    return ngrams.str.split(" ", expand=True).to_numpy(dtype=object)


def read_ngram_cooccurrences(paths: Any, vocab: Vocabulary, bins: Any, *, window: int = 4,
                             weighting: str = "uniform", pairs: str = "first", lowercase: bool = True,
                             strip_pos: bool = True, chunksize: int = 500_000, dense_bins: int = 2_000_000,
                             encoding: str = "utf-8", progress: bool | None = None) -> dict[int, Cooccurrence]:
    """Per-period co-occurrence counts from Google Books n-gram files.

    Parameters
    ----------
    paths : file, directory, glob or list of them
        2- to 5-gram files (mixed lengths allowed), plain or compressed.
    vocab : Vocabulary
        The (shared) vocabulary; other words are gaps.
    bins : int, sequence of int, or Binning
        Period width in years (e.g. 10 for HistWords' decades) or explicit boundaries
        (years outside them are skipped).
    window : int, default 4
        Maximum distance inside an n-gram (4 = the whole 5-gram, as HistWords).
    weighting : {"uniform", "harmonic"}
        HistWords counts uniformly; ``"harmonic"`` weights by 1/distance like GloVe.
    pairs : {"first", "all", "ends"}
        Which position pairs of an n-gram count (see the module notes).
    lowercase, strip_pos : bool
        Lower-case tokens; remove part-of-speech suffixes (``_NOUN``).
    chunksize : int
        Lines parsed at a time (bounds memory).
    dense_bins : int
        Dense frequent-word block per period (float64 cells).

    Returns
    -------
    dict
        period label (first year) → :class:`Cooccurrence`, in period order, for every
        period with at least one co-occurrence. Its ``vocab`` has the words of
        ``vocab`` with the period's counts of each word as the *first* word of an
        n-gram, weighted by match count (each text position starts one n-gram, so
        this is the word's unigram count, up to Google's frequency threshold);
        ``vocab.corpus_tokens`` is the period's summed match count and ``tokens`` its
        in-vocabulary part. Results of disjoint files therefore add up (``a + b``).

    Raises
    ------
    FormatError
        A line that is not ``ngram<TAB>year<TAB>match_count<TAB>volume_count``
        (file and line named), a binary file.
    EmptyInputError
        No co-occurrence of vocabulary words in any period.

    References
    ----------
    Michel, J.-B. et al. (2011). Quantitative analysis of culture using millions of
    digitized books. Science 331 (the Google Books Ngram corpus).
    Hamilton, W. L., Leskovec, J. & Jurafsky, D. (2016). Diachronic word embeddings reveal
    statistical laws of semantic change. ACL.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "3grams.txt"
    >>> _ = path.write_text("the nation_NOUN 's\\t1951\\t12\\t9\\nthe nation is\\t1962\\t3\\t2\\n")
    >>> vocab = Vocabulary(["the", "nation", "is"], [15, 15, 3])
    >>> counts = read_ngram_cooccurrences(path, vocab, bins=10)
    >>> sorted(counts), counts[1950].get("the", "nation"), counts[1960].get("the", "is")
    ([1950, 1960], 12.0, 3.0)
    """
    check_counting_params(window, weighting)
    if pairs not in _PAIRS:
        raise ParameterError(f"read_ngram_cooccurrences: pairs must be one of {_PAIRS}, got {pairs!r}")
    if not isinstance(vocab, Vocabulary):
        raise ParameterTypeError("read_ngram_cooccurrences: vocab must be a wordvec.corpus.Vocabulary "
                                 f"(e.g. from read_ngram_counts), got {type(vocab).__name__}")
    binning = Binning.coerce(bins)
    files = resolve_paths(paths)
    import pandas as pd

    lookup = pd.Index(vocab.words, dtype=object)
    n = len(vocab)
    counters: dict[int, CooccurrenceCounter] = {}
    tokens: dict[int, int] = {}
    word_counts: dict[int, np.ndarray] = {}
    for path in progress_bar(files, desc="n-gram files", progress=progress):
        for first_line, df in _chunks(path, chunksize, encoding):
            years = _integers(df["year"], "year", path, first_line)
            match = _integers(df["match"], "match_count", path, first_line)
            starts = binning.start(years)
            inside = starts >= 0 if binning.boundaries is not None else np.ones(len(df), bool)
            toks = _tokens(df["ngram"], lowercase, strip_pos)
            ids = lookup.get_indexer(toks.ravel()).reshape(toks.shape)  # OOV, "" and None → -1
            length = (toks != None).sum(axis=1)  # noqa: E711 - elementwise test for missing tokens
            for L in np.unique(length):
                rows = np.flatnonzero((length == L) & inside)
                if rows.size == 0:
                    continue
                pos_pairs = [(p, q) for p in range(L) for q in range(p + 1, min(L, p + window + 1))
                             if pairs == "all" or p == 0 or (pairs == "ends" and q == L - 1)]
                sub = ids[rows]
                period = starts[rows]
                w_row = match[rows].astype(np.float64)
                for per in np.unique(period).tolist():
                    sel = period == per
                    tokens[per] = tokens.get(per, 0) + int(match[rows][sel].sum())
                    c = counters.get(per)
                    if c is None:
                        c = counters[per] = CooccurrenceCounter(n, dense_bins)
                    s = sub[sel]
                    ws = w_row[sel]
                    # each text position starts exactly one n-gram: first words give unigram counts
                    first = s[:, 0]
                    known = first >= 0
                    wc = word_counts.setdefault(per, np.zeros(n, dtype=np.int64))
                    wc += np.bincount(first[known], weights=ws[known], minlength=n).astype(np.int64)
                    for p, q in pos_pairs:
                        ok = (s[:, p] >= 0) & (s[:, q] >= 0)
                        if ok.any():
                            c.add_pairs(s[ok, p], s[ok, q], ws[ok] * _weight(q - p, weighting))
                    c.flush()
    out: dict[int, Cooccurrence] = {}
    for per in sorted(counters):
        c = counters[per]
        if c.pairs:
            observed = Vocabulary(vocab.words, word_counts[per], corpus_tokens=tokens[per])
            out[per] = Cooccurrence(c.matrix(), observed, window, weighting, tokens=observed.total)
    if not out:
        raise EmptyInputError(f"no two vocabulary words co-occur in the n-grams of {len(files)} file(s)")
    return out


def read_ngram_counts(paths: Any, bins: Any = None, *, min_count: int = 1, max_size: int | None = None,
                      lowercase: bool = True, strip_pos: bool = True, chunksize: int = 500_000,
                      encoding: str = "utf-8", progress: bool | None = None) -> Vocabulary | dict[int, Vocabulary]:
    """Word counts from Google Books **1-gram** files (same four-column format).

    With ``bins=None`` one :class:`Vocabulary` over all years; otherwise a dict
    period → Vocabulary (feed it to :func:`~wordvec.corpus.shared_vocabulary` for a
    vocabulary shared across periods). Lines of longer n-grams raise
    :class:`~wordvec.errors.FormatError`.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "1grams.txt"
    >>> _ = path.write_text("Nation_NOUN\\t1951\\t12\\t9\\nnation\\t1962\\t3\\t2\\nthe\\t1962\\t40\\t9\\n")
    >>> read_ngram_counts(path).words, read_ngram_counts(path, bins=10)[1950].counts.tolist()
    (['the', 'nation'], [12])
    """
    import pandas as pd
    from collections import Counter

    binning = None if bins is None else Binning.coerce(bins)
    totals: dict[int, Counter] = {}
    for path in progress_bar(resolve_paths(paths), desc="1-gram files", progress=progress):
        for first_line, df in _chunks(path, chunksize, encoding):
            years = _integers(df["year"], "year", path, first_line)
            match = _integers(df["match"], "match_count", path, first_line)
            multi = np.flatnonzero(df["ngram"].str.contains(" ", regex=False).to_numpy())
            if multi.size:
                raise FormatError(path, f"{df['ngram'].iloc[int(multi[0])]!r} is not a 1-gram", first_line + int(multi[0]))
            words = _tokens(df["ngram"], lowercase, strip_pos)[:, 0]
            per = np.zeros(len(df), np.int64) if binning is None else binning.start(years)
            keep = words != ""
            if binning is not None and binning.boundaries is not None:
                keep &= per >= 0  # years outside the explicit boundaries belong to no period
            frame = pd.DataFrame({"p": per[keep], "w": words[keep], "c": match[keep]})
            for (p, w), c in frame.groupby(["p", "w"], sort=False)["c"].sum().items():
                totals.setdefault(int(p), Counter())[w] += int(c)
    if not totals:
        raise EmptyInputError("the 1-gram files hold no word")
    vocabs = {p: Vocabulary.from_counter(totals[p], min_count, max_size) for p in sorted(totals)}
    return vocabs[0] if binning is None else vocabs
