"""Word sets for bias tests: the published WEAT sets, user lists, and vocabulary lookup with OOV policy.

The ten tests of Caliskan, Bryson & Narayanan (2017), "Semantics derived automatically
from language corpora contain human-like biases", *Science* 356:183, ship ready to run
(:func:`caliskan_test`); the word sets come from WEFE's MIT-licensed ``WEAT.json``
(see ``wordvec/data/weat.CARD.md``). The word lists of Garg, Schiebinger, Jurafsky & Zou
(2018), "Word embeddings quantify 100 years of gender and ethnic stereotypes", *PNAS*
115:E3635 — gender words, Asian / Hispanic / White surnames, personality adjectives and
professions — ship as :func:`garg_sets` (``load_wordset("garg:adjectives")``; see
``wordvec/data/garg.CARD.md``).

Examples
--------
>>> from wordvec.bias import caliskan_test, weat_sets
>>> t = caliskan_test(6)
>>> t.set_names
('male_names', 'female_names', 'career', 'family')
>>> sorted(weat_sets())[:2]
['african_american_names_5', 'african_american_names_7']
>>> from wordvec.bias import garg_sets, load_wordset
>>> list(garg_sets())
['female', 'male', 'asian_surnames', 'hispanic_surnames', 'white_surnames', 'adjectives', 'professions']
>>> load_wordset("garg:male")[:4]
['he', 'son', 'his', 'him']
"""
from __future__ import annotations

import contextvars
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ..datasets import data_path
from ..errors import EmptyInputError, FormatError, MissingFileError, ParameterError, ParameterTypeError, WordvecError

if TYPE_CHECKING:
    from ..embedding import Embedding

#: Default largest share of a set that may be out of vocabulary before a test refuses.
OOV_THRESHOLD = 0.2
#: Set while a bootstrap replicate runs: resampled word sets legitimately repeat words.
ALLOW_DUPLICATES = contextvars.ContextVar("wordvec_bias_allow_duplicates", default=False)


class GuttedSetError(WordvecError, ValueError):
    """Too many words of a set are missing from the embedding for the test to mean anything."""

    def __init__(self, name: str, missing: Sequence[str], size: int, threshold: float):
        self.name, self.missing, self.size, self.threshold = name, list(missing), size, threshold
        shown = ", ".join(repr(w) for w in self.missing[:20])
        super().__init__(
            f"word set {name!r}: {len(self.missing)} of {size} words ({len(self.missing) / size:.0%}) are not in the "
            f"embedding, above the {threshold:.0%} threshold: {shown}. Pass oov_threshold= to allow more, or fix the set."
        )


@dataclass(frozen=True)
class WeatTest:
    """A WEAT: target sets ``X``, ``Y`` and attribute sets ``A``, ``B`` (and where they come from).

    ``published`` maps an embedding name to the effect size printed in the source paper.
    """

    name: str
    X: tuple[str, ...]
    Y: tuple[str, ...]
    A: tuple[str, ...]
    B: tuple[str, ...]
    set_names: tuple[str, str, str, str] = ("X", "Y", "A", "B")
    published: dict = field(default_factory=dict, compare=False)
    note: str = ""
    id: int | None = None


@lru_cache(maxsize=1)
def _weat_data() -> dict:
    with open(data_path("weat.json"), encoding="utf-8") as fh:
        return json.load(fh)


def weat_sets() -> dict[str, list[str]]:
    """The 32 WEAT word sets by name (31 from WEFE's ``WEAT.json`` + the published young-names list)."""
    return {k: list(v) for k, v in _weat_data()["sets"].items()}


