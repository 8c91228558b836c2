"""``wordvec evaluate analogy|similarity VECTORS``: intrinsic evaluation from the shell."""
from __future__ import annotations

import json
import math
from pathlib import Path


def register(sub) -> None:
    p = sub.add_parser("evaluate", help="analogy accuracy or word-similarity correlation of a vector file")
    kinds = p.add_subparsers(dest="kind", required=True, metavar="KIND")

    a = kinds.add_parser("analogy", help="accuracy on an analogy set (Google set by default), with a Wilson CI")
    a.add_argument("vectors", help="vector file (any format wordvec.load reads); 'googlenews-subset' for the bundled one")
    a.add_argument("--dataset", default="google", help="'google', a ': section' / 'a b c d' file, or a BATS directory")
    a.add_argument("--method", default="3cosadd", choices=["3cosadd", "3cosmul", "pairdirection", "3cosavg", "lrcos"])
    a.add_argument("--protocol", default="wordvec", choices=["wordvec", "gensim"])
    a.add_argument("--restrict-vocab", type=int, default=300_000, help="only the first N rows (default 300000)")
    a.add_argument("--case-sensitive", action="store_true")
    a.add_argument("--topn", type=int, default=1)
    a.add_argument("--lrcos-l2", type=float, default=1.0, help="L2 penalty of LRCos' logistic regression (default 1)")
    a.add_argument("--lrcos-random", type=int, default=None,
                   help="random negatives per LRCos section (default: one per distinct source word)")
    a.add_argument("--seed", type=int, default=0, help="seed of LRCos' random negatives")
    a.add_argument("--json", action="store_true", help="print a JSON object instead of the text summary")
    a.set_defaults(func=_analogy)

    s = kinds.add_parser("similarity", help="Spearman/Pearson correlation with human similarity scores, with CIs")
    s.add_argument("vectors")
    s.add_argument("--dataset", default="wordsim353", help="'wordsim353', 'simlex999' or a word1/word2/score file")
    s.add_argument("--method", default="spearman", choices=["spearman", "pearson"], help="coefficient to headline")
    s.add_argument("--restrict-vocab", type=int, default=300_000)
    s.add_argument("--case-sensitive", action="store_true")
    s.add_argument("--n-boot", type=int, default=2000)
    s.add_argument("--seed", type=int, default=0)
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=_similarity)


def _load(spec: str):
    from .. import datasets, load

    if spec in ("googlenews-subset", "googlenews_subset"):
        return datasets.googlenews_subset()
    if not Path(spec).exists():
        raise FileNotFoundError(f"no vector file {spec!r}")
    return load(spec, mmap=True)


def _clean(x):
    if isinstance(x, float) and not math.isfinite(x):
        return None
    return x


def _analogy(args) -> int:
    from ..analogy import evaluate_analogies

    res = evaluate_analogies(_load(args.vectors), args.dataset, args.method, restrict_vocab=args.restrict_vocab,
                             case_insensitive=not args.case_sensitive, protocol=args.protocol, topn=args.topn,
                             lrcos_l2=args.lrcos_l2, lrcos_random=args.lrcos_random, seed=args.seed)
    if args.json:
        lo, hi = res.conf_int()
        secs = res.sections().reset_index()
        out = {"dataset": res.dataset, "method": res.method, "protocol": res.protocol, "accuracy": res.accuracy,
               "ci95": [lo, hi], "correct": res.n_correct, "evaluated": res.n_evaluated, "oov": res.n_oov,
               "questions": res.n_questions, "accuracy_including_oov": res.accuracy_all,
               "sections": [{k: _clean(v.item() if hasattr(v, "item") else v) for k, v in row.items()}
                            for row in secs.to_dict(orient="records")]}
        print(json.dumps(out, indent=1))
    else:
        print(res.summary().as_text())
    return 0


def _similarity(args) -> int:
    from ..similarity import evaluate_similarity

    res = evaluate_similarity(_load(args.vectors), args.dataset, restrict_vocab=args.restrict_vocab,
                              case_insensitive=not args.case_sensitive, n_boot=args.n_boot, seed=args.seed)
    if args.json:
        est = getattr(res, args.method)
        out = {"dataset": res.dataset, "coefficient": args.method, "estimate": est,
               "fisher_ci95": list(res.conf_int(method="fisher", which=args.method)),
               "bootstrap_ci95": list(res.conf_int(method="bootstrap", which=args.method)),
               "spearman": res.spearman, "pearson": res.pearson, "pairs": res.n_pairs, "oov": res.n_oov,
               "oov_pairs": [f"{a}\t{b}" for a, b in res.oov_pairs[["word1", "word2"]].itertuples(index=False)]}
        print(json.dumps(out, indent=1))
    else:
        print(res.summary().as_text())
    return 0
