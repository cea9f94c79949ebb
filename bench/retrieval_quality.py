"""Retrieval quality over question files: hit@1, hit@3, MRR, and answer-bearing passage in the top 3.

    python bench/retrieval_quality.py                         # the configured defaults, with misses listed
    python bench/retrieval_quality.py --sweep                 # chunk sizes x fusion settings
    python bench/retrieval_quality.py --chunks 30,0,0 150,0,0 --chunk-vectors text mean

The corpus is the seeds plus bench/corpora/topics_tune's articles when they are there (``--topics``), and
the questions those of tests/answers/dev.jsonl, bench/questions/tune.jsonl and the tuning corpus. The sweep
ingests the corpus once per chunking into a temporary store, then varies the context window and the
fusion settings over the same index. ``--chunks SIZE,OVERLAP,WINDOW ...`` compares chunkings, and
``--chunk-vectors`` how a chunk's vector is made: its text embedded (``text``) or the normalised mean of its
sentences' vectors (``mean``); each line also gives what ingest embedded.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import assistant.ingest.records as records  # noqa: E402
from assistant.evaluation.matching import all_facts, first_gold_rank  # noqa: E402
from assistant.ingest.sync import ingest  # noqa: E402
from assistant.jsonl import load_jsonl  # noqa: E402
from assistant.retrieval import Searcher  # noqa: E402
from assistant.settings import Settings, load_settings  # noqa: E402
from bench.synthetic import TOPICS_TUNE  # noqa: E402


def score(questions: list[dict], ranked: list[list]) -> dict:
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
        f"{label:<58} n={r['n']:>3} hit@1={r['hit@1']:.3f} hit@3={r['hit@3']:.3f} "
        f"MRR={r['mrr']:.3f} passage@3={r['passage@3']:.3f}"
    )


def settings_for(store: Path, topics: Path, **overrides: Any) -> Settings:
    roots = [topics] if topics.is_dir() else []
    return load_settings(store_dir=store, seeds_dir=ROOT / "seeds", article_roots=roots, **overrides)


def by_language(questions: list[dict], ranked: list[list]) -> None:
    for lang in ("id", "en"):
        sub = [i for i, q in enumerate(questions) if q["lang"] == lang]
        print(line(f"  questions in {lang}", score([questions[i] for i in sub], [ranked[i] for i in sub])), flush=True)


def compare(questions: list[dict], topics: Path, chunkings: list[str], modes: list[str]) -> None:
    """Each chunking and way of making chunk vectors over one store (a new chunking re-chunks every article
    and reuses the sentence vectors it holds), then what e5 takes to embed the corpus's sentences and each
    chunking's chunk texts (the cost of ``text`` over ``mean``)."""
    from assistant.embeddings import make_embedder

    with tempfile.TemporaryDirectory() as tmp:
        chunk_texts: dict[int, list[str]] = {}
        for mode, spec in itertools.product(modes, chunkings):  # a new chunking re-chunks (a new mode alone would not)
            size, overlap, window = (int(x) for x in spec.split(","))
            records.EMBED_CHUNKS = mode == "text"
            settings = settings_for(Path(tmp), topics, chunk_size=size, chunk_overlap=overlap, context_window=window)
            report = ingest(settings)
            searcher = Searcher(settings)
            ranked = [searcher.search(q["question"]) for q in questions]
            words = sum(len(p.text.split()) for ps in ranked for p in ps) / max(1, sum(len(ps) for ps in ranked))
            print(line(f"size={size} overlap={overlap} window={window} vectors={mode}", score(questions, ranked)))
            by_language(questions, ranked)
            print(f"  {report.chunks_total} chunks, {words:.0f} words per passage", flush=True)
            reader = searcher.reader
            chunk_texts[size] = [r[0] for r in reader.rows("SELECT text FROM chunks")]
            sentences = [s.text for ss in reader.sentences(list(reader.all_chunk_ids())).values() for s in ss]
        e5 = make_embedder(load_settings().embed_model)
        e5.get_text_embedding("warm up")
        for name, texts in [("sentences", sentences), *((f"{k}-word chunk texts", v) for k, v in chunk_texts.items())]:
            started = time.perf_counter()
            for i in range(0, len(texts), 32):
                e5.get_text_embedding_batch(texts[i : i + 32])
            print(f"e5 on the corpus's {len(texts)} {name}: {time.perf_counter() - started:.1f} s", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--topics", type=Path, default=TOPICS_TUNE, help="the tuning corpus on other topics")
    parser.add_argument("--sweep", action="store_true")
    parser.add_argument("--chunks", nargs="+", help="SIZE,OVERLAP,WINDOW chunkings to compare")
    parser.add_argument("--chunk-vectors", nargs="+", default=["text"], choices=["text", "mean"])
    args = parser.parse_args()
    files = args.files or [ROOT / "tests/answers/dev.jsonl", ROOT / "bench/questions/tune.jsonl"]
    if not args.files and (args.topics.parent / "questions.jsonl").is_file():
        files.append(args.topics.parent / "questions.jsonl")
    questions = [q for f in files for q in load_jsonl(f) if q.get("answerable", True)]
    if args.chunks:
        compare(questions, args.topics, args.chunks, args.chunk_vectors)
        return 0
    if not args.sweep:
        with tempfile.TemporaryDirectory() as tmp:
            settings = settings_for(Path(tmp), args.topics)
            ingest(settings)
            searcher = Searcher(settings)
            ranked = [searcher.search(q["question"]) for q in questions]
            result = score(questions, ranked)
            print(line("defaults", result))
            by_language(questions, ranked)
            for miss in result["misses"]:
                print("  miss:", miss)
        return 0

    for size, overlap in itertools.product((30, 60, 100, 150), (0, 1)):
        with tempfile.TemporaryDirectory() as tmp:
            base = settings_for(Path(tmp), args.topics, chunk_size=size, chunk_overlap=overlap)
            ingest(base)
            searcher = Searcher(base)
            for window, rrf_k, bw_same, bw_cross in itertools.product((0, 1, 2), (5, 20), (0.5, 1.0), (0.5, 1.0)):
                searcher.settings = base.model_copy(
                    update={"context_window": window, "bm25_weight": bw_same, "bm25_cross_lingual_weight": bw_cross}
                )
                searcher.widening.window = window
                searcher.hybrid.rrf_k = rrf_k
                r = score(questions, [searcher.search(q["question"]) for q in questions])
                label = f"size={size} overlap={overlap} window={window} rrf_k={rrf_k} bm25={bw_same}/{bw_cross}"
                print(line(label, r), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
