"""Batch throughput at concurrency 1, 2 and 4 against the loopback Ollama-protocol server.

    python bench/batch_throughput.py                          # scripted model: 0.5 s per request + 20 ms per token
    python bench/batch_throughput.py --latency 1.0 --per-token 0.05 --concurrency 1 4 8
    python bench/batch_throughput.py --real-model --limit 6   # the small GGUF model (generations are serialized)

The scripted model answers every request with the first sentence of passage [1] (a cited, supported
answer) after a fixed latency plus a delay per streamed token, so what overlaps is the waiting on the
model, as with a real Ollama server working on parallel requests. Seeds are ingested into a temporary
store (or pass --store). Prints questions/s and the speed-up over sequential; asserts nothing.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.batch import (  # noqa: E402
    BatchItem,
    build_batch_engine,
    parse_output,
    read_questions,
    run_batch,
    run_info,
)
from assistant.progress import QuietBatch  # noqa: E402
from assistant.settings import load_settings  # noqa: E402
from assistant.testing.ollama_server import (  # noqa: E402
    DEFAULT_MODEL,
    ChatRequest,
    OllamaProtocolServer,
    Reply,
    ScriptedResponder,
)

DEFAULT_FILES = [ROOT / "tests/answers/dev.jsonl", ROOT / "bench/questions/tune.jsonl"]


def echo_first_passage(request: ChatRequest) -> str:
    """A cited answer: the first sentence of passage [1] of the answer prompt."""
    user = next((str(m.get("content") or "") for m in reversed(request.messages) if m.get("role") == "user"), "")
    match = re.search(r"^\[1\]\s*(.+)$", user, re.MULTILINE)
    if not match:
        return "NO_ANSWER"
    return re.split(r"(?<=[.!?])\s+", match.group(1).strip())[0].rstrip(".") + " [1]."


class Meter:
    """Wraps a responder: counts requests and the most that were in flight at once."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.requests = 0
        self.in_flight = 0
        self.peak = 0
        self._lock = threading.Lock()

    def reset(self) -> None:
        with self._lock:
            self.requests = self.peak = 0

    def __call__(self, request: ChatRequest) -> Iterator[Any]:
        with self._lock:
            self.requests += 1
            self.in_flight += 1
            self.peak = max(self.peak, self.in_flight)
        try:
            yield from self.inner(request)
        finally:
            with self._lock:
                self.in_flight -= 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="*", type=Path, default=DEFAULT_FILES, help="question files (JSONL)")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--latency", type=float, default=0.5, help="scripted seconds before the first token")
    parser.add_argument("--per-token", type=float, default=0.02, help="scripted seconds between tokens")
    parser.add_argument("--limit", type=int, default=0, help="use only the first N answerable questions")
    parser.add_argument("--real-model", action="store_true", help="serve the small test GGUF instead of a script")
    parser.add_argument("--store", type=Path, help="an existing index (default: ingest the seeds into a temp dir)")
    args = parser.parse_args()

    items = [item for path in args.files for item in read_questions(path) if item.extra.get("answerable", True)]
    if args.limit:
        items = items[: args.limit]
    # Several files may reuse ids: make them unique for the batch.
    items = [BatchItem(id=f"b{n:03d}", question=i.question, line=i.line, extra=i.extra) for n, i in enumerate(items)]

    if args.real_model:
        from assistant.testing.gguf import ensure_test_gguf
        from assistant.testing.ollama_server import LlamaCppResponder

        responder: Any = LlamaCppResponder(ensure_test_gguf(), n_ctx=4096)
        model = "real model (Qwen2.5-Coder-0.5B-Instruct GGUF, one generation at a time)"
    else:
        responder = ScriptedResponder(
            lambda r: Reply(echo_first_passage(r), delay_before=args.latency, delay_per_chunk=args.per_token)
        )
        model = (
            f"scripted model: {args.latency:.2f} s before the first token + {args.per_token * 1000:.0f} ms per token"
        )
    meter = Meter(responder)

    with tempfile.TemporaryDirectory(prefix="batch-bench-") as tmp:
        store = args.store
        if store is None:
            from assistant.ingest.sync import ingest

            store = Path(tmp) / "store"
            ingest(load_settings(store_dir=store, seeds_dir=ROOT / "seeds"))
        with OllamaProtocolServer(meter, context_length=4096) as server:
            settings = load_settings(
                store_dir=store,
                backend="ollama",
                ollama_url=server.url,
                ollama_model=DEFAULT_MODEL,
                request_timeout=600,
            )
            engine = build_batch_engine(settings, explicit_backend=True)
            run = run_info(settings, engine)
            engine.answer(items[0].question)  # warm up: load the embedder and open the index
            print(f"{len(items)} answerable questions; {model}")
            print(
                f"{'concurrency':>11} {'seconds':>8} {'questions/s':>12} {'vs sequential':>14} "
                f"{'LLM requests':>13} {'max in flight':>14} {'input order':>12}"
            )
            base: float | None = None
            for concurrency in args.concurrency:
                meter.reset()
                out = Path(tmp) / f"answers-{concurrency}.jsonl"
                began = time.perf_counter()
                summary = run_batch(engine, items, out, run, concurrency=concurrency, progress=QuietBatch())
                seconds = time.perf_counter() - began
                rate = len(items) / seconds
                base = base or rate
                records = parse_output(out.read_bytes()).records
                ordered = [r["id"] for r in records] == [i.id for i in items]
                print(
                    f"{concurrency:>11} {seconds:>8.1f} {rate:>12.2f} {rate / base:>13.2f}x {meter.requests:>13} "
                    f"{meter.peak:>14} {'kept' if ordered else 'NOT kept':>12}"
                    + (f"   ({summary.failed} failed)" if summary.failed else "")
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
