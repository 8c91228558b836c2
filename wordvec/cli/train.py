"""``wordvec train {sgns,cbow,fasttext,ppmi,svd,glove} CORPUS -o OUT.wv``: train embeddings from text.

CORPUS is a text file, directory or glob (one document per line; ``.gz``/``.bz2``/``.xz``
read transparently), tokenised with the library default (lower-cased ``[a-z]+('[a-z]+)?``)
unless ``--pattern``/``--keep-case`` say otherwise. Count-based methods (ppmi, svd, glove)
also accept a co-occurrence file saved by :meth:`wordvec.corpus.Cooccurrence.save` (``.npz``).
The output format follows the suffix of OUT (``.wv`` native, ``.txt``, ``.bin``, ``.vec``, …).
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

METHODS = ("sgns", "cbow", "fasttext", "ppmi", "svd", "glove")


def register(sub) -> None:
    p = sub.add_parser("train", help="train word embeddings on a text corpus (sgns, cbow, fasttext, ppmi, svd, glove)",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("method", choices=METHODS)
    p.add_argument("corpus", help="text file/directory/glob (one document per line), or a co-occurrence .npz")
    p.add_argument("-o", "--output", required=True, type=Path, help="output embedding (format from the suffix)")
    g = p.add_argument_group("corpus")
    g.add_argument("--pattern", default=None, help="token regex (default: lower-cased [a-z]+('[a-z]+)?)")
    g.add_argument("--keep-case", action="store_true", help="do not lower-case before matching")
    g.add_argument("--whitespace", action="store_true", help="pre-tokenised input: split on whitespace only")
    g.add_argument("--min-count", type=int, default=5, help="drop rarer words (default 5)")
    g.add_argument("--window", type=int, default=None,
                   help="context window (default: 5; 10 for glove)")
    h = p.add_argument_group("model")
    h.add_argument("--dim", type=int, default=None, help="dimensions (default 100; 300 for svd)")
    h.add_argument("--epochs", type=int, default=None, help="passes (default 5 for gensim models, 25 for glove)")
    h.add_argument("--threads", type=int, default=None, help="worker threads (default 1; -1 = all cores)")
    h.add_argument("--seed", type=int, default=0)
    h.add_argument("--negative", type=int, default=5, help="sgns/cbow/fasttext: negative samples")
    h.add_argument("--sample", type=float, default=1e-3, help="sgns/cbow/fasttext: subsampling threshold")
    h.add_argument("--x-max", type=float, default=100.0, help="glove: weighting cut-off")
    h.add_argument("--alpha", type=float, default=0.75, help="glove: weighting exponent")
    h.add_argument("--eta", type=float, default=0.05, help="glove: AdaGrad learning rate")
    h.add_argument("--vectors", default=None, help="glove: W+C (default), W, C or concat; svd: w (default) or w+c")
    h.add_argument("--cds", type=float, default=0.75, help="ppmi/svd: context-distribution smoothing")
    h.add_argument("--shift", type=float, default=1.0, help="ppmi/svd: shift k (subtract log k)")
    h.add_argument("--eig", type=float, default=0.5, help="svd: eigenvalue weighting p")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bars")
    p.set_defaults(func=_run)


def build_trainer(args: argparse.Namespace):
    """The trainer object that ``args`` describe (only the options that apply to the method)."""
    from ..train import CBOW, PPMI, PPMISVD, SGNS, FastText, GloVe

    progress = False if args.quiet else None
    common = dict(min_count=args.min_count)
    if args.window is not None:
        common["window"] = args.window
    if args.method in ("sgns", "cbow", "fasttext"):
        cls = {"sgns": SGNS, "cbow": CBOW, "fasttext": FastText}[args.method]
        kw = dict(common, negative=args.negative, sample=args.sample, n_jobs=args.threads, seed=args.seed,
                  progress=progress)
        if args.dim is not None:
            kw["dim"] = args.dim
        if args.epochs is not None:
            kw["epochs"] = args.epochs
        return cls(**kw)
    if args.method == "ppmi":
        return PPMI(cds=args.cds, shift=args.shift, progress=progress, **common)
    if args.method == "svd":
        kw = dict(common, eig=args.eig, cds=args.cds, shift=args.shift, seed=args.seed, progress=progress)
        if args.dim is not None:
            kw["dim"] = args.dim
        if args.vectors is not None:
            kw["output"] = args.vectors
        return PPMISVD(**kw)
    kw = dict(common, x_max=args.x_max, alpha=args.alpha, eta=args.eta, n_jobs=args.threads, seed=args.seed,
              progress=progress)
    if args.dim is not None:
        kw["dim"] = args.dim
    if args.epochs is not None:
        kw["epochs"] = args.epochs
    if args.vectors is not None:
        kw["output"] = args.vectors
    return GloVe(**kw)


def load_input(args: argparse.Namespace):
    """A Cooccurrence (``.npz`` for count-based methods) or a streamed text corpus."""
    from ..corpus import Cooccurrence, TextCorpus, Tokenizer
    from ..corpus.tokenize import DEFAULT_PATTERN
    from ..errors import WordvecError

    if str(args.corpus).endswith(".npz"):
        if args.method not in ("ppmi", "svd", "glove"):
            raise WordvecError(f"{args.method} trains on text, not on a co-occurrence file ({args.corpus})")
        return Cooccurrence.load(args.corpus)
    if args.whitespace:
        tokenizer = Tokenizer(r"\S+", lowercase=False)
    else:
        tokenizer = Tokenizer(args.pattern or DEFAULT_PATTERN, lowercase=not args.keep_case)
    return TextCorpus(args.corpus, tokenizer)


def _run(args: argparse.Namespace) -> int:
    trainer = build_trainer(args)
    data = load_input(args)
    t0 = time.perf_counter()
    emb = trainer.fit(data)
    seconds = time.perf_counter() - t0
    emb.meta["training_seconds"] = round(seconds, 3)
    emb.meta["corpus_path"] = str(args.corpus)
    emb.save(args.output)
    if not args.quiet:
        params = {k: v for k, v in emb.meta.items() if k not in ("source", "corpus_path")}
        print(f"{args.method}: {len(emb):,} words × {emb.dim} dims in {seconds:.1f} s → {args.output}")
        print(json.dumps(params, default=str))
    return 0
