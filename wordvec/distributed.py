"""Scale-out on dask.distributed: count co-occurrences shard by shard, run per-period work as tasks.

A corpus too big for one machine is given as **shards** — files or globs (plain
text or Google n-gram count files), or picklable corpora — optionally grouped by
period. The work is the single-machine code, run per shard on the workers:

1. vocabulary pass: one word :class:`~collections.Counter` per shard, reduced by
   addition (skipped when ``vocab=`` is given);
2. counting pass: one :class:`~wordvec.corpus.Cooccurrence` per shard with that
   vocabulary, reduced by addition per period.

Reductions are pairwise trees in a fixed shard order, and the same tree runs
locally when no cluster is available (``client=False``, no current client, or dask
not installed), so the distributed result is **identical**, bit for bit, to the
local one. Against :func:`~wordvec.corpus.count_cooccurrences` on the whole corpus
at once it is equal up to the order of floating-point additions (exactly equal for
``weighting="uniform"``, whose counts are integers).

Tasks are pure functions of their shard with deterministic keys, so a worker that
dies mid-count only makes the scheduler recompute that worker's shards (each shard
result enters the reduction exactly once: nothing is lost or counted twice). Every
input of a task can be recomputed too: the vocabulary travels as a task of the graph
(:func:`share`), never as scattered data, which a lost worker can take with it.
Workers must see the shard files (a shared filesystem or object store path).

Point it at a real cluster with ``Client("tcp://scheduler-host:8786")`` (started by
``dask scheduler`` and ``dask worker tcp://scheduler-host:8786`` on each machine, or
dask-jobqueue / dask-kubernetes) and pass ``client=`` — or just create the client:
the current one is used by default.

Examples
--------
::

    from dask.distributed import Client, LocalCluster
    client = Client(LocalCluster(n_workers=2, threads_per_worker=1))   # or Client("tcp://host:8786")
    counts = count_shards(["news/1990/*.txt.gz", "news/2000/*.txt.gz"], window=10, min_count=5)
    by_decade = count_shards({1990: ["news/1990/*.gz"], 2000: ["news/2000/*.gz"]}, min_count=5)
    models = map_periods(PPMISVD(dim=300).fit, by_decade)   # one training task per period
"""
from __future__ import annotations

import hashlib
import os
import pickle
import warnings
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ._progress import progress_enabled
from .corpus.readers import Corpus, TextCorpus, TokensCorpus, resolve_paths
from .corpus.tokenize import Tokenizer
from .corpus.vocabulary import Vocabulary
from .errors import EmptyInputError, ParameterError

if TYPE_CHECKING:
    from .corpus.cooccurrence import Cooccurrence, PartialCounts

__all__ = ["count_shards", "count_ngram_shards", "map_periods", "time_sliced_shards", "get_client", "share",
           "tree_reduce"]


# --------------------------------------------------------------------------- client
def get_client(client: Any = None) -> Any:
    """The dask client to use: ``client`` if given, else the current one, else ``None`` (local).

    ``client=False`` forces the local path. Without dask installed, ``None`` is
    returned unless a client object was passed explicitly.

    Examples
    --------
    >>> get_client(False) is None
    True
    """
    if client is False:
        return None
    if client is not None:
        return client
    try:
        from distributed import get_client as _current
    except ImportError:
        return None
    try:
        return _current()
    except ValueError:  # no client has been created
        return None


def _value(x: Any) -> Any:
    return x


def share(value: Any, key: str, client: Any = None) -> Any:
    """``value`` shipped once to the cluster for every task that takes it: a future (or ``value`` when local).

    Use it instead of ``client.scatter`` for an input many tasks share (a vocabulary,
    a corpus). Scattered data has no recipe: the active memory manager drops its extra
    replicas as soon as at most one waiting task needs them, and losing the worker
    that holds the last one then cancels every task still needing it
    (``FutureCancelledError: ... already forgotten``). The task made here keeps
    ``value`` in the graph, so the scheduler recomputes a lost copy like any other result.

    Parameters
    ----------
    value : object
        Picklable.
    key : str
        The task key (deterministic, so a rerun of the same work reuses it).
    client : dask.distributed.Client, False or None
        As :func:`get_client`.

    Examples
    --------
    >>> share({"a": 1}, "wordvec-example", client=False)
    {'a': 1}
    """
    return _share(get_client(client), value, key)


