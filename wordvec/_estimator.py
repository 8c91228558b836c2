"""Estimator plumbing shared by every trainer and model: declarative parameter checks,
``get_params``/``set_params``, cloning, fitted-state checks, ``n_jobs`` and provenance.

Ground floor (imports nothing of wordvec but :mod:`wordvec.errors`). Every estimator
follows scikit-learn's contract: ``__init__`` only stores its arguments,
:meth:`BaseTrainer._validate_params` checks them all when ``fit`` starts, learned state
ends in ``_``, and :func:`clone` gives an unfitted copy with the same parameters.
"""
from __future__ import annotations

import contextlib
import copy
import os
from collections.abc import Callable, Iterator
from numbers import Integral, Real
from typing import Any

import numpy as np

from .errors import NotFittedError, ParameterError


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


def check_params(owner: str, rules: dict[str, Constraint], values: dict[str, Any]) -> None:
    """Raise :class:`ParameterError` naming ``owner``, the parameter and its value if a rule fails.

    The one validation step of trainers (``_parameter_constraints``) and of analysis functions.

    >>> check_params("evaluate()", {"n_bootstrap": integer(1)}, {"n_bootstrap": 0})
    Traceback (most recent call last):
    ...
    wordvec.errors.ParameterError: evaluate(): n_bootstrap must be an integer >= 1, got 0
    """
    for name, rule in rules.items():
        value = values[name]
        if not rule.check(value):
            raise ParameterError(f"{owner}: {name} must be {rule.text}, got {value!r}")


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

    @classmethod
    def _get_param_names(cls) -> list[str]:
        """The hyper-parameters' names: the keywords of ``__init__`` (as in scikit-learn)."""
        import inspect

        return [p for p in inspect.signature(cls.__init__).parameters if p != "self"]

    def get_params(self) -> dict[str, Any]:
        """The hyper-parameters given to ``__init__`` (as in scikit-learn)."""
        return {name: getattr(self, name) for name in self._get_param_names()}

    def set_params(self, **params: Any) -> "BaseTrainer":
        valid = self._get_param_names()
        for k, v in params.items():
            if k not in valid:
                raise ParameterError(f"{type(self).__name__} has no parameter {k!r}; valid: {', '.join(valid)}")
            setattr(self, k, v)
        return self

    def _validate_params(self) -> None:
        rules = self._parameter_constraints
        check_params(type(self).__name__, rules, {name: getattr(self, name) for name in rules})

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


def clone(estimator: Any, **params: Any) -> Any:
    """An unfitted copy of ``estimator`` with the same hyper-parameters, ``params`` overriding.

    Estimators with ``get_params`` are rebuilt from their parameters (as
    ``sklearn.base.clone`` does); any other object is deep-copied and its fitted state
    (public attributes ending in ``_``) dropped, so a copy never reuses an earlier fit.
    """
    if hasattr(estimator, "get_params") and hasattr(estimator, "set_params"):
        new = type(estimator)(**estimator.get_params())
        return new.set_params(**params) if params else new
    new = copy.deepcopy(estimator)
    for name in [k for k in vars(new) if k.endswith("_") and not k.startswith("_")]:
        delattr(new, name)
    for name, value in params.items():
        if not hasattr(new, name):
            raise ParameterError(f"{type(estimator).__name__} has no parameter {name!r}")
        setattr(new, name, value)
    return new


@contextlib.contextmanager
def numba_threads(n_jobs: int | None) -> Iterator[int]:
    """Run the block with ``resolve_n_jobs(n_jobs)`` numba threads (capped at numba's pool), then restore.

    Compiled ``parallel=True`` kernels (``prange``) use numba's thread pool; this is how they
    honour a trainer's ``n_jobs``. Yields the number of threads used.

    Examples
    --------
    >>> with numba_threads(None) as n:
    ...     n
    1
    """
    import numba

    before = numba.get_num_threads()
    threads = min(resolve_n_jobs(n_jobs), numba.config.NUMBA_NUM_THREADS)
    numba.set_num_threads(threads)
    try:
        yield threads
    finally:
        numba.set_num_threads(before)
