"""Progress bars: tqdm, shown on long work, silent when asked (and under pytest/CI by default).

tqdm is imported only when a bar is shown: a silent bar is a :class:`SilentBar`, which
iterates, updates and closes like a disabled tqdm bar without importing tqdm.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from .errors import ParameterTypeError

if TYPE_CHECKING:
    from tqdm import tqdm


def progress_enabled(progress: bool | None) -> bool:
    """Resolve a ``progress=`` argument: ``None`` means on for an interactive terminal or notebook.

    The environment variable ``WORDVEC_PROGRESS=0/1`` overrides the default.
    """
    if progress is not None:
        return bool(progress)
    env = os.environ.get("WORDVEC_PROGRESS")
    if env is not None:
        return env not in ("0", "false", "False", "")
    if "PYTEST_CURRENT_TEST" in os.environ or os.environ.get("CI"):
        return False
    return sys.stderr.isatty() or "ipykernel" in sys.modules


class SilentBar:
    """A progress bar that shows nothing: the part of tqdm's interface a disabled bar has.

    Iterating yields the wrapped iterable's items; ``update``, ``set_postfix`` and friends
    do nothing. Any other tqdm attribute is looked up on a disabled tqdm bar made on
    first use (which imports tqdm then).
    """

    def __init__(self, iterable: Iterable | None = None, total: int | None = None, desc: str | None = None,
                 **kwargs: Any):
        self.iterable = iterable
        self.total = total
        self.desc = desc
        self.disable = True
        self._kwargs = kwargs
        self._bar: tqdm | None = None

    def __iter__(self) -> Iterator:
        if self.iterable is None:
            raise ParameterTypeError("progress_bar() was given no iterable to iterate over")
        return iter(self.iterable)

    def update(self, n: float | None = 1) -> None:
        return None

    def set_postfix(self, ordered_dict: Any = None, refresh: bool = True, **kwargs: Any) -> None:
        return None

    def set_postfix_str(self, s: str = "", refresh: bool = True) -> None:
        return None

    def set_description(self, desc: str | None = None, refresh: bool = True) -> None:
        return None

    def set_description_str(self, desc: str | None = None, refresh: bool = True) -> None:
        return None

    def refresh(self, *args: Any, **kwargs: Any) -> None:
        return None

    def clear(self, *args: Any, **kwargs: Any) -> None:
        return None

    def close(self) -> None:
        return None

    def __enter__(self) -> SilentBar:
        return self

    def __exit__(self, *exc: Any) -> None:
        return None

    def _tqdm(self) -> tqdm:
        if self._bar is None:
            from tqdm.auto import tqdm

            self._bar = tqdm(self.iterable, total=self.total, desc=self.desc, disable=True, leave=False, **self._kwargs)
        return self._bar

    def __len__(self) -> int:
        return len(self._tqdm())

    def __bool__(self) -> bool:
        return bool(self._tqdm())

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in ("_bar", "_kwargs"):
            raise AttributeError(name)
        return getattr(self._tqdm(), name)


def progress_bar(iterable: Iterable | None = None, *, total: int | None = None, desc: str | None = None,
                 progress: bool | None = None, **kwargs: Any) -> tqdm | SilentBar:
    """A tqdm bar if :func:`progress_enabled` says so, else a :class:`SilentBar` (tqdm not imported)."""
    if not progress_enabled(progress):
        return SilentBar(iterable, total=total, desc=desc, **kwargs)
    from tqdm.auto import tqdm

    return tqdm(iterable, total=total, desc=desc, disable=False, leave=False, **kwargs)
