"""``wordvec weat``: WEAT tests (Caliskan et al. 2017 or your own word lists) with p-values and CIs."""
from __future__ import annotations

from pathlib import Path


def register(sub) -> None:
    p = sub.add_parser("weat", help="WEAT effect sizes with permutation p-values and bootstrap CIs",
                       description="Run the Caliskan et al. (2017) WEATs (default: tests 1-10) or one test from word-list "
                                   "files (--X --Y --A --B: text, one word a line, or JSON) on an embedding.")
    p.add_argument("embedding", help="vector file (any format wordvec.load reads), or 'googlenews' for the shipped subset")
    p.add_argument("--tests", default="1-10", help="Caliskan test numbers, e.g. '1-10' or '3,6,7' (default 1-10)")
    for s in "XYAB":
        p.add_argument(f"--{s}", help=f"set {s}: a word-list file, a shipped WEAT set or a Garg list such as garg:male "
                                        "(all four replace --tests)")
    p.add_argument("--ddof", type=int, default=1, help="ddof of the pooled std in d (1 = published; WEFE uses 0)")
    p.add_argument("--alternative", default="greater", choices=["greater", "less", "two-sided"])
    p.add_argument("--permutations", type=int, default=10_000, help="Monte Carlo permutations when exact enumeration is too big")
    p.add_argument("--bootstrap", type=int, default=1000, help="word-set bootstrap replicates for the CI (0 = none)")
    p.add_argument("--oov-threshold", type=float, default=0.2, help="largest OOV share of a set before refusing")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--csv", type=Path, help="write the result table here")
    p.set_defaults(func=_run)


def _tests(spec: str) -> list[int]:
    out: list[int] = []
    for part in spec.split(","):
        a, _, b = part.partition("-")
        out += list(range(int(a), int(b or a) + 1))
    return out


def _run(args) -> int:
    import pandas as pd

    from .. import datasets, load
    from ..bias import BiasResults, caliskan_test, load_wordset, weat, weat_tests

    emb = datasets.googlenews_subset() if args.embedding == "googlenews" else load(args.embedding)
    kw = dict(ddof=args.ddof, alternative=args.alternative, n_permutations=args.permutations,
              n_bootstrap=args.bootstrap, seed=args.seed, oov_threshold=args.oov_threshold)
    sets = [getattr(args, s) for s in "XYAB"]
    if any(sets):
        if not all(sets):
            raise SystemExit("wordvec weat: give all four of --X --Y --A --B (or none)")
        words = [load_wordset(p) for p in sets]
        res = BiasResults([weat(emb, *words, name=" / ".join(Path(p).stem for p in sets), **kw)], title="WEAT")
    else:
        res = weat_tests(emb, [caliskan_test(i) for i in _tests(args.tests)], **kw)
    with pd.option_context("display.width", 200, "display.max_colwidth", 60):
        print(res.summary())
    if args.csv:
        res.to_frame().to_csv(args.csv, index=False)
        print(f"table: {args.csv}")
    return 0
