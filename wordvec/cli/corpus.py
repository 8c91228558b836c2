"""``wordvec corpus``: vocabularies, co-occurrence counts and the bundled SOTU corpus from the shell."""
from __future__ import annotations

import sys
from pathlib import Path

from ._options import given


def _reader_args(p) -> None:
    p.add_argument("corpus", nargs="+", help="text file(s), directories or globs (.gz/.bz2/.xz read directly)")
    p.add_argument("--unit", choices=("line", "paragraph"), default=None,
                   help="one document per line (default) or per blank-line-separated paragraph")
    p.add_argument("--pattern", default=None, help="token regex (default: [a-z]+('[a-z]+)? after lower-casing)")
    p.add_argument("--whitespace", action="store_true", help="pre-tokenised text: split on whitespace only")
    p.add_argument("--keep-case", action="store_true", help="do not lower-case")
    p.add_argument("--min-count", type=int, default=None, help="drop words seen fewer times (default 1)")
    p.add_argument("--max-size", type=int, default=None, help="keep only the N most frequent words")


def register(sub) -> None:
    p = sub.add_parser("corpus", help="corpus tools: vocabulary, co-occurrence counts, the SOTU corpus")
    cmds = p.add_subparsers(dest="corpus_command", required=True, metavar="ACTION")

    v = cmds.add_parser("vocab", help="count words: writes word<TAB>count, most frequent first")
    _reader_args(v)
    v.add_argument("-o", "--output", type=Path, default=None, help="output TSV (default: stdout)")
    v.set_defaults(func=_vocab)

    c = cmds.add_parser("count", help="co-occurrence counts to a .npz file (load with Cooccurrence.load)")
    _reader_args(c)
    c.add_argument("-o", "--output", type=Path, required=True, help="output .npz")
    c.add_argument("--window", type=int, default=None, help="maximum distance (default 10)")
    c.add_argument("--weighting", choices=("harmonic", "uniform"), default=None,
                   help="1/distance (GloVe, default) or uniform")
    c.set_defaults(func=_count)

    s = cmds.add_parser("sotu", help="write the State of the Union corpus as text, one paragraph a line")
    s.add_argument("-o", "--output", type=Path, required=True,
                   help="output file, or a directory with --width (one file per period)")
    s.add_argument("--width", type=int, default=None, help="also split into periods of this many years")
    s.set_defaults(func=_sotu)


def _corpus(args):
    from ..corpus import TextCorpus, Tokenizer
    from ..corpus.tokenize import DEFAULT_PATTERN

    if args.whitespace:
        tok = Tokenizer.whitespace(lowercase=not args.keep_case)
    else:
        tok = Tokenizer(args.pattern or DEFAULT_PATTERN, lowercase=not args.keep_case)
    return TextCorpus(args.corpus, tok, **given(args, "unit"))


def _vocab(args) -> int:
    from ..corpus import Vocabulary

    vocab = Vocabulary.build(_corpus(args), **given(args, "min_count", "max_size"))
    lines = "".join(f"{w}\t{c}\n" for w, c in zip(vocab.words, vocab.counts.tolist()))
    if args.output is None:
        sys.stdout.write(lines)
    else:
        from .._atomic import atomic_text

        with atomic_text(args.output) as out:  # whole or not at all
            out.write(lines)
    print(f"{len(vocab)} words, {vocab.total} tokens of {vocab.corpus_tokens}", file=sys.stderr)
    return 0


def _count(args) -> int:
    from ..corpus import count_cooccurrences

    c = count_cooccurrences(_corpus(args), **given(args, "window", "weighting", "min_count", "max_size"))
    path = c.save(args.output)
    print(f"{path}: {len(c)} words, {c.nnz} non-zeros, window {c.window}, {c.weighting}", file=sys.stderr)
    return 0


def _sotu(args) -> int:
    from ..corpus import sotu, sotu_corpus, write_lines

    if args.width is None:
        path = write_lines(sotu_corpus(), args.output)
        print(path, file=sys.stderr)
        return 0
    args.output.mkdir(parents=True, exist_ok=True)
    tsc = sotu(width=args.width)
    for period, docs in tsc.items(skip_empty=True):
        print(write_lines(docs, args.output / f"sotu-{period}.txt"), file=sys.stderr)
    return 0
