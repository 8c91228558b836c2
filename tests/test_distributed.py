"""dask.distributed counting on a LocalCluster: identical to the local path, per period, worker failure."""
from __future__ import annotations

import operator
import os
import signal
import threading
import time

import numpy as np
import pytest

distributed = pytest.importorskip("distributed")

from wordvec.corpus import TimeSlicedCorpus, Tokenizer, Vocabulary, count_cooccurrences  # noqa: E402
from wordvec.corpus.ngrams import read_ngram_cooccurrences  # noqa: E402
from wordvec.distributed import (count_ngram_shards, count_shards, get_client, map_periods,  # noqa: E402
                                 time_sliced_shards, tree_reduce)
from wordvec.errors import EmptyInputError  # noqa: E402

WS = Tokenizer.whitespace()


def _docs(seed, n_docs, vocab_size=300, length=20):
    rng = np.random.default_rng(seed)
    p = 1.0 / np.arange(1, vocab_size + 1)
    words = np.array([f"w{i}" for i in range(vocab_size)])
    return [list(words[rng.choice(vocab_size, size=rng.integers(1, length), p=p / p.sum())]) for _ in range(n_docs)]


def _write(path, docs):
    path.write_text("".join(" ".join(d) + "\n" for d in docs))
    return path


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None, silence_logs=40)
    c = distributed.Client(cluster)
    yield c
    c.close()
    cluster.close()


@pytest.fixture(scope="module")
def shard_files(tmp_path_factory):
    d = tmp_path_factory.mktemp("shards")
    docs = _docs(0, 1200)
    files = [_write(d / f"part-{i:02d}.txt", docs[i * 200:(i + 1) * 200]) for i in range(6)]
    return d, files, docs


def test_local_path_equals_counting_the_whole(shard_files):
    d, files, docs = shard_files
    assert get_client(False) is None
    for weighting in ("harmonic", "uniform"):
        whole = count_cooccurrences(docs, window=4, min_count=3, weighting=weighting)
        sharded = count_shards(str(d / "part-*.txt"), window=4, min_count=3, weighting=weighting,
                               tokenizer=WS, client=False)
        assert sharded.vocab == whole.vocab  # vocabulary pass over shards = one pass over the whole
        if weighting == "uniform":  # integer counts: exactly equal whatever the order of additions
            assert sharded == whole
        else:
            np.testing.assert_allclose(sharded.matrix.toarray(), whole.matrix.toarray(), rtol=1e-12)


def test_distributed_identical_to_local(client, shard_files):
    d, files, docs = shard_files
    local = count_shards(files, window=5, min_count=2, tokenizer=WS, client=False)
    remote = count_shards(files, window=5, min_count=2, tokenizer=WS, client=client)
    assert remote == local and remote.vocab == local.vocab and remote.tokens == local.tokens
    # in-memory shards (lists of token lists) and an explicit vocabulary
    vocab = Vocabulary.build(docs, max_size=50)
    shards = [docs[i:i + 300] for i in range(0, 1200, 300)]
    assert count_shards(shards, vocab, window=3, client=client) == count_shards(shards, vocab, window=3, client=False)


def test_current_client_is_used_by_default(client, shard_files):
    _, files, _ = shard_files
    with distributed.get_task_stream(client) as ts:
        count_shards(files[:2], window=2, tokenizer=WS)
    assert any(str(t["key"]).startswith("wordvec-count-") for t in ts.data)


def test_periods_reduced_by_addition(client):
    docs = _docs(1, 600)
    years = np.repeat([1900, 1910, 1920], 200)
    tsc = TimeSlicedCorpus(docs, years, width=10)
    vocab = Vocabulary.build(docs, min_count=5)
    per = count_shards(time_sliced_shards(tsc, n_shards=3), vocab, window=3, weighting="uniform", client=client)
    assert list(per) == [1900, 1910, 1920]
    for p in tsc.periods:
        assert per[p] == count_cooccurrences(tsc[p], vocab, window=3, weighting="uniform")
    fits = map_periods(operator.attrgetter("nnz"), per, client=client)
    assert fits == {p: per[p].nnz for p in per} == map_periods(operator.attrgetter("nnz"), per, client=False)
    # per-period training as independent tasks: same vectors as training locally
    from wordvec.train import PPMISVD

    trainer = PPMISVD(dim=8, min_count=1, seed=0, dtype="float64", progress=False)
    remote = map_periods(trainer.fit, per, client=client)
    local = map_periods(PPMISVD(dim=8, min_count=1, seed=0, dtype="float64", progress=False).fit, per, client=False)
    for p in per:
        assert remote[p].words == local[p].words == vocab.words
        np.testing.assert_allclose(remote[p].vectors, local[p].vectors, atol=1e-8)


def test_ngram_shards(client, tmp_path):
    rows = [("the cat sat", 1950, 3), ("the dog", 1951, 2), ("cat sat on", 1960, 4), ("the cat", 1962, 1)]
    for i, (g, y, c) in enumerate(rows):
        (tmp_path / f"g{i}.tsv").write_text(f"{g}\t{y}\t{c}\t1\n")
    vocab = Vocabulary(["the", "cat", "sat", "dog", "on"], [9, 8, 7, 6, 5])
    whole = read_ngram_cooccurrences(str(tmp_path / "g*.tsv"), vocab, 10, window=2, pairs="all")
    for c in (client, False):
        sharded = count_ngram_shards(str(tmp_path / "g*.tsv"), vocab, 10, window=2, pairs="all", client=c)
        assert list(sharded) == list(whole) == [1950, 1960]
        assert all(sharded[p] == whole[p] and sharded[p].vocab == whole[p].vocab for p in whole)


