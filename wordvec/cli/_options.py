"""Options shared by the sub-commands, so that one concept has one spelling on the command line."""
from __future__ import annotations

import argparse
from typing import Any

# The bundled word2vec GoogleNews subset, accepted wherever a vector file is.
GOOGLENEWS = ("googlenews", "googlenews-subset", "googlenews_subset")


def hidden_alias(parser: argparse.ArgumentParser | Any, old: str, dest: str, **kw: Any) -> None:
    """Accept the old spelling ``old`` of an option without listing it in ``--help``."""
    parser.add_argument(old, dest=dest, default=None, help=argparse.SUPPRESS, **kw)


def add_seed(parser: argparse.ArgumentParser | Any, what: str = "random draws") -> None:
    parser.add_argument("--seed", type=int, default=None, help=f"seed of the {what} (default 0)")


def add_n_jobs(parser: argparse.ArgumentParser | Any) -> None:
    parser.add_argument("--n-jobs", dest="n_jobs", type=int, default=None,
                        help="worker threads (default: the method's; -1 = all cores)")
    hidden_alias(parser, "--threads", "n_jobs", type=int)


def add_k(parser: argparse.ArgumentParser | Any, what: str) -> None:
    parser.add_argument("-k", "--k", dest="k", type=int, default=None, help=f"{what} (default: the method's)")
    hidden_alias(parser, "--topn", "k", type=int)


def add_n_bootstrap(parser: argparse.ArgumentParser | Any) -> None:
    parser.add_argument("--n-bootstrap", dest="n_bootstrap", type=int, default=None,
                        help="bootstrap replicates (default: the method's)")
    hidden_alias(parser, "--n-boot", "n_bootstrap", type=int)


def given(args: argparse.Namespace, *names: str) -> dict[str, Any]:
    """The options among ``names`` that the user gave (``None`` means "the library's default")."""
    return {name: getattr(args, name) for name in names if getattr(args, name, None) is not None}


def load_vectors(spec: str, **kw: Any):
    """A vector file opened with ``mmap=True``, or the bundled GoogleNews subset."""
    from .. import datasets, load

    if spec in GOOGLENEWS:
        return datasets.googlenews_subset()
    return load(spec, mmap=True, **kw)


def write_csv(frame: Any, path: Any) -> None:
    """``frame.to_csv`` without an index, written atomically (whole or not at all)."""
    from .._atomic import atomic_text

    with atomic_text(path) as out:
        frame.to_csv(out, index=False)
