"""``wordvec evaluate analogy|similarity VECTORS``: intrinsic evaluation from the shell."""
from __future__ import annotations

import json
import math

from ._options import add_k, add_n_bootstrap, add_seed, given, load_vectors

ANALOGY_OPTIONS = ("dataset", "method", "protocol", "restrict_vocab", "k", "lrcos_l2", "lrcos_random", "seed")
SIMILARITY_OPTIONS = ("dataset", "restrict_vocab", "n_bootstrap", "seed")


def register(sub) -> None:
    p = sub.add_parser("evaluate", help="analogy accuracy or word-similarity correlation of a vector file")
    kinds = p.add_subparsers(dest="kind", required=True, metavar="KIND")

    a = kinds.add_parser("analogy", help="accuracy on an analogy set (Google set by default), with a Wilson CI")
    a.add_argument("vectors", help="vector file (any format wordvec.load reads); 'googlenews-subset' for the bundled one")
    a.add_argument("--dataset", default=None, help="'google' (default), a ': section' / 'a b c d' file, or a BATS directory")
    a.add_argument("--method", default=None, choices=["3cosadd", "3cosmul", "pairdirection", "3cosavg", "lrcos"],
                   help="default 3cosadd")
    a.add_argument("--protocol", default=None, choices=["wordvec", "gensim"], help="default wordvec")
    a.add_argument("--restrict-vocab", type=int, default=None, help="only the first N rows (default 300000)")
    a.add_argument("--case-sensitive", action="store_true")
    add_k(a, "an answer counts when it is among the top k")
    a.add_argument("--lrcos-l2", type=float, default=None, help="L2 penalty of LRCos' logistic regression (default 1)")
    a.add_argument("--lrcos-random", type=int, default=None,
                   help="random negatives per LRCos section (default: one per distinct source word)")
    add_seed(a, "LRCos' random negatives")
    a.add_argument("--json", action="store_true", help="print a JSON object instead of the text summary")
    a.set_defaults(func=_analogy)

    s = kinds.add_parser("similarity", help="Spearman/Pearson correlation with human similarity scores, with CIs")
    s.add_argument("vectors")
    s.add_argument("--dataset", default=None, help="'wordsim353' (default), 'simlex999' or a word1/word2/score file")
    s.add_argument("--method", default="spearman", choices=["spearman", "pearson"], help="coefficient to headline")
    s.add_argument("--restrict-vocab", type=int, default=None, help="only the first N rows (default 300000)")
    s.add_argument("--case-sensitive", action="store_true")
    add_n_bootstrap(s)
    add_seed(s, "bootstrap")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=_similarity)


def _clean(x):
    if isinstance(x, float) and not math.isfinite(x):
        return None
    return x


def _analogy(args) -> int:
    from ..evaluation import evaluate_analogies

    res = evaluate_analogies(load_vectors(args.vectors), case_insensitive=not args.case_sensitive,
                             **given(args, *ANALOGY_OPTIONS))
    if args.json:
        secs = res.sections().reset_index()
        out = {"dataset": res.dataset, "method": res.method, "protocol": res.protocol, "accuracy": res.accuracy,
               "ci95": res.conf_int().loc["accuracy"].tolist(), "correct": res.n_correct,
               "evaluated": res.n_evaluated, "oov": res.n_oov, "questions": res.n_questions,
               "accuracy_including_oov": res.accuracy_all,
               "sections": [{k: _clean(v.item() if hasattr(v, "item") else v) for k, v in row.items()}
                            for row in secs.to_dict(orient="records")]}
        print(json.dumps(out, indent=1))
    else:
        print(res.summary().as_text())
    return 0


def _similarity(args) -> int:
    from ..evaluation import evaluate_similarity

    res = evaluate_similarity(load_vectors(args.vectors), case_insensitive=not args.case_sensitive,
                              **given(args, *SIMILARITY_OPTIONS))
    if args.json:
        def ci(method: str) -> list[float]:
            return res.conf_int(method=method, which=args.method).loc[args.method].tolist()

        out = {"dataset": res.dataset, "coefficient": args.method, "estimate": getattr(res, args.method),
               "fisher_ci95": ci("fisher"), "bootstrap_ci95": ci("bootstrap"),
               "spearman": res.spearman, "pearson": res.pearson, "pairs": res.n_pairs, "oov": res.n_oov,
               "oov_pairs": [f"{a}\t{b}" for a, b in res.oov_pairs[["word1", "word2"]].itertuples(index=False)]}
        print(json.dumps(out, indent=1))
    else:
        print(res.summary().as_text())
    return 0
