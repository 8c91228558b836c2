"""``wordvec taxonomy {embed,evaluate,refine}``: Poincaré embeddings of taxonomies and their refinement."""
from __future__ import annotations

from pathlib import Path

from ._options import add_n_jobs, add_seed, given, hidden_alias, write_csv

EMBED_OPTIONS = ("dim", "epochs", "learning_rate", "negatives", "n_jobs", "seed")


def register(sub) -> None:
    p = sub.add_parser("taxonomy", help="Poincaré embeddings of taxonomies, evaluation and refinement (Aly et al. 2019)")
    tsub = p.add_subparsers(dest="taxonomy_command", required=True, metavar="ACTION")

    e = tsub.add_parser("embed", help="train Poincaré embeddings on a taxonomy (TExEval TSV or edge list)")
    e.add_argument("taxonomy", type=Path, help="taxonomy file, or 'mammals' for the shipped WordNet mammal closure")
    e.add_argument("-o", "--out", type=Path, required=True, help="output file (term<TAB>coordinates)")
    e.add_argument("--dim", type=int, default=None, help="dimensions (default 10)")
    e.add_argument("--epochs", type=int, default=None, help="passes over the relations (default 60)")
    e.add_argument("--learning-rate", dest="learning_rate", type=float, default=None,
                   help="Riemannian SGD learning rate (default 1.0)")
    hidden_alias(e, "--lr", "learning_rate", type=float)
    e.add_argument("--negatives", type=int, default=None, help="negative samples per relation (default 50)")
    e.add_argument("--no-closure", action="store_true", help="train on the edges as given (noisy or cyclic pairs)")
    add_n_jobs(e)
    add_seed(e, "initialisation and negative sampling")
    e.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    e.set_defaults(func=_embed)

    v = tsub.add_parser("evaluate", help="reconstruction MR/MAP of an embedding, or P/R/F1 and Fowlkes–Mallows against a gold taxonomy")
    v.add_argument("taxonomy", type=Path)
    v.add_argument("--embedding", type=Path, help="Poincaré embedding written by `embed`: reconstruction of the taxonomy's closure")
    v.add_argument("--gold", type=Path, help="gold taxonomy: edge precision/recall/F1 and cumulative Fowlkes–Mallows")
    v.set_defaults(func=_evaluate)

    r = tsub.add_parser("refine", help="refine a noisy taxonomy with a Poincaré embedding (Aly et al. 2019)")
    r.add_argument("taxonomy", type=Path)
    r.add_argument("--embedding", type=Path, required=True)
    r.add_argument("--vocabulary", type=Path, help="domain terms, one a line (missing ones get attached)")
    r.add_argument("--root", help="domain root (default: the root with most descendants)")
    r.add_argument("-o", "--out", type=Path, required=True, help="refined taxonomy (TExEval TSV)")
    r.add_argument("--report", type=Path, help="CSV of every edge removed, moved or added, and why")
    r.add_argument("--parent-rule", choices=["specific", "rank"], default="specific",
                   help="re-attach orphans to the most specific plausible parent (default) or, as Aly et al., "
                        "to the lowest-rank parent")
    r.add_argument("--outliers", default=None,
                   help="outlier threshold on edge ranks: mean, median, tukey or a number (default: tukey for "
                        "'specific', mean for 'rank')")
    r.set_defaults(func=_refine)


def _read(path: Path):
    from ..hyperbolic import mammal_closure, read_taxonomy

    return mammal_closure() if str(path) == "mammals" else read_taxonomy(path)


def _embed(args) -> int:
    from ..hyperbolic import PoincareModel, reconstruction, save_poincare

    tax = _read(args.taxonomy)
    model = PoincareModel(closure=not args.no_closure, progress=False if args.quiet else None,
                          **given(args, *EMBED_OPTIONS))
    emb = model.fit(tax)
    save_poincare(emb, args.out)
    res = reconstruction(emb, model.relations_)
    print(f"{len(emb)} terms, {model.relations_.n_edges} relations, {model.training_time_:.1f} s; "
          f"reconstruction mean rank {res.mean_rank:.2f}, MAP {res.map:.4f}; wrote {args.out}")
    return 0


def _evaluate(args) -> int:
    from ..hyperbolic import edge_scores, fowlkes_mallows, load_poincare, reconstruction

    if args.embedding is None and args.gold is None:
        from ..errors import ParameterError

        raise ParameterError("give --embedding (reconstruction) and/or --gold (P/R/F1, Fowlkes–Mallows)")
    tax = _read(args.taxonomy)
    if args.embedding is not None:
        res = reconstruction(load_poincare(args.embedding), tax.closure())
        print(res.summary())
    if args.gold is not None:
        gold = _read(args.gold)
        print(edge_scores(tax, gold).summary())
        print(fowlkes_mallows(tax, gold).summary())
    return 0


def _refine(args) -> int:
    from ..errors import ParameterError
    from ..hyperbolic import load_poincare, refine

    tax = _read(args.taxonomy)
    vocab = None
    if args.vocabulary is not None:
        vocab = [w.strip() for w in args.vocabulary.read_text(encoding="utf-8").splitlines() if w.strip()]
    outliers = args.outliers
    if outliers is not None and outliers not in ("mean", "median", "tukey"):
        try:
            outliers = float(outliers)
        except ValueError:
            raise ParameterError(f"--outliers must be mean, median, tukey or a number, not {args.outliers!r}") from None
    res = refine(tax, load_poincare(args.embedding), vocabulary=vocab, root=args.root,
                 parent_rule=args.parent_rule, outliers=outliers)
    res.taxonomy.write(args.out)
    if args.report is not None:
        write_csv(res.report, args.report)
    print(res.summary())
    return 0
