"""Ingest throughput (chunks/s) beside the embedder's own raw throughput on the same chunks.

    python bench/ingest_throughput.py [--articles 60]

Builds a synthetic corpus by recombining seed sentences into articles, ingests it into a temporary
store with `assistant ingest`'s code, then embeds exactly the same chunk texts with the bare embedder.
The ratio (ingest / raw) is the share of ingest time spent embedding: the closer to 1, the less
overhead the pipeline (cleaning, chunking, Chroma, BM25, manifest) adds.
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

from llama_index.core.schema import MetadataMode  # noqa: E402

from assistant.embeddings import make_embedder  # noqa: E402
from assistant.ingest.sync import ingest, make_chunker  # noqa: E402
from assistant.settings import load_settings  # noqa: E402
from bench.synthetic import seed_sentences, write_articles  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=60)
    args = parser.parse_args()
    rng = random.Random(0)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        write_articles(folder, args.articles, seed_sentences(), rng)
        settings = load_settings(store_dir=Path(tmp) / "store", seeds_dir=folder)

        started = time.perf_counter()
        report = ingest(settings)
        ingest_seconds = time.perf_counter() - started
        chunks = report.chunks_embedded

        from llama_index.core.schema import Document

        chunker = make_chunker(settings)
        texts = []
        for path in sorted(folder.glob("*.txt")):
            doc = Document(
                id_=path.name, text=path.read_text(encoding="utf-8"), metadata={"file": path.name, "path": str(path)}
            )
            texts.extend(n.get_content(MetadataMode.EMBED) for n in chunker.chunk_document(doc))
        embedder = make_embedder(settings.embed_model)
        embedder.get_text_embedding("warm up")
        started = time.perf_counter()
        for i in range(0, len(texts), 32):
            embedder.get_text_embedding_batch(texts[i : i + 32])
        raw_seconds = time.perf_counter() - started

        second = time.perf_counter()
        again = ingest(settings)
        second_seconds = time.perf_counter() - second

    print(f"articles: {args.articles}, chunks: {chunks} (raw embedder run on the same {len(texts)} chunk texts)")
    print(f"ingest:        {chunks / ingest_seconds:8.1f} chunks/s  ({ingest_seconds:.1f} s, whole pipeline)")
    print(f"raw embedder:  {len(texts) / raw_seconds:8.1f} chunks/s  ({raw_seconds:.1f} s, embedding only)")
    print(f"ratio ingest/raw: {(chunks / ingest_seconds) / (len(texts) / raw_seconds):.2f}")
    print(f"second ingest (unchanged): {again.chunks_embedded} chunks embedded in {second_seconds:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
