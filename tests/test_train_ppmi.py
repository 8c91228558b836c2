"""PPMI against the dense textbook formula; truncated SVD against numpy's dense SVD."""
import numpy as np
import pytest
import scipy.sparse as sp

from wordvec.corpus import Cooccurrence, Vocabulary
from wordvec.errors import EmptyInputError, WordvecError
from wordvec.train import PPMI, PPMISVD, ParameterError, ppmi_matrix, randomized_svd, truncated_svd


def make_cooc(X, window=5):
    X = np.asarray(X, dtype=float)
    vocab = Vocabulary([f"w{i}" for i in range(X.shape[0])], np.full(X.shape[0], 7))
    return Cooccurrence(sp.csr_matrix(X), vocab, window, "uniform")


def counts(n, seed, density=0.5):
    rng = np.random.default_rng(seed)
    X = rng.poisson(3.0, (n, n)).astype(float) * (rng.random((n, n)) < density)
    return X + X.T


def dense_ppmi(X, cds, k):
    """PPMI straight from the definition (Levy, Goldberg & Dagan 2015, eq. 3 with cds)."""
    D = X.sum()
    p_wc = X / D
    p_w = X.sum(1) / D
    c_alpha = X.sum(0) ** cds
    p_c = c_alpha / c_alpha.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.log(p_wc / np.outer(p_w, p_c))
    pmi[~np.isfinite(pmi)] = -np.inf
    return np.maximum(pmi - np.log(k), 0.0)


@pytest.mark.parametrize("cds, k", [(1.0, 1.0), (0.75, 1.0), (0.75, 5.0), (0.5, 2.0)])
def test_ppmi_equals_dense_formula(cds, k):
    X = counts(15, seed=0)
    X[3] = 0  # an empty row and column must stay empty, not NaN
    X[:, 3] = 0
    got = ppmi_matrix(sp.csr_matrix(X), cds=cds, shift=k)
    np.testing.assert_allclose(got.toarray(), dense_ppmi(X, cds, k), rtol=1e-12, atol=1e-12)
    assert np.all(got.data > 0)


def test_ppmi_trainer_returns_dense_rows_with_provenance():
    X = counts(12, seed=1)
    cooc = make_cooc(X)
    trainer = PPMI(cds=0.75, shift=2.0)
    emb = trainer.fit(cooc)
    np.testing.assert_allclose(emb.vectors, dense_ppmi(X, 0.75, 2.0).astype(np.float32), rtol=1e-6)
    assert sp.issparse(trainer.ppmi_) and emb.meta["cds"] == 0.75 and emb.meta["trainer"] == "ppmi"
    with pytest.raises(WordvecError, match="fit_transform"):
        PPMI(max_dense_bytes=100).fit(cooc)


def _assert_same_up_to_sign(a, b, **tol):
    signs = np.sign((a * b).sum(0))
    np.testing.assert_allclose(a * signs, b, **tol)


@pytest.mark.parametrize("solver, dtype, rtol", [("arpack", "float64", 1e-9), ("randomized", "float64", 1e-9),
                                                 ("randomized", "float32", 1e-5)])
@pytest.mark.parametrize("eig", [0.0, 0.5, 1.0])
def test_svd_eigenvalue_weighting_matches_numpy(solver, dtype, rtol, eig):
    X = counts(40, seed=2, density=0.3)
    cooc = make_cooc(X)
    svd = PPMISVD(dim=6, eig=eig, solver=solver, n_iter=20, dtype=dtype)
    emb = svd.fit(cooc)
    M = dense_ppmi(X, 0.75, 1.0)
    U, S, Vt = np.linalg.svd(M)
    np.testing.assert_allclose(svd.S_, S[:6], rtol=rtol)
    _assert_same_up_to_sign(emb.vectors.astype(float), U[:, :6] * S[:6] ** eig, rtol=1e-4, atol=1e-5)
    wc = svd.embedding("w+c").vectors.astype(float)
    unit = lambda A: A / np.linalg.norm(A, axis=1, keepdims=True)  # noqa: E731
    signs = np.sign((svd.U_ * U[:, :6]).sum(0))
    expected = unit(U[:, :6] * signs * S[:6] ** eig) + unit(Vt[:6].T * signs * S[:6] ** eig)
    np.testing.assert_allclose(wc, expected, rtol=1e-4, atol=1e-5)


def test_randomized_svd_accuracy_on_a_decaying_spectrum():
    rng = np.random.default_rng(0)
    A = rng.standard_normal((300, 200)) * (0.8 ** np.arange(200))
    M = sp.csr_matrix(A * (rng.random(A.shape) < 0.5))
    U, S, Vt = randomized_svd(M, 10, n_iter=4, seed=1, dtype="float64")
    ref = np.linalg.svd(M.toarray(), compute_uv=False)[:10]
    np.testing.assert_allclose(S, ref, rtol=1e-6)
    np.testing.assert_allclose(U.T @ U, np.eye(10), atol=1e-10)
    U2, S2, Vt2 = truncated_svd(M, 10)
    np.testing.assert_allclose(S2, ref, rtol=1e-8)
    np.testing.assert_allclose(np.abs((U * U2).sum(0)), 1.0, atol=1e-6)  # same singular vectors
    np.testing.assert_allclose(U, U2, atol=1e-6)  # and the same sign convention


