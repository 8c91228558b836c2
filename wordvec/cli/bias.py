"""``wordvec weat``: WEAT tests (Caliskan et al. 2017 or your own word lists) with p-values and CIs."""
from __future__ import annotations

from pathlib import Path

from ._options import GOOGLENEWS, add_n_bootstrap, add_seed, given, hidden_alias, load_vectors, write_csv

WEAT_OPTIONS = ("ddof", "alternative", "n_permutations", "n_bootstrap", "seed", "oov_threshold")


def register(sub) -> None:
    p = sub.add_parser("weat", help="WEAT effect sizes with permutation p-values and bootstrap CIs",
                       description="Run the Caliskan et al. (2017) WEATs (default: tests 1-10) or one test from word-list "
                                   "files (--X --Y --A --B: text, one word a line, or JSON) on an embedding.")
    p.add_argument("embedding", help=f"vector file (any format wordvec.load reads), or {GOOGLENEWS[0]!r} for the shipped subset")
    p.add_argument("--tests", default="1-10", help="Caliskan test numbers, e.g. '1-10' or '3,6,7' (default 1-10)")
    for s in "XYAB":
        p.add_argument(f"--{s}", help=f"set {s}: a word-list file, a shipped WEAT set or a Garg list such as garg:male "
                                        "(all four replace --tests)")
    p.add_argument("--ddof", type=int, default=None, help="ddof of the pooled std in d (default 1 = published; WEFE uses 0)")
    p.add_argument("--alternative", default=None, choices=["greater", "less", "two-sided"], help="default greater")
    p.add_argument("--n-permutations", dest="n_permutations", type=int, default=None,
                   help="Monte Carlo permutations when exact enumeration is too big (default 10000)")
    hidden_alias(p, "--permutations", "n_permutations", type=int)
    add_n_bootstrap(p)
    hidden_alias(p, "--bootstrap", "n_bootstrap", type=int)
    p.add_argument("--oov-threshold", type=float, default=None, help="largest OOV share of a set before refusing (default 0.2)")
    add_seed(p, "permutations and bootstrap")
    p.add_argument("--csv", type=Path, help="write the result table here")
    p.set_defaults(func=_run)


def _tests(spec: str) -> list[int]:
    from ..errors import ParameterError

    out: list[int] = []
    for part in spec.split(","):
        a, _, b = part.partition("-")
        try:
            out += list(range(int(a), int(b or a) + 1))
        except ValueError:
            raise ParameterError(f"--tests takes numbers and ranges such as '1-10' or '3,6,7', not {spec!r}") from None
    return out


def _run(args) -> int:
    import pandas as pd

    from ..bias import BiasResults, caliskan_test, load_wordset, weat, weat_tests
    from ..errors import ParameterError

    sets = [getattr(args, s) for s in "XYAB"]
    if any(sets) and not all(sets):
        raise ParameterError("give all four of --X --Y --A --B (or none)")
    emb = load_vectors(args.embedding)
    kw = given(args, *WEAT_OPTIONS)
    if any(sets):
        words = [load_wordset(p) for p in sets]
        res = BiasResults([weat(emb, *words, name=" / ".join(Path(p).stem for p in sets), **kw)], title="WEAT")
    else:
        res = weat_tests(emb, [caliskan_test(i) for i in _tests(args.tests)], **kw)
    with pd.option_context("display.width", 200, "display.max_colwidth", 60):
        print(res.summary())
    if args.csv:
        write_csv(res.to_frame(), args.csv)
        print(f"table: {args.csv}")
    return 0
