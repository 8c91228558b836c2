"""Shared machinery of the trainers: declarative parameter checks, input coercion, fitted-state checks.

Every trainer follows scikit-learn's estimator contract: ``__init__`` only stores its
arguments, :meth:`BaseTrainer._validate_params` checks them all when ``fit`` starts,
and learned state ends in ``_``.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from numbers import Integral, Real
from typing import Any

import numpy as np

from ..errors import EmptyInputError, NotFittedError, WordvecError


class ParameterError(WordvecError, ValueError):
    """A trainer hyper-parameter has a wrong type or an out-of-range value."""


# --------------------------------------------------------------------------- constraints
class Constraint:
    """One rule for a hyper-parameter: a predicate and the text shown when it fails."""

    def __init__(self, check: Callable[[Any], bool], text: str):
        self.check = check
        self.text = text


def integer(low: int | None = None, high: int | None = None, *, none: bool = False) -> Constraint:
    """An int in ``[low, high]`` (bounds optional); ``none`` allows ``None``."""
    def check(v: Any) -> bool:
        if v is None:
            return none
        if isinstance(v, bool) or not isinstance(v, Integral):
            return False
        return (low is None or v >= low) and (high is None or v <= high)

    rng = _range_text(low, high, "[", "]")
    return Constraint(check, f"an integer{rng}" + (" or None" if none else ""))


def real(low: float | None = None, high: float | None = None, *, low_open: bool = False,
         high_open: bool = False, none: bool = False) -> Constraint:
    """A finite real in the given (half-)open interval; ``none`` allows ``None``."""
    def check(v: Any) -> bool:
        if v is None:
            return none
        if isinstance(v, bool) or not isinstance(v, Real) or not np.isfinite(v):
            return False
        if low is not None and (v <= low if low_open else v < low):
            return False
        if high is not None and (v >= high if high_open else v > high):
            return False
        return True

    rng = _range_text(low, high, "(" if low_open else "[", ")" if high_open else "]")
    return Constraint(check, f"a finite number{rng}" + (" or None" if none else ""))


def one_of(*options: Any) -> Constraint:
    return Constraint(lambda v: v in options, "one of " + ", ".join(repr(o) for o in options))


def boolean(*, none: bool = False) -> Constraint:
    return Constraint(lambda v: isinstance(v, (bool, np.bool_)) or (none and v is None),
                      "True or False" + (" or None" if none else ""))


def _range_text(low: Any, high: Any, lb: str, rb: str) -> str:
    if low is None and high is None:
        return ""
    if high is None:
        return f" {'>' if lb == '(' else '>='} {low}"
    if low is None:
        return f" {'<' if rb == ')' else '<='} {high}"
    return f" in {lb}{low}, {high}{rb}"


# --------------------------------------------------------------------------- base class
class BaseTrainer:
    """Base of every trainer: parameter validation, ``get_params``, fitted checks, ``meta``."""

    #: name -> Constraint, checked by :meth:`_validate_params` at the start of ``fit``.
    _parameter_constraints: dict[str, Constraint] = {}
    #: Short name stored in ``Embedding.meta["trainer"]``.
    _trainer_name = "base"

    def get_params(self) -> dict[str, Any]:
        """The hyper-parameters given to ``__init__`` (as in scikit-learn)."""
        import inspect

        names = [p for p in inspect.signature(type(self).__init__).parameters if p != "self"]
        return {name: getattr(self, name) for name in names}

    def set_params(self, **params: Any) -> "BaseTrainer":
        valid = self.get_params()
        for k, v in params.items():
            if k not in valid:
                raise ParameterError(f"{type(self).__name__} has no parameter {k!r}; valid: {', '.join(valid)}")
            setattr(self, k, v)
        return self

    def _validate_params(self) -> None:
        for name, rule in self._parameter_constraints.items():
            value = getattr(self, name)
            if not rule.check(value):
                raise ParameterError(f"{type(self).__name__}: {name} must be {rule.text}, got {value!r}")

    def _check_fitted(self, attr: str) -> None:
        if not hasattr(self, attr):
            raise NotFittedError(f"this {type(self).__name__} is not fitted yet; call fit() first")

    def _meta(self, **extra: Any) -> dict[str, Any]:
        """Provenance stored in the resulting ``Embedding.meta`` (JSON-serialisable values only)."""
        params = {k: _jsonable(v) for k, v in self.get_params().items() if k not in ("progress",)}
        return {"source": f"wordvec.train.{type(self).__name__}", "trainer": self._trainer_name,
                **params, **{k: _jsonable(v) for k, v in extra.items()}}

    def __repr__(self) -> str:
        import inspect

        sig = inspect.signature(type(self).__init__)
        shown = []
        for name, p in sig.parameters.items():
            if name == "self":
                continue
            v = getattr(self, name, p.default)
            if p.default is inspect.Parameter.empty or not _equal(v, p.default):
                shown.append(f"{name}={v!r}")
        return f"{type(self).__name__}({', '.join(shown)})"


def _equal(a: Any, b: Any) -> bool:
    try:
        return bool(a == b)
    except Exception:
        return a is b


def _jsonable(v: Any) -> Any:
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (np.floating,)):
        return float(v)
    if isinstance(v, (str, int, float, bool)) or v is None:
        return v
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    return repr(v)


def resolve_n_jobs(n_jobs: int | None) -> int:
    """scikit-learn's convention: ``None`` → 1, ``-1`` → all cores, ``-2`` → all but one."""
    cores = os.cpu_count() or 1
    if n_jobs is None:
        return 1
    if n_jobs < 0:
        return max(1, cores + 1 + n_jobs)
    return max(1, int(n_jobs))


