"""The ``wordvec`` command. Each sub-command lives in its own module with a ``register(subparsers)``."""
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
    except (WordvecError, FileNotFoundError) as exc:
        print(f"wordvec {args.command}: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
