"""Importing a sub-package loads numpy and what it needs, not pandas, matplotlib, statsmodels, ...

Each check runs in a fresh interpreter. What bare ``import wordvec`` loads (``wordvec.embedding``
and ``wordvec.io``, tested with those modules) is subtracted: these tests are about what each
sub-package adds on top.
"""
from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

import wordvec

HEAVY = ["pandas", "matplotlib", "statsmodels", "gensim", "numba", "tqdm", "scipy", "scipy.stats", "scipy.sparse",
         "scipy.linalg", "scipy.optimize", "dask", "distributed", "sklearn", "threadpoolctl"]
#: The analysis areas: the CLI's parser and its vector commands import none of them.
ANALYSIS = ["wordvec.analogy", "wordvec.similarity", "wordvec.evaluation", "wordvec.bias", "wordvec.diachronic",
            "wordvec.hyperbolic", "wordvec.corpus", "wordvec.train", "wordvec.reproduce", "wordvec.distributed",
            "wordvec.plot"]

#: Module (or CLI call) -> heavy modules it must not load.
NOT_LOADED = {
    "wordvec.analogy": HEAVY,
    "wordvec.similarity": HEAVY,
    "wordvec.evaluation": HEAVY,
    "wordvec.bias": HEAVY,
    "wordvec.diachronic": HEAVY,
    "wordvec.hyperbolic": HEAVY,
    "wordvec.corpus": HEAVY,
    "wordvec.train": HEAVY,
    "wordvec.plot": HEAVY,
    "wordvec.results": HEAVY,
    "wordvec._progress": HEAVY,
    "wordvec.reproduce": HEAVY,
    "wordvec.distributed": HEAVY,
    "wordvec.datasets": HEAVY,
    "wordvec.cli": HEAVY + ANALYSIS,
    # a public name loads its own module, not the whole sub-package
    "from wordvec.bias import weat": HEAVY,
    "from wordvec.corpus import Vocabulary, TextCorpus, Tokenizer": HEAVY,
    "from wordvec.train import GloVe, SGNS, PPMISVD": HEAVY,
    "from wordvec.hyperbolic import PoincareModel, Taxonomy": HEAVY,
    "from wordvec.diachronic import DiachronicEmbedding, align": HEAVY,
}

_CLI_FORBIDDEN = ["matplotlib", "statsmodels", "gensim", "scipy.stats", "sklearn", "dask"] + ANALYSIS
_VECTORS = str(wordvec.datasets.data_path("googlenews_subset.wv"))
#: CLI calls (argv) -> modules they must not load.
CLI = {
    ("--help",): HEAVY + ANALYSIS,
    ("train", "--help"): HEAVY + ANALYSIS,
    ("info", _VECTORS): _CLI_FORBIDDEN,
    ("neighbors", _VECTORS, "king", "-k", "3"): _CLI_FORBIDDEN,
}

_REPORT = "import json, sys; print(json.dumps(sorted(set(sys.modules))))"


def _loaded(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", f"{code}\n{_REPORT}"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def _cli_code(argv: tuple[str, ...]) -> str:
    return ("import contextlib, io\nfrom wordvec.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    try:\n        main({list(argv)!r})\n    except SystemExit:\n        pass")


@pytest.fixture(scope="module")
def loaded() -> dict[object, set[str]]:
    """Modules in sys.modules after each import (and CLI call), each in a fresh interpreter, in parallel."""
    jobs: dict[object, str] = {"baseline": "import wordvec"}
    jobs.update({key: key if key.startswith("from ") else f"import {key}" for key in NOT_LOADED})
    jobs.update({argv: _cli_code(argv) for argv in CLI})
    with ThreadPoolExecutor(8) as pool:
        results = dict(zip(jobs, pool.map(_loaded, jobs.values())))
    return results


@pytest.mark.parametrize("what", list(NOT_LOADED))
def test_import_is_light(loaded, what):
    extra = loaded[what] - loaded["baseline"]
    assert not extra & set(NOT_LOADED[what]), f"{what!r} loads {sorted(extra & set(NOT_LOADED[what]))}"


@pytest.mark.parametrize("argv", list(CLI), ids=lambda argv: " ".join(argv[:1]) + (" --help" if "--help" in argv[1:] else ""))
def test_cli_is_light(loaded, argv):
    extra = loaded[argv] - loaded["baseline"]
    assert not extra & set(CLI[argv]), f"wordvec {' '.join(argv)} loads {sorted(extra & set(CLI[argv]))}"


@pytest.mark.parametrize("package", ["wordvec.bias", "wordvec.corpus", "wordvec.diachronic", "wordvec.evaluation",
                                     "wordvec.hyperbolic", "wordvec.train"])
def test_lazy_names_resolve(package):
    """Every name in ``__all__`` resolves and is listed by ``dir()``."""
    import importlib

    module = importlib.import_module(package)
    for name in module.__all__:
        assert getattr(module, name) is not None
    assert set(module.__all__) <= set(dir(module))
    with pytest.raises(AttributeError):
        module.no_such_name  # noqa: B018


def test_public_name_wins_over_its_module():
    """``wordvec.bias.weat`` is the function even once the module ``wordvec.bias.weat`` is imported."""
    code = ("import types, wordvec.bias.glove_v, wordvec.corpus.ngrams, wordvec.diachronic.null, "
            "wordvec.hyperbolic.corrupt\n"
            "from wordvec.bias import weat\nfrom wordvec.corpus import sotu, tokenize\n"
            "from wordvec.diachronic import align, laws, synthetic\nfrom wordvec.hyperbolic import corrupt, refine\n"
            "assert all(callable(f) and not isinstance(f, types.ModuleType) "
            "for f in (weat, sotu, tokenize, align, laws, corrupt, refine))\n"
            "assert isinstance(synthetic, types.ModuleType)\n"
            "from wordvec.bias.weat import effect_size, weat as weat2\nassert weat2 is weat")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
