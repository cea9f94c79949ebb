"""Doctor's probe of Chroma's vector index: from 1000 vectors Chroma reads its own HNSW files, and damaged
ones give wrong neighbours or crash the reader; doctor then names the damage (probing in a child process)."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from assistant.ingest.doctor import PROBE_IN_CHILD_AT, diagnose
from assistant.settings import load_settings
from assistant.store import IndexInfo, IndexStore
from assistant.store.chroma import release
from assistant.store.records import ArticleRecord, ChunkRecord, SentenceRecord, blob_vector, vector_blob

N = PROBE_IN_CHILD_AT + 200


@pytest.fixture(scope="module")
def big_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store whose collection holds N random vectors, all listed by its index (one article of N one-sentence
    chunks, whose file is nowhere)."""
    store_dir = tmp_path_factory.mktemp("big") / "store"
    settings = load_settings(store_dir=store_dir)
    store = IndexStore(settings)
    collection = store.collection("articles-big", create=True)
    vectors = np.random.default_rng(0).normal(size=(N, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    blobs = [vector_blob(v) for v in vectors]
    ids = [f"chunk-{i:05d}" for i in range(N)]
    for start in range(0, N, 300):
        batch = np.stack([blob_vector(b) for b in blobs[start : start + 300]])
        collection.upsert(ids=ids[start : start + 300], embeddings=batch)
    chunks, at = [], 0
    for i, (cid, blob) in enumerate(zip(ids, blobs, strict=True)):
        sentence = f"Kalimat {i}."
        chunks.append(ChunkRecord(cid, sentence, 1, 1, "", blob, [SentenceRecord(at, at + len(sentence), blob)]))
        at += len(sentence) + 1
    text = " ".join(c.text for c in chunks)
    info = IndexInfo(settings.embed_model, 384, "articles-big", {"size": 30, "overlap": 0})
    writer = store.writer()
    with writer.transaction():
        writer.put_article(ArticleRecord("big.txt", "/nowhere/big.txt", "", "h", "s", "", {}, text, chunks), info)
        writer.write_info(info)
    writer.close()
    release(store.chroma_path)
    return store_dir


def _hnsw_problems(store_dir: Path) -> list[str]:
    problems, _ = diagnose(load_settings(store_dir=store_dir))
    return [line for line in problems if "vector index" in line]


def test_an_intact_vector_index_passes_the_probe(big_store: Path) -> None:
    assert _hnsw_problems(big_store) == []


@pytest.mark.parametrize("mode", ["truncate", "garbage"])
def test_a_damaged_vector_index_is_named_with_the_rebuild_command(big_store: Path, tmp_path: Path, mode: str) -> None:
    import shutil

    store_dir = tmp_path / "store"
    shutil.copytree(big_store, store_dir)
    (segment,) = [p for p in (store_dir / "chroma").iterdir() if p.is_dir()]
    data = segment / "data_level0.bin"
    size = data.stat().st_size
    data.write_bytes(data.read_bytes()[: size // 2] if mode == "truncate" else os.urandom(size))
    lines = _hnsw_problems(store_dir)
    release(store_dir / "chroma")
    assert len(lines) == 1 and "run `assistant ingest --rebuild`" in lines[0], lines
