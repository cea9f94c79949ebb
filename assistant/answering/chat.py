"""Chat over the answer engine: a follow-up is condensed into a standalone question before retrieval.

``AnswerChatEngine`` follows LlamaIndex's chat-engine contract (``chat``, ``stream_chat`` that streams the
model's tokens as they come, their async forms, ``reset``, ``chat_history``); ``ask`` returns the Answer.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Generator, Sequence
from dataclasses import dataclass
from typing import Any

from llama_index.core.base.llms.types import ChatMessage, ChatResponse, MessageRole
from llama_index.core.chat_engine.types import AgentChatResponse, BaseChatEngine, StreamingAgentChatResponse

from assistant.answering.condense import Condensed, checked_text, choose
from assistant.answering.engine import AnswerEngine
from assistant.answering.followups import Entities, focus_entities, references
from assistant.answering.generate import TokenCallback
from assistant.answering.llamaindex import AnswerStream, citation_nodes
from assistant.citations import strip_markers
from assistant.llms.base import BackendError
from assistant.llms.bounded import ModelStopped, complete
from assistant.retrieval.filters import FilterRequest
from assistant.types import Answer


@dataclass
class Turn:
    """One question and answer of a conversation, as the chat engine remembers it."""

    question: str
    answer: str
    standalone: str | None = None
    """The standalone form of the question, when it was a condensed follow-up."""
    checked: str | None = None
    """What a follow-up may refer to in the answer: its supported sentences when it was accepted, "" when it
    was refused or flagged (the question alone counts then); None when unknown (the answer as given)."""

    @classmethod
    def of(cls, question: str, answer: Answer, standalone: str | None = None) -> Turn:
        """The turn of a finished answer."""
        return cls(question, answer.answer, standalone, checked_text(answer))

    @classmethod
    def from_json(cls, question: str, data: dict[str, Any]) -> Turn:
        """The turn of a saved answer line (a batch line, a saved chat's answer)."""
        answer = Answer.from_json({"question": question, "answer": "", **data})
        return cls(question, answer.answer, answer.standalone_question, checked_text(answer))

    @property
    def referable(self) -> str:
        """The answer text a follow-up may take its referent from."""
        return self.answer if self.checked is None else self.checked


class AnswerChatEngine(BaseChatEngine):
    """Chat over the answer engine: follow-ups are condensed into standalone questions before retrieval.

    A follow-up that refers back (a pronoun, a demonstrative, an ellipsis) is rewritten by the model
    (generative backends); the rewrite is kept when it keeps the follow-up's ask and names a checked referent
    (``condense``), else the deterministic rewrite from the previous turns' entities is used.
    """

    def __init__(self, engine: AnswerEngine, history: Sequence[Turn] = (), memory_turns: int = 6) -> None:
        self.engine = engine
        self.turns: list[Turn] = list(history)
        self.memory_turns = memory_turns

    def entities(self, question: str) -> Entities:
        """What the follow-up ``question`` can refer to: the last turn's entities, then earlier turns' of any
        kind the last one lacks."""
        found = Entities()
        for i, turn in enumerate(reversed(self.turns[-self.memory_turns :])):
            turn_entities = focus_entities(turn.standalone or turn.question, turn.referable, question if i == 0 else "")
            found = turn_entities if i == 0 else found.merged(turn_entities)
        return found

    def condense(self, question: str) -> str:
        """A standalone version of ``question`` given the conversation so far."""
        return self.condensed(question).question

    def condensed(self, question: str) -> Condensed:
        """The standalone question and which rewrite made it (see ``assistant.answering.condense``)."""
        if not self.turns:
            return Condensed(question, "")
        entities = self.entities(question)
        backend = self.engine.backend
        if not backend.generative or not references(question):
            return choose(question, entities, None, ())
        recent = self.turns[-self.memory_turns :]
        history = "\n".join(f"User: {t.question}\nAssistant: {strip_markers(t.referable) or '-'}" for t in recent)
        prompt = self.engine.prompts.condense(history=history, question=question)
        try:
            reply = complete(backend, prompt).strip()
        except ModelStopped as exc:  # the answer itself will say that the model stopped answering
            return Condensed(choose(question, entities, None, ()).question, "rules", str(exc))
        except BackendError:
            raise
        except Exception as exc:  # noqa: BLE001 - one actionable line
            from assistant.llms.ollama import explain_llm_error

            raise explain_llm_error(exc, backend, backend.deadline) from exc
        grounded = [text for t in recent for text in (t.question, t.standalone or "", t.referable)]
        return choose(question, entities, reply, grounded, self.engine.matcher.translations)

    def ask(
        self,
        question: str,
        on_token: TokenCallback | None = None,
        cancel: threading.Event | None = None,
        filters: FilterRequest | None = None,
    ) -> Answer:
        """Answer ``question`` in the conversation so far, and remember the turn."""
        began = time.perf_counter()
        condensed = self.condensed(question)
        standalone = condensed.question
        condense_time = time.perf_counter() - began
        answer = self.engine.answer(question, on_token=on_token, cancel=cancel, standalone=standalone, filters=filters)
        if self.turns:
            answer.timings["condense"] = condense_time
            answer.standalone_by = condensed.by
            answer.standalone_rejected = condensed.rejected or None
        self.turns.append(Turn.of(question, answer, standalone if standalone != question else None))
        return answer

    # --- LlamaIndex chat-engine interface ---------------------------------------------------

    def reset(self) -> None:
        self.turns = []

    @property
    def chat_history(self) -> list[ChatMessage]:
        out: list[ChatMessage] = []
        for t in self.turns:
            out.append(ChatMessage(role=MessageRole.USER, content=t.question))
            out.append(ChatMessage(role=MessageRole.ASSISTANT, content=t.answer))
        return out

    def _use_history(self, chat_history: list[ChatMessage] | None) -> None:
        if chat_history is not None:
            self.turns = turns_from_messages(chat_history)

    def chat(self, message: str, chat_history: list[ChatMessage] | None = None) -> AgentChatResponse:
        self._use_history(chat_history)
        answer = self.ask(message)
        return AgentChatResponse(
            response=answer.answer, source_nodes=citation_nodes(answer), metadata={"answer": answer}
        )

    def stream_chat(self, message: str, chat_history: list[ChatMessage] | None = None) -> StreamingAgentChatResponse:
        """Streams the model's tokens while the answer is made; once the stream is read, ``response`` is the
        checked answer and ``source_nodes`` its citations."""
        self._use_history(chat_history)
        stream = AnswerStream(lambda on_token: self.ask(message, on_token=on_token))
        result = StreamingAgentChatResponse(is_writing_to_memory=False)

        def deltas() -> Generator[ChatResponse, None, None]:
            text = ""
            for token in stream.tokens():
                text += token
                yield ChatResponse(message=ChatMessage(role=MessageRole.ASSISTANT, content=text), delta=token)
            if stream.answer is not None:
                result.source_nodes = citation_nodes(stream.answer)

        result.chat_stream = deltas()
        return result

    async def achat(self, message: str, chat_history: list[ChatMessage] | None = None) -> AgentChatResponse:
        return await asyncio.to_thread(self.chat, message, chat_history)

    async def astream_chat(
        self, message: str, chat_history: list[ChatMessage] | None = None
    ) -> StreamingAgentChatResponse:
        return await asyncio.to_thread(self.stream_chat, message, chat_history)


def turns_from_messages(messages: Sequence[ChatMessage]) -> list[Turn]:
    """Question-answer turns of a LlamaIndex chat history (user then assistant messages)."""
    turns: list[Turn] = []
    pending: str | None = None
    for m in messages:
        if m.role == MessageRole.USER:
            pending = m.content or ""
        elif m.role == MessageRole.ASSISTANT and pending is not None:
            turns.append(Turn(pending, m.content or ""))
            pending = None
    return turns
