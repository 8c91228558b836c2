"""Hyperbolic embeddings of hierarchies and taxonomy refinement.

- :mod:`.geometry` — Poincaré-ball operations.
- :class:`PoincareModel` → :class:`PoincareEmbedding` (Nickel & Kiela 2017).
- :class:`Taxonomy`; readers for TExEval TSV, edge lists and WordNet database files;
  the shipped WordNet mammal closure and domain subtrees.
- :func:`reconstruction`, :func:`link_prediction`, :func:`edge_scores`, :func:`fowlkes_mallows`.
- :func:`refine` — the taxonomy refinement of Aly et al. (2019); :func:`corruption_benchmark`.
"""
from .corrupt import BenchmarkResult, Corruption, corrupt, corruption_benchmark
from .evaluation import RankingResult, link_prediction, reconstruction, split_edges
from .metrics import EdgeScores, FowlkesMallows, edge_scores, fowlkes_mallows
from .model import PoincareModel, poincare_loss
from .poincare_embedding import PoincareEmbedding, load_poincare, save_poincare
from .readers import read_edgelist, read_taxonomy, read_texeval, write_taxonomy
from .refine import Refinement, compound_head, refine
from .taxonomy import CycleError, NotATreeError, Taxonomy
from .wordnet import DOMAINS, WordNetNouns, mammal_closure, read_wordnet_nouns, wordnet_domains, wordnet_taxonomy

__all__ = ["PoincareModel", "PoincareEmbedding", "poincare_loss", "save_poincare", "load_poincare",
           "Taxonomy", "CycleError", "NotATreeError",
           "read_taxonomy", "read_texeval", "read_edgelist", "write_taxonomy",
           "read_wordnet_nouns", "wordnet_taxonomy", "WordNetNouns", "mammal_closure", "wordnet_domains", "DOMAINS",
           "reconstruction", "link_prediction", "split_edges", "RankingResult",
           "edge_scores", "fowlkes_mallows", "EdgeScores", "FowlkesMallows",
           "refine", "Refinement", "compound_head", "corrupt", "corruption_benchmark", "Corruption", "BenchmarkResult"]
