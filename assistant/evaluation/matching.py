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
