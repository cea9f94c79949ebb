"""What produced a batch's answers (the ``run`` record of every line), and the engine a batch uses."""

from __future__ import annotations

import sys
from typing import Any, TextIO


def run_info(settings: Any, engine: Any) -> dict[str, Any]:
    """The ``run`` object of every output line: what produced the answers."""
    backend = engine.backend
    searcher = engine.searcher
    manifest = searcher.manifest
    return {
        "backend": backend.name,
        "model": str(backend.model),
        "embedder": manifest.embedder,
        "index": manifest.fingerprint(),
        "prompts": engine.prompts.hashes(),
        "index_chunking": dict(manifest.chunking),
        "settings": answer_settings(settings),
    }


LOCAL_SETTINGS = frozenset(
    {"seeds_dir", "store_dir", "chroma_url", "chroma_timeout", "ollama_url", "llamacpp_model_path", "prompts_dir"}
    | {"chat_db"}
    | {"backend", "ollama_model"}
)
"""Settings left out of ``run.settings``: where things are on this machine, and the configured backend and
model (``run`` records the ones actually used, e.g. extractive after a fallback)."""


def answer_settings(settings: Any) -> dict[str, Any]:
    """The settings that shape answers (all but LOCAL_SETTINGS), JSON-ready."""
    if hasattr(settings, "model_dump"):
        return dict(settings.model_dump(mode="json", exclude=set(LOCAL_SETTINGS)))
    return {}


def build_batch_engine(settings: Any, explicit_backend: bool = False, err: TextIO | None = None) -> Any:
    """The engine a batch uses: the configured backend, or extractive (said so) when it is not ready."""
    from assistant.answering.build import build_engine
    from assistant.llms import ready_backend

    stream = err or sys.stderr
    backend = ready_backend(settings, explicit_backend, lambda text: print(f"note: {text}", file=stream, flush=True))
    engine = build_engine(settings, backend=backend)
    # Load what is created lazily once, before the workers race to: the embedding model and the LLM client.
    engine.searcher.embedder.get_query_embedding("warm up")
    if backend.generative:
        backend.llm()
    return engine
