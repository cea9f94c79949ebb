"""Where each sentence of a chunk sits in its article's text, as character offsets (``text[start:end]`` is the
sentence): what quotes and citation spans are cut from."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.citations.spans import line_region, locate
from assistant.ingest.chunking import Sentence

_NEWLINE = re.compile(r"\r\n|\r|\n")


def line_starts(text: str) -> list[int]:
    """The offset of each line of ``text`` (line n, 1-based, starts at ``line_starts(text)[n - 1]``)."""
    return [0] + [m.end() for m in _NEWLINE.finditer(text)]


def sentence_offsets(text: str, sentences: Sequence[Sentence]) -> dict[int, tuple[int, int]]:
    """The offsets in ``text`` of each of ``sentences`` (by ``id()``, in the order they are read), found on
    their line after the previous sentence of that line; a sentence whose spacing differs from the text's
    is found with whitespace runs matched loosely; (-1, -1) when it is nowhere (the text changed)."""
    starts = line_starts(text)
    after: dict[int, int] = {}
    out: dict[int, tuple[int, int]] = {}
    for sentence in sentences:
        if id(sentence) in out:
            continue
        span: tuple[int, int] | None = None
        if 1 <= sentence.line <= len(starts):
            lo = after.get(sentence.line, starts[sentence.line - 1])
            hi = starts[sentence.line] if sentence.line < len(starts) else len(text)
            at = text.find(sentence.text, lo, hi)
            if at >= 0:
                span = (at, at + len(sentence.text))
                after[sentence.line] = span[1]
        if span is None:
            span = locate(sentence.text, text, line_region(text, (sentence.line, sentence.line))) or (-1, -1)
        out[id(sentence)] = span
    return out
