"""The names of the analogy methods: one spelling each, and the aliases accepted for them.

* ``"3cosadd"`` — argmax_d cos(d, b − a + c) (Mikolov, Yih & Zweig 2013).
* ``"3cosmul"`` — argmax_d cos'(d, b) cos'(d, c) / (cos'(d, a) + ε), cos' = (1 + cos)/2
  (Levy & Goldberg 2014, eq. 4 and footnote 7; ε = 1e-6 as in gensim's
  ``most_similar_cosmul``, the paper used 0.001).
* ``"pairdirection"`` — argmax_d cos(d − c, b − a) (Levy & Goldberg 2014, "PairDirection").
* ``"3cosavg"`` (evaluation only) — argmax_d cos(d, c + mean(b_i − a_i)), the offset averaged
  over the other pairs of the section (Drozd, Gladkova & Matsuoka 2016).
* ``"lrcos"`` (evaluation only) — argmax_d P(target class | d) · cos(d, c) (Drozd, Gladkova &
  Matsuoka 2016, "LRCos").

A method is always passed around as its name; the integer codes of the compiled scan
are private to :mod:`wordvec.evaluation._analogy_engine`.
"""
from __future__ import annotations

from ..errors import ParameterError

#: Every analogy method, by its one spelling.
METHODS = ("3cosadd", "3cosmul", "pairdirection", "3cosavg", "lrcos")
#: Methods that learn from the other pairs of a section (they need a dataset, not one question).
SECTION_METHODS = ("3cosavg", "lrcos")
_ALIASES = {"avg": "3cosavg", "cosavg": "3cosavg", "add": "3cosadd", "cosadd": "3cosadd", "mul": "3cosmul",
            "cosmul": "3cosmul", "pair": "pairdirection", "pair_direction": "pairdirection", "lr_cos": "lrcos"}


def analogy_method(method: str) -> str:
    """The one spelling of an analogy method (case, hyphens, spaces and aliases forgiven).

    Examples
    --------
    >>> analogy_method("3CosMul"), analogy_method("pair-direction"), analogy_method("add")
    ('3cosmul', 'pairdirection', '3cosadd')
    """
    m = str(method).lower().replace("-", "").replace(" ", "")
    m = _ALIASES.get(m, m)
    if m not in METHODS:
        raise ParameterError(f"method={method!r} is not an analogy method; choose one of {list(METHODS)}")
    return m
