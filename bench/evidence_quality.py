"""Evidence selection quality: is a sentence holding the expected fact ranked first (evidence@1) or in the top 3?

    python bench/evidence_quality.py                       # the tuning files, with misses listed
    python bench/evidence_quality.py bench/questions/heldout.jsonl --quiet

Also reports how well ``Evidence.answers`` (the best sentence can answer the question) separates answerable
from unanswerable questions: answerable questions whose best evidence does not answer would be wrongly
refused; unanswerable ones whose best evidence answers would be answered.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.answering.engine import build_engine  # noqa: E402
from assistant.answering.question import analyse_question  # noqa: E402
from assistant.evaluation.matching import all_facts  # noqa: E402
from assistant.ingest.sync import ingest  # noqa: E402
from assistant.jsonl import load_jsonl  # noqa: E402
from assistant.llms import make_backend  # noqa: E402
from assistant.settings import load_settings  # noqa: E402

TUNING = [ROOT / "tests/answers/dev.jsonl", ROOT / "bench/questions/tune.jsonl", ROOT / "bench/questions/types.jsonl"]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="*", type=Path, default=TUNING)
    parser.add_argument("--quiet", action="store_true", help="figures only, no per-question lines")
    args = parser.parse_args()
    questions = [q for f in args.files for q in load_jsonl(f)]
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(store_dir=Path(tmp) / "store", seeds_dir=ROOT / "seeds", backend="extractive")
        ingest(settings)
        engine = build_engine(settings, backend=make_backend(settings))
        at1 = at3 = answerable = refused_ok = answered_bad = unanswerable = 0
        for q in questions:
            analysis = analyse_question(q["question"])
            ranked = engine.select(analysis, engine.search(analysis)).evidence
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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
