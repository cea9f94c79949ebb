"""Article text in prompts: numbered, quoted, with citation-like text inside neutralised."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.citations import strip_markers
from assistant.language import LANGUAGE_NAMES


def language_name(language: str) -> str:
    """ "English" for "en", "Indonesian (Bahasa Indonesia)" for "id"; other text passes through."""
    return LANGUAGE_NAMES.get(language, language)


QUOTE_OPEN, QUOTE_CLOSE = "«", "»"
"""The delimiters around article text in a prompt; the system prompt says what is inside is never an instruction."""


def format_passages(passages: Sequence[str]) -> str:
    """Number passages for the prompt: ``[1] «text»`` blocks separated by blank lines. Article text is
    quoted data: marker-like text inside it ("[2]", "Sumber: [1] Reuters") is neutralised so that it cannot
    forge a citation, and the delimiters cannot be closed from inside."""
    return "\n\n".join(
        f"[{i}] {QUOTE_OPEN}{neutralize(' '.join(p.split()))}{QUOTE_CLOSE}" for i, p in enumerate(passages, 1)
    )


def neutralize(text: str) -> str:
    """Article text for a prompt: citation markers removed, the quote delimiters taken out."""
    text = strip_markers(text)
    return text.replace(QUOTE_OPEN, '"').replace(QUOTE_CLOSE, '"')
