"""``wordvec info | convert | neighbors``: inspect, convert and query vector files."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from ._options import add_k, given

_LOAD_OPTS = ("format", "limit", "errors", "on_duplicate")


def register(sub) -> None:
    common = _common_parser()
    p = sub.add_parser("info", parents=[common], help="size, dimension, format and norms of a vector file")
    p.add_argument("file", type=Path)
    p.set_defaults(func=_info)

    p = sub.add_parser("convert", parents=[common], help="convert a vector file to another format (atomic write; text/binary → .wv is streamed in constant memory)")
    p.add_argument("input", type=Path)
    p.add_argument("output", type=Path)
    p.add_argument("--to", dest="to_format", default=None, help="output format (default: from the output name)")
    p.set_defaults(func=_convert)

    p = sub.add_parser("neighbors", parents=[common], help="nearest neighbours (cosine) of words")
    p.add_argument("file", type=Path)
    p.add_argument("words", nargs="+", metavar="WORD")
    add_k(p, "neighbours per word")
    p.set_defaults(func=_neighbors)


def _common_parser():
    import argparse

    p = argparse.ArgumentParser(add_help=False)
    p.add_argument("--format", default=None, help="input format (default: detected)")
    p.add_argument("--limit", type=int, default=None, help="read only the first N words")
    p.add_argument("--errors", choices=("strict", "replace"), default="strict", help="undecodable bytes in words")
    p.add_argument("--on-duplicate", dest="on_duplicate", choices=("error", "first", "last"), default="error")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    return p


def _load(path: Path, args):
    from ..io import load

    return load(path, args.format, mmap=True, limit=args.limit, errors=args.errors, on_duplicate=args.on_duplicate)


def _size(path: Path) -> int:
    if path.is_dir():
        return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
    return path.stat().st_size


def _histwords_dir(path: Path) -> bool:
    from ..io.histwords import is_histwords_dir
    from ..io.native import is_native

    return not is_native(path) and is_histwords_dir(path)


def _info_histwords(args) -> int:
    from ..io import load_histwords_dir

    embs = load_histwords_dir(args.file, mmap=True, errors=args.errors, on_duplicate=args.on_duplicate, limit=args.limit)
    rows = [
        {"decade": d, "words": len(e), "dim": e.dim, "absent": e.meta.get("n_absent", 0)} for d, e in embs.items()
    ]
    if args.json:
        json.dump({"file": str(args.file), "format": "histwords", "decades": rows}, sys.stdout)
        print()
        return 0
    print(f"HistWords directory {args.file}: {len(rows)} decades")
    for r in rows:
        print(f"  {r['decade']}: {r['words']:,} words × {r['dim']} dims, {r['absent']:,} absent (all-zero rows dropped)")
    return 0


def _info(args) -> int:
    import numpy as np

    if _histwords_dir(args.file):
        return _info_histwords(args)
    emb = _load(args.file, args)
    norms = emb.norms.astype(np.float64)
    info = {
        "file": str(args.file),
        "format": emb.meta.get("format"),
        "bytes": _size(args.file),
        "words": len(emb),
        "dim": emb.dim,
        "counts": emb.counts is not None,
        "subwords": getattr(emb, "subwords", None) is not None,
        "norms": {
            "min": float(norms.min()) if len(norms) else None,
            "median": float(np.median(norms)) if len(norms) else None,
            "mean": float(norms.mean()) if len(norms) else None,
            "max": float(norms.max()) if len(norms) else None,
            "zero_rows": int((norms == 0).sum()),
        },
        "first_words": list(emb.words[: min(10, len(emb))]),
    }
    if args.json:
        json.dump(info, sys.stdout, ensure_ascii=False)
        print()
        return 0
    n = info["norms"]
    print(f"file:     {info['file']}  ({info['bytes']:,} bytes)")
    print(f"format:   {info['format']}")
    print(f"shape:    {info['words']:,} words × {info['dim']} dims" + ("  (with counts)" if info["counts"] else ""))
    if len(emb):
        print(f"norms:    min {n['min']:.4g}  median {n['median']:.4g}  mean {n['mean']:.4g}  max {n['max']:.4g}  zero rows {n['zero_rows']}")
    print(f"words:    {', '.join(info['first_words'])}{', …' if len(emb) > 10 else ''}")
    return 0


def _convert(args) -> int:
    from ..io import convert

    out = convert(args.input, args.output, format=args.format, to=args.to_format, limit=args.limit,
                  errors=args.errors, on_duplicate=args.on_duplicate)
    out = {"input": str(args.input), "output": str(args.output), **out}
    if args.json:
        json.dump(out, sys.stdout, ensure_ascii=False)
        print()
    else:
        print(f"wrote {out['words']:,} words × {out['dim']} dims to {out['output']}")
    return 0


def _neighbors(args) -> int:
    emb = _load(args.file, args)
    nb = emb.nearest(args.words, **given(args, "k"))
    if args.json:
        res = {q: [{"word": w, "similarity": float(s)} for w, s in zip(ws, ss)] for q, ws, ss in zip(nb.queries, nb.words, nb.scores)}
        json.dump(res, sys.stdout, ensure_ascii=False)
        print()
    else:
        for q, ws, ss in zip(nb.queries, nb.words, nb.scores):
            print(f"{q}: " + ", ".join(f"{w} ({s:.3f})" for w, s in zip(ws, ss)))
    return 0
