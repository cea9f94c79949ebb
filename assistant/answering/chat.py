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

from llama_index.core.base.llms.types import ChatMessage, ChatResponse, MessageRole
from llama_index.core.chat_engine.types import AgentChatResponse, BaseChatEngine, StreamingAgentChatResponse

from assistant.answering.engine import AnswerEngine
from assistant.answering.followups import focus_entities, names_entity, rewrite
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


class AnswerChatEngine(BaseChatEngine):
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
            reply = complete(backend, prompt).strip()
        except ModelStopped:
            return fallback  # the answer itself will say that the model stopped answering
        except BackendError:
            raise
        except Exception as exc:  # noqa: BLE001 - one actionable line
            from assistant.llms.ollama import explain_llm_error

            raise explain_llm_error(exc, backend, backend.deadline) from exc
        reply = reply.splitlines()[0].strip().strip('"') if reply else ""
        return reply if reply and names_entity(reply, entities, question) else fallback

    def ask(
        self,
        question: str,
        on_token: TokenCallback | None = None,
        cancel: threading.Event | None = None,
        filters: FilterRequest | None = None,
    ) -> Answer:
        """Answer ``question`` in the conversation so far, and remember the turn."""
        began = time.perf_counter()
        standalone = self.condense(question)
        condense_time = time.perf_counter() - began
        answer = self.engine.answer(question, on_token=on_token, cancel=cancel, standalone=standalone, filters=filters)
        if self.turns:
            answer.timings["condense"] = condense_time
        self.turns.append(Turn(question, answer.answer, standalone if standalone != question else None))
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
