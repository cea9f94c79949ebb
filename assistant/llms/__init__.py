"""Answer backends behind one small interface (see base.Backend)."""

from __future__ import annotations

from collections.abc import Callable

from assistant.llms.base import Backend, BackendError
from assistant.settings import Settings

__all__ = ["Backend", "BackendError", "make_backend", "ready_backend"]

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

        return LlamaCppBackend(settings.llamacpp_model_path, max_tokens=settings.max_answer_tokens)
    if name == "extractive":
        from assistant.llms.extractive import ExtractiveBackend

        return ExtractiveBackend()
    raise BackendError(f"unknown backend '{name}': use ollama, llamacpp or extractive")


def ready_backend(settings: Settings, explicit: bool, note: Callable[[str], None]) -> Backend:
    """The configured backend if it is ready; otherwise (unless chosen explicitly) the extractive one, with
    two ``note`` lines saying why and how to get generative answers."""
    backend = make_backend(settings)
    try:
        backend.check()
        return backend
    except BackendError as exc:
        if explicit or not backend.generative:
            raise
        note(str(exc))
        note(
            "answering extractively (quoted sentences, no LLM); " + GENERATIVE_HINT.format(model=settings.ollama_model)
        )
        return make_backend(settings, "extractive")
