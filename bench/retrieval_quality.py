"""Retrieval quality over question files: hit@1, hit@3, MRR, and answer-bearing passage in the top 3.

    python bench/retrieval_quality.py                 # the configured defaults, with misses listed
    python bench/retrieval_quality.py --sweep         # chunk sizes x fusion settings, per question language

The sweep ingests the seeds once per chunking into a temporary store, then varies the context
window and the fusion settings over the same index.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.evaluation.matching import all_facts, first_gold_rank  # noqa: E402
from assistant.ingest.sync import ingest  # noqa: E402
from assistant.jsonl import load_jsonl  # noqa: E402
from assistant.retrieval import Searcher  # noqa: E402
from assistant.settings import load_settings  # noqa: E402

DEFAULT_FILES = [ROOT / "tests/answers/dev.jsonl", ROOT / "bench/questions/tune.jsonl"]


def score(questions: list[dict], ranked: list[list]) -> dict[str, float]:
    """ranked[i] is the list of Passages returned for questions[i]."""
    n = len(questions) or 1
    h1 = h3 = mrr = p3 = 0.0
    misses = []
    for q, passages in zip(questions, ranked, strict=False):
        rank = first_gold_rank([p.file for p in passages], q["gold_sources"])
        found = any(all_facts(p.text, q["facts"]) for p in passages[:3])
        h1 += rank == 1
        h3 += rank is not None and rank <= 3
        mrr += 0 if rank is None else 1 / rank
        p3 += found
        if rank != 1 or not found:
            misses.append(f"{q['id']} ({q['lang']}) gold rank={rank} answer passage in top 3={found}: {q['question']}")
    return {
        "n": len(questions),
        "hit@1": h1 / n,
        "hit@3": h3 / n,
        "mrr": mrr / n,
        "passage@3": p3 / n,
        "misses": misses,
    }


def line(label: str, r: dict) -> str:
    return (
        f"{label:<60} n={r['n']:>3} hit@1={r['hit@1']:.3f} hit@3={r['hit@3']:.3f} "
        f"MRR={r['mrr']:.3f} passage@3={r['passage@3']:.3f}"
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="*", type=Path, default=DEFAULT_FILES)
    parser.add_argument("--sweep", action="store_true")
    args = parser.parse_args()
    questions = [q for f in args.files for q in load_jsonl(f) if q.get("answerable", True)]
    if not args.sweep:
        with tempfile.TemporaryDirectory() as tmp:
            settings = load_settings(store_dir=Path(tmp), seeds_dir=ROOT / "seeds")
            ingest(settings)
            searcher = Searcher(settings)
            result = score(questions, [searcher.search(q["question"]) for q in questions])
            print(line("defaults", result))
            for lang in ("id", "en"):
                sub = [i for i, q in enumerate(questions) if q["lang"] == lang]
                print(
                    line(
                        f"  questions in {lang}",
                        score([questions[i] for i in sub], [searcher.search(questions[i]["question"]) for i in sub]),
                    )
                )
            for miss in result["misses"]:
                print("  miss:", miss)
        return 0

    for size, overlap in itertools.product((20, 30, 45, 60), (0, 1)):
        with tempfile.TemporaryDirectory() as tmp:
            base = load_settings(store_dir=Path(tmp), seeds_dir=ROOT / "seeds", chunk_size=size, chunk_overlap=overlap)
            ingest(base)
            searcher = Searcher(base)
            for window, rrf_k, bw_same, bw_cross in itertools.product((0, 1, 2), (5, 20), (0.5, 1.0), (0.25, 0.5)):
                searcher.settings = base.model_copy(
                    update={"context_window": window, "bm25_weight": bw_same, "bm25_cross_lingual_weight": bw_cross}
                )
                searcher.hybrid.rrf_k = rrf_k
                r = score(questions, [searcher.search(q["question"]) for q in questions])
                label = f"size={size} overlap={overlap} window={window} rrf_k={rrf_k} bm25={bw_same}/{bw_cross}"
                print(line(label, r), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
