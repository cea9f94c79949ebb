"""A stdlib HTTP server speaking the subset of the Ollama API that the ``ollama`` client and LlamaIndex use.

A *responder* produces each answer: it is called with a :class:`ChatRequest` and returns an iterable of
text pieces (``str``) and optionally one :class:`Usage` with the final counters. Raising
:class:`ResponderError` before the first piece becomes an HTTP error response; raising it later becomes
an ``{"error": ...}`` line in the stream, as real Ollama does.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import re
import sys
import threading
import time
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, TypeAlias

OLLAMA_VERSION = "0.12.0"
DEFAULT_MODEL = "qwen2.5:1.5b"
DEFAULT_CONTEXT_LENGTH = 32768
DEFAULT_SCRIPTED_ERROR = "scripted error"

MODEL_DETAILS: dict[str, Any] = {
    "parent_model": "",
    "format": "gguf",
    "family": "qwen2",
    "families": ["qwen2"],
    "parameter_size": "1.5B",
    "quantization_level": "Q4_K_M",
}
CHATML_TEMPLATE = (
    "{{- range .Messages }}<|im_start|>{{ .Role }}\n{{ .Content }}<|im_end|>\n{{ end }}<|im_start|>assistant\n"
)


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
        )
        yield Usage(
            prompt_eval_count=stats.prompt_tokens,
            eval_count=stats.completion_tokens,
            prompt_eval_seconds=stats.prefill_seconds,
            eval_seconds=stats.generation_seconds,
            load_seconds=stats.load_seconds,
            done_reason=stats.finish_reason or "stop",
        )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def _ns(seconds: float) -> int:
    return max(0, round(seconds * 1e9))


def _rough_token_count(messages: Sequence[dict[str, Any]]) -> int:
    """A stand-in prompt token count for responders that report none: words and punctuation marks."""
    return sum(len(re.findall(r"\w+|[^\w\s]", str(m.get("content") or ""))) for m in messages)


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # never wait for slow or kept-alive handler threads on stop

    def __init__(self, address: tuple[str, int], owner: OllamaProtocolServer) -> None:
        self.owner = owner
        super().__init__(address, _Handler)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _HTTPServer

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
            for event in _prepend(first, events):
                if isinstance(event, Usage):
                    tally.usage = event
                else:
                    tally.piece()
                    self._write_chunk({**frame(event), "done": False})
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
        pieces: list[str] = []
        try:
            for event in _prepend(first, events):
                if isinstance(event, Usage):
                    tally.usage = event
                else:
                    tally.piece()
                    pieces.append(event)
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

    def piece(self) -> None:
        self.pieces += 1
        if self.first_piece is None:
            self.first_piece = time.perf_counter()

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


class OllamaProtocolServer:
    """An Ollama look-alike on ``host:port`` (port 0 picks a free one); ``models`` may be changed while running."""

    def __init__(
        self,
        responder: Responder,
        models: Sequence[str] = (DEFAULT_MODEL,),
        host: str = "127.0.0.1",
        port: int = 0,
        context_length: int = DEFAULT_CONTEXT_LENGTH,
        log_requests: bool = False,
    ) -> None:
        self.responder = responder
        self.models: list[str] = list(models)
        self.context_length = context_length
        self.log_requests = log_requests
        self._address = (host, port)
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """Base URL, e.g. ``http://127.0.0.1:54321``."""
        if self._httpd is None:
            raise RuntimeError("the Ollama-protocol server is not running: call start() first")
        host, port = self._httpd.socket.getsockname()[:2]
        return f"http://{host}:{port}"

    def start(self) -> OllamaProtocolServer:
        """Bind and serve in a background thread."""
        if self._httpd is None:
            self._httpd = _HTTPServer(self._address, self)
            self._thread = threading.Thread(
                target=self._httpd.serve_forever, args=(0.05,), name="ollama-protocol-server", daemon=True
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop accepting requests and close the listening socket."""
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def __enter__(self) -> OllamaProtocolServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def tag(self, name: str) -> dict[str, Any]:
        """The /api/tags entry for a served model."""
        return {
            "name": name,
            "model": name,
            "modified_at": "2025-01-01T00:00:00Z",
            "size": 986_000_000,
            "digest": hashlib.sha256(name.encode()).hexdigest(),
            "details": MODEL_DETAILS,
        }

    def show(self, name: str) -> dict[str, Any]:
        """The /api/show answer for a served model."""
        return {
            "license": "",
            "modelfile": f"# Modelfile of the test server\nFROM {name}\nTEMPLATE {json.dumps(CHATML_TEMPLATE)}\n",
            "parameters": 'stop                           "<|im_start|>"\nstop                           "<|im_end|>"',
            "template": CHATML_TEMPLATE,
            "details": MODEL_DETAILS,
            "model_info": {
                "general.architecture": "qwen2",
                "general.basename": name.split(":")[0],
                "general.parameter_count": 1_543_714_304,
                "qwen2.block_count": 28,
                "qwen2.context_length": self.context_length,
                "qwen2.embedding_length": 1536,
            },
            "capabilities": ["completion"],
            "modified_at": "2025-01-01T00:00:00Z",
        }


def main(argv: Sequence[str] | None = None) -> None:
    """Serve a GGUF model over the Ollama protocol until Ctrl-C."""
    parser = argparse.ArgumentParser(prog="python -m assistant.testing.ollama_server", description=main.__doc__)
    parser.add_argument("--gguf", required=True, help="GGUF file to serve, or 'test' for the bundled test model")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=11434, help="0 picks a free port")
    parser.add_argument(
        "--model-name",
        action="append",
        dest="model_names",
        help=f"model name to serve (repeatable; default {DEFAULT_MODEL})",
    )
    parser.add_argument("--n-ctx", type=int, default=4096, help="context size the model is loaded with")
    parser.add_argument("--threads", type=int, default=None, help="CPU threads (default: all cores)")
    parser.add_argument("--quiet", action="store_true", help="do not log requests to stderr")
    args = parser.parse_args(argv)

    if args.gguf == "test":
        from assistant.testing.gguf import ensure_test_gguf

        try:
            model_path = ensure_test_gguf()
        except RuntimeError as error:
            sys.exit(f"error: {error}")
    else:
        model_path = Path(args.gguf)
        if not model_path.is_file():
            sys.exit(f"error: GGUF model not found: {model_path}")
    responder = LlamaCppResponder(model_path, n_ctx=args.n_ctx, n_threads=args.threads)
    responder.chat.load()  # "listening" means ready to answer
    server = OllamaProtocolServer(
        responder,
        models=args.model_names or [DEFAULT_MODEL],
        host=args.host,
        port=args.port,
        context_length=args.n_ctx,
        log_requests=not args.quiet,
    )
    with server:
        print(f"listening on {server.url}", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()
