"""Exact spans: where a quote sits in the article text, as character offsets a reader can check.

A quote is made from a passage, whose sentences were joined with single spaces; in the article they may be
separated by newlines or blank lines, so quotes are found with whitespace runs treated as one space. Passages
are made of the article's matching text (``normalize.py``: NFKC, no zero-width characters), so a quote is
found in the matching text of the article and its span mapped back to the original characters. A quote
whose sentences are not next to each other in the article (a removed teaser line between them) is cut to
the sentence that overlaps the quoted text most, so ``text[start:end]`` always reads as the quote.
"""

from __future__ import annotations

import re

from assistant.citations.sentences import split_sentences
from assistant.normalize import matching_map, matching_text

ELLIPSIS = "…"

_SPACE = re.compile(r"\s+")


def normalize_space(text: str) -> str:
    """``text`` with every whitespace run as one space, stripped."""
    return _SPACE.sub(" ", text).strip()


def line_region(text: str, lines: tuple[int, int]) -> tuple[int, int]:
    """Character offsets of lines ``lines[0]``..``lines[1]`` (1-based, inclusive) of ``text``."""
    starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]
    first = min(max(lines[0], 1), len(starts)) - 1
    last = min(max(lines[1], lines[0], 1), len(starts))
    end = starts[last] if last < len(starts) else len(text)
    return starts[first], end


def _squeezed(text: str, start: int, end: int) -> tuple[str, list[int], list[int]]:
    """The matching text of ``text[start:end]`` with whitespace runs as one space, and for each of its
    characters the start and end offsets in ``text`` of the original characters it stands for."""
    matching, starts, ends = matching_map(text, start, end)
    chars: list[str] = []
    first: list[int] = []
    last: list[int] = []
    for ch, a, b in zip(matching, starts, ends, strict=True):
        if ch.isspace():
            if chars and chars[-1] != " ":
                chars.append(" ")
                first.append(a)
                last.append(b)
            continue
        chars.append(ch)
        first.append(a)
        last.append(b)
    return "".join(chars), first, last


def locate(needle: str, text: str, region: tuple[int, int] | None = None) -> tuple[int, int] | None:
    """Offsets ``(start, end)`` of ``needle`` in ``text`` (whitespace runs match any whitespace), searched in
    ``region`` first and then in the whole text; None when it is not there."""
    wanted = normalize_space(matching_text(needle))
    if not wanted:
        return None
    areas = [region, (0, len(text))] if region is not None else [(0, len(text))]
    for start, end in areas:
        squeezed, first, last = _squeezed(text, start, end)
        at = squeezed.find(wanted)
        if at >= 0:
            return first[at], last[at + len(wanted) - 1]
    return None


def _pieces(quote: str) -> list[str]:
    """The quote without its cut marks, as the sentences it holds."""
    core = quote.strip().strip(ELLIPSIS).strip()
    return [s for s in (normalize_space(p) for p in split_sentences(core)) if s] or ([core] if core else [])


def quote_span(quote: str, text: str, region: tuple[int, int] | None = None) -> tuple[str, tuple[int, int]] | None:
    """The exact quote and its span in ``text``: the whole quote (without "…" cut marks) when it is one stretch
    of the article, else its longest sentence that is; None when no part of it is in ``text``."""
    pieces = _pieces(quote)
    whole = " ".join(pieces)
    span = locate(whole, text, region)
    if span is None:
        found = [(p, s) for p in sorted(pieces, key=len, reverse=True) if (s := locate(p, text, region)) is not None]
        if not found:
            return None
        whole, span = found[0]
    return normalize_space(text[span[0] : span[1]]), span
