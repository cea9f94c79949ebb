"""What corroboration, disagreement and exact spans add to the answer time (issue 10: at most 20%).

    python bench/news_overhead.py [QUESTIONS.jsonl ...]     # default: the dev set over the seeds

Answers every question with the extractive backend (no model, so the answer itself is fastest and the
share of the source checks largest), alternately with ``report_sources`` on and switched off, ``--rounds``
times, and prints the median total answer time of both and the median of the ``sources`` stage.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.answering.build import build_engine  # noqa: E402
from assistant.answering.engine import AnswerEngine  # noqa: E402
from assistant.ingest.sync import ingest  # noqa: E402
from assistant.jsonl import load_jsonl  # noqa: E402
from assistant.llms import make_backend  # noqa: E402
from assistant.settings import load_settings  # noqa: E402


def timed(engine: AnswerEngine, question: str) -> tuple[float, float]:
    started = time.perf_counter()
    answer = engine.answer(question)
    return time.perf_counter() - started, answer.timings.get("sources", 0.0)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds", help="the articles folder to index")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    questions = [q["question"] for f in args.files or [ROOT / "tests/answers/dev.jsonl"] for q in load_jsonl(f)]
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(store_dir=Path(tmp), seeds_dir=args.seeds, backend="extractive")
        ingest(settings)
        engine = build_engine(settings, backend=make_backend(settings))
        plain = build_engine(settings, backend=make_backend(settings), searcher=engine.searcher)
        plain.report_sources = lambda *_args: None  # type: ignore[method-assign]
        for q in questions:  # warm caches (article texts, embeddings of the judge)
            engine.answer(q)
            plain.answer(q)
        with_sources, without, stage = [], [], []
        for _ in range(args.rounds):
            for q in questions:
                total, sources = timed(engine, q)
                with_sources.append(total)
                stage.append(sources)
                without.append(timed(plain, q)[0])
    on, off = statistics.median(with_sources), statistics.median(without)
    print(f"{len(questions)} questions x {args.rounds} rounds, extractive backend")
    print(f"median answer time, source checks on:  {on * 1000:.0f} ms")
    print(f"median answer time, source checks off: {off * 1000:.0f} ms")
    paired = statistics.median(a / b for a, b in zip(with_sources, without, strict=True))
    print(f"sources stage: median {statistics.median(stage) * 1000:.1f} ms, mean {statistics.mean(stage) * 1000:.1f} ms, "
          f"max {max(stage) * 1000:.0f} ms")  # fmt: skip
    print(f"overhead: medians {100 * (on - off) / off:+.1f}%, median of paired ratios {100 * (paired - 1):+.1f}%")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
