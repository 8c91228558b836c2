"""The ``wordvec`` command. Each sub-command lives in its own module with a ``register(subparsers)``.

Grammar (the command-line half of the naming table in ``CONTRIBUTING.md``):

* ``wordvec NOUN [ACTION] INPUT… [OPTIONS]``; an option is the library's parameter name with
  ``-`` for ``_`` (``--min-count``, ``--n-bootstrap``, ``--learning-rate``, ``--n-jobs``, ``-k``).
* An option left out is not passed on, so the library's default applies (``--help`` names it);
  the CLI declares no default of its own. Old spellings (``--threads``, ``--topn``, ``--n-boot``,
  ``--eta``, ``--lr``, ``--alpha`` for GloVe) are still accepted.
* ``-o/--output`` is the file written (atomically); ``--json`` prints machine-readable output;
  ``-q/--quiet`` turns progress bars off; ``--seed`` defaults to 0 as in the library.
* Exit status: 0 on success; 2 for a usage or input error (bad option, missing or corrupt file,
  unknown word), printed as one line ``wordvec COMMAND: error: …`` on stderr, never a traceback.
"""
from __future__ import annotations

import argparse
import importlib
import sys

# Modules of wordvec.cli that each add sub-commands.
COMMANDS = ("reproduce", "vectors", "evaluate", "train", "taxonomy", "diachronic", "corpus", "bias")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="wordvec", description="Static word embeddings: train, load, analyse.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"{__name__}.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point; each sub-command's handler is stored as ``func`` and returns an exit code."""
    from ..errors import WordvecError

    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except (WordvecError, OSError) as exc:  # user errors (OSError: unreadable/unwritable paths)
        print(f"wordvec {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"wordvec {args.command}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
