"""Deprecation aliases for renamed parameters, so that renaming never breaks a user's script.

Ground floor. A renamed keyword keeps working for a while: it is mapped onto its new name
with a :class:`DeprecationWarning` that names the replacement.
"""
from __future__ import annotations

import functools
import warnings
from collections.abc import Callable
from typing import Any, TypeVar

from .errors import ParameterError

F = TypeVar("F", bound=Callable[..., Any])


def renamed_parameters(**old_to_new: str) -> Callable[[F], F]:
    """Accept each old keyword of ``old_to_new`` as an alias of its new name, with a warning.

    Examples
    --------
    >>> @renamed_parameters(n_boot="n_bootstrap")
    ... def f(n_bootstrap=10):
    ...     return n_bootstrap
    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     f(n_boot=3)
    3
    """
    def decorate(func: F) -> F:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            for old, new in old_to_new.items():
                if old in kwargs:
                    if new in kwargs:
                        raise ParameterError(f"{func.__qualname__}() got both {old!r} (deprecated) and {new!r}")
                    warnings.warn(f"{func.__qualname__}(): {old!r} is deprecated, use {new!r}",
                                  DeprecationWarning, stacklevel=2)
                    kwargs[new] = kwargs.pop(old)
            return func(*args, **kwargs)

        wrapper.__renamed_parameters__ = dict(old_to_new)  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate


class RenamedAttribute:
    """Read-only deprecated alias of a renamed parameter's attribute (reading it warns)."""

    def __init__(self, new: str):
        self.new = new

    def __set_name__(self, owner: type, name: str) -> None:
        self.message = f"{owner.__name__}.{name} is deprecated, use {owner.__name__}.{self.new}"

    def __get__(self, obj: Any, objtype: type | None = None) -> Any:
        if obj is None:
            return self
        warnings.warn(self.message, DeprecationWarning, stacklevel=2)
        return getattr(obj, self.new)

    def __set__(self, obj: Any, value: Any) -> None:
        raise AttributeError(f"{self.message}; it is read-only")


def moved_names(old: str, new: str, names: tuple[str, ...]) -> Callable[[str], Any]:
    """A module ``__getattr__`` for a module whose ``names`` moved to package ``new``.

    Each access warns once per call site and returns the object from its new home; any
    other name is an ``AttributeError`` that says where the code went.
    """
    def __getattr__(name: str) -> Any:
        if name not in names:
            raise AttributeError(f"module {old!r} has no attribute {name!r} (its code moved to {new})")
        import importlib

        warnings.warn(f"{old}.{name} moved to {new}.{name}; {old} is deprecated", DeprecationWarning, stacklevel=2)
        return getattr(importlib.import_module(new), name)

    return __getattr__
