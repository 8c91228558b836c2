"""Regenerate wordvec/data/wordnet_*.tsv from Princeton WordNet 3.0 database files.

    apt-get install wordnet-base        # Debian: puts data.noun, index.noun under /usr/share/wordnet
    python corpora/wordnet_recipe.py [--wordnet /usr/share/wordnet]

Writes (TExEval format, ``id<TAB>hyponym<TAB>hypernym``, synsets named as NLTK names them):
- ``wordnet_mammal_closure.tsv``: transitive closure of the noun hypernym graph, instance
  hypernyms included, restricted to ``mammal.n.01`` and its descendants (Nickel & Kiela 2017).
- ``wordnet_domains.tsv``: direct (``@``) hypernym edges of the food (``food.n.02``),
  science (``science.n.01``) and vehicle (``vehicle.n.01``) subtrees and of their ancestors
  up to ``entity.n.01`` — the refinement benchmark's gold subtrees and training context.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from wordvec.hyperbolic.readers import write_taxonomy
from wordvec.hyperbolic.wordnet import DOMAINS, read_wordnet_nouns

OUT = Path(__file__).resolve().parents[1] / "wordvec" / "data"


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--wordnet", default=None, help="directory holding data.noun and index.noun")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    wn = read_wordnet_nouns(args.wordnet)
    mammals = wn.taxonomy(root="mammal.n.01", closure=True, instances=True)
    write_taxonomy(mammals, args.out / "wordnet_mammal_closure.tsv")
    full = wn.taxonomy(instances=False)
    keep: set[str] = set()
    for root in DOMAINS.values():
        keep |= full.descendants(root) | {root} | full.ancestors(root)
    domains = full.restrict(keep)
    write_taxonomy(domains, args.out / "wordnet_domains.tsv")
    print(f"mammal closure: {len(mammals)} synsets, {mammals.n_edges} edges; "
          f"domains: {len(domains)} synsets, {domains.n_edges} edges")


if __name__ == "__main__":
    main()
