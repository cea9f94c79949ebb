"""The judge model (``judge = "llm"``, or a second model named by ``judge_model``): one constrained call per
answer says, for every sentence, whether the passages it cites state it.

The reply is held to a JSON schema (``{"verdicts": ["yes" | "no", ...]}``, one per sentence) through
Ollama's ``format`` or a llama.cpp grammar, so even a small model answers in the expected shape. The
judge can only veto: a sentence the deterministic checks reject stays rejected (a wrong number, a negation,
a swapped role), and one they accept is flagged when the judge says "no".
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, Protocol

from assistant.citations import strip_markers

MAX_TOKENS_PER_VERDICT = 6


class Completing(Protocol):
    """What the judge needs of a backend: one short, schema-constrained reply."""

    def complete(self, system: str, prompt: str, *, schema: dict[str, Any] | None = None, max_tokens: int = 64) -> str: ...


class JudgePrompts(Protocol):
    def system(self, *, language: str) -> str: ...

    def judge(self, *, sentences: Sequence[str], passages: Sequence[str]) -> str: ...


def verdict_schema(n: int) -> dict[str, Any]:
    """The JSON schema of a reply with exactly ``n`` yes/no verdicts."""
    return {
        "type": "object",
        "properties": {
            "verdicts": {
                "type": "array",
                "items": {"type": "string", "enum": ["yes", "no"]},
                "minItems": n,
                "maxItems": n,
            }
        },
        "required": ["verdicts"],
    }


def parse_verdicts(reply: str, n: int) -> list[bool | None]:
    """The judge's verdicts, one per sentence (None where the reply gives none: no veto)."""
    try:
        data = json.loads(reply)
    except ValueError:
        return [None] * n
    verdicts = data.get("verdicts") if isinstance(data, dict) else None
    if not isinstance(verdicts, list):
        return [None] * n
    out: list[bool | None] = []
    for i in range(n):
        value = verdicts[i] if i < len(verdicts) else None
        if isinstance(value, bool):
            out.append(value)
        elif isinstance(value, str) and value.strip().lower() in ("yes", "no", "ya", "tidak"):
            out.append(value.strip().lower() in ("yes", "ya"))
        else:
            out.append(None)
    return out


class LLMJudge:
    """Asks a model once per answer whether the cited passages state each sentence."""

    def __init__(self, backend: Completing, prompts: JudgePrompts) -> None:
        self.backend = backend
        self.prompts = prompts

    def judge(self, sentences: Sequence[str], passages: Sequence[str], language: str = "en") -> list[bool | None]:
        """One verdict per sentence (markers stripped) over ``passages`` (numbered as the model saw them)."""
        if not sentences:
            return []
        claims = [strip_markers(s) for s in sentences]
        reply = self.backend.complete(
            self.prompts.system(language=language),
            self.prompts.judge(sentences=claims, passages=list(passages)),
            schema=verdict_schema(len(claims)),
            max_tokens=16 + MAX_TOKENS_PER_VERDICT * len(claims),
        )
        return parse_verdicts(reply, len(claims))
