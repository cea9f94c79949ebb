"""Responders of the Ollama-protocol test server: what produces each answer.

A responder is called with a :class:`ChatRequest` and returns an iterable of text pieces (``str``) and
optionally one :class:`Usage` with the final counters. Raising :class:`ResponderError` before the first
piece becomes an HTTP error response; raising it later becomes an ``{"error": ...}`` line in the
stream, as real Ollama does.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeAlias

DEFAULT_SCRIPTED_ERROR = "scripted error"


@dataclass(frozen=True)
class ChatRequest:
    """One /api/chat (or /api/generate, turned into messages) request as a responder sees it."""

    model: str
    messages: list[dict[str, Any]]
    options: dict[str, Any]
    stream: bool
    body: dict[str, Any]


@dataclass(frozen=True)
class Usage:
    """Final counters a responder may report; durations in seconds, None means "measured by the server"."""

    prompt_eval_count: int
    eval_count: int
    prompt_eval_seconds: float | None = None
    eval_seconds: float | None = None
    load_seconds: float = 0.0
    done_reason: str = "stop"


class ResponderError(Exception):
    """A failed answer: HTTP ``status`` if raised before the first piece, else an error line mid-stream."""

    def __init__(self, message: str, status: int = 500) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


Responder: TypeAlias = Callable[[ChatRequest], Iterable[str | Usage]]


@dataclass(frozen=True)
class Reply:
    """One scripted answer and how to deliver it.

    ``status`` other than 200 answers with that HTTP error and ``error`` as message; ``error_after_chunks=n``
    streams n pieces then an in-stream error line (n=0 is an HTTP 500, since nothing was streamed yet).
    Pieces are ``chunk_chars`` characters each, or word-like tokens (a word plus its trailing space) by default.
    """

    text: str = ""
    chunk_chars: int | None = None
    delay_before: float = 0.0
    delay_per_chunk: float = 0.0
    error_after_chunks: int | None = None
    error: str = DEFAULT_SCRIPTED_ERROR
    status: int = 200

    def chunks(self) -> list[str]:
        """The pieces the text is streamed in; they concatenate back to ``text``."""
        if self.chunk_chars is not None:
            if self.chunk_chars < 1:
                raise ValueError("chunk_chars must be at least 1")
            return [self.text[i : i + self.chunk_chars] for i in range(0, len(self.text), self.chunk_chars)]
        return re.findall(r"\S+\s*|\s+", self.text)

    def events(self) -> Iterator[str]:
        """Deliver the reply: wait, then yield pieces (pausing between them), failing where scripted."""
        time.sleep(self.delay_before)
        if self.status != 200:
            raise ResponderError(self.error, self.status)
        for index, piece in enumerate(self.chunks()):
            if index == self.error_after_chunks:
                raise ResponderError(self.error)
            if index and self.delay_per_chunk:
                time.sleep(self.delay_per_chunk)
            yield piece
        if self.error_after_chunks is not None:
            raise ResponderError(self.error)


ReplyScript: TypeAlias = Sequence[Reply | str] | Callable[[ChatRequest], Reply | str]


class ScriptedResponder:
    """Answers with scripted replies in order (or from a callable) and records every request, thread-safely."""

    def __init__(self, replies: ReplyScript) -> None:
        self._script: Callable[[ChatRequest], Reply | str] | None = replies if callable(replies) else None
        self._queue: list[Reply | str] = [] if callable(replies) else list(replies)
        self._requests: list[ChatRequest] = []
        self._lock = threading.Lock()

    @property
    def requests(self) -> list[ChatRequest]:
        """Every request received so far, in arrival order (a copy)."""
        with self._lock:
            return list(self._requests)

    def __call__(self, request: ChatRequest) -> Iterator[str]:
        with self._lock:
            self._requests.append(request)
            number = len(self._requests)
            queued = self._queue.pop(0) if self._queue else None
        if self._script is not None:
            reply = self._script(request)  # called unlocked: it may read .requests
        elif queued is None:
            raise ResponderError(f"scripted responder has no reply left for request #{number}")
        else:
            reply = queued
        return (Reply(reply) if isinstance(reply, str) else reply).events()


OLLAMA_SAMPLING_DEFAULTS: dict[str, Any] = {"temperature": 0.8, "top_p": 0.9, "top_k": 40}


class LlamaCppResponder:
    """Answers with a real GGUF model through llama-cpp-python (one generation at a time), like Ollama would."""

    def __init__(self, model_path: Path, n_ctx: int = 4096, n_threads: int | None = None, seed: int = 0) -> None:
        from assistant.llms.llamacpp import LlamaCppChat

        self.chat = LlamaCppChat(model_path, n_ctx=n_ctx, n_threads=n_threads, seed=seed)

    def __call__(self, request: ChatRequest) -> Iterator[str | Usage]:
        given = {key: value for key, value in request.options.items() if value is not None}
        options = {**OLLAMA_SAMPLING_DEFAULTS, **given}  # num_ctx is ignored: the model is loaded once
        stats = yield from self.chat.stream(
            [{"role": m.get("role", "user"), "content": m.get("content") or ""} for m in request.messages],
            temperature=options["temperature"],
            max_tokens=options.get("num_predict"),
            top_p=options["top_p"],
            top_k=options["top_k"],
            seed=options.get("seed"),
            stop=options.get("stop"),
            schema=request.body.get("format") if isinstance(request.body.get("format"), dict) else None,
        )
        yield Usage(
            prompt_eval_count=stats.prompt_tokens,
            eval_count=stats.completion_tokens,
            prompt_eval_seconds=stats.prefill_seconds,
            eval_seconds=stats.generation_seconds,
            load_seconds=stats.load_seconds,
            done_reason=stats.finish_reason or "stop",
        )
