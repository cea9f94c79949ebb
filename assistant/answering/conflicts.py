"""Whether two readings of an answer conflict: ``conflict(a, b)`` and ``distinct_values``.

The rules are those of ``assistant.answering.values``, whose docstring says kind by kind when two values
cannot both be right; ``values`` reads a candidate, this module compares two readings.
"""

from __future__ import annotations

import datetime
import difflib
import math
import re
from collections.abc import Sequence

from assistant.answering.candidates import ORG_WORDS, PLACE_WORDS
from assistant.answering.question import AnswerType
from assistant.answering.values import PART_RANGES, Value
from assistant.vocabulary import glossary

CLOCK_SLACK = 90
"""Minutes two clock times may differ and still be the same report ("sekitar pukul 21.00")."""
PART_SLACK = 60
"""Minutes a clock may lie outside a part of day (parts of day are fuzzy: "3 a.m." vs "pagi")."""
NAME_RATIO = 0.85
"""difflib ratio at which two names are transliterations of each other (Sergei/Sergey Lavrov)."""
GENERIC_NAME_WORDS = PLACE_WORDS | ORG_WORDS | frozenset("internasional international the of negara state".split())
GLOSSES: dict[str, frozenset[str]] = {en: frozenset(ids) for en, ids in glossary().items()}


def _fold(word: str) -> str:
    """A spelling of a transliterated word that its variants share (Shoygu/Shoigu, Moscow/Moskow)."""
    word = word.replace("kh", "h").replace("ph", "f").replace("sch", "sh").replace("ch", "\0").replace("c", "k")
    return re.sub(r"(.)\1", r"\1", word.replace("\0", "ch").replace("w", "v").replace("y", "i"))


def _same_word(a: str, b: str) -> bool:
    return _fold(a) == _fold(b) or b in GLOSSES.get(a, ()) or a in GLOSSES.get(b, ())


def _names_agree(a: Value, b: Value) -> bool:
    generic = GENERIC_NAME_WORDS if a.kind is not AnswerType.PERSON else frozenset()
    wa, wb = ([w for w in v.key.split() if w not in generic] or v.key.split() for v in (a, b))
    if all(any(_same_word(x, y) for y in wb) for x in wa) or all(any(_same_word(x, y) for y in wa) for x in wb):
        return True
    pairs = ((" ".join(wa), " ".join(wb)), (" ".join(map(_fold, wa)), " ".join(map(_fold, wb))))
    return max(difflib.SequenceMatcher(None, x, y).ratio() for p in pairs for x, y in (p, p[::-1])) >= NAME_RATIO


def _minutes(part: str, slack: int = 0) -> frozenset[int]:
    first, last = PART_RANGES[part]
    return frozenset(m % 1440 for m in range(first - slack, last + (1440 if last < first else 0) + slack + 1))


def _times_conflict(a: Value, b: Value) -> bool:
    for x, y in ((a, b), (b, a)):
        if x.weekday is not None and y.year and y.month and y.day:
            try:
                if datetime.date(y.year, y.month, y.day).weekday() != x.weekday:
                    return True
            except ValueError:
                pass
        if x.clock is not None and y.clock is None and y.part:
            own = x.part is not None and bool(_minutes(x.part) & _minutes(y.part))
            if x.clock not in _minutes(y.part, PART_SLACK) and not own:
                return True
    if any(p is not None and q is not None and p != q for p, q in
           ((a.weekday, b.weekday), (a.day, b.day), (a.month, b.month), (a.year, b.year))):  # fmt: skip
        return True
    if a.clock is not None and b.clock is not None:
        return min(abs(a.clock - b.clock), 1440 - abs(a.clock - b.clock)) > CLOCK_SLACK
    if a.clock is None and b.clock is None and a.part and b.part:
        return not (_minutes(a.part, PART_SLACK) & _minutes(b.part)) and not (
            _minutes(a.part) & _minutes(b.part, PART_SLACK)
        )
    return False


def conflict(a: Value, b: Value) -> bool:
    """True only when ``a`` and ``b`` are values of the same kind that cannot both be right."""
    if a.kind is not b.kind:
        return False
    if a.kind is AnswerType.TIME:
        return _times_conflict(a, b)
    if a.kind in (AnswerType.NUMBER, AnswerType.DURATION):
        if not (a.exact and b.exact) or a.amount is None or b.amount is None:
            return False
        if a.unit == b.unit:
            return not math.isclose(a.amount, b.amount, rel_tol=1e-9)
        if a.kind is AnswerType.NUMBER:
            return False  # a percentage and a count are not the same quantity
        seconds, months = (a.amount, b.amount) if a.unit == "s" else (b.amount, a.amount)
        return not math.isclose(seconds, months * 30.4375 * 86400, rel_tol=0.05)
    return not _names_agree(a, b)


def distinct_values(values: Sequence[Value]) -> list[list[Value]]:
    """The values grouped in input order: each joins the first group none of whose values it conflicts with
    (so in particular not the group's first value), or starts a new group. A value compatible with two
    disagreeing ones ("Kim" with "Kim Jong Un" and "Kim Jong Il", "beberapa hari" with two and three days)
    does not merge them. Two or more groups mean the values disagree."""
    groups: list[list[Value]] = []
    for value in values:
        group = next((g for g in groups if not any(conflict(v, value) for v in g)), None)
        if group is None:
            groups.append([value])
        else:
            group.append(value)
    return groups
