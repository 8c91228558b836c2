"""``wordvec taxonomy {embed,evaluate,refine}``: Poincaré embeddings of taxonomies and their refinement."""
from __future__ import annotations

from pathlib import Path


def register(sub) -> None:
    p = sub.add_parser("taxonomy", help="Poincaré embeddings of taxonomies, evaluation and refinement (Aly et al. 2019)")
    tsub = p.add_subparsers(dest="taxonomy_command", required=True, metavar="ACTION")

    e = tsub.add_parser("embed", help="train Poincaré embeddings on a taxonomy (TExEval TSV or edge list)")
    e.add_argument("taxonomy", type=Path, help="taxonomy file, or 'mammals' for the shipped WordNet mammal closure")
    e.add_argument("-o", "--out", type=Path, required=True, help="output file (term<TAB>coordinates)")
    e.add_argument("--dim", type=int, default=10)
    e.add_argument("--epochs", type=int, default=60)
    e.add_argument("--lr", type=float, default=1.0)
    e.add_argument("--negatives", type=int, default=50)
    e.add_argument("--no-closure", action="store_true", help="train on the edges as given (noisy or cyclic pairs)")
    e.add_argument("--seed", type=int, default=0)
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
    model = PoincareModel(dim=args.dim, epochs=args.epochs, lr=args.lr, negatives=args.negatives,
                          closure=not args.no_closure, seed=args.seed, progress=True)
    emb = model.fit(tax)
    save_poincare(emb, args.out)
    res = reconstruction(emb, model.relations_)
    print(f"{len(emb)} terms, {model.relations_.n_edges} relations, {model.training_time_:.1f} s; "
          f"reconstruction mean rank {res.mean_rank:.2f}, MAP {res.map:.4f}; wrote {args.out}")
    return 0


def _evaluate(args) -> int:
    from ..hyperbolic import edge_scores, fowlkes_mallows, load_poincare, reconstruction

    if args.embedding is None and args.gold is None:
        from ..errors import WordvecError

        raise WordvecError("give --embedding (reconstruction) and/or --gold (P/R/F1, Fowlkes–Mallows)")
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
            raise SystemExit(f"wordvec taxonomy refine: --outliers must be mean, median, tukey or a number, "
                             f"not {args.outliers!r}") from None
    res = refine(tax, load_poincare(args.embedding), vocabulary=vocab, root=args.root,
                 parent_rule=args.parent_rule, outliers=outliers)
    res.taxonomy.write(args.out)
    if args.report is not None:
        res.report.to_csv(args.report, index=False)
    print(res.summary())
    return 0