def test_errors():
    cooc = make_cooc(counts(10, seed=3))
    with pytest.raises(ParameterError, match="dim"):
        PPMISVD(dim=10).fit(cooc)
    with pytest.raises(ParameterError, match="cds"):
        PPMI(cds=0).fit(cooc)
    with pytest.raises(ParameterError, match="shift"):
        PPMI(shift=0.5).fit(cooc)
    with pytest.raises(ParameterError, match="solver"):
        PPMISVD(dim=2, solver="lapack").fit(cooc)
    with pytest.raises(EmptyInputError):
        PPMI().fit(make_cooc(np.zeros((4, 4))))
    with pytest.raises(WordvecError, match="shift"):
        PPMI(shift=1e6).fit(cooc)
    with pytest.raises(EmptyInputError):
        PPMISVD(dim=2, min_count=10).fit([["a", "b"], ["b", "c"]])


def test_every_trainer_takes_seed_n_jobs_progress_and_stores_embedding_():
    cooc = make_cooc(counts(12, seed=4))
    for trainer in (PPMI(n_jobs=2, seed=1), PPMISVD(dim=3, n_jobs=2)):
        assert {"seed", "n_jobs", "progress"} <= set(trainer.get_params())
        emb = trainer.fit(cooc)
        assert emb is trainer.embedding_
    with pytest.raises(ParameterError, match="n_jobs"):
        PPMISVD(dim=3, n_jobs=0).fit(cooc)


def test_svd_n_jobs_sets_and_restores_numba_threads_without_changing_the_result():
    import numba

    cooc = make_cooc(counts(30, seed=5))
    before = numba.get_num_threads()
    one = PPMISVD(dim=4).fit(cooc)
    assert numba.get_num_threads() == before
    many = PPMISVD(dim=4, n_jobs=-1).fit(cooc)
    assert numba.get_num_threads() == before
    np.testing.assert_array_equal(one.vectors, many.vectors)


#: Fits PPMI-SVD with both solvers on Zipfian counts of 2,000 words and writes the vectors' bytes.
#: (Large enough for OpenBLAS to split its LU across threads: before issue 19's fix the vectors of a
#: 1-thread and a 2-thread run differed by ~1e-5 in every row.)
_FIT_IN_A_CHILD = """
import sys
import numpy as np
import scipy.sparse as sp
from wordvec.corpus import Cooccurrence, Vocabulary
from wordvec.train import PPMISVD

n = 2000
rows, cols = np.minimum(np.random.default_rng(0).zipf(1.3, size=(2, 200_000)) - 1, n - 1)
X = sp.csr_matrix((np.ones(rows.size), (rows, cols)), shape=(n, n))
cooc = Cooccurrence(X + X.T, Vocabulary([f"w{i}" for i in range(n)], np.full(n, 7)), 5, "uniform")
for solver in ("randomized", "arpack"):
    svd = PPMISVD(dim=50, min_count=1, solver=solver, n_jobs=-1, progress=False)
    sys.stdout.buffer.write(svd.fit(cooc).vectors.tobytes())
"""


def test_svd_vectors_are_byte_identical_on_one_and_two_blas_threads():
    import os
    import subprocess
    import sys

    runs = {}
    for threads in ("1", "2"):
        env = {**os.environ, "OMP_NUM_THREADS": threads, "OPENBLAS_NUM_THREADS": threads, "MKL_NUM_THREADS": threads}
        runs[threads] = subprocess.Popen([sys.executable, "-c", _FIT_IN_A_CHILD], env=env, stdout=subprocess.PIPE)
    out = {threads: run.communicate(timeout=300)[0] for threads, run in runs.items()}
    assert all(run.returncode == 0 for run in runs.values())
    one, two = (np.frombuffer(out[t], dtype=np.float32).reshape(2, 2000, 50) for t in ("1", "2"))
    assert np.abs(one).max() > 0
    assert one.tobytes() == two.tobytes(), f"max abs difference {np.abs(one - two).max():.3g}"


def test_svd_outputs_are_case_insensitive():
    cooc = make_cooc(counts(12, seed=6))
    svd = PPMISVD(dim=3, output="W+C")
    emb = svd.fit(cooc)
    assert emb.meta["output"] == "w+c"
    np.testing.assert_array_equal(emb.vectors, svd.embedding("w+c").vectors)
    assert svd.embedding("concat").shape == (12, 6)
    np.testing.assert_allclose(svd.embedding("c").vectors, (svd.V_ * svd.S_ ** svd.eig).astype(np.float32))
    with pytest.raises(ParameterError, match="output"):
        PPMISVD(dim=3, output="wc").fit(cooc)


def test_trainer_registry_is_keyed_by_each_class_name():
    from wordvec.train import TRAINERS

    assert set(TRAINERS) == {"sgns", "cbow", "fasttext", "ppmi", "ppmi_svd", "glove"}
    assert all(cls._trainer_name == name for name, cls in TRAINERS.items())
    assert PPMISVD(dim=3).fit(make_cooc(counts(12, seed=7))).meta["trainer"] == "ppmi_svd"
