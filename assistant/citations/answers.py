"""Answers as cited sentences: markers written before their text are moved after it, then each
sentence's markers are parsed."""

from __future__ import annotations

import re

from assistant.citations.markers import ParsedSentence, parse_markers, remove_markers
from assistant.citations.sentences import split_sentences


def strip_markers(text: str, n_passages: int | None = None) -> str:
    """``text`` without citation markers; without ``n_passages`` bare "(N)" numbers are kept."""
    if n_passages is None:
        return remove_markers(text)
    return " ".join(p.text for p in parse_answer(text, n_passages) if p.text)


_LEADING_RUN = re.compile(r"((?:\[\d{1,3}\]\s*)+)")


def _trailing_markers(answer: str) -> str:
    """Rewrite "[1] text. [2] more." (markers written before their text, as small models do) to
    "text. [1]\nmore. [2]", so that each marker run belongs to the text after it."""
    if not re.match(r"\s*\[\d{1,3}\]", answer):
        return answer
    out: list[str] = []
    pending = ""
    for part in _LEADING_RUN.split(answer):
        if _LEADING_RUN.fullmatch(part):
            pending = part.strip()
        elif part.strip():
            out.append(f"{part.strip()} {pending}".strip())
            pending = ""
    if pending:
        out.append(pending)
    return "\n".join(out)


def parse_answer(answer: str, n_passages: int) -> list[ParsedSentence]:
    """Split an answer into sentences and parse each one's markers (leading markers included)."""
    return [parse_markers(s, n_passages) for s in split_sentences(_trailing_markers(answer))]
