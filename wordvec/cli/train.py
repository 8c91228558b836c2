"""``wordvec train METHOD CORPUS -o OUT.wv``: train embeddings from text.

METHOD is a key of :data:`wordvec.train.TRAINERS` (sgns, cbow, fasttext, ppmi, ppmi_svd, glove;
``ppmi-svd`` and the old ``svd`` are accepted). CORPUS is a text file, directory or glob (one
document per line; ``.gz``/``.bz2``/``.xz`` read transparently), tokenised with the library
default (lower-cased ``[a-z]+('[a-z]+)?``) unless ``--pattern``/``--keep-case`` say otherwise.
Count-based methods (ppmi, ppmi_svd, glove) also accept a co-occurrence file saved by
:meth:`wordvec.corpus.Cooccurrence.save` (``.npz``). The output format follows the suffix of OUT
(``.wv`` native, ``.txt``, ``.bin``, ``.vec``, …).

Model options left out take the trainer's default; an option the method does not have is an error.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from ._options import add_n_jobs, add_seed, given, hidden_alias

METHOD_ALIASES = {"ppmi-svd": "ppmi_svd", "svd": "ppmi_svd"}
COUNT_BASED = ("ppmi", "ppmi_svd", "glove")
# Options that are trainer parameters of the same name (dest); each trainer takes a subset.
MODEL_OPTIONS = ("dim", "epochs", "window", "min_count", "negative", "sample", "learning_rate", "x_max",
                 "weight_exponent", "output", "cds", "shift", "eig", "n_jobs", "seed")


def _method(name: str) -> str:
    from ..train import TRAINERS

    key = METHOD_ALIASES.get(name.lower(), name.lower())
    if key not in TRAINERS:
        raise argparse.ArgumentTypeError(f"invalid method {name!r} (choose from {', '.join(TRAINERS)})")
    if name.lower() == "svd":
        print("wordvec train: 'svd' is deprecated; say 'ppmi_svd'", file=sys.stderr)
    return key


def register(sub) -> None:
    p = sub.add_parser("train", help="train word embeddings on a text corpus (sgns, cbow, fasttext, ppmi, ppmi_svd, glove)",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("method", type=_method, metavar="METHOD", help="sgns, cbow, fasttext, ppmi, ppmi_svd or glove")
    p.add_argument("corpus", help="text file/directory/glob (one document per line), or a co-occurrence .npz")
    p.add_argument("-o", "--output", dest="path", required=True, type=Path,
                   help="output embedding (format from the suffix)")
    g = p.add_argument_group("corpus")
    g.add_argument("--pattern", default=None, help="token regex (default: lower-cased [a-z]+('[a-z]+)?)")
    g.add_argument("--keep-case", action="store_true", help="do not lower-case before matching")
    g.add_argument("--whitespace", action="store_true", help="pre-tokenised input: split on whitespace only")
    g.add_argument("--min-count", type=int, default=None, help="drop rarer words (default 5)")
    g.add_argument("--window", type=int, default=None, help="context window (default: 5; 10 for glove)")
    h = p.add_argument_group("model (default: the trainer's; see wordvec.train)")
    h.add_argument("--dim", type=int, default=None, help="dimensions")
    h.add_argument("--epochs", type=int, default=None, help="passes over the data")
    add_n_jobs(h)
    add_seed(h, "initialisation and sampling")
    h.add_argument("--negative", type=int, default=None, help="sgns/cbow/fasttext: negative samples")
    h.add_argument("--sample", type=float, default=None, help="sgns/cbow/fasttext: subsampling threshold")
    h.add_argument("--learning-rate", dest="learning_rate", type=float, default=None,
                   help="initial learning rate (sgns/cbow/fasttext, glove's AdaGrad)")
    hidden_alias(h, "--eta", "learning_rate", type=float)
    hidden_alias(h, "--lr", "learning_rate", type=float)
    h.add_argument("--x-max", dest="x_max", type=float, default=None, help="glove: weighting cut-off")
    h.add_argument("--weight-exponent", dest="weight_exponent", type=float, default=None,
                   help="glove: exponent of the weighting function")
    hidden_alias(h, "--alpha", "weight_exponent", type=float)
    h.add_argument("--vectors", dest="output", default=None,
                   help="glove: w+c, w, c or concat; ppmi_svd: w, w+c, c or concat (the trainer's `output`)")
    h.add_argument("--cds", type=float, default=None, help="ppmi/ppmi_svd: context-distribution smoothing")
    h.add_argument("--shift", type=float, default=None, help="ppmi/ppmi_svd: shift k (subtract log k)")
    h.add_argument("--eig", type=float, default=None, help="ppmi_svd: eigenvalue weighting p")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bars")
    p.set_defaults(func=_run)


def build_trainer(args: argparse.Namespace):
    """The trainer ``args`` describe: the options given, nothing else."""
    from ..errors import ParameterError
    from ..train import TRAINERS

    cls = TRAINERS[args.method]
    params = given(args, *MODEL_OPTIONS)
    accepted = cls._get_param_names()
    foreign = [name for name in params if name not in accepted]
    if foreign:
        flags = ", ".join("--vectors" if n == "output" else "--" + n.replace("_", "-") for n in foreign)
        raise ParameterError(f"{args.method} has no option {flags}")
    if args.quiet:
        params["progress"] = False
    return cls(**params)


def load_input(args: argparse.Namespace):
    """A Cooccurrence (``.npz`` for count-based methods) or a streamed text corpus."""
    from ..corpus import Cooccurrence, TextCorpus, Tokenizer
    from ..corpus.tokenize import DEFAULT_PATTERN
    from ..errors import ParameterError

    if str(args.corpus).endswith(".npz"):
        if args.method not in COUNT_BASED:
            raise ParameterError(f"{args.method} trains on text, not on a co-occurrence file ({args.corpus})")
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
    emb.save(args.path)
    if not args.quiet:
        params = {k: v for k, v in emb.meta.items() if k not in ("source", "corpus_path")}
        print(f"{args.method}: {len(emb):,} words × {emb.dim} dims in {seconds:.1f} s → {args.path}")
        print(json.dumps(params, default=str))
    return 0
