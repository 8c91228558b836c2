"""The main job: run every script in ``analyses/`` and write the gallery and its report.

An analysis is a module ``analyses/<NN>_<name>.py`` with::

    TITLE = "One line naming the paper/study reproduced"
    def run(out: pathlib.Path, quick: bool = False, progress: bool | None = None) -> list[Artifact]: ...

It writes figures (PNG) and tables (CSV) under ``out`` and returns one
:class:`Artifact` per file with a two-sentence caption for ``REPORT.md``.

``analyses/`` is installed with the package as ``wordvec.analyses`` (``setup.py`` maps the
directory), so ``wordvec reproduce`` runs after a regular ``pip install .`` from any directory;
it then writes ``./figures`` unless told otherwise. In a source checkout it writes the
checkout's ``figures/``, the gallery committed with the code.
"""
from __future__ import annotations

import importlib.util
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ._atomic import atomic_text
from ._progress import progress_bar
from .errors import MissingFileError, ParameterError
from .plot import STYLE

_CHECKOUT = Path(__file__).resolve().parents[1]


def _analyses_dir() -> Path:
    """The installed ``wordvec.analyses`` package, else a source checkout's ``analyses/``."""
    spec = importlib.util.find_spec("wordvec.analyses")
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    return _CHECKOUT / "analyses"


def default_output() -> Path:
    """``figures/`` of the source checkout this module runs from, else ``./figures``."""
    if (_CHECKOUT / "analyses").is_dir() and (_CHECKOUT / "setup.py").is_file():
        return _CHECKOUT / "figures"
    return Path.cwd() / "figures"


@dataclass
class Artifact:
    """A figure or table written by an analysis, with what it shows."""

    path: Path
    caption: str


def discover(directory: Path | None = None) -> dict[str, Path]:
    """Analysis scripts by name, in file order (``01_foo.py`` → ``foo``)."""
    directory = _analyses_dir() if directory is None else Path(directory)
    if not directory.is_dir():
        raise MissingFileError(f"{directory}: no analyses directory (is wordvec installed with its analyses?)")
    scripts = sorted(p for p in directory.glob("[0-9]*_*.py"))
    return {p.stem.split("_", 1)[1]: p for p in scripts}


def _load(path: Path):
    spec = importlib.util.spec_from_file_location(f"wordvec_analysis_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def reproduce(only: list[str] | None = None, quick: bool = False, out: Path | None = None,
              progress: bool | None = None) -> Path:
    """Run the analyses (all, or ``only``) and write ``REPORT.md``; returns the report path.

    ``out`` defaults to :func:`default_output`; ``progress`` is passed on to every analysis.
    """
    out = Path(out) if out is not None else default_output()
    out.mkdir(parents=True, exist_ok=True)
    scripts = discover()
    if only:
        unknown = sorted(set(only) - set(scripts))
        if unknown:
            raise ParameterError(f"unknown analysis {unknown}; available: {sorted(scripts)}")
        scripts = {k: v for k, v in scripts.items() if k in only}
    import matplotlib.pyplot as plt

    sections = []
    bar = progress_bar(list(scripts.items()), desc="reproduce", progress=progress)
    for name, path in bar:
        bar.set_postfix_str(name)
        module = _load(path)
        t0 = time.perf_counter()
        with plt.style.context(STYLE):
            artifacts = module.run(out, quick=quick, progress=progress)
        plt.close("all")
        sections.append((name, module.TITLE, time.perf_counter() - t0, artifacts))
        print(f"[{name}] {module.TITLE}: {len(artifacts)} artefact(s) in {sections[-1][2]:.1f} s", flush=True)
    report = out / "REPORT.md"
    _write_report(report, sections, quick)
    return report