def caliskan_tests() -> list[WeatTest]:
    """The ten WEATs of Caliskan et al. (2017), in the paper's order (ids 1–10).

    ``published`` holds the paper's effect sizes for ``"glove_common_crawl_840b"`` and
    ``"word2vec_googlenews"``; ``note`` says where a definition departs from the raw sets.
    """
    data = _weat_data()
    sets = data["sets"]
    out = []
    for t in data["tests"]:
        drop = set(t.get("exclude", ()))
        pick = [tuple(w for w in sets[t[k]] if w not in drop) for k in "XYAB"]
        out.append(WeatTest(t["name"], *pick, set_names=tuple(t[k] for k in "XYAB"),
                            published=dict(t["published"]), note=t.get("note", ""), id=int(t["id"])))
    return out


def caliskan_test(i: int) -> WeatTest:
    """Caliskan et al. (2017) WEAT number ``i`` (1–10).

    Raises
    ------
    ParameterError
        ``i`` is not one of the paper's test numbers.

    Examples
    --------
    >>> caliskan_test(1).name
    'Flowers vs insects, pleasant vs unpleasant'
    """
    tests = caliskan_tests()
    try:
        k = int(i)
    except (TypeError, ValueError):
        raise ParameterTypeError(f"i must be a Caliskan et al. (2017) test number 1–{len(tests)}, not {i!r}") from None
    if not 1 <= k <= len(tests):
        raise ParameterError(f"Caliskan et al. (2017) define tests 1–{len(tests)}, not i={i!r}")
    return tests[k - 1]


def gender_pairs() -> list[tuple[str, str]]:
    """Bolukbasi et al. (2016) definitional gender pairs, (female, male) — MIT, from ``debiaswe``."""
    with open(data_path("gender_pairs.json"), encoding="utf-8") as fh:
        return [tuple(p) for p in json.load(fh)["pairs"]]


#: Prefix that names a shipped Garg et al. (2018) list in :func:`load_wordset`.
GARG_PREFIX = "garg:"


@lru_cache(maxsize=1)
def _garg_data() -> dict:
    with open(data_path("garg.json"), encoding="utf-8") as fh:
        return json.load(fh)


def garg_sets() -> dict[str, list[str]]:
    """The word lists of Garg et al. (2018), by name, as shipped in Stanford CRFM HELM (Apache-2.0).

    Returns
    -------
    dict of str to list of str
        ``female`` and ``male`` (20 gender words each), ``asian_surnames`` (20),
        ``hispanic_surnames`` (16), ``white_surnames`` (20), ``adjectives`` (422 personality
        adjectives) and ``professions`` (288 occupations, Bolukbasi et al. 2016), in the
        source's order. A fresh copy on every call.

    Notes
    -----
    One deviation from the HELM source: its typo ``femen`` in the female list is shipped
    as ``females`` (Garg et al.'s own list). Surnames are lower-case, as in the source.
    See ``wordvec/data/garg.CARD.md`` for provenance, counts and caveats (e.g. gendered
    job titles such as ``actress`` in the professions).

    References
    ----------
    Garg, N., Schiebinger, L., Jurafsky, D. & Zou, J. (2018). Word embeddings quantify 100
    years of gender and ethnic stereotypes. *PNAS* 115(16):E3635–E3644.
    Bolukbasi, T., Chang, K.-W., Zou, J., Saligrama, V. & Kalai, A. (2016). Man is to
    computer programmer as woman is to homemaker? Debiasing word embeddings. *NeurIPS*.

    Examples
    --------
    >>> from wordvec.bias import garg_sets
    >>> {k: len(v) for k, v in garg_sets().items()}["hispanic_surnames"]
    16
    """
    return {k: list(v) for k, v in _garg_data()["sets"].items()}


def _garg_named(source: str) -> list[str]:
    key = source[len(GARG_PREFIX):]
    sets = garg_sets()
    if key not in sets:
        raise ParameterError(f"no Garg et al. (2018) word list {key!r}; the shipped lists are "
                         f"{', '.join(GARG_PREFIX + k for k in sets)}")
    return sets[key]


