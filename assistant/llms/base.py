"""The small interface every answer backend implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from assistant.errors import AssistantError

if TYPE_CHECKING:
    from llama_index.core.llms import LLM


class BackendError(AssistantError):
    """A backend cannot answer; the message is one line that says what to do."""


@dataclass(frozen=True)
class BackendStatus:
    """Whether a backend can answer now: ``state`` for the status bar, ``problem`` for the user ("" if none)."""

    state: str
    """"reachable" or "ready" when it can answer; "unreachable", "model missing" or "unavailable" otherwise."""
    problem: str = ""

    @property
    def ok(self) -> bool:
        return not self.problem


class Backend(ABC):
    """An answer backend: a name, a model, a readiness check and (for generative ones) a LlamaIndex LLM."""

    name: ClassVar[str]
    generative: ClassVar[bool] = True

    def __init__(self, model: str) -> None:
        self.model = model

    @abstractmethod
    def check(self) -> None:
        """Raise BackendError with one actionable line if the backend cannot answer right now."""

    def status(self) -> BackendStatus:
        """Check the backend and say how it stands (``check`` as a value, for the status bar)."""
        try:
            self.check()
        except BackendError as exc:
            return BackendStatus("unavailable", str(exc))
        return BackendStatus("ready")

    @abstractmethod
    def llm(self) -> LLM:
        """The LlamaIndex LLM that generates answers (streaming via ``stream_chat``)."""

    def complete(self, system: str, prompt: str, *, schema: dict[str, Any] | None = None, max_tokens: int = 64) -> str:
        """One short reply, not streamed (a translation, a judge's verdicts). ``schema``: a JSON schema the
        reply must follow, where the backend can hold the model to one (Ollama's ``format``, a llama.cpp
        grammar); here the model is only asked."""
        from llama_index.core.base.llms.types import ChatMessage, MessageRole

        messages = [ChatMessage(role=MessageRole.SYSTEM, content=system), ChatMessage(role=MessageRole.USER, content=prompt)]
        return self.llm().chat(messages).message.content or ""
