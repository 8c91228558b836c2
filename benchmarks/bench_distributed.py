"""Co-occurrence counting throughput on dask.distributed: 1 vs 2 workers vs the local paths.

The SOTU corpus (lower-cased tokens, one paragraph a line, min count 5, window 10)
is written as 8 shard files; each configuration counts them (vocabulary pass, then
counting pass, reduced by addition) and must give the same matrix. Timed in one
process, side by side:

* ``count_cooccurrences`` on the whole corpus in memory (single machine, one pass);
* ``count_shards(..., client=False)`` (the same shard-by-shard work, locally);
* ``count_shards`` on a ``LocalCluster`` with 1 and with 2 worker processes.

On a 2-core machine shared with other work the cluster mostly measures dask's
overhead (process start-up is excluded; result transfer is included). On a real
cluster start ``dask scheduler`` on one host and ``dask worker tcp://HOST:8786`` on
each machine (or use dask-jobqueue / dask-kubernetes), put the shards on storage all
workers can read, and run ``python benchmarks/bench_distributed.py --scheduler tcp://HOST:8786``.
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from wordvec.corpus import Tokenizer, count_cooccurrences, sotu_corpus, write_lines
from wordvec.distributed import count_shards

WINDOW, MIN_COUNT, N_SHARDS = 10, 5, 8


def timed(fn):
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scheduler", help="address of a running dask scheduler (default: LocalClusters)")
    ap.add_argument("--shard-dir", help="directory of shard files readable by every worker")
    args = ap.parse_args()
    from distributed import Client, LocalCluster

    docs = list(sotu_corpus())
    tokens = sum(map(len, docs))
    tmp = tempfile.TemporaryDirectory()
    shard_dir = Path(args.shard_dir or tmp.name)
    step = -(-len(docs) // N_SHARDS)
    files = [write_lines(docs[i:i + step], shard_dir / f"sotu-{i // step:02d}.txt") for i in range(0, len(docs), step)]
    ws = Tokenizer.whitespace()
    kw = dict(window=WINDOW, min_count=MIN_COUNT, tokenizer=ws)

    rows = []
    t, ref = timed(lambda: count_cooccurrences(docs, window=WINDOW, min_count=MIN_COUNT))
    rows.append(("single pass, in memory", t))
    t, local = timed(lambda: count_shards(files, client=False, **kw))
    rows.append((f"{len(files)} shards, local (client=False)", t))
    assert local.vocab == ref.vocab
    configs = [("scheduler " + args.scheduler, None)] if args.scheduler else [("1 worker", 1), ("2 workers", 2)]
    for label, n in configs:
        if n is None:
            client = Client(args.scheduler)
            cluster = None
        else:
            cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None,
                                   silence_logs=40)
            client = Client(cluster)
        count_shards(files[:1], client=client, **kw)  # warm-up: imports on the workers
        t, res = timed(lambda: count_shards(files, client=client, **kw))
        assert res == local, "distributed result differs from the local shard-by-shard result"
        rows.append((f"{len(files)} shards, dask {label}", t))
        client.close()
        if cluster is not None:
            cluster.close()

    base = rows[0][1]
    print(f"SOTU {tokens:,} tokens, {len(files)} shards, window {WINDOW}, min count {MIN_COUNT}, "
          f"nnz {ref.nnz:,}")
    print(f"{'configuration':42s} {'seconds':>8s} {'Mtokens/s':>10s} {'vs single pass':>15s}")
    for label, t in rows:
        print(f"{label:42s} {t:8.2f} {tokens / t / 1e6:10.2f} {base / t:14.2f}x")
    d1 = dict(rows)
    if "8 shards, dask 1 worker" in d1 and "8 shards, dask 2 workers" in d1:
        print(f"2 workers vs 1 worker: {d1['8 shards, dask 1 worker'] / d1['8 shards, dask 2 workers']:.2f}x")
    tmp.cleanup()


if __name__ == "__main__":
    main()
