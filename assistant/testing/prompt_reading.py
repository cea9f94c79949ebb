"""Reading the engine's requests as a scripted model does: what kind of request it is, the question it asks,
and the numbered passages it shows (``[n] «text»``, see ``assistant.prompts.passages``)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from assistant.prompts.passages import neutralize

CONDENSE_CUE = "Standalone question:"
"""The last line of the follow-up rewrite prompt (prompts/condense.md)."""

_PASSAGE = re.compile(r"^(?:Passage )?\[(\d+)\] «(.*)»\s*$", re.MULTILINE)
_TRANSLATION_CUE = re.compile(r"^[^\n:]*\btranslation\s*:\s*$", re.IGNORECASE)


class Kind(StrEnum):
    """What the engine asks for."""

    ANSWER = "answer"
    CONDENSE = "condense"
    TRANSLATE = "translate"
    JUDGE = "judge"
    """A constrained judge call: the request carries a JSON schema as Ollama's ``format``."""


def prompt_of(messages: list[dict[str, Any]]) -> str:
    """The request's prompt: the last user message (the last message when none is marked as the user's)."""
    users = [m for m in messages if m.get("role", "user") == "user"]
    last = users[-1] if users else (messages[-1] if messages else {})
    return str(last.get("content") or "")


def request_kind(prompt: str, body: Mapping[str, Any]) -> Kind:
    """The kind of a request, from its prompt and its body (``format`` holding a JSON schema: a judge)."""
    if isinstance(body.get("format"), dict):
        return Kind.JUDGE
    if CONDENSE_CUE in prompt:
        return Kind.CONDENSE
    lines = [line for line in prompt.splitlines() if line.strip()]
    if lines and _TRANSLATION_CUE.match(lines[-1].strip()):
        return Kind.TRANSLATE
    return Kind.ANSWER


def labelled_line(prompt: str, label: str) -> str | None:
    """The text after the first line starting with ``label`` (e.g. "Question:"), or None."""
    for line in prompt.splitlines():
        if line.strip().startswith(label):
            return line.strip()[len(label) :].strip()
    return None


def passages(prompt: str) -> dict[int, str]:
    """The prompt's numbered passages: number -> text (inside the « » quotes)."""
    return {int(n): text for n, text in _PASSAGE.findall(prompt)}


def normal(text: str) -> str:
    """Text compared as a passage shows it: NFKC, case folded, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def passage_with(needle: str, shown: Mapping[int, str]) -> int | None:
    """The number of the first shown passage that contains ``needle`` (as the prompt neutralises article
    text, then ``normal``), or None."""
    wanted = normal(neutralize(needle))
    if not wanted:
        return None
    for number in sorted(shown):
        if wanted in normal(shown[number]):
            return number
    return None


def question_key(text: str) -> str:
    """A question compared loosely: NFKC, case folded, punctuation dropped, whitespace collapsed."""
    return " ".join(re.findall(r"\w+", unicodedata.normalize("NFKC", text).casefold()))
