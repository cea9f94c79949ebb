"""Evidence selection quality: is a sentence holding the expected fact ranked first (evidence@1) or in the top 3?
And how long the evidence stage takes (``AnswerEngine.select``: the question's vectors, the passages' sentences
with their vectors, ranked), median and p95 over the questions, in wall time and in CPU time of the whole
process (e5's threads included; what the stage costs whatever else runs on the machine).

    python bench/evidence_quality.py                       # the tuning files, with misses listed
    python bench/evidence_quality.py bench/questions/heldout.jsonl --quiet
    python bench/evidence_quality.py --quiet --embed-sentences   # sentences embedded per question, not stored ones

Also reports how well ``Evidence.answers`` (the best sentence can answer the question) separates answerable
from unanswerable questions: answerable questions whose best evidence does not answer would be wrongly
refused; unanswerable ones whose best evidence answers would be answered.
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
from assistant.answering.sentences import EmbeddedSentences  # noqa: E402
from assistant.embeddings import embed_passages  # noqa: E402
from assistant.evaluation.matching import all_facts  # noqa: E402
from assistant.ingest.sync import ingest  # noqa: E402
from assistant.jsonl import load_jsonl  # noqa: E402
from assistant.llms import make_backend  # noqa: E402
from assistant.settings import load_settings  # noqa: E402

TUNING = [ROOT / "tests/answers/dev.jsonl", ROOT / "bench/questions/tune.jsonl", ROOT / "bench/questions/types.jsonl"]


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="*", type=Path, default=TUNING)
    parser.add_argument("--quiet", action="store_true", help="figures only, no per-question lines")
    parser.add_argument(
        "--embed-sentences", action="store_true", help="embed the passages' sentences per question (the old way)"
    )
    args = parser.parse_args()
    questions = [q for f in args.files for q in load_jsonl(f)]
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(store_dir=Path(tmp) / "store", seeds_dir=ROOT / "seeds", backend="extractive")
        ingest(settings)
        engine = build_engine(settings, backend=make_backend(settings))
        if args.embed_sentences:
            engine.sentences = EmbeddedSentences(lambda texts: embed_passages(engine.searcher.embedder, texts))
        at1 = at3 = answerable = refused_ok = answered_bad = unanswerable = 0
        seconds: list[float] = []
        cpu_seconds: list[float] = []  # every thread of the process: what the stage costs, whatever the load
        for q in questions:
            forms = engine.forms(q["question"])
            analysis = forms.analysis
            passages = engine.search(forms)
            start, cpu = time.perf_counter(), time.process_time()
            ranked = engine.select(forms, passages).evidence
            seconds.append(time.perf_counter() - start)
            cpu_seconds.append(time.process_time() - cpu)
            best = ranked[0] if ranked else None
            if q.get("answerable", True):
                answerable += 1
                hit = [i for i, e in enumerate(ranked[:3]) if all_facts(e.sentence, q["facts"])]
                at1 += bool(hit and hit[0] == 0)
                at3 += bool(hit)
                refused = best is None or not best.answers
                refused_ok += refused
                if not args.quiet and (not hit or hit[0] != 0 or refused):
                    print(f"MISS {q['id']} [{analysis.answer_type.value}] {q['question']}")
                    for e in ranked[:3]:
                        print(
                            f"   {e.score:.2f} cov={e.coverage:.2f}/{e.content_coverage:.2f}/{e.name_coverage:.2f} "
                            f"sim={e.similarity:.3f} cand={list(e.candidates)[:3]} ok={e.answers} | {e.sentence[:110]}"
                        )
            else:
                unanswerable += 1
                answered = best is not None and best.answers
                answered_bad += answered
                if not args.quiet and answered:
                    print(f"ANSWERED {q['id']} [{analysis.answer_type.value}] {q['question']}")
                    print(
                        f"   {best.score:.2f} cov={best.coverage:.2f}/{best.content_coverage:.2f}/{best.name_coverage:.2f} "
                        f"cand={list(best.candidates)[:3]} | {best.sentence[:110]}"
                    )
    print(f"files: {', '.join(str(f.relative_to(ROOT)) if f.is_relative_to(ROOT) else str(f) for f in args.files)}")
    print(
        f"evidence@1 {at1}/{answerable} = {at1 / max(answerable, 1):.3f}   evidence@3 {at3}/{answerable} = {at3 / max(answerable, 1):.3f}"
    )
    print(f"answerable whose best evidence does not answer (would be refused): {refused_ok}/{answerable}")
    print(f"unanswerable whose best evidence answers (would be answered): {answered_bad}/{unanswerable}")
    how = "embedded per question" if args.embed_sentences else "stored at ingest"
    print(
        f"evidence stage ({how} sentence vectors): median {1000 * statistics.median(seconds):.0f} ms, "
        f"p95 {1000 * _p95(seconds):.0f} ms over {len(seconds)} questions; CPU median "
        f"{1000 * statistics.median(cpu_seconds):.0f} ms, p95 {1000 * _p95(cpu_seconds):.0f} ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
