"""Matching answers and retrieved files against a question's gold sources and facts."""

from __future__ import annotations

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


def facts_found(text: str, facts: Sequence[Sequence[str]]) -> list[bool]:
    """For each fact group (alternative substrings), whether any alternative occurs in ``text`` (case-insensitive)."""
    lowered = text.casefold()
    return [any(alt.casefold() in lowered for alt in group) for group in facts]


def all_facts(text: str, facts: Sequence[Sequence[str]]) -> bool:
    return all(facts_found(text, facts))


def _normal(text: str) -> str:
    return " ".join(text.casefold().split())


def values_found(sides: Sequence[str], expected: Sequence[str]) -> list[bool]:
    """For each expected value, whether a reported side's value contains it (case and spacing ignored)."""
    reported = [_normal(s) for s in sides]
    return [any(_normal(e) in r for r in reported) for e in expected]


def outlets_found(reported: Iterable[str], expected: Sequence[str]) -> list[bool]:
    """For each expected outlet, whether the answer names it as a source (cited or corroborating); names are
    compared as the outlet filters compare them ("RADARCIREBON.TV" is "RadarCirebon")."""
    from assistant.retrieval.filters import outlet_key

    keys = {outlet_key(o) for o in reported if o}
    return [outlet_key(e) in keys for e in expected]
