"""Princeton WordNet 3.0 noun hypernym graphs read straight from the database files.

Reads ``data.noun`` and ``index.noun`` (Debian's ``wordnet-base`` installs them under
``/usr/share/wordnet``) without NLTK. Synsets are named as NLTK names them
(``mammal.n.01``: first lemma, lower-cased, and its sense number for that lemma).

References
----------
Miller (1995), "WordNet: a lexical database for English", CACM 38(11).
Fellbaum (ed., 1998), *WordNet: An Electronic Lexical Database*, MIT Press.
``wndb(5WN)`` — the database file format.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import FormatError, MissingFileError, OOVError, ParameterError
from .taxonomy import Taxonomy

#: Where Debian's ``wordnet-base`` package puts the database files.
DEFAULT_WORDNET = Path(os.environ.get("WNSEARCHDIR", "/usr/share/wordnet"))


@dataclass
class WordNetNouns:
    """The noun synsets of a WordNet database: names, lemmas and hypernym pointers."""

    names: dict[str, str]                   # offset → synset name
    lemmas: dict[str, list[str]]            # synset name → lemmas (underscores as in WordNet)
    hypernyms: list[tuple[str, str]] = field(default_factory=list)           # (synset, hypernym synset)
    instance_hypernyms: list[tuple[str, str]] = field(default_factory=list)  # (instance, class)
    path: Path | None = None

    def taxonomy(self, *, instances: bool = True, closure: bool = False, root: str | None = None,
                 by: str = "synset") -> Taxonomy:
        """The hypernym graph as a :class:`Taxonomy`.

        Parameters
        ----------
        instances : bool
            Include instance hypernyms (``@i``: ``paris.n.01 → national_capital.n.01``),
            as Nickel & Kiela (2017) do.
        closure : bool
            Transitive closure (the training data of Poincaré embeddings).
        root : str, optional
            Keep only this synset and its descendants (e.g. ``"mammal.n.01"``).
        by : {"synset", "lemma"}
            Nodes are synsets, or lemmas (every lemma of a synset gets an edge to every
            lemma of each hypernym; underscores become spaces).
        """
        edges = list(self.hypernyms) + (list(self.instance_hypernyms) if instances else [])
        tax = Taxonomy(edges, meta={"source": str(self.path), "name": "wordnet", "instances": instances})
        if root is not None:
            tax = tax.subtree(root)
            tax.meta["name"] = f"wordnet:{root}"
        if closure:
            tax = tax.closure()
        if by == "lemma":
            lem = lambda s: [w.replace("_", " ") for w in self.lemmas[s]]  # noqa: E731
            lemma_edges = [(a, b) for c, p in tax.edges for a in lem(c) for b in lem(p) if a != b]
            nodes = [a for s in tax.nodes for a in lem(s)]
            tax = Taxonomy(lemma_edges, nodes=nodes, meta={**tax.meta, "by": "lemma"})
        elif by != "synset":
            raise ParameterError(f"by must be 'synset' or 'lemma', not {by!r}")
        return tax

    def lemma_map(self, synsets=None) -> dict[str, list[str]]:
        """Lemma (underscores as spaces, case kept) → the synsets holding it, optionally among ``synsets``.

        Pass it as ``synonyms=`` to :func:`~wordvec.hyperbolic.refine` to refine a lemma-level
        taxonomy with a synset-level model (Aly et al. 2019: minimum rank over matching synsets).
        """
        keep = None if synsets is None else set(synsets)
        out: dict[str, list[str]] = {}
        for s, ls in self.lemmas.items():
            if keep is not None and s not in keep:
                continue
            for w in ls:
                out.setdefault(w.replace("_", " "), []).append(s)
        return out

    def synsets_of(self, lemma: str) -> list[str]:
        """Synsets that contain ``lemma`` (spaces or underscores)."""
        key = lemma.replace(" ", "_").lower()
        return [s for s, ls in self.lemmas.items() if any(w.lower() == key for w in ls)]


def read_wordnet_nouns(path: str | os.PathLike | None = None) -> WordNetNouns:
    """Parse ``data.noun`` and ``index.noun`` under ``path`` (default ``/usr/share/wordnet``).

    Raises :class:`~wordvec.errors.MissingFileError` (a ``FileNotFoundError``) with the install hint when the files are absent and
    :class:`~wordvec.errors.FormatError` (file, line) on a malformed record.
    """
    root = Path(path) if path is not None else DEFAULT_WORDNET
    data, index = root / "data.noun", root / "index.noun"
    for f in (data, index):
        if not f.exists():
            raise MissingFileError(f, "no WordNet database file; install Debian's `wordnet-base` "
                                      "(apt-get install wordnet-base) or pass the directory holding data.noun")
    sense: dict[tuple[str, str], int] = {}  # (lemma, offset) → sense number
    with open(index, encoding="utf-8") as f:
        for no, line in enumerate(f, start=1):
            if line.startswith("  "):
                continue
            parts = line.split()
            try:
                lemma, p_cnt = parts[0], int(parts[3])
                offsets = parts[4 + p_cnt + 2:]
                n_syn = int(parts[2])
            except (IndexError, ValueError):
                raise FormatError(index, f"malformed index record {line[:60]!r}", no) from None
            if len(offsets) != n_syn:
                raise FormatError(index, f"{lemma!r} lists {len(offsets)} synsets, its count says {n_syn}", no)
            for k, off in enumerate(offsets, start=1):
                sense[(lemma, off)] = k
    records = []
    with open(data, encoding="utf-8") as f:
        for no, line in enumerate(f, start=1):
            if line.startswith("  "):
                continue
            parts = line.split(" | ", 1)[0].split()
            try:
                off = parts[0]
                w_cnt = int(parts[3], 16)
                words = [parts[4 + 2 * i] for i in range(w_cnt)]
                k = 4 + 2 * w_cnt
                p_cnt = int(parts[k])
                ptrs = [(parts[k + 1 + 4 * i], parts[k + 2 + 4 * i], parts[k + 3 + 4 * i]) for i in range(p_cnt)]
            except (IndexError, ValueError):
                raise FormatError(data, f"malformed synset record {line[:60]!r}", no) from None
            records.append((off, words, ptrs))
    names: dict[str, str] = {}
    lemmas: dict[str, list[str]] = {}
    for off, words, _ in records:
        first = words[0].lower()
        num = sense.get((first, off))
        if num is None:
            raise FormatError(data, f"synset {off} ({first!r}) is missing from {index}")
        name = f"{first}.n.{num:02d}"
        names[off] = name
        lemmas[name] = words
    hyper, inst = [], []
    for off, _, ptrs in records:
        for sym, target, pos in ptrs:
            if pos != "n":
                continue
            if sym == "@":
                hyper.append((names[off], names[target]))
            elif sym == "@i":
                inst.append((names[off], names[target]))
    return WordNetNouns(names, lemmas, hyper, inst, root)


def wordnet_taxonomy(path: str | os.PathLike | None = None, *, instances: bool = True, closure: bool = False,
                     root: str | None = None, by: str = "synset") -> Taxonomy:
    """Noun hypernym :class:`Taxonomy` from WordNet database files (see :meth:`WordNetNouns.taxonomy`).

    >>> mammals = wordnet_taxonomy(root="mammal.n.01", closure=True)   # doctest: +SKIP
    >>> len(mammals), mammals.n_edges                                    # doctest: +SKIP
    (1180, 6540)
    """
    return read_wordnet_nouns(path).taxonomy(instances=instances, closure=closure, root=root, by=by)


#: The refinement benchmark's WordNet domains (TExEval-2's food and science, plus vehicles).
DOMAINS = {"food": "food.n.02", "science": "science.n.01", "vehicle": "vehicle.n.01"}


def mammal_closure() -> Taxonomy:
    """The WordNet 3.0 mammal closure shipped with wordvec (1,182 synsets, 6,542 edges).

    Nodes are ``mammal.n.01`` and its descendants (instance hypernyms included), edges go
    from each synset to every ancestor within that set (Nickel & Kiela 2017). See
    ``wordvec/data/wordnet.CARD.md``; regenerate with ``corpora/wordnet_recipe.py``.
    """
    from ..datasets import data_path
    from .readers import read_texeval

    tax = read_texeval(data_path("wordnet_mammal_closure.tsv"))
    tax.meta["name"] = "wordnet mammal closure"
    return tax


def wordnet_domains(domain: str | None = None) -> Taxonomy:
    """Direct noun hypernym edges of the shipped WordNet domains (food, science, vehicle) and their ancestors.

    With ``domain`` (a key of :data:`DOMAINS`), only that subtree: the gold taxonomy of the
    refinement benchmark.
    """
    from ..datasets import data_path
    from .readers import read_texeval

    tax = read_texeval(data_path("wordnet_domains.tsv"))
    if domain is None:
        tax.meta["name"] = "wordnet domains"
        return tax
    if domain not in DOMAINS:
        raise OOVError([domain], where=f"the shipped WordNet domains ({', '.join(sorted(DOMAINS))})")
    sub = tax.subtree(DOMAINS[domain])
    sub.meta["name"] = f"wordnet {domain}"
    return sub
