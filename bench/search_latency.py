"""Search latency p50/p95 over synthetic indexes of about 1k, 10k and 100k chunks.

    python bench/search_latency.py [--sizes 1000 10000 100000] [--queries 40]

Chunks are made by recombining seed sentences (so BM25 sees real Indonesian text). Embedding 100k
chunks with the real model would take most of an hour here, so each chunk's vector is the normalized
mean of its sentences' real e5 vectors (every seed sentence is embedded once): the vectors have the
model's distribution, and search does the same work as over a real index. The index is written with
the product's own store layout (Chroma collection, BM25 folder, manifest) and searched with the
product's `Searcher`, query embedding included.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from llama_index.core.schema import TextNode  # noqa: E402

from assistant.embeddings import make_embedder  # noqa: E402
from assistant.evaluation.metrics import percentile  # noqa: E402
from assistant.ingest.chunking import NON_EMBED_KEYS, chunk_id  # noqa: E402
from assistant.ingest.sync import _chroma_metadata  # noqa: E402
from assistant.jsonl import load_jsonl  # noqa: E402
from assistant.retrieval import Searcher  # noqa: E402
from assistant.settings import load_settings  # noqa: E402
from assistant.store import IndexStore, Manifest  # noqa: E402
from assistant.store.bm25 import build_bm25  # noqa: E402
from bench.synthetic import seed_sentences  # noqa: E402

CHUNKS_PER_ARTICLE = 20


def build_index(store_dir: Path, n_chunks: int, sentences: list[str], vectors: np.ndarray, rng: random.Random) -> None:
    settings = load_settings(store_dir=store_dir)
    store = IndexStore(settings)
    collection_name = f"{settings.collection}-bench"
    collection = store.collection(collection_name, create=True)
    nodes: list[TextNode] = []
    files: dict[str, dict] = {}
    batch_ids, batch_vecs, batch_docs, batch_meta = [], [], [], []
    for i in range(n_chunks):
        article = f"synthetic-{i // CHUNKS_PER_ARTICLE:05d}.txt"
        picks = rng.sample(range(len(sentences)), 2)
        text = " ".join(sentences[j] for j in picks)
        line = i % CHUNKS_PER_ARTICLE + 3
        node = TextNode(
            id_=chunk_id(article, text, i),
            text=text,
            metadata={
                "file": article,
                "path": f"/bench/{article}",
                "title": f"Artikel sintetis {i // CHUNKS_PER_ARTICLE}",
                "line_start": line,
                "line_end": line,
            },
            excluded_embed_metadata_keys=list(NON_EMBED_KEYS),
            excluded_llm_metadata_keys=list(NON_EMBED_KEYS),
        )
        vec = vectors[picks].mean(axis=0)
        vec /= np.linalg.norm(vec)
        nodes.append(node)
        files.setdefault(article, {"path": node.metadata["path"], "hash": article, "title": "", "chunks": []})[
            "chunks"
        ].append(node.node_id)
        batch_ids.append(node.node_id)
        batch_vecs.append(vec.tolist())
        batch_docs.append(text)
        batch_meta.append(_chroma_metadata(node, True))
        if len(batch_ids) == 2000 or i == n_chunks - 1:
            collection.upsert(ids=batch_ids, embeddings=batch_vecs, documents=batch_docs, metadatas=batch_meta)
            batch_ids, batch_vecs, batch_docs, batch_meta = [], [], [], []
    manifest = Manifest(
        embedder=settings.embed_model,
        dim=vectors.shape[1],
        collection=collection_name,
        chunking={"size": settings.chunk_size, "overlap": settings.chunk_overlap},
        files=files,
        language="id",
    )
    build_bm25(nodes).persist(str(store_dir / f"bm25-{manifest.fingerprint()}"), show_progress=False)
    store.write_manifest(manifest)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--queries", type=int, default=40)
    args = parser.parse_args()
    rng = random.Random(0)
    sentences = seed_sentences()
    embedder = make_embedder(load_settings().embed_model)
    vectors = np.asarray(embedder.get_text_embedding_batch(sentences), dtype=np.float32)
    questions = [q["question"] for f in (ROOT / "tests/answers").glob("*.jsonl") for q in load_jsonl(f)]
    questions += [q["question"] for q in load_jsonl(ROOT / "bench/questions/tune.jsonl")]
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            started = time.perf_counter()
            build_index(Path(tmp), size, sentences, vectors, rng)
            build_seconds = time.perf_counter() - started
            started = time.perf_counter()
            searcher = Searcher(load_settings(store_dir=Path(tmp)), embedder=embedder)
            open_seconds = time.perf_counter() - started
            searcher.search(questions[0])  # warm
            times = []
            for i in range(args.queries):
                q = questions[i % len(questions)]
                t0 = time.perf_counter()
                searcher.search(q)
                times.append((time.perf_counter() - t0) * 1000)
            print(
                f"{size:>7} chunks: search p50 {percentile(times, 50).value or 0.0:7.1f} ms  p95 {percentile(times, 95).value or 0.0:7.1f} ms  "
                f"(open {open_seconds:.1f} s, build {build_seconds:.0f} s, {args.queries} queries)",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
