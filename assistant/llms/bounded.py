"""Every reply of a model, bounded: an overall deadline (not only a per-read timeout: a server that sends a
token a minute is cut off), a token limit counted as the reply streams (a server that ignores num_predict
is cut off at ``max_tokens``), and a cancel event checked while waiting, not only between tokens.

The backend's stream is read in a daemon thread and handed over through a queue, so the caller waits at
most until the deadline whatever the server does; the pieces are kept in a list, so the work is linear in
the length of the reply.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Iterator, Sequence
from typing import Any

from llama_index.core.base.llms.types import ChatMessage, MessageRole

from assistant.llms.base import Backend, BackendError

MAX_CHARS_PER_TOKEN = 16
"""A reply longer than max_tokens times this many characters is cut off too (pieces need not be tokens)."""
WAKE = 0.1
"""Seconds between looks at the cancel event while the model is silent."""

Piece = tuple[str, dict[str, Any]]
"""A piece of the reply's text, and the counters the server sent with it (the last one carries them)."""


class ModelStopped(BackendError):
    """The model did not finish its reply within the deadline; the message names the server."""


def stopped(backend: Backend) -> ModelStopped:
    return ModelStopped(
        f"the model '{backend.model}' at {backend.location} stopped answering (no full reply within "
        f"{backend.deadline:g}s; request_timeout)"
    )


class _Pump:
    """Reads ``source`` in a daemon thread into a queue until it ends, fails, or is told to stop."""

    def __init__(self, source: Iterator[Piece]) -> None:
        self.source = source
        self.queue: queue.Queue[tuple[str, Any]] = queue.Queue()
        self.halt = threading.Event()
        threading.Thread(target=self._run, name="model-reply", daemon=True).start()

    def _run(self) -> None:
        try:
            for piece in self.source:
                if self.halt.is_set():
                    break
                self.queue.put(("piece", piece))
            self.queue.put(("end", None))
        except BaseException as exc:  # noqa: BLE001 - handed to the reader
            self.queue.put(("error", exc))
        finally:
            close = getattr(self.source, "close", None)
            if close is not None:
                try:
                    close()  # ends the HTTP response (or the local generation) early
                except Exception:  # noqa: BLE001 - it is being abandoned anyway
                    pass


def bounded_stream(
    backend: Backend,
    messages: Sequence[ChatMessage],
    cancel: threading.Event | None = None,
    max_tokens: int | None = None,
    schema: dict[str, Any] | None = None,
) -> Iterator[Piece]:
    """The reply's pieces as they come. It ends with the reply, after ``max_tokens`` pieces (or as many times
    MAX_CHARS_PER_TOKEN characters), or when ``cancel`` is set; ModelStopped when the backend's deadline runs
    out first."""
    import httpx

    limit = max_tokens or backend.max_tokens
    deadline = time.monotonic() + backend.deadline
    pump = _Pump(backend.stream(messages, schema) if schema else backend.stream(messages))
    tokens = chars = 0
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise stopped(backend)
            if cancel is not None and cancel.is_set():
                return
            try:
                kind, item = pump.queue.get(timeout=min(remaining, WAKE) if cancel is not None else remaining)
            except queue.Empty:
                continue
            if kind == "end":
                return
            if kind == "error":
                if isinstance(item, httpx.TimeoutException):
                    raise stopped(backend) from item
                raise item
            text, raw = item
            yield text, raw
            if text:
                tokens, chars = tokens + 1, chars + len(text)
                if tokens >= limit or chars >= limit * MAX_CHARS_PER_TOKEN:
                    return
    finally:
        pump.halt.set()


def complete(
    backend: Backend,
    prompt: str,
    max_tokens: int | None = None,
    *,
    system: str | None = None,
    schema: dict[str, Any] | None = None,
) -> str:
    """The model's whole reply to ``prompt`` (one user message, after ``system`` when given), bounded like
    every reply; ``schema``: a JSON schema the reply is held to where the backend can."""
    messages = [ChatMessage(role=MessageRole.SYSTEM, content=system)] if system else []
    messages.append(ChatMessage(role=MessageRole.USER, content=prompt))
    return "".join(text for text, _ in bounded_stream(backend, messages, max_tokens=max_tokens, schema=schema))
