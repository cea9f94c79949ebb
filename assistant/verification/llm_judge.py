"""The LLM support judge (``judge = "llm"``): the local model is asked, per sentence, whether the cited
passages support it, and answers yes or no. For users with a stronger local model than the test one."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from assistant.citations import strip_markers
from assistant.verification.support import SupportVerdict

_YES = re.compile(r"^\W*(?:yes|ya|iya|benar)\b", re.IGNORECASE)


class LLMJudge:
    """Scores 1.0 when the model says the passages support the claim, 0.0 otherwise (threshold 0.5)."""

    threshold = 0.5

    def __init__(self, ask: Callable[[str], str], prompts: Any) -> None:
        self.ask = ask
        """The model's reply to a prompt (bounded by its deadline: assistant.llms.bounded.complete)."""
        self.prompts = prompts
        self._cache: dict[tuple[str, tuple[str, ...]], float] = {}

    def score(self, claim: str, passages: Sequence[str]) -> float:
        """1.0 for the model's "yes", 0.0 for anything else; each (claim, passages) is asked once."""
        key = (strip_markers(claim), tuple(passages))
        if key not in self._cache:
            reply = self.ask(self.prompts.judge(claim=key[0], passages=list(passages)))
            self._cache[key] = 1.0 if _YES.match(reply or "") else 0.0
        return self._cache[key]

    def verdict(self, claim: str, passages: Sequence[str]) -> SupportVerdict:
        score = self.score(claim, passages)
        ok = score >= self.threshold
        return SupportVerdict(score, ok, "" if ok else "the judge model says the cited passages do not support it")
