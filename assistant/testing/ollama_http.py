"""The HTTP side of the Ollama-protocol test server: requests parsed, answers framed and streamed as
real Ollama does (NDJSON chunks, a final line with counters and durations)."""

from __future__ import annotations

import contextlib
import json
import re
import time
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

from assistant.testing.responders import ChatRequest, Responder, ResponderError, Usage

if TYPE_CHECKING:
    from assistant.testing.ollama_server import OllamaProtocolServer

OLLAMA_VERSION = "0.12.0"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def _ns(seconds: float) -> int:
    return max(0, round(seconds * 1e9))


def _rough_token_count(messages: Sequence[dict[str, Any]]) -> int:
    """A stand-in prompt token count for responders that report none: words and punctuation marks."""
    return sum(len(re.findall(r"\w+|[^\w\s]", str(m.get("content") or ""))) for m in messages)


class OllamaHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # never wait for slow or kept-alive handler threads on stop

    def __init__(self, address: tuple[str, int], owner: OllamaProtocolServer) -> None:
        self.owner = owner
        super().__init__(address, _Handler)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: OllamaHTTPServer

    def handle(self) -> None:
        with contextlib.suppress(ConnectionError):  # the client went away, e.g. after its own timeout
            super().handle()

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.owner.log_requests:
            super().log_message(format, *args)

    # --- plumbing -------------------------------------------------------------------------------------

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _send_json(self, status: int, payload: dict[str, Any]) -> None:
        self._send(status, json.dumps(payload).encode(), "application/json; charset=utf-8")

    def _write_chunk(self, payload: dict[str, Any]) -> None:
        data = json.dumps(payload).encode() + b"\n"
        self.wfile.write(b"%X\r\n%s\r\n" % (len(data), data))

    def _read_json(self) -> dict[str, Any] | None:
        """The JSON object body, or None after answering 400."""
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        try:
            body = json.loads(raw or b"{}")
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            self._send_json(400, {"error": f"invalid JSON request body: {error}"})
            return None
        if not isinstance(body, dict):
            self._send_json(400, {"error": "request body must be a JSON object"})
            return None
        return body

    # --- routes ---------------------------------------------------------------------------------------

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        owner = self.server.owner
        if self.path == "/":
            self._send(200, b"Ollama is running", "text/plain; charset=utf-8")
        elif self.path == "/api/version":
            self._send_json(200, {"version": OLLAMA_VERSION})
        elif self.path == "/api/tags":
            self._send_json(200, {"models": [owner.tag(name) for name in list(owner.models)]})
        else:
            self._send(404, b"404 page not found", "text/plain")

    def do_POST(self) -> None:
        if self.path not in ("/api/show", "/api/chat", "/api/generate"):
            self._send(404, b"404 page not found", "text/plain")
            return
        body = self._read_json()
        if body is None:
            return
        model = body.get("model") or body.get("name")
        if not model:
            self._send_json(400, {"error": "model is required"})
            return
        owner = self.server.owner
        if self.path == "/api/show":
            if model not in owner.models:
                self._send_json(404, {"error": f"model '{model}' not found"})
            else:
                self._send_json(200, owner.show(model))
            return
        if model not in owner.models:
            self._send_json(404, {"error": f'model "{model}" not found, try pulling it first'})
            return
        self._answer(model, body, chat=self.path == "/api/chat")

    # --- answering ------------------------------------------------------------------------------------

    def _answer(self, model: str, body: dict[str, Any], chat: bool) -> None:
        if chat:
            messages = list(body.get("messages") or [])
        else:
            messages = [{"role": "system", "content": body["system"]}] if body.get("system") else []
            messages.append({"role": "user", "content": body.get("prompt") or ""})
        request = ChatRequest(
            model=model,
            messages=messages,
            options=dict(body.get("options") or {}),
            stream=body.get("stream", True) is not False,
            body=body,
        )

        def frame(piece: str) -> dict[str, Any]:
            text = {"message": {"role": "assistant", "content": piece}} if chat else {"response": piece}
            return {"model": model, "created_at": _now(), **text}

        started = time.perf_counter()
        events = _guarded(self.server.owner.responder, request)
        try:
            first = next(events, None)
        except ResponderError as error:
            self._send_json(error.status, {"error": error.message})
            return
        try:
            if request.stream:
                self._stream(request, first, events, frame, started)
            else:
                self._whole(request, first, events, frame, started)
        finally:
            events.close()  # stops a generation the client no longer waits for

    def _stream(
        self,
        request: ChatRequest,
        first: str | Usage | None,
        events: Iterator[str | Usage],
        frame: Callable[[str], dict[str, Any]],
        started: float,
    ) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/x-ndjson")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        tally = _Tally(started)
        try:
            for piece in tally.text(_prepend(first, events)):
                self._write_chunk({**frame(piece), "done": False})
        except ResponderError as error:
            self._write_chunk({"error": error.message})
        else:
            self._write_chunk({**frame(""), "done": True, **tally.counters(request)})
        self.wfile.write(b"0\r\n\r\n")

    def _whole(
        self,
        request: ChatRequest,
        first: str | Usage | None,
        events: Iterator[str | Usage],
        frame: Callable[[str], dict[str, Any]],
        started: float,
    ) -> None:
        tally = _Tally(started)
        try:
            pieces = list(tally.text(_prepend(first, events)))
        except ResponderError as error:
            self._send_json(error.status, {"error": error.message})
            return
        self._send_json(200, {**frame("".join(pieces)), "done": True, **tally.counters(request)})


def _guarded(responder: Responder, request: ChatRequest) -> Generator[str | Usage, None, None]:
    """The responder's events, with any failure turned into a ResponderError (HTTP 500 / error line)."""
    try:
        yield from responder(request)
    except ResponderError:
        raise
    except Exception as error:
        raise ResponderError(f"{type(error).__name__}: {error}") from error


def _prepend(first: str | Usage | None, rest: Iterator[str | Usage]) -> Iterator[str | Usage]:
    if first is not None:
        yield first
    yield from rest


class _Tally:
    """Measures an answer (time to first piece, pieces) to fill in counters a responder did not report."""

    def __init__(self, started: float) -> None:
        self.started = started
        self.first_piece: float | None = None
        self.pieces = 0
        self.usage: Usage | None = None

    def text(self, events: Iterable[str | Usage]) -> Iterator[str]:
        """The text pieces of ``events``, counted and timed; a Usage event is kept as the final counters."""
        for event in events:
            if isinstance(event, Usage):
                self.usage = event
                continue
            self.pieces += 1
            if self.first_piece is None:
                self.first_piece = time.perf_counter()
            yield event

    def counters(self, request: ChatRequest) -> dict[str, Any]:
        """The final line's done_reason, counts and durations (nanoseconds)."""
        ended = time.perf_counter()
        first = self.first_piece if self.first_piece is not None else ended
        usage = self.usage or Usage(prompt_eval_count=_rough_token_count(request.messages), eval_count=self.pieces)
        prompt_seconds = usage.prompt_eval_seconds if usage.prompt_eval_seconds is not None else first - self.started
        eval_seconds = usage.eval_seconds if usage.eval_seconds is not None else ended - first
        return {
            "done_reason": usage.done_reason,
            "total_duration": _ns(ended - self.started),
            "load_duration": _ns(usage.load_seconds),
            "prompt_eval_count": usage.prompt_eval_count,
            "prompt_eval_duration": _ns(prompt_seconds),
            "eval_count": usage.eval_count,
            "eval_duration": _ns(eval_seconds),
        }
