"""The no-LLM backend: answers are the best evidence sentences of the retrieved passages, quoted
(see ``assistant.answering.quote``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.llms.base import Backend, BackendError

if TYPE_CHECKING:
    from llama_index.core.llms import LLM


class ExtractiveBackend(Backend):
    """Always available: the best evidence is quoted, so there is no LLM."""

    name = "extractive"
    generative = False

    def __init__(self, model: str = "none") -> None:
        super().__init__(model)

    def check(self) -> None:
        return None

    def llm(self) -> LLM:
        raise BackendError("the extractive backend has no LLM: choose --backend ollama or llamacpp")
