"""``wordvec change``: most and least changed words between periods, with a shuffled-corpus control."""
from __future__ import annotations

from pathlib import Path

from ._options import add_seed, given, write_csv


def register(sub) -> None:
    p = sub.add_parser(
        "change",
        help="semantic change across periods (PPMI-SVD per period + Procrustes, or HistWords files)",
        description="Train one PPMI-SVD embedding per period (or read HistWords files), align them by orthogonal "
                    "Procrustes and rank words by change; optionally test every word against shuffled-corpus "
                    "controls (Dubossarsky et al. 2017). The period model is this study's setting (50-d PPMI-SVD, window 4, "
                    "min count 20), not PPMISVD's defaults.")
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--sotu", action="store_true", help="the bundled State of the Union corpus")
    src.add_argument("--histwords", type=Path, metavar="DIR", help="a directory of HistWords {year}-w.npy/-vocab.pkl files")
    p.add_argument("--width", type=int, default=50, help="period width in years (--sotu; default 50)")
    p.add_argument("--origin", type=int, default=1790, help="first year of the first period (--sotu; default 1790)")
    p.add_argument("--dim", type=int, default=50, help="PPMI-SVD dimensions (default 50)")
    p.add_argument("--window", type=int, default=4, help="co-occurrence window (default 4)")
    p.add_argument("--min-count", type=int, default=20, help="a word is absent from a period below this count (default 20)")
    p.add_argument("--measure", default="cosine", choices=["cosine", "angular", "local", "nn_overlap"])
    p.add_argument("--start", type=int, default=None, help="first period label (default: the first)")
    p.add_argument("--end", type=int, default=None, help="second period label (default: the last)")
    p.add_argument("--top", type=int, default=25, help="rows to show (default 25)")
    p.add_argument("--pair-min-count", type=int, default=50, help="minimum count in both periods for the table (default 50)")
    p.add_argument("--controls", type=int, default=0, help="shuffled-corpus controls for z/p per word (--sotu only)")
    p.add_argument("--keep-stopwords", action="store_true", help="do not drop English stop words from the table")
    add_seed(p, "SVD and the shuffled controls")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.add_argument("--out", type=Path, default=None, help="write the full ranked table as CSV here")
    p.set_defaults(func=_run)


def _run(args) -> int:
    from ..diachronic import DiachronicEmbedding, align, measure_change, train_periods
    from ..diachronic.laws import ENGLISH_STOPWORDS
    from ..diachronic.null import compare_to_control, shuffle_periods

    aligned = args.measure in ("cosine", "angular")

    def score(series):
        return measure_change(align(series) if aligned else series, args.start, args.end, measure=args.measure)

    if args.sotu:
        from ..corpus import sotu
        from ..train import PPMISVD

        corpora = sotu(width=args.width, origin=args.origin)
        trainer = PPMISVD(dim=args.dim, window=args.window, min_count=args.min_count, **given(args, "seed"))
        progress = False if args.quiet else None
        result = score(train_periods(corpora, trainer, min_count=args.min_count, progress=progress))
        if args.controls:
            controls = [score(train_periods(shuffle_periods(corpora, trainer.seed + 1 + i), trainer, min_count=args.min_count))
                        for i in range(args.controls)]
            result = compare_to_control(result, controls)
    else:
        if args.controls:
            from ..errors import ParameterError

            raise ParameterError("--controls needs a corpus (--sotu); HistWords files carry no documents")
        result = score(DiachronicEmbedding.from_histwords(args.histwords, min_count=0))
    exclude = None if args.keep_stopwords else ENGLISH_STOPWORDS
    table = result.most_changed(args.top, min_count=args.pair_min_count if result.frame["count_start"].ge(0).all() else None,
                                exclude=exclude)
    print(f"{args.measure} change {result.start} → {result.end}: {len(result)} words scored, "
          f"{len(result.absent)} absent from a period")
    print(table.to_string(index=False, float_format=lambda v: f"{v:.4g}"))
    if args.out is not None:
        write_csv(result.to_frame(), args.out)
        print(f"table: {args.out}")
    return 0
