"""A scripted Ollama-protocol server that answers from the prompt's passages and times every request."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from assistant.settings import Settings, load_settings
from assistant.testing.ollama_server import DEFAULT_MODEL, ChatRequest, OllamaProtocolServer, Reply, ScriptedResponder

# Indonesian questions whose passages pass the retrieval gate, so each one reaches the model once
# (the echoed passage sentence is Indonesian, so there is no language retry either).
QUESTIONS = [
    "Siapa yang menyambut Putin di Bandara Internasional Pyongyang?",
    "Mengapa Korea Utara menghadapi isolasi dan sanksi internasional?",
    "Kapan Kim Jong Un mengunjungi Rusia sebelum tahun 2023?",
    "Kesepakatan militer tahun berapa antara kedua Korea yang runtuh tahun lalu?",
    "Di mana Putin dan Kim bertemu pada bulan September?",
    "Apa yang akan dibahas Putin di Vietnam?",
    "Berapa lama kunjungan Putin ke Korea Utara direncanakan?",
    "Siapa Yury Ushakov?",
]


def user_message(request: ChatRequest) -> str:
    return next((str(m.get("content") or "") for m in reversed(request.messages) if m.get("role") == "user"), "")


def asked_question(request: ChatRequest) -> str:
    """The question inside the answer prompt (the line after "Question:")."""
    match = re.search(r"^Question:\s*(.+)$", user_message(request), re.MULTILINE)
    return match.group(1).strip() if match else ""


def echo_first_passage(request: ChatRequest) -> str:
    """A well-formed cited answer: the first sentence of passage [1], then "[1]"."""
    match = re.search(r"^\[1\]\s*(.+)$", user_message(request), re.MULTILINE)
    if not match:
        return "NO_ANSWER"
    sentence = re.split(r"(?<=[.!?])\s+", match.group(1).strip().strip("«»"))[0]
    return f"{sentence.rstrip('.')} [1]."


class TimedResponder:
    """Wraps a responder and records each request's (question, start, end) on the server's clock."""

    def __init__(self, inner: Callable[[ChatRequest], Iterable[str]]) -> None:
        self.inner = inner
        self.spans: list[tuple[str, float, float]] = []
        self._lock = threading.Lock()

    def __call__(self, request: ChatRequest) -> Iterator[str]:
        began = time.perf_counter()
        question = asked_question(request)
        try:
            yield from self.inner(request)
        finally:
            with self._lock:
                self.spans.append((question, began, time.perf_counter()))


def serve(script: Callable[[ChatRequest], Reply | str]) -> tuple[OllamaProtocolServer, TimedResponder]:
    """A (not yet started) server answering with ``script`` and timing each request."""
    timed = TimedResponder(ScriptedResponder(script))
    return OllamaProtocolServer(timed), timed


def settings_for(store: Path, url: str, tmp: Path) -> Settings:
    """Settings that answer through the Ollama-protocol server at ``url`` over the seeds index, one model
    request per answer (the batch's mechanics; the judge model's call is tested with the engine)."""
    return load_settings(
        store_dir=store,
        backend="ollama",
        ollama_url=url,
        ollama_model=DEFAULT_MODEL,
        request_timeout=30.0,
        chat_db=tmp / "chats.sqlite3",
        judge="overlap",
    )