def _write_report(report: Path, sections: list, quick: bool) -> None:
    """Write each analysis' section, then assemble ``REPORT.md`` from every section on disk.

    Sections live in ``<out>/.sections/<name>.md`` so that ``--only NAME`` refreshes one
    section without dropping the others from the report.
    """
    import pandas as pd

    section_dir = report.parent / ".sections"
    section_dir.mkdir(exist_ok=True)
    for name, title, seconds, artifacts in sections:
        lines = [f"## {title}", "", f"`analyses/*_{name}.py`, {seconds:.1f} s" + (" (quick mode)." if quick else "."), ""]
        if quick:
            lines += ["*Quick mode: reduced data and iterations; numbers are not comparable to the papers.*", ""]
        for a in artifacts:
            rel = Path(a.path).relative_to(report.parent)
            if rel.suffix == ".png":
                lines += [f"![{rel.stem}]({rel.as_posix()})", ""]
            elif rel.suffix == ".csv":
                table = pd.read_csv(a.path)
                shown = table.head(25).to_markdown(index=False, floatfmt=".4g")
                more = f"\n\n*(first 25 of {len(table)} rows)*" if len(table) > 25 else ""
                lines += [f"**[{rel.name}]({rel.as_posix()})**", "", shown + more, ""]
            lines += [a.caption, ""]
        _atomic_write(section_dir / f"{name}.md", "\n".join(lines))
    parts = ["# wordvec — reproduced figures and tables", "",
             "Generated by `wordvec reproduce`; every number below is recomputed from bundled data.", ""]
    parts += [(section_dir / f"{name}.md").read_text(encoding="utf-8") for name in discover()
              if (section_dir / f"{name}.md").exists()]
    _atomic_write(report, "\n".join(parts))


def _atomic_write(path: Path, text: str) -> None:
    with atomic_text(path) as f:
        f.write(text)


# --------------------------------------------------------------------------- shared SOTU models
# Several analyses use the same embeddings of the bundled State of the Union corpus; train
# each once per process. Single-threaded trainers keep the gallery deterministic (Hogwild
# and gensim's worker threads are not).
SOTU_SETTINGS = {
    "sgns": dict(dim=100, window=5, min_count=5, epochs=5, seed=0),
    "ppmi_svd": dict(dim=300, window=5, min_count=5, seed=0),
    "glove": dict(dim=100, epochs=15, window=10, x_max=10.0, min_count=5, seed=0),
}
QUICK_OVERRIDES = {"sgns": dict(dim=50, epochs=2), "ppmi_svd": dict(dim=50), "glove": dict(dim=50, epochs=5)}


def sotu_settings(kind: str, quick: bool = False) -> dict:
    """Hyper-parameters used for the SOTU model ``kind`` ("sgns", "ppmi_svd", "glove")."""
    if kind not in SOTU_SETTINGS:
        raise ParameterError(f"unknown SOTU model {kind!r}; choose from {sorted(SOTU_SETTINGS)}")
    return {**SOTU_SETTINGS[kind], **(QUICK_OVERRIDES[kind] if quick else {})}


@lru_cache(maxsize=None)
def _sotu_trainer(kind: str, quick: bool):
    from . import train
    from .corpus import sotu_corpus

    # One thread keeps SGNS and GloVe deterministic; PPMI-SVD's numbers do not depend on threads.
    params = {**sotu_settings(kind, quick), "n_jobs": -1 if kind == "ppmi_svd" else 1}
    trainer = train.TRAINERS[kind](**params)
    corpus = sotu_corpus()
    if quick:  # every 4th paragraph: same vocabulary style, a quarter of the tokens
        corpus = list(corpus)[::4]
    embedding = trainer.fit(corpus)
    embedding.meta["corpus"] = "U.S. State of the Union addresses 1790–2026 (sotu package), one paragraph a document"
    return trainer, embedding


def sotu_embedding(kind: str, quick: bool = False):
    """The SOTU embedding ``kind`` ("sgns", "ppmi_svd", "glove"), trained once per process."""
    return _sotu_trainer(kind, quick)[1]


def sotu_glove(quick: bool = False):
    """The fitted SOTU :class:`~wordvec.train.GloVe` (co-occurrences, context vectors, biases kept)."""
    return _sotu_trainer("glove", quick)[0]
