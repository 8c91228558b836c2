"""``wordvec reproduce``: run every analysis and write ``figures/`` and its report."""
from __future__ import annotations

from pathlib import Path


def register(sub) -> None:
    p = sub.add_parser("reproduce", help="run every analysis in analyses/ and write the figure gallery + REPORT.md")
    p.add_argument("--only", action="append", metavar="NAME", help="run only this analysis (repeatable)")
    p.add_argument("--quick", action="store_true", help="reduced data and iterations (used by the test suite)")
    p.add_argument("--out", type=Path, default=None,
                   help="output directory (default: the checkout's figures/, or ./figures after pip install)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bars")
    p.set_defaults(func=_run)


def _run(args) -> int:
    from ..reproduce import reproduce

    report = reproduce(only=args.only, quick=args.quick, out=args.out, progress=False if args.quiet else None)
    print(f"report: {report}")
    return 0
