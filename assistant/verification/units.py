"""The unit of a quantity is part of the claim: "dua tabung per keluarga setiap pekan" where the passage says
"dua tabung per keluarga" adds a limit the article does not set, and "two weeks" for "dua hari" changes the
length. Every other word of such a claim is in the passage, so the unit is checked like a number.

A claim's quantity unit is a duration unit (``vocabulary.DURATION_UNITS``) after a number or a word of
frequency ("setiap", "per", "every", "a"), or written with "se-" ("sepekan", "setahun"). The passages hold it
when they name the same unit in either language, anywhere ("minggu" and "pekan" are one unit). A unit used
as a filler ("hari ini", "tahun lalu", "on the first day") is not a quantity and is not checked.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from assistant.lexical import elapsed_hours
from assistant.vocabulary import DURATION_UNITS, NUMBER_WORDS

FREQUENCY = frozenset("setiap tiap per every each a an".split())
"""Words before a unit that make it the unit of a quantity ("setiap pekan", "once a week")."""
_WORD = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:-[^\W\d_]+)*")
"""A number, or a word with its hyphenated parts ("sehari-hari" is not a unit)."""


@lru_cache(maxsize=1)
def _units() -> dict[str, str]:
    """Unit word -> its unit (the ISO-8601 prefix and designator: "minggu", "pekan", "week" -> "PW")."""
    out: dict[str, str] = {}
    for spec in DURATION_UNITS:
        prefix, designator, _per, _size, *words = spec.split()
        for word in words:
            out[word.lower()] = prefix + designator
    return out


def _unit(word: str) -> str | None:
    """The unit a word names ("pekan", "sepekan" -> "PW"), None when it names none."""
    units = _units()
    if word in units:
        return units[word]
    if word.startswith("se") and word[2:] in units:  # "sepekan", "setahun": one of the unit
        return units[word[2:]]
    return None


def _quantity(before: str) -> bool:
    """Whether a word before a unit makes it a quantity's: a number, a number word, a word of frequency."""
    return before[:1].isdigit() or before in NUMBER_WORDS or before in FREQUENCY


def quantity_units(text: str) -> dict[str, str]:
    """The units ``text`` counts a quantity in: unit -> the word that names it (lower-case, a capitalised
    "Minggu" is the day)."""
    words = _WORD.findall(text)
    out: dict[str, str] = {}
    for i, word in enumerate(words):
        if not word.islower():
            continue
        unit = _unit(word)
        if unit is None:
            continue
        if (word not in _units()) or (i > 0 and _quantity(words[i - 1].lower())):  # "sepekan", "dua pekan"
            out.setdefault(unit, word)
    return out


def named_units(texts: Sequence[str]) -> set[str]:
    """Every unit the texts name, as a quantity or not, and hours where they give two clock times an hour or
    more apart (``lexical.elapsed_hours``: "from 13.15 until 21.05" is eight hours)."""
    named = {u for text in texts for w in _WORD.findall(text) if w.islower() and (u := _unit(w)) is not None}
    if any(elapsed_hours(text) for text in texts):
        named.add(_units()["hour"])
    return named


def missing_units(claim: str, passages: Sequence[str]) -> list[str]:
    """The words of the claim's quantity units that no passage names (in either language)."""
    named = named_units(passages)
    return [word for unit, word in quantity_units(claim).items() if unit not in named]
