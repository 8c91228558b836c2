"""Regenerate ``analyses/walkthrough.ipynb`` from the cells below (outputs are not stored).

The test suite executes the notebook with nbclient, so the walkthrough cannot rot.
Run ``python analyses/make_walkthrough.py`` after editing the cells.
"""
from pathlib import Path

import nbformat

CELLS = [
    ("md", "# wordvec walkthrough\n\nThe API on the data that ships with wordvec: the word2vec GoogleNews subset, "
           "the State of the Union corpus (1790–2026) and the WordNet mammal closure. Every result is a DataFrame "
           "or a small result object with `.summary()`, `.to_frame()` and `.plot()`."),
    ("code", "import wordvec\nemb = wordvec.datasets.googlenews_subset()     # memory-mapped native format\nemb"),
    ("md", "## Neighbours, many at once"),
    ("code", "emb.nearest([\"king\", \"doctor\", \"Paris\"], k=5).to_frame().head(10)"),
    ("code", "emb.most_similar(positive=[\"king\", \"woman\"], negative=[\"man\"], topn=3)"),
    ("md", "## Analogies and similarity, with confidence intervals"),
    ("code", "from wordvec.evaluation import evaluate_analogies\nres = evaluate_analogies(emb, \"google\", method=\"3cosmul\")\nprint(res.summary())"),
    ("code", "res.plot();"),
    ("code", "from wordvec.evaluation import evaluate_similarity\nsim = evaluate_similarity(emb, \"wordsim353\")\nsim.to_frame()"),
    ("md", "## Bias: the Caliskan et al. (2017) WEAT tests with exact/Monte Carlo permutation p-values"),
    ("code", "from wordvec.bias import weat_tests\nweats = weat_tests(emb)\nweats.to_frame()"),
    ("code", "weats.plot();"),
    ("md", "## Training on a dated corpus\n\nThe State of the Union addresses, one paragraph a document, in 50-year periods."),
    ("code", "from wordvec.corpus import sotu\ntsc = sotu(width=50, origin=1790)\ntsc"),
    ("code", "from wordvec.train import PPMISVD\nsvd = PPMISVD(dim=50, window=5, min_count=10)\nwhole = svd.fit(list(tsc[tsc.periods[-1]]))\nwhole.nearest([\"war\", \"economy\"], k=5).to_frame()"),
    ("md", "## Semantic change: per-period embeddings, Procrustes alignment, change scores"),
    ("code", "from wordvec import diachronic as dia\nseries = dia.align(dia.train_periods(tsc, PPMISVD(dim=50, min_count=10), min_count=20))\n"
             "scores = dia.displacement(series, series.periods[0], series.periods[-1])\nscores.most_changed(10)"),
    ("md", "## How sure is a similarity? GloVe-V variances\n\nGloVe on the last period, then each word's "
           "covariance (Vallebueno et al. 2024) propagated to cosine similarities by the delta method."),
    ("code", "from wordvec.bias import glove_variances\nfrom wordvec.train import GloVe\n"
             "glove = GloVe(dim=50, epochs=5, window=10, x_max=10, min_count=10, seed=0, progress=False)\n"
             "glove.fit(list(tsc[tsc.periods[-1]]))\n"
             "gv = glove_variances(glove, words=[\"war\", \"peace\", \"jobs\", \"economy\"], progress=False)\n"
             "gv.similarity([(\"war\", \"peace\"), (\"jobs\", \"economy\")]).to_frame()"),
    ("md", "## Hyperbolic embeddings of a hierarchy"),
    ("code", "from wordvec.hyperbolic import PoincareModel, mammal_closure, reconstruction\nmammals = mammal_closure()\n"
             "poincare = PoincareModel(dim=5, epochs=10, burn_in=5, seed=0).fit(mammals)\nprint(reconstruction(poincare, mammals).summary())"),
]


def build() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_markdown_cell(src) if kind == "md" else nbformat.v4.new_code_cell(src) for kind, src in CELLS]
    return nb


if __name__ == "__main__":
    path = Path(__file__).with_name("walkthrough.ipynb")
    nbformat.write(build(), path)
    print(f"wrote {path}")