#: The ``n_jobs`` rule shared by every trainer.
N_JOBS = Constraint(lambda v: v is None or (isinstance(v, Integral) and not isinstance(v, bool) and v != 0),
                    "a non-zero integer (negative counts back from all cores) or None")


# --------------------------------------------------------------------------- inputs
def is_cooccurrence(data: Any) -> bool:
    """Duck-typed test for :class:`wordvec.corpus.Cooccurrence` (a ``.matrix`` and a ``.vocab``)."""
    return hasattr(data, "matrix") and hasattr(data, "vocab")


def check_corpus(data: Any, who: str) -> Iterable[list[str]]:
    """A re-iterable corpus from ``data`` (a path is read as text); one-shot iterators are refused."""
    if data is None:
        raise EmptyInputError(f"{who}.fit() got None instead of a corpus")
    if isinstance(data, (str, os.PathLike)):
        from ..corpus import as_corpus

        return as_corpus(data)  # a text file, directory or glob: one document per line
    if isinstance(data, bytes):
        raise WordvecError(f"{who}.fit() got bytes; pass a corpus (a re-iterable of token lists) or a path")
    if not isinstance(data, Iterable):
        raise WordvecError(f"{who}.fit() needs a corpus (a re-iterable of token lists) or a Cooccurrence, "
                           f"got {type(data).__name__}")
    if iter(data) is data or getattr(data, "reiterable", True) is False:
        raise WordvecError(
            f"{who}.fit() got a one-shot iterator ({type(data).__name__}); training reads the corpus "
            "several times, so pass a re-iterable corpus (a list, or a wordvec.corpus reader)")
    return data


def as_cooccurrence(data: Any, who: str, *, window: int, weighting: str, min_count: int,
                    progress: bool | None) -> Any:
    """A :class:`~wordvec.corpus.Cooccurrence` from either one or a corpus (counted here)."""
    if is_cooccurrence(data):
        cooc = data
    else:
        from ..corpus import count_cooccurrences

        data = check_corpus(data, who)
        cooc = count_cooccurrences(data, window=window, weighting=weighting, min_count=min_count,
                                   progress=progress)
    check_cooccurrence(cooc, who)
    return cooc


def check_cooccurrence(cooc: Any, who: str) -> None:
    """The co-occurrence matrix must be square, finite, non-negative, match its vocabulary and be non-empty."""
    import scipy.sparse as sp

    m = cooc.matrix
    if not sp.issparse(m):
        raise WordvecError(f"{who}: Cooccurrence.matrix must be a scipy.sparse matrix, got {type(m).__name__}")
    n = len(cooc.vocab)
    if m.shape != (n, n):
        raise WordvecError(f"{who}: co-occurrence matrix has shape {m.shape} but the vocabulary has {n} words")
    if n == 0:
        raise EmptyInputError(f"{who}: the vocabulary is empty (empty corpus, or min_count filtered every word)")
    if m.nnz == 0 or not np.any(m.data):
        raise EmptyInputError(f"{who}: the co-occurrence matrix has no non-zero entries "
                              "(every document shorter than two in-vocabulary tokens?)")
    data = np.asarray(m.data)
    if not np.all(np.isfinite(data)):
        raise WordvecError(f"{who}: the co-occurrence matrix holds NaN or infinite values")
    if np.any(data < 0):
        raise WordvecError(f"{who}: the co-occurrence matrix holds negative counts")


def vocab_counts(cooc: Any) -> np.ndarray | None:
    counts = getattr(cooc.vocab, "counts", None)
    return None if counts is None else np.asarray(counts, dtype=np.int64)
