"""The small interface every answer backend implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from assistant.errors import AssistantError

if TYPE_CHECKING:
    from llama_index.core.base.llms.types import ChatMessage
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

    def __init__(self, model: str, deadline: float = 120.0, max_tokens: int = 160) -> None:
        self.model = model
        self.deadline = deadline
        """Seconds one reply may take in all (see ``assistant.llms.bounded``)."""
        self.max_tokens = max_tokens
        """Tokens one reply may have; counted as it streams, whatever the server does with the limit."""

    @property
    def location(self) -> str:
        """Where the model runs, for messages (a server URL, a model file)."""
        return self.name

    def stream(
        self, messages: Sequence[ChatMessage], schema: dict[str, Any] | None = None
    ) -> Iterator[tuple[str, dict[str, Any]]]:
        """The reply to ``messages`` as (text piece, counters) pairs, unbounded: read it through
        ``assistant.llms.bounded``. ``schema``: a JSON schema the reply is held to where the backend can
        (Ollama's ``format``, a llama.cpp grammar); this default, the LlamaIndex LLM's chat deltas, cannot."""
        for chunk in self.llm().stream_chat(messages):
            yield chunk.delta or "", chunk.raw if isinstance(chunk.raw, dict) else {}

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
