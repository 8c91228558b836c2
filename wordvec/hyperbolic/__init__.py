"""Hyperbolic embeddings of hierarchies and taxonomy refinement.

- :mod:`.geometry` — Poincaré-ball operations.
- :class:`PoincareModel` → :class:`PoincareEmbedding` (Nickel & Kiela 2017).
- :class:`Taxonomy`; readers for TExEval TSV, edge lists and WordNet database files;
  the shipped WordNet mammal closure and domain subtrees.
- :func:`reconstruction`, :func:`link_prediction`, :func:`edge_scores`, :func:`fowlkes_mallows`.
- :func:`refine` — the taxonomy refinement of Aly et al. (2019); :func:`corruption_benchmark`.
"""
from .._lazy import attach

# Each name is imported from its module on first use: ``import wordvec.hyperbolic`` loads none
# of them, and the numba kernel loads when a PoincareModel is fitted.
__getattr__, __dir__ = attach(__name__, {
    "corrupt": ["BenchmarkResult", "Corruption", "corrupt", "corruption_benchmark"],
    "evaluation": ["RankingResult", "link_prediction", "reconstruction", "split_edges"],
    "metrics": ["EdgeScores", "FowlkesMallows", "edge_scores", "fowlkes_mallows"],
    "model": ["PoincareModel", "poincare_loss"],
    "poincare_embedding": ["PoincareEmbedding", "load_poincare", "save_poincare"],
    "readers": ["read_edgelist", "read_taxonomy", "read_texeval"],
    "refine": ["Refinement", "compound_head", "refine"],
    "taxonomy": ["CycleError", "NotATreeError", "Taxonomy", "TaxonomyError", "as_taxonomy"],
    "writers": ["write_taxonomy"],
    "wordnet": ["DOMAINS", "WordNetNouns", "mammal_closure", "read_wordnet_nouns", "wordnet_domains", "wordnet_taxonomy"],
}, submodules=["geometry"])

__all__ = ["PoincareModel", "PoincareEmbedding", "poincare_loss", "save_poincare", "load_poincare",
           "Taxonomy", "TaxonomyError", "CycleError", "NotATreeError", "as_taxonomy",
           "read_taxonomy", "read_texeval", "read_edgelist", "write_taxonomy",
           "read_wordnet_nouns", "wordnet_taxonomy", "WordNetNouns", "mammal_closure", "wordnet_domains", "DOMAINS",
           "reconstruction", "link_prediction", "split_edges", "RankingResult",
           "edge_scores", "fowlkes_mallows", "EdgeScores", "FowlkesMallows",
           "refine", "Refinement", "compound_head", "corrupt", "corruption_benchmark", "Corruption", "BenchmarkResult"]