def _share(client: Any, value: Any, key: str) -> Any:
    if client is None:
        return value
    with warnings.catch_warnings():
        # embedding the value once in the graph is exactly what dask's large-graph warning advises
        warnings.filterwarnings("ignore", "Sending large graph", UserWarning)
        return client.submit(_value, value, key=key, pure=False)


# --------------------------------------------------------------------------- shards
def _expand(shards: Any) -> list[Any]:
    """Shards as a list: each path or glob becomes one shard per file; other items stay as they are."""
    if isinstance(shards, (str, os.PathLike)):
        shards = [shards]
    out: list[Any] = []
    for s in shards:
        if isinstance(s, (str, os.PathLike)):
            out.extend(str(p) for p in resolve_paths(s))
        else:
            out.append(s)
    if not out:
        raise EmptyInputError("no shard given")
    return out


def _open(shard: Any, tokenizer: Tokenizer | None, unit: str) -> Corpus:
    if isinstance(shard, (str, os.PathLike)):
        return TextCorpus(shard, tokenizer, unit=unit)
    if isinstance(shard, Corpus):
        return shard
    return TokensCorpus(shard)


def _shard_counter(shard: Any, tokenizer: Tokenizer | None, unit: str) -> Counter:
    counter: Counter = Counter()
    for doc in _open(shard, tokenizer, unit):
        counter.update(doc)
    return counter


def _shard_counts(shard: Any, vocab: Vocabulary, tokenizer: Tokenizer | None, unit: str,
                  params: dict[str, Any]) -> PartialCounts:
    from .corpus.cooccurrence import count_partial

    # unsymmetrised upper triangle: half the entries to ship and add
    return count_partial(_open(shard, tokenizer, unit), vocab, progress=False, **params)


def _add(a: Any, b: Any) -> Any:
    if a is None:
        return b
    if b is None:
        return a
    if isinstance(a, Counter):
        out = Counter(a)
        out.update(b)  # keeps first-appearance order: a's words, then b's new ones
        return out
    if isinstance(a, dict):  # period → Cooccurrence
        return {k: _add(a.get(k), b.get(k)) for k in sorted(set(a) | set(b))}
    return a + b


def _token(*parts: Any) -> str:
    """A deterministic task-key token (same inputs → same key, so a retried task is the same task)."""
    h = hashlib.sha1()
    for p in parts:
        try:
            h.update(pickle.dumps(p, protocol=4))
        except Exception:  # unpicklable locally: fall back on its repr
            h.update(repr(p).encode())
    return h.hexdigest()[:16]


def tree_reduce(items: Sequence[Any], func: Callable[[Any, Any], Any] = _add, *, client: Any = None,
                name: str = "wordvec-reduce", token: str = "") -> Any:
    """Pairwise reduction in a fixed order: ``((x0+x1)+(x2+x3))+…`` — identical locally and on dask.

    With a client, ``items`` are futures and the result is a future.

    Examples
    --------
    >>> tree_reduce(["a", "b", "c", "d", "e"], lambda x, y: f"({x}+{y})")
    '(((a+b)+(c+d))+e)'
    """
    level = list(items)
    depth = 0
    while len(level) > 1:
        nxt = []
        for i in range(0, len(level) - 1, 2):
            if client is None:
                nxt.append(func(level[i], level[i + 1]))
            else:
                nxt.append(client.submit(func, level[i], level[i + 1], key=f"{name}-{token}-{depth}-{i // 2}",
                                         retries=3))
        if len(level) % 2:
            nxt.append(level[-1])
        level = nxt
        depth += 1
    return level[0]


def _run(client: Any, func: Callable, shards: list[Any], name: str, token: str, *args: Any,
         progress: bool | None = None) -> list[Any]:
    """Apply ``func(shard, *args)`` to every shard: locally, or as dask tasks (futures)."""
    if client is None:
        from ._progress import progress_bar

        return [func(s, *args) for s in progress_bar(shards, desc=name, progress=progress)]
    keys = [f"{name}-{token}-{i}" for i in range(len(shards))]
    futures = client.map(func, shards, *[[a] * len(shards) for a in args], key=keys, retries=3, pure=False)
    if progress_enabled(progress):
        from distributed import progress as dask_progress

        dask_progress(futures)
    return futures


def _gather(client: Any, x: Any) -> Any:
    return x if client is None else x.result()


