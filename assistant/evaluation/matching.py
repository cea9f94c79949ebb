"""Matching answers and retrieved files against a question's gold sources and facts."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence


def base_name(file: str) -> str:
    return file.replace("\\", "/").rsplit("/", 1)[-1]


def first_gold_rank(ranked_files: Sequence[str], gold: Iterable[str]) -> int | None:
    """1-based rank of the first retrieved file that is a gold source, or None."""
    wanted = {base_name(g) for g in gold}
    for rank, file in enumerate(ranked_files, start=1):
        if base_name(file) in wanted:
            return rank
    return None


SHORT_ALTERNATIVE = 4
"""Alternatives of at most this many characters match as whole words: "ya" is not in "Pyongyang", "no" not
in "North", "KK" not in "KKN". Longer ones match as substrings, so a stem such as "falsif" finds "falsified"."""


def whole_word(alternative: str) -> bool:
    """Whether ``alternative`` must match as whole words: a short one, or any with a digit (a number, a date,
    a time: "24" is not in "2024", "4 Juli" not in "14 Juli")."""
    stripped = alternative.strip()
    return len(stripped) <= SHORT_ALTERNATIVE or any(ch.isdigit() for ch in stripped)


def _whole_word_pattern(alternative: str) -> re.Pattern[str]:
    """``alternative`` bounded by non-word characters; a number also not glued to more digits by a
    separator ("24" is not in "24.000" nor in "1,24")."""
    body = re.escape(alternative.strip().casefold())
    return re.compile(rf"(?<!\w)(?<!\d[.,]){body}(?!\w)(?![.,]\d)")


def contains(text: str, alternative: str) -> bool:
    """Whether ``alternative`` occurs in ``text``, case-insensitively; as whole words when ``whole_word``."""
    if not alternative.strip():
        return False
    if whole_word(alternative):
        return _whole_word_pattern(alternative).search(text.casefold()) is not None
    return alternative.strip().casefold() in text.casefold()


def facts_found(text: str, facts: Sequence[Sequence[str]]) -> list[bool]:
    """For each fact group (alternatives), whether any alternative occurs in ``text`` (see ``contains``)."""
    return [any(contains(text, alt) for alt in group) for group in facts]


def all_facts(text: str, facts: Sequence[Sequence[str]]) -> bool:
    return all(facts_found(text, facts))


def _normal(text: str) -> str:
    return " ".join(text.casefold().split())


def values_found(sides: Sequence[str], expected: Sequence[str]) -> list[bool]:
    """For each expected value, whether a reported side's value contains it (case and spacing ignored; short
    and numeric values as whole words, as ``contains``)."""
    reported = [_normal(s) for s in sides]
    return [any(contains(r, _normal(e)) for r in reported) for e in expected]


def outlets_found(reported: Iterable[str], expected: Sequence[str]) -> list[bool]:
    """For each expected outlet, whether the answer names it as a source (cited or corroborating); names are
    compared as the outlet filters compare them ("RADARCIREBON.TV" is "RadarCirebon")."""
    from assistant.retrieval.filters import outlet_key

    keys = {outlet_key(o) for o in reported if o}
    return [outlet_key(e) in keys for e in expected]
