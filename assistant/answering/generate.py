"""Generation: prompts built around the selected evidence, streamed from the backend's LLM."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from llama_index.core.base.llms.types import ChatMessage, MessageRole

from assistant.answering.question import QuestionAnalysis
from assistant.citations import parse_answer
from assistant.llms.base import Backend, BackendError
from assistant.llms.bounded import bounded_stream
from assistant.prompts import Prompts
from assistant.safe_text import safe
from assistant.types import Passage

TokenCallback = Callable[[str], None]

TYPE_HINTS: dict[str, str] = {
    "person": "a person's name",
    "place": "a place",
    "time": "a time or date",
    "number": "a number",
    "duration": "a length of time",
    "organisation": "an organisation",
    "reason": "a reason",
    "yesno": "yes or no, with the fact that says so",
}
"""What the answer to each question type is, told to the model in the focused retry."""


def pointed_passages(text: str, n_passages: int) -> set[int]:
    """The passage numbers of a reply that is nothing but citation markers ("[2]"), else an empty set."""
    parsed = parse_answer(text, n_passages)
    if any(p.text.strip(" .,:;-") for p in parsed):
        return set()
    return {m for p in parsed for m in p.markers}


@dataclass(frozen=True)
class Generation:
    """One reply of the model: its text, whether the user stopped it, and whether it said "no answer"."""

    text: str
    cancelled: bool
    no_answer: bool


class Generator:
    """Asks the backend's LLM for a cited answer over the evidence passages, streaming its tokens."""

    def __init__(self, backend: Backend, prompts: Prompts) -> None:
        self.backend = backend
        self.prompts = prompts

    def answer(
        self,
        analysis: QuestionAnalysis,
        passages: Sequence[Passage],
        on_token: TokenCallback | None,
        cancel: threading.Event | None,
        timings: dict[str, float],
        focused: bool = False,
    ) -> Generation:
        """The model's answer over ``passages`` (numbered [1]..[k]); ``focused``: the retry over one passage."""
        language = analysis.language
        if focused:
            hint = TYPE_HINTS.get(analysis.answer_type.value, "the fact the question asks for")
            request = self.prompts.focused_answer(
                question=analysis.text, passage=passages[0].text, language=language, hint=hint
            )
        else:
            request = self.prompts.answer(
                question=analysis.text, passages=[p.text for p in passages], language=language
            )
        messages = [
            ChatMessage(role=MessageRole.SYSTEM, content=self.prompts.system(language=language)),
            ChatMessage(role=MessageRole.USER, content=request),
        ]
        text, cancelled = self._stream(messages, on_token, cancel, timings, "retry_" if focused else "")
        return Generation(text, cancelled, not cancelled and self.prompts.is_no_answer(text))

    def _stream(
        self,
        messages: list[ChatMessage],
        on_token: TokenCallback | None,
        cancel: threading.Event | None,
        timings: dict[str, float],
        prefix: str,
    ) -> tuple[str, bool]:
        """(the streamed text, whether it was cancelled); timings get prefill, generation and token counts.
        The reply is bounded (``assistant.llms.bounded``): ModelStopped when its deadline runs out."""
        from assistant.llms.ollama import explain_llm_error

        began = time.perf_counter()
        first: float | None = None
        pieces: list[str] = []  # joined once: the work stays linear in the reply's length
        raw: dict[str, Any] = {}
        try:
            for chunk, counters in bounded_stream(self.backend, messages, cancel):
                delta = safe(chunk)
                if delta and first is None:
                    first = time.perf_counter()
                pieces.append(delta)
                raw = counters or raw
                if delta and on_token:
                    on_token(delta)
        except BackendError:
            raise
        except Exception as exc:  # noqa: BLE001 - every client failure becomes one actionable line
            raise explain_llm_error(exc, self.backend, self.backend.deadline) from exc
        end = time.perf_counter()
        timings[f"{prefix}prefill"] = (first or end) - began
        timings[f"{prefix}generation"] = end - (first or end)
        for key in ("prompt_eval_count", "eval_count"):
            if raw.get(key) is not None:  # only the final chunk of a stream carries the counts
                timings[f"{prefix}{key}"] = float(raw[key])
        return "".join(pieces), cancel is not None and cancel.is_set()