def load_wordset(source: str | PathLike | Iterable[str], name: str | None = None) -> list[str]:
    """A word list from a Python iterable, a text file (one word per line, ``#`` comments) or JSON.

    A JSON file may hold a list of words, or an object of named lists (then ``name``
    picks one). Duplicate or empty entries are errors naming the line / position. A string
    that names a shipped set is that set: a WEAT set (``"career"``, see :func:`weat_sets`)
    or a Garg et al. (2018) list with the ``garg:`` prefix (``"garg:professions"``, see
    :func:`garg_sets`).
    """
    if isinstance(source, str) and source.startswith(GARG_PREFIX) and not Path(source).exists():
        return _garg_named(source)
    if isinstance(source, (str, PathLike)) and not (isinstance(source, str) and source in weat_sets()):
        path = Path(source)
        if not path.exists():
            raise MissingFileError(path, "no such word-list file (nor a shipped set of that name)")
        if path.suffix.lower() == ".json":
            try:
                obj = json.loads(path.read_text(encoding="utf-8"))
            except json.JSONDecodeError as exc:
                raise FormatError(path, f"invalid JSON: {exc.msg}", exc.lineno) from None
            if isinstance(obj, dict):
                if name is None:
                    raise FormatError(path, f"holds several named lists {sorted(obj)[:10]}; pass name= to pick one")
                if name not in obj:
                    raise FormatError(path, f"has no list named {name!r} (it has {sorted(obj)[:10]})")
                obj = obj[name]
            if not isinstance(obj, list) or not all(isinstance(w, str) for w in obj):
                raise FormatError(path, "a word list must be a JSON array of strings")
            return _check_words(obj, path)
        words, lines = [], []
        with open(path, encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, 1):
                w = line.split("#", 1)[0].strip()
                if w:
                    words.append(w)
                    lines.append(lineno)
        return _check_words(words, path, lines)
    if isinstance(source, str):  # a named WEAT set
        return weat_sets()[source]
    return _check_words([str(w) for w in source], None)


def _check_words(words: list[str], path: str | PathLike | None, lines: list[int] | None = None) -> list[str]:
    if not words:
        raise EmptyInputError(f"{path or '<word list>'}: the word list is empty")
    seen: dict[str, int] = {}
    for k, w in enumerate(words):
        if not w.strip():
            raise FormatError(path, f"empty word at position {k + 1}", None if lines is None else lines[k])
        if w in seen:
            raise FormatError(path, f"duplicate word {w!r} (first at position {seen[w] + 1})",
                              None if lines is None else lines[k])
        seen[w] = k
    return words


@dataclass
class LookedUp:
    """A word set resolved against an embedding: the rows found and the words that were not."""

    name: str
    words: list[str]
    rows: np.ndarray
    oov: list[str]

    @property
    def size(self) -> int:
        return len(self.words)


def lookup(emb: Embedding, words: Iterable[str], name: str = "set", oov_threshold: float = OOV_THRESHOLD) -> LookedUp:
    """Resolve ``words`` in ``emb``; OOV words are returned, and a set missing more than ``oov_threshold`` refuses.

    Raises
    ------
    GuttedSetError
        When the share of OOV words exceeds ``oov_threshold`` (or no word is found).
    """
    words = list(words)
    if not ALLOW_DUPLICATES.get():
        words = _check_words(words, f"<set {name}>")
    elif not words:
        raise EmptyInputError(f"<set {name}>: the word list is empty")
    index = emb._index if hasattr(emb, "_index") else {w: i for i, w in enumerate(emb.words)}
    found, rows, oov = [], [], []
    for w in words:
        i = index.get(w)
        if i is None:
            oov.append(w)
        else:
            found.append(w)
            rows.append(i)
    if not found or len(oov) / len(words) > oov_threshold:
        raise GuttedSetError(name, oov, len(words), oov_threshold)
    return LookedUp(name, found, np.asarray(rows, dtype=np.int64), oov)
