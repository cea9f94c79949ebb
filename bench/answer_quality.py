"""Answer quality, extractive and with the real 0.5B test model, on question files: the figures of bench/RESULTS.md.

    python bench/answer_quality.py                                   # tuning sets, both backends
    python bench/answer_quality.py --split heldout                   # the held-out sets (figures only)
    python bench/answer_quality.py --backend extractive FILE.jsonl   # one backend, any files

The generative backend is Qwen2.5-Coder-0.5B-Instruct (the test GGUF) behind the loopback Ollama-protocol
server, reached through the real Ollama client; answers go through `assistant batch` (conversations
included) and are scored by `assistant eval`'s metrics.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.batch import read_questions, run_batch, run_info  # noqa: E402
from assistant.batch.records import parse_output  # noqa: E402
from assistant.evaluation import evaluate  # noqa: E402
from assistant.ingest.sync import ingest  # noqa: E402
from assistant.settings import Settings, load_settings  # noqa: E402

SPLITS = {
    "tuning": [
        ROOT / "tests/answers/dev.jsonl",
        ROOT / "bench/questions/tune.jsonl",
        ROOT / "bench/questions/types.jsonl",
    ],
    "heldout": [
        ROOT / "bench/questions/heldout.jsonl",
        ROOT / "bench/questions/heldout_conversations.jsonl",
        ROOT / "bench/questions/readers_heldout.jsonl",
        ROOT / "bench/questions/conversations_heldout.jsonl",
    ],
    "conversations": [ROOT / "tests/answers/conversations/followups.jsonl"],
}
COLUMNS = (
    ("facts", "fact_recall"),
    ("right source", "cites_gold_rate"),
    ("wrong refusals", "wrong_refusal_rate"),
    ("unanswerable refused", "refusal_accuracy"),
    ("language", "language_match"),
    ("answers_question", "answers_question_rate"),
    ("wrong_flagged", "wrong_flagged"),
    ("right_flagged", "right_flagged"),
    ("follow-ups", "followup_accuracy"),
    ("median s", "latency_p50"),
    ("p95 s", "latency_p95"),
    ("prompt tokens", "prompt_tokens_p50"),
)


def engine_for(settings, backend: str):  # type: ignore[no-untyped-def]
    from assistant.answering.build import build_engine
    from assistant.llms import make_backend

    return build_engine(settings, backend=make_backend(settings, backend))


def cell(name: str, value) -> str:  # type: ignore[no-untyped-def]
    if value.value is None:
        return "–"
    if name in (
        "wrong_refusal_rate",
        "refusal_accuracy",
        "fact_recall",
        "cites_gold_rate",
        "language_match",
        "wrong_flagged",
        "right_flagged",
        "followup_accuracy",
        "answers_question_rate",
    ):
        return f"{round(value.value * value.n)}/{value.n}"
    return f"{value.value:.1f}" if "latency" in name else f"{value.value:.0f}"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--split", choices=sorted(SPLITS), default="tuning")
    parser.add_argument("--backend", choices=["extractive", "llm", "both"], default="both")
    parser.add_argument("--judge", choices=["overlap", "llm"], default=Settings.model_fields["judge"].default)
    args = parser.parse_args()
    files = args.files or SPLITS[args.split]
    backends = ["extractive", "llm"] if args.backend == "both" else [args.backend]
    with tempfile.TemporaryDirectory() as tmp:
        base = load_settings(store_dir=Path(tmp) / "store", seeds_dir=ROOT / "seeds", judge=args.judge)
        ingest(base)
        rows = []
        for backend in backends:
            server = None
            settings = base
            if backend == "llm":
                from assistant.testing.gguf import ensure_test_gguf
                from assistant.testing.ollama_server import DEFAULT_MODEL, LlamaCppResponder, OllamaProtocolServer

                server = OllamaProtocolServer(
                    LlamaCppResponder(ensure_test_gguf(), n_ctx=4096), context_length=4096
                ).start()
                settings = base.model_copy(
                    update={
                        "backend": "ollama",
                        "ollama_url": server.url,
                        "ollama_model": DEFAULT_MODEL,
                        "request_timeout": 600.0,
                    }
                )
            engine = engine_for(settings, "ollama" if backend == "llm" else "extractive")
            try:
                questions, records = [], []
                for path in files:
                    items = read_questions(path)
                    out = Path(tmp) / f"{backend}-{path.stem}.jsonl"
                    run_batch(engine, items, out, run_info(settings, engine), err=io.StringIO())
                    questions += [{"id": i.id, "question": i.question, **i.extra} for i in items]
                    records += parse_output(out.read_bytes()).records
            finally:
                if server is not None:
                    server.stop()
            evaluation = evaluate(questions, records, engine.judge)
            rows.append((backend, evaluation))
    names = ", ".join(str(f.relative_to(ROOT)) if f.is_relative_to(ROOT) else str(f) for f in files)
    print(f"files: {names}; judge: {args.judge}")
    print("| backend | " + " | ".join(label for label, _ in COLUMNS) + " |")
    print("|---" * (len(COLUMNS) + 1) + "|")
    for backend, evaluation in rows:
        cells = [cell(name, evaluation.metrics[name]) for _, name in COLUMNS]
        print(f"| {'0.5B generative' if backend == 'llm' else backend} | " + " | ".join(cells) + " |")
    if any("heldout" in f.name for f in files):
        return 0  # held-out sets: figures only, never their questions
    for backend, evaluation in rows:
        for r in evaluation.results:
            if r.problems:
                print(f"  {backend} {r.id}: {'; '.join(r.problems)[:200]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
