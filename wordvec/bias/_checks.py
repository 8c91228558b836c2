"""Argument checks shared by the bias statistics: one message per parameter, everywhere.

Each check raises :class:`~wordvec.errors.ParameterError` naming the parameter and the
value it got, so a bad ``alpha`` reads the same from :func:`~wordvec.bias.weat` as from
:meth:`~wordvec.bias.BiasResult.conf_int`.
"""
from __future__ import annotations

from numbers import Integral, Real
from typing import Any

from ..errors import ParameterError, ParameterTypeError


def check_alpha(alpha: Any, name: str = "alpha") -> float:
    """``alpha`` as a float in (0, 1) (1 − the confidence level)."""
    if isinstance(alpha, bool) or not isinstance(alpha, Real) or not 0 < alpha < 1:
        raise ParameterError(f"{name} must be in (0, 1), not {alpha!r}")
    return float(alpha)


def check_count(value: Any, name: str, minimum: int = 0) -> int:
    """``value`` as an int of at least ``minimum`` (replicates, permutations, draws)."""
    # a whole float (``1e4``) is accepted, as ``int()`` accepted it before these checks
    whole = isinstance(value, Integral) or (isinstance(value, Real) and float(value).is_integer())
    if isinstance(value, bool) or not whole:
        raise ParameterTypeError(f"{name} must be an integer >= {minimum}, not {value!r}")
    if value < minimum:
        raise ParameterError(f"{name} must be >= {minimum}, not {value!r}")
    return int(value)


def check_share(value: Any, name: str) -> float:
    """``value`` as a share in [0, 1] (e.g. ``oov_threshold``)."""
    if isinstance(value, bool) or not isinstance(value, Real) or not 0 <= value <= 1:
        raise ParameterError(f"{name} must be a share in [0, 1], not {value!r}")
    return float(value)
