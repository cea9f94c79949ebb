"""Answer backends behind one small interface (see base.Backend)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from assistant.llms.base import Backend, BackendError
from assistant.settings import Settings

__all__ = ["Backend", "BackendChoice", "BackendError", "choose_backend", "make_backend", "ready_backend"]

GENERATIVE_HINT = (
    "for generative answers start Ollama (`ollama serve`, then `ollama pull {model}`), "
    "or use --backend llamacpp with a GGUF file"
)


def make_backend(settings: Settings, name: str | None = None) -> Backend:
    """The backend a setting (or ``name``) asks for."""
    name = name or settings.backend
    if name == "ollama":
        from assistant.llms.ollama import OllamaBackend

        return OllamaBackend(
            settings.ollama_model,
            url=settings.ollama_url,
            request_timeout=settings.request_timeout,
            max_tokens=settings.max_answer_tokens,
        )
    if name == "llamacpp":
        from assistant.llms.llamacpp import LlamaCppBackend

        return LlamaCppBackend(
            settings.llamacpp_model_path, max_tokens=settings.max_answer_tokens, deadline=settings.request_timeout
        )
    if name == "extractive":
        from assistant.llms.extractive import ExtractiveBackend

        return ExtractiveBackend()
    raise BackendError(f"unknown backend '{name}': use ollama, llamacpp or extractive")


@dataclass(frozen=True)
class BackendChoice:
    """The backend to answer with, and why it is not the configured one ("" when it is)."""

    backend: Backend
    fallback: str = ""

    def notes(self, settings: Settings) -> list[str]:
        """What to tell the user about a fallback: why, and how to get generative answers."""
        if not self.fallback:
            return []
        return [self.fallback, FALLBACK + GENERATIVE_HINT.format(model=settings.ollama_model)]


FALLBACK = "answering extractively (quoted sentences, no LLM); "


def choose_backend(settings: Settings, explicit: bool) -> BackendChoice:
    """The rule every face applies: the configured backend if it is ready; otherwise, unless it was chosen
    explicitly (BackendError then), the extractive one and why."""
    backend = make_backend(settings)
    try:
        backend.check()
        return BackendChoice(backend)
    except BackendError as exc:
        if explicit or not backend.generative:
            raise
        return BackendChoice(make_backend(settings, "extractive"), str(exc))


def ready_backend(settings: Settings, explicit: bool, note: Callable[[str], None]) -> Backend:
    """``choose_backend``, with a ``note`` line for each thing to say about a fallback."""
    choice = choose_backend(settings, explicit)
    for line in choice.notes(settings):
        note(line)
    return choice.backend
