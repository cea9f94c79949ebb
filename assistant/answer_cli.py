"""`assistant ask`: one question, a streamed answer, its checked citations (or one JSON object)."""

from __future__ import annotations

import json
import sys
from typing import TextIO

from assistant.llms import make_backend
from assistant.llms.base import Backend, BackendError
from assistant.settings import Settings
from assistant.render import answer_text

GENERATIVE_HINT = (
    "for generative answers start Ollama (`ollama serve`, then `ollama pull {model}`), "
    "or use --backend llamacpp with a GGUF file"
)


def choose_backend(settings: Settings, explicit: bool, err: TextIO | None = None) -> Backend:
    """The configured backend if it is ready; otherwise (unless chosen explicitly) the extractive one, said so."""
    err = err or sys.stderr
    backend = make_backend(settings)
    try:
        backend.check()
        return backend
    except BackendError as exc:
        if explicit or not backend.generative:
            raise
        print(f"note: {exc}", file=err)
        print(
            "note: answering extractively (quoted sentences, no LLM); " + GENERATIVE_HINT.format(model=settings.ollama_model),
            file=err,
        )
        return make_backend(settings, "extractive")


def ask(settings: Settings, question: str, as_json: bool = False, explicit_backend: bool = False) -> int:
    from assistant.answering.engine import build_engine

    backend = choose_backend(settings, explicit_backend)
    engine = build_engine(settings, backend=backend)
    if as_json:
        answer = engine.answer(question)
        print(json.dumps(answer.to_json(), ensure_ascii=False))
        return 0
    stream = sys.stdout.isatty() and backend.generative
    if stream:
        print(f"Q: {question}\n", flush=True)
        answer = engine.answer(question, on_token=lambda t: print(t, end="", flush=True))
        print("\n\n--- checked answer ---", flush=True)
    else:
        answer = engine.answer(question)
        print(f"Q: {question}\n")
    print(answer_text(answer))
    return 0