def _vocabulary(client: Any, flat: list[Any], tokenizer: Any, unit: str, min_count: int,
                max_size: int | None, token: str, progress: bool | None) -> Vocabulary:
    counters = _run(client, _shard_counter, flat, "wordvec-vocab", token, tokenizer, unit, progress=progress)
    total = _gather(client, tree_reduce(counters, client=client, name="wordvec-vocab-sum", token=token))
    return Vocabulary.from_counter(total, min_count, max_size)


# --------------------------------------------------------------------------- public API
def count_shards(shards: Any, vocab: Vocabulary | None = None, *, window: int = 10, weighting: str = "harmonic",
                 min_count: int = 1, max_size: int | None = None, oov: str = "skip",
                 tokenizer: Tokenizer | None = None, unit: str = "line", client: Any = None,
                 progress: bool | None = None) -> Cooccurrence | dict[Any, Cooccurrence]:
    """Count co-occurrences shard by shard on a dask cluster (or locally) and add them up.

    Parameters
    ----------
    shards : sequence of shards, or mapping period → sequence of shards
        A shard is a text file path or glob (one shard per matched file; read on the
        worker with ``tokenizer`` and ``unit`` as :class:`~wordvec.corpus.TextCorpus`),
        a picklable :class:`~wordvec.corpus.Corpus`, or a list of token lists. With a
        mapping, one :class:`Cooccurrence` per period is returned (same vocabulary).
    vocab : Vocabulary, optional
        Default: counted over all shards first (``min_count``, ``max_size``), exactly
        as :meth:`Vocabulary.build` would on the concatenated corpus.
    window, weighting, oov
        As :func:`~wordvec.corpus.count_cooccurrences`.
    client : dask.distributed.Client, False or None
        ``None``: the current client if there is one, else the local path;
        ``False``: always local.
    progress : bool, optional
        dask's progress bar (distributed) or tqdm (local).

    Returns
    -------
    Cooccurrence, or dict period → Cooccurrence

    Raises
    ------
    ParameterError
        A bad ``window``, ``weighting`` or ``oov`` (checked once, before any task runs).
    EmptyInputError
        No shard, an empty corpus, a vocabulary filtered to nothing, or (per period)
        a period without any co-occurrence.

    Examples
    --------
    >>> shards = [[["a", "b", "c"]], [["c", "b"], ["a", "c"]]]       # two shards of documents
    >>> counts = count_shards(shards, window=2, client=False)
    >>> from wordvec.corpus import count_cooccurrences
    >>> counts == count_cooccurrences([doc for shard in shards for doc in shard], window=2)
    True
    >>> sorted(count_shards({1800: shards[:1], 1850: shards[1:]}, window=2, client=False))
    [1800, 1850]
    """
    from .corpus.cooccurrence import check_counting_params

    check_counting_params(window, weighting, oov)
    client = get_client(client)
    by_period = isinstance(shards, Mapping)
    groups = {k: _expand(v) for k, v in shards.items()} if by_period else {None: _expand(shards)}
    flat = [s for v in groups.values() for s in v]
    owner = [k for k, v in groups.items() for _ in v]
    token = _token(flat, vocab, window, weighting, min_count, max_size, oov, tokenizer, unit)
    if vocab is None:
        vocab = _vocabulary(client, flat, tokenizer, unit, min_count, max_size, token, progress)
    elif min_count > 1 or max_size is not None:
        vocab = vocab.filter(min_count, max_size)
    params = {"window": window, "weighting": weighting, "oov": oov}
    vocab_arg = _share(client, vocab, f"wordvec-vocabulary-{token}")
    parts = _run(client, _shard_counts, flat, "wordvec-count", token, vocab_arg, tokenizer, unit, params,
                 progress=progress)
    out: dict[Any, Any] = {}
    for k in groups:
        mine = [p for p, o in zip(parts, owner) if o == k]
        out[k] = tree_reduce(mine, client=client, name="wordvec-count-sum", token=f"{token}-{_token(k)}")
    if client is not None:
        keys = list(out)
        results = client.gather([out[k] for k in keys])
        out = dict(zip(keys, results))
    final = {}
    for k, part in out.items():
        try:
            final[k] = part.finish(vocab, window, weighting)
        except EmptyInputError as e:
            raise EmptyInputError(f"{'the corpus' if k is None else f'period {k!r}'}: {e}") from None
    return final if by_period else final[None]


