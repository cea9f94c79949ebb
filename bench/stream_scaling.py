"""How reading a streamed reply grows with its length: the product's bounded stream (the ollama client's
pieces, kept in a list) against LlamaIndex's Ollama ``stream_chat`` (which rebuilds the whole text at each
token), both over the loopback Ollama-protocol test server.

    nice -n 19 python bench/stream_scaling.py [--tokens 25000 50000 100000 200000]

Prints seconds and microseconds per token for each length: linear work keeps µs/token flat.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from llama_index.core.llms import ChatMessage  # noqa: E402
from llama_index.llms.ollama import Ollama  # noqa: E402

from assistant.llms.bounded import complete  # noqa: E402
from assistant.llms.ollama import OllamaBackend  # noqa: E402
from assistant.testing.ollama_server import DEFAULT_MODEL, OllamaProtocolServer, Reply, ScriptedResponder  # noqa: E402


def bounded(n: int) -> float:
    with OllamaProtocolServer(ScriptedResponder([Reply(text="kata " * n)])) as srv:
        backend = OllamaBackend(DEFAULT_MODEL, url=srv.url, request_timeout=3600, max_tokens=2 * n)
        began = time.perf_counter()
        assert len(complete(backend, "x")) == 5 * n
        return time.perf_counter() - began


def llamaindex(n: int) -> float:
    with OllamaProtocolServer(ScriptedResponder([Reply(text="kata " * n)])) as srv:
        llm = Ollama(model=DEFAULT_MODEL, base_url=srv.url, request_timeout=3600, context_window=4096)
        began = time.perf_counter()
        for _ in llm.stream_chat([ChatMessage(role="user", content="x")]):
            pass
        return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tokens", type=int, nargs="+", default=[25_000, 50_000, 100_000, 200_000])
    args = parser.parse_args()
    print(f"{'tokens':>8}  {'bounded s':>10}  {'µs/token':>9}  {'llamaindex s':>13}  {'µs/token':>9}")
    for n in args.tokens:
        ours, theirs = bounded(n), llamaindex(n)
        print(f"{n:>8}  {ours:>10.1f}  {ours / n * 1e6:>9.0f}  {theirs:>13.1f}  {theirs / n * 1e6:>9.0f}")


if __name__ == "__main__":
    main()
