"""The small interface every answer backend implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, ClassVar

from assistant.errors import AssistantError

if TYPE_CHECKING:
    from llama_index.core.llms import LLM


class BackendError(AssistantError):
    """A backend cannot answer; the message is one line that says what to do."""


class Backend(ABC):
    """An answer backend: a name, a model, a readiness check and (for generative ones) a LlamaIndex LLM."""

    name: ClassVar[str]
    generative: ClassVar[bool] = True

    def __init__(self, model: str) -> None:
        self.model = model

    @abstractmethod
    def check(self) -> None:
        """Raise BackendError with one actionable line if the backend cannot answer right now."""

    @abstractmethod
    def llm(self) -> "LLM":
        """The LlamaIndex LLM that generates answers (streaming via ``stream_chat``)."""