def _ngram_shard(path: str, vocab: Vocabulary, bins: Any, params: dict[str, Any]) -> dict[Any, Cooccurrence]:
    from .corpus.ngrams import read_ngram_cooccurrences

    try:
        return read_ngram_cooccurrences(path, vocab, bins, progress=False, **params)
    except EmptyInputError:
        return {}


def count_ngram_shards(paths: Any, vocab: Vocabulary, bins: Any, *, client: Any = None,
                       progress: bool | None = None, **params: Any) -> dict[int, Cooccurrence]:
    """Google n-gram files, one task per file, reduced by addition per period.

    Same arguments and result as :func:`~wordvec.corpus.read_ngram_cooccurrences`
    (``window``, ``weighting``, ``pairs``, ``lowercase``, ``strip_pos``, …), plus ``client``;
    those options are checked by the first task that reads a file.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("the nation is\\t1951\\t12\\t9\\n")
    >>> _ = (folder / "b.txt").write_text("the nation was\\t1952\\t3\\t2\\n")
    >>> vocab = Vocabulary(["the", "nation"], [15, 15])
    >>> count_ngram_shards(str(folder / "*.txt"), vocab, bins=10, client=False)[1950].get("the", "nation")
    15.0
    """
    client = get_client(client)
    files = _expand(paths)
    token = _token(files, vocab, bins, sorted(params.items()))
    vocab_arg = _share(client, vocab, f"wordvec-vocabulary-{token}")
    parts = _run(client, _ngram_shard, files, "wordvec-ngrams", token, vocab_arg, bins, params, progress=progress)
    total = _gather(client, tree_reduce(parts, client=client, name="wordvec-ngrams-sum", token=token))
    total = {k: v for k, v in sorted(total.items()) if v is not None}
    if not total:
        raise EmptyInputError(f"no two vocabulary words co-occur in the n-grams of {len(files)} file(s)")
    return total


def map_periods(func: Callable[..., Any], items: Mapping[Any, Any], *args: Any, client: Any = None,
                progress: bool | None = None, desc: str = "periods", **kwargs: Any) -> dict[Any, Any]:
    """Run ``func(value, *args, **kwargs)`` for every period as independent tasks; a dict of results.

    Per-period training (``map_periods(PPMISVD(dim=300).fit, counts_by_period)``) or
    per-period analyses and bootstrap replicates. ``func`` and the values must be
    picklable for a cluster; locally they run one after the other.

    Examples
    --------
    >>> map_periods(len, {1800: ["a", "b"], 1850: ["c"]}, client=False)
    {1800: 2, 1850: 1}
    """
    client = get_client(client)
    keys = list(items)
    if client is None:
        from ._progress import progress_bar

        return {k: func(items[k], *args, **kwargs) for k in progress_bar(keys, desc=desc, progress=progress)}
    futures = [client.submit(func, items[k], *args, retries=3, pure=False, **kwargs) for k in keys]
    if progress_enabled(progress):
        from distributed import progress as dask_progress

        dask_progress(futures)
    return dict(zip(keys, client.gather(futures)))


def time_sliced_shards(corpus: Any, n_shards: int = 4) -> dict[Any, list[list[list[str]]]]:
    """Split each period of an in-memory :class:`~wordvec.corpus.TimeSlicedCorpus` into shards of documents.

    For :func:`count_shards` (a mapping period → shards); empty periods are left out.

    Examples
    --------
    >>> from wordvec.corpus import TimeSlicedCorpus
    >>> tsc = TimeSlicedCorpus([["a"], ["b"], ["c"]], years=[1801, 1802, 1855], width=50)
    >>> time_sliced_shards(tsc, n_shards=2)
    {1800: [[['a']], [['b']]], 1850: [[['c']]]}
    """
    if isinstance(n_shards, bool) or not isinstance(n_shards, int) or n_shards < 1:
        raise ParameterError(f"time_sliced_shards: n_shards must be an integer >= 1, got {n_shards!r}")
    out: dict[Any, list[list[list[str]]]] = {}
    for period, docs in corpus.items(skip_empty=True):
        docs = list(docs)
        step = -(-len(docs) // n_shards)
        out[period] = [docs[i:i + step] for i in range(0, len(docs), step)]
    if not out:
        raise EmptyInputError("every period is empty")
    return out