def test_tree_reduce_order_and_errors():
    assert tree_reduce(["a", "b", "c", "d", "e"], operator.add) == "abcde"
    with pytest.raises(EmptyInputError):
        count_shards([], client=False)
    with pytest.raises(EmptyInputError, match="period 2"):
        count_shards({1: [[["a", "b"]]], 2: [[["a"], ["b"]]]}, client=False)


def _kill_during(client, find_victim, run):
    """``run()`` while a thread SIGKILLs the worker process that ``find_victim()`` names, once it names one.

    Returns ``run()``'s result and the killed worker's address; waits for the nanny's replacement.
    """
    pids = client.run(os.getpid)
    done = threading.Event()
    killed = {}

    def killer():
        deadline = time.time() + 60
        while time.time() < deadline and not done.is_set():
            victim = find_victim()
            if victim is not None:
                killed["during_the_run"] = not done.is_set()
                killed["worker"] = victim
                os.kill(pids[victim], signal.SIGKILL)
                return
            time.sleep(0.01)

    th = threading.Thread(target=killer, daemon=True)
    th.start()
    try:
        result = run()
    finally:
        done.set()
        th.join()
    assert killed.get("during_the_run") is True, "no worker was killed while counting"
    client.wait_for_workers(2, timeout=60)  # the nanny restarts the killed worker
    assert pids[killed["worker"]] not in client.run(os.getpid).values()
    return result, killed["worker"]


def test_killed_worker_mid_count_loses_and_doubles_nothing(client, tmp_path):
    docs = _docs(2, 16000, vocab_size=2000, length=40)
    files = [_write(tmp_path / f"big-{i}.txt", docs[i * 2000:(i + 1) * 2000]) for i in range(8)]
    expected = count_shards(files, window=8, min_count=2, tokenizer=WS, client=False)
    victim = sorted(client.run(os.getpid))[0]

    def busy_victim():
        busy = client.processing().get(victim, ())
        return victim if any(str(k).startswith(("wordvec-vocab-", "wordvec-count-")) for k in busy) else None

    result, _ = _kill_during(client, busy_victim,
                             lambda: count_shards(files, window=8, min_count=2, tokenizer=WS, client=client))
    assert result == expected and result.vocab == expected.vocab


def _sole_holder_of_an_input_of_the_last_count_task(dask_scheduler):
    """The worker holding the only copy of an input of the one count task still running, or None."""
    tasks = [ts for k, ts in dask_scheduler.tasks.items()
             if str(k).startswith("wordvec-count-") and not str(k).startswith("wordvec-count-sum-")]
    running = [ts for ts in tasks if ts.state == "processing"]
    if len(running) != 1 or any(ts.state not in ("memory", "processing") for ts in tasks):
        return None
    sole = [next(iter(d.who_has)).address for d in running[0].dependencies if len(d.who_has or ()) == 1]
    return sole[0] if sole else None


def test_losing_the_last_copy_of_the_vocabulary_late_in_the_count_recomputes_it(client, tmp_path):
    # Issue 19: the vocabulary used to be scattered data. Once at most one task still needs it, the
    # active memory manager keeps a single replica; killing its worker lost it for good and the count
    # failed with FutureCancelledError "already forgotten". Small shards, then a big last one.
    docs = _docs(4, 18000, vocab_size=2000, length=40)
    sizes = [500] * 6 + [15000]
    files = [_write(tmp_path / f"part-{i}.txt", docs[sum(sizes[:i]):sum(sizes[:i + 1])]) for i in range(len(sizes))]
    expected = count_shards(files, window=8, min_count=2, tokenizer=WS, client=False)

    def sole_holder():
        client.amm.run_once()  # drop the extra replicas now rather than at the next 2 s cycle
        return client.run_on_scheduler(_sole_holder_of_an_input_of_the_last_count_task)

    result, _ = _kill_during(client, sole_holder,
                             lambda: count_shards(files, window=8, min_count=2, tokenizer=WS, client=client))
    assert result == expected and result.vocab == expected.vocab and result.tokens == expected.tokens


def _target_count(emb):
    return {"w0": emb.count("w0"), "rare": emb.count("w299")}


def test_document_bootstrap_replicates_on_the_cluster_equal_the_local_loop(client):
    from wordvec.bias import document_bootstrap
    from wordvec.train import PPMI

    docs = _docs(3, 150)
    local = document_bootstrap(PPMI(min_count=1, window=2), docs, _target_count, n_bootstrap=6, seed=1, client=False)
    remote = document_bootstrap(PPMI(min_count=1, window=2), docs, _target_count, n_bootstrap=6, seed=1,
                                client=client, progress=False)
    assert remote.replicates.equals(local.replicates) and remote.failures == local.failures
    # the replicate counts really vary (resampled documents), so equality is not trivial
    assert local.replicates["w0"].nunique() > 1
