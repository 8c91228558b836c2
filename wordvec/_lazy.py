"""Lazy package attributes (PEP 562): a sub-package's public names load their module on first use.

A sub-package ``__init__`` lists which of its modules defines each public name and calls
:func:`attach`::

    __getattr__, __dir__ = attach(__name__, {"weat": ["weat", "weat_tests"], "stats": ["ripa"]})

``from wordvec.bias import weat`` then imports ``wordvec.bias.weat`` (and only what that
module needs) when the name is first asked for; the package's own modules are also
reachable as attributes (``wordvec.bias.stats``).

Where a public name is also the name of a module (the function ``weat`` of the module
``weat``), the package attribute stays the public name even after the module is imported
by something else — as the eager ``from .weat import weat`` used to make it.
"""
from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Callable, Iterable, Mapping


class _LazyPackage(types.ModuleType):
    """Module type of a lazy package: binding a sub-module keeps a same-named public attribute."""

    def __setattr__(self, name: str, value: object) -> None:
        # The import system binds every sub-module it loads as an attribute of its
        # package; for the sub-module ``weat`` that would replace the function ``weat``.
        exports = self.__dict__.get("_lazy_exports", {})
        if (name in exports and isinstance(value, types.ModuleType)
                and value.__name__ == f"{self.__name__}.{name}"):
            source = value if exports[name] == name else importlib.import_module(f"{self.__name__}.{exports[name]}")
            value = getattr(source, name, value)
        super().__setattr__(name, value)


def attach(package: str, exports: Mapping[str, Iterable[str]],
           submodules: Iterable[str] = ()) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of ``package``.

    Parameters
    ----------
    package : str
        The package's ``__name__``.
    exports : mapping
        Module name (relative to the package) -> the public names it defines.
    submodules : iterable of str
        Further modules of the package to expose as attributes (loaded on first access);
        every module named in ``exports`` is exposed too, unless a public name shadows it.
    """
    where = {name: module for module, names in exports.items() for name in names}
    modules = (set(exports) | set(submodules)) - set(where)
    pkg = sys.modules[package]
    pkg._lazy_exports = where
    pkg.__class__ = _LazyPackage

    def __getattr__(name: str) -> object:
        if name in where:
            value = getattr(importlib.import_module(f"{package}.{where[name]}"), name)
        elif name in modules:
            value = importlib.import_module(f"{package}.{name}")
        else:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        setattr(pkg, name, value)
        return value

    def __dir__() -> list[str]:
        return sorted(set(vars(pkg)) | set(where) | modules)

    return __getattr__, __dir__
