"""Pure scoring functions shared by tests, benchmarks and `assistant eval`."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any


def load_questions(path: Path) -> list[dict[str, Any]]:
    """Read a question file in the dev-set format (JSONL: id, question, lang, gold_sources, facts, answerable)."""
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{number}: not valid JSON ({exc.msg})") from exc
    return rows


def base_name(file: str) -> str:
    return file.replace("\\", "/").rsplit("/", 1)[-1]


def first_gold_rank(ranked_files: Sequence[str], gold: Iterable[str]) -> int | None:
    """1-based rank of the first retrieved file that is a gold source, or None."""
    wanted = {base_name(g) for g in gold}
    for rank, file in enumerate(ranked_files, start=1):
        if base_name(file) in wanted:
            return rank
    return None


def hit_at(ranked_files: Sequence[str], gold: Iterable[str], k: int) -> bool:
    rank = first_gold_rank(ranked_files, gold)
    return rank is not None and rank <= k


def reciprocal_rank(ranked_files: Sequence[str], gold: Iterable[str]) -> float:
    rank = first_gold_rank(ranked_files, gold)
    return 0.0 if rank is None else 1.0 / rank


def facts_found(text: str, facts: Sequence[Sequence[str]]) -> list[bool]:
    """For each fact group (alternative substrings), whether any alternative occurs in ``text`` (case-insensitive)."""
    lowered = text.casefold()
    return [any(alt.casefold() in lowered for alt in group) for group in facts]


def all_facts(text: str, facts: Sequence[Sequence[str]]) -> bool:
    return all(facts_found(text, facts))


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0..100) by linear interpolation; 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100.0
    lo = int(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)
