"""Progress bars: tqdm, shown on long work, silent when asked (and under pytest/CI by default)."""
from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from typing import Any

from tqdm.auto import tqdm


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


def progress_bar(iterable: Iterable | None = None, *, total: int | None = None, desc: str | None = None,
                 progress: bool | None = None, **kwargs: Any) -> tqdm:
    """A tqdm bar that is disabled unless :func:`progress_enabled` says otherwise."""
    return tqdm(iterable, total=total, desc=desc, disable=not progress_enabled(progress), leave=False, **kwargs)
