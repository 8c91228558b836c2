"""The contract of CONTRIBUTING.md, checked mechanically over the source and the public API.

Imports are read with ``ast`` (not by importing), so a circle hidden inside a function
counts too; the naming table is checked on every public signature with ``inspect``.
"""
from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from collections import defaultdict
from pathlib import Path

import pytest

import wordvec

ROOT = Path(wordvec.__file__).parent
#: (importer, imported) pairs allowed to close a circle, each with its reason.
ALLOWED_BACK_EDGES = {
    ("wordvec.embedding", "wordvec.io"): "Embedding.save, gensim's convenience, hands over to wordvec.io.save",
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(ROOT.rglob("*.py"))}


def _imports(name: str) -> list[tuple[str, list[str], int]]:
    """(imported module, imported names, line) of every import outside ``if TYPE_CHECKING``."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = []

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            if isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package.split(".")[: len(package.split(".")) - child.level + 1]
                    target = ".".join(base + ([child.module] if child.module else []))
                else:
                    target = child.module or ""
                found.append((target, [a.name for a in child.names], child.lineno))
            elif isinstance(child, ast.Import):
                found.extend((a.name, [], child.lineno) for a in child.names)
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return [f for f in found if f[0] == "wordvec" or f[0].startswith("wordvec.")]


def _edges() -> dict[str, set[str]]:
    """Module → the wordvec modules it imports (a package's ``__init__`` only when named)."""
    edges = defaultdict(set)
    for name in MODULES:
        for target, names, _ in _imports(name):
            submodules = [f"{target}.{n}" for n in names if f"{target}.{n}" in MODULES]
            # ``from pkg import sub`` imports the module sub, not what pkg/__init__ defines
            targets = submodules if submodules and len(submodules) == len(names) else [target, *submodules]
            for cand in targets:
                if cand in MODULES and cand != name and (name, cand) not in ALLOWED_BACK_EDGES:
                    edges[name].add(cand)
    return edges


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on_stack, out = {}, {}, [], set(), []

    def connect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(set(MODULES) | set(edges)):
        if v not in index:
            connect(v)
    return out


def test_the_cycle_finder_finds_a_planted_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_circle():
    assert _cycles(_edges()) == []


def _package(name: str) -> str:
    return name if MODULES[name].name == "__init__.py" else name.rsplit(".", 1)[0]


def test_no_import_of_another_packages_private_module_or_name():
    bad = []
    for name in MODULES:
        for target, names, line in _imports(name):
            parts = target.split(".")
            private = [i for i, p in enumerate(parts) if p.startswith("_")]
            if private:
                owner = ".".join(parts[: private[0]])  # the package the private module belongs to
                if owner != "wordvec" and not (_package(name) + ".").startswith(owner + "."):
                    bad.append(f"{name}:{line} imports {target}")
            for n in names:
                if n.startswith("_") and f"{target}.{n}" not in MODULES and target.split(".")[:2] != _package(name).split(".")[:2]:
                    bad.append(f"{name}:{line} imports private {n} from {target}")
    assert bad == []


# ----------------------------------------------------------------------------- repeated code
WINDOW = 6


def _meaningful_lines(path: Path) -> list[tuple[int, str]]:
    """Stripped source lines, without blanks, comments and lines too short to carry logic."""
    out = []
    for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        s = line.strip()
        if len(s) < 8 or s.startswith("#"):
            continue
        out.append((no, s))
    return out


def repeated_blocks(paths: list[Path]) -> list[str]:
    seen: dict[tuple[str, ...], tuple[Path, int]] = {}
    found = []
    for path in paths:
        lines = _meaningful_lines(path)
        last_end: dict[Path, int] = defaultdict(lambda: -1)
        for i in range(len(lines) - WINDOW + 1):
            key = tuple(s for _, s in lines[i:i + WINDOW])
            if key in seen:
                first, at = seen[key]
                if at > last_end[first] and (first != path or at + WINDOW <= lines[i][0]):
                    found.append(f"{path.relative_to(ROOT.parent)}:{lines[i][0]} repeats "
                                 f"{first.relative_to(ROOT.parent)}:{at}")
                    last_end[first] = at + WINDOW
            else:
                seen[key] = (path, lines[i][0])
    return found


def test_the_repeat_finder_finds_a_planted_repeat(tmp_path):
    body = "\n".join(f"    value_{i} = compute({i}) + offset" for i in range(WINDOW))
    (tmp_path / "a.py").write_text(f"def f():\n{body}\n")
    (tmp_path / "b.py").write_text(f"def g():\n{body}\n")
    global ROOT
    root, ROOT = ROOT, tmp_path
    try:
        assert len(repeated_blocks([tmp_path / "a.py", tmp_path / "b.py"])) == 1
    finally:
        ROOT = root


def test_no_block_of_six_lines_is_written_twice():
    assert repeated_blocks(list(MODULES.values())) == []


# ----------------------------------------------------------------------------- errors
#: IndexError stays: it is how ``__getitem__`` ends a sequence.
BUILTIN_ERRORS = {"ValueError", "TypeError", "KeyError", "RuntimeError", "LookupError",
                  "OSError", "IOError", "Exception", "FileNotFoundError"}


def test_user_errors_are_wordvec_errors():
    bad = []
    for name, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
                func = node.exc.func
                if isinstance(func, ast.Name) and func.id in BUILTIN_ERRORS:
                    bad.append(f"{name}:{node.lineno} raises {func.id}")
    assert bad == []


# ----------------------------------------------------------------------------- naming table
#: Parameter names the naming table replaces, with the name to use instead.
FORBIDDEN = {"topn": "k", "n_boot": "n_bootstrap", "n_replicates": "n_bootstrap", "n_resamples": "n_bootstrap",
             "n_perm": "n_permutations", "random_state": "seed", "eta": "learning_rate", "lr": "learning_rate",
             "workers": "n_jobs", "threads": "n_jobs", "verbose": "progress"}
#: Signatures that mirror gensim's on purpose (CONTRIBUTING.md: keep gensim's names there).
MIRRORS_GENSIM = {"most_similar"}


def public_callables():
    """(qualified name, function) of every public function and method of the public modules."""
    seen = set()
    for info in pkgutil.walk_packages(wordvec.__path__, "wordvec."):
        if any(p.startswith("_") for p in info.name.split(".")) or info.name.startswith("wordvec.cli"):
            continue
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if name.startswith("_") or getattr(obj, "__module__", None) != info.name:
                continue
            members = [(name, obj)] if inspect.isfunction(obj) else []
            if inspect.isclass(obj):
                members = [(f"{name}.{m}", f) for m, f in vars(obj).items()
                           if (m == "__init__" or not m.startswith("_")) and inspect.isfunction(f)]
            for qual, f in members:
                if (info.name, qual) not in seen:
                    seen.add((info.name, qual))
                    yield f"{info.name}.{qual}", f


PUBLIC = list(public_callables())


def _parameters(f):
    return inspect.signature(f).parameters.values()


def test_the_api_walk_sees_the_api():
    names = {q for q, _ in PUBLIC}
    assert {"wordvec.embedding.Embedding.nearest", "wordvec.bias.weat.weat"} <= names
    assert len(names) > 300


def test_one_name_per_concept():
    bad = [f"{q}({p.name}=...) should be {FORBIDDEN[p.name]}" for q, f in PUBLIC for p in _parameters(f)
           if p.name in FORBIDDEN and q.rsplit(".", 1)[-1] not in MIRRORS_GENSIM]
    assert bad == []


def _public_classes():
    for info in pkgutil.walk_packages(wordvec.__path__, "wordvec."):
        if any(p.startswith("_") for p in info.name.split(".")) or info.name.startswith("wordvec.cli"):
            continue
        for name, obj in vars(importlib.import_module(info.name)).items():
            if inspect.isclass(obj) and not name.startswith("_") and obj.__module__ == info.name:
                yield f"{info.name}.{name}", obj


def test_result_attributes_follow_the_table_too():
    """Fields and properties of public classes: ``p_value`` not ``pvalue``, no forbidden names (aliases aside)."""
    import dataclasses
    from functools import cached_property

    from wordvec._deprecation import RenamedAttribute

    bad = []
    for q, cls in _public_classes():
        names = {f.name for f in dataclasses.fields(cls)} if dataclasses.is_dataclass(cls) else set()
        names |= {m for m, v in vars(cls).items() if isinstance(v, (property, cached_property))}
        for m in names:
            if isinstance(vars(cls).get(m), RenamedAttribute) or m.startswith("_"):
                continue
            if "pvalue" in m or m in FORBIDDEN:
                bad.append(f"{q}.{m}")
    assert bad == []


def test_alpha_is_a_significance_level_and_seeds_default_to_zero():
    bad = []
    for q, f in PUBLIC:
        for p in _parameters(f):
            if p.name == "alpha" and p.default not in (0.05, inspect.Parameter.empty):
                bad.append(f"{q}: alpha={p.default!r}")
            if p.name == "seed" and p.default not in (0, inspect.Parameter.empty):
                bad.append(f"{q}: seed={p.default!r}")
    assert bad == []


def test_conf_int_takes_alpha_first():
    bad = []
    for q, f in PUBLIC:
        if q.endswith(".conf_int"):
            params = [p for p in _parameters(f) if p.name != "self"]
            if not params or params[0].name != "alpha" or params[0].default != 0.05:
                bad.append(q)
    assert bad == []


def _trainers():
    from wordvec._estimator import BaseTrainer

    for q, f in PUBLIC:
        cls = getattr(importlib.import_module(f.__module__), f.__qualname__.split(".")[0], None)
        if inspect.isclass(cls) and issubclass(cls, BaseTrainer):
            yield cls


def test_every_trainer_follows_the_estimator_contract():
    trainers = set(_trainers())
    assert {t.__name__ for t in trainers} >= {"SGNS", "CBOW", "FastText", "PPMI", "PPMISVD", "GloVe", "PoincareModel"}
    for cls in trainers:
        params = inspect.signature(cls.__init__).parameters
        assert {"seed", "n_jobs", "progress"} <= set(params), cls.__name__
        assert params["seed"].default == 0, cls.__name__


@pytest.mark.parametrize("name", ["sgns", "cbow", "fasttext", "ppmi", "ppmi_svd", "glove"])
def test_one_trainer_registry(name):
    from wordvec.train import TRAINERS

    assert TRAINERS[name]._trainer_name == name
