"""Chat over the answer engine: a follow-up is condensed into a standalone question before retrieval."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.answering.engine import AnswerEngine
from assistant.answering.followups import focus_entities, names_entity, rewrite
from assistant.answering.generate import TokenCallback
from assistant.citations import strip_markers
from assistant.types import Answer


@dataclass
class Turn:
    """One question and answer of a conversation, as the chat engine remembers it."""

    question: str
    answer: str
    standalone: str | None = None
    """The standalone form of the question, when it was a condensed follow-up."""


class AnswerChatEngine:
    """Chat over the answer engine: follow-ups are condensed into standalone questions before retrieval.

    The model rewrites the follow-up (generative backends); when its rewrite does not name the entity the
    follow-up refers to, the deterministic rewrite from the previous turn's focus entity is used.
    """

    def __init__(self, engine: AnswerEngine, history: Sequence[Turn] = (), memory_turns: int = 6) -> None:
        self.engine = engine
        self.turns: list[Turn] = list(history)
        self.memory_turns = memory_turns

    def condense(self, question: str) -> str:
        """A standalone version of ``question`` given the conversation so far."""
        if not self.turns:
            return question
        last = self.turns[-1]
        entities = focus_entities(last.standalone or last.question, last.answer)
        fallback = rewrite(question, entities)
        backend = self.engine.backend
        if not backend.generative or fallback == question:
            return fallback
        recent = self.turns[-self.memory_turns :]
        history = "\n".join(f"User: {t.question}\nAssistant: {strip_markers(t.answer)}" for t in recent)
        prompt = self.engine.prompts.condense(history=history, question=question)
        try:
            reply = backend.llm().complete(prompt).text.strip()
        except Exception as exc:  # noqa: BLE001 - one actionable line
            from assistant.llms.ollama import explain_llm_error

            raise explain_llm_error(exc, backend, getattr(backend, "request_timeout", 0.0)) from exc
        reply = reply.splitlines()[0].strip().strip('"') if reply else ""
        return reply if reply and names_entity(reply, entities, question) else fallback

    def ask(self, question: str, on_token: TokenCallback | None = None, cancel: threading.Event | None = None) -> Answer:
        """Answer ``question`` in the conversation so far, and remember the turn."""
        began = time.perf_counter()
        standalone = self.condense(question)
        condense_time = time.perf_counter() - began
        answer = self.engine.answer(question, on_token=on_token, cancel=cancel, standalone=standalone)
        if self.turns:
            answer.timings["condense"] = condense_time
        self.turns.append(Turn(question, answer.answer, standalone if standalone != question else None))
        return answer

    def reset(self) -> None:
        self.turns = []
