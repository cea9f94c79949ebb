"""The judge model's reply: one verdict per sentence, held to a schema; anything unreadable is no veto."""

from __future__ import annotations

from typing import Any

from assistant.prompts import load_prompts
from assistant.verification.llm_judge import LLMJudge, parse_verdicts, verdict_schema


def test_verdicts_are_parsed_one_per_sentence() -> None:
    assert parse_verdicts('{"verdicts": ["yes", "no", "YES"]}', 3) == [True, False, True]
    assert parse_verdicts('{"verdicts": ["yes"]}', 2) == [True, None]
    assert parse_verdicts("yes", 1) == [None]
    assert parse_verdicts('{"verdicts": [true, "maybe"]}', 2) == [True, None]


class _Recording:
    def __init__(self, reply: str) -> None:
        self.reply = reply
        self.calls: list[dict[str, Any]] = []

    def __call__(self, system: str, prompt: str, schema: dict[str, Any], max_tokens: int) -> str:
        self.calls.append({"system": system, "prompt": prompt, "schema": schema})
        return self.reply


def test_one_constrained_call_judges_every_sentence() -> None:
    backend = _Recording('{"verdicts": ["yes", "no"]}')
    judge = LLMJudge(backend, load_prompts())
    out = judge.judge(["Putin tiba di Pyongyang [1].", "Kim memeluk Lavrov [1]."], ["Putin tiba di Pyongyang."], "id")
    assert out == [True, False]
    assert len(backend.calls) == 1
    call = backend.calls[0]
    assert call["schema"] == verdict_schema(2)
    assert "1. Putin tiba di Pyongyang." in call["prompt"] and "2. Kim memeluk Lavrov." in call["prompt"]
    assert "[1] «Putin tiba di Pyongyang.»" in call["prompt"]
