"""The judge model (``judge = "llm"``, or a second model named by ``judge_model``): one constrained call per
answer says, for every sentence, whether the passages it cites state it.

The reply is held to a JSON schema (``{"verdicts": ["yes" | "no", ...]}``, one per sentence) through
Ollama's ``format`` or a llama.cpp grammar, so even a small model answers in the expected shape. The
judge can only veto: a sentence the deterministic checks reject stays rejected (a wrong number, a negation,
a swapped role), and one they accept is flagged when the judge says "no".
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from assistant.citations import strip_markers

MAX_TOKENS_PER_VERDICT = 6


Ask = Callable[[str, str, dict[str, Any], int], str]
"""(system message, prompt, JSON schema, most tokens) -> the model's reply, bounded like every reply
(``assistant.llms.bounded.complete`` over the judge's backend)."""


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

    def __init__(self, ask: Ask, prompts: JudgePrompts) -> None:
        self.ask = ask
        self.prompts = prompts

    def judge(self, sentences: Sequence[str], passages: Sequence[str], language: str = "en") -> list[bool | None]:
        """One verdict per sentence (markers stripped) over ``passages`` (numbered as the model saw them)."""
        if not sentences:
            return []
        claims = [strip_markers(s) for s in sentences]
        reply = self.ask(
            self.prompts.system(language=language),
            self.prompts.judge(sentences=claims, passages=list(passages)),
            verdict_schema(len(claims)),
            16 + MAX_TOKENS_PER_VERDICT * len(claims),
        )
        return parse_verdicts(reply, len(claims))
