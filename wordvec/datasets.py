"""Data shipped with wordvec or with its dependencies (no network needed).

Each shipped file has a card (source, licence, how it was made) in ``wordvec/data/``.
"""
from __future__ import annotations

from pathlib import Path

from .errors import MissingFileError

DATA_DIR = Path(__file__).with_name("data")


def data_path(name: str) -> Path:
    """Path of a file shipped in ``wordvec/data``."""
    path = DATA_DIR / name
    if not path.exists():
        raise MissingFileError(DATA_DIR / name, f"wordvec ships no data file {name!r}")
    return path


def gensim_test_data(name: str) -> Path:
    """Path of a file in gensim's bundled test data (Google analogies, WordSim-353, SimLex-999, ...).

    The file is found from where gensim is installed, without importing gensim (which takes
    about half a second); ``gensim.test.utils.datapath`` is the fallback.
    """
    import importlib.util

    spec = importlib.util.find_spec("gensim")
    if spec is None:
        raise ModuleNotFoundError("gensim_test_data needs gensim installed (pip install gensim)", name="gensim")
    path = None
    for root in spec.submodule_search_locations or ():
        candidate = Path(root) / "test" / "test_data" / name
        if candidate.exists():
            path = candidate
            break
    if path is None:
        from gensim.test.utils import datapath

        path = Path(datapath(name))
    if not path.exists():
        raise MissingFileError(path, f"gensim's test data has no {name!r}")
    return path


def googlenews_subset(mmap: bool = True):
    """The 13,013-word subset of the word2vec GoogleNews vectors (300 dims) that WEFE ships.

    Words are in the subset's own (alphabetical) order, not by frequency. See
    ``wordvec/data/googlenews_subset.CARD.md``.
    """
    from .io import load

    return load(data_path("googlenews_subset.wv"), mmap=mmap)
