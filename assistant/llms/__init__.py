"""Answer backends behind one small interface (see base.Backend)."""

from __future__ import annotations

from assistant.llms.base import Backend, BackendError
from assistant.settings import Settings

__all__ = ["Backend", "BackendError", "make_backend"]


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
