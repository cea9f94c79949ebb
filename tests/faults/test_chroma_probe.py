"""Doctor's probe of Chroma's vector index: from 1000 vectors Chroma reads its own HNSW files, and damaged
ones give wrong neighbours or crash the reader; doctor then names the damage (probing in a child process)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from assistant.ingest.doctor import PROBE_IN_CHILD_AT, diagnose
from assistant.settings import Settings, load_settings
from assistant.store import IndexInfo, IndexStore
from assistant.store.chroma import release
from assistant.store.records import ArticleRecord, ChunkRecord, SentenceRecord, blob_vector, vector_blob
from tests.conftest import SEEDS

N = PROBE_IN_CHILD_AT + 200


def index_vectors(settings: Settings, store: IndexStore, name: str, ids: list[str], vectors: np.ndarray) -> None:
    """Chroma collection ``name`` holding ``vectors``, all listed by the index as one-sentence chunks of one
    article whose file is nowhere."""
    collection = store.collection(name, create=True)
    blobs = [vector_blob(v) for v in vectors]
    for start in range(0, len(ids), 300):
        batch = np.stack([blob_vector(b) for b in blobs[start : start + 300]])
        collection.upsert(ids=ids[start : start + 300], embeddings=batch)
    chunks, at = [], 0
    for i, (cid, blob) in enumerate(zip(ids, blobs, strict=True)):
        sentence = f"Kalimat {i}."
        chunks.append(ChunkRecord(cid, sentence, 1, 1, "", blob, [SentenceRecord(at, at + len(sentence), blob)]))
        at += len(sentence) + 1
    text = " ".join(c.text for c in chunks)
    info = IndexInfo(settings.embed_model, 384, name, {"size": 30, "overlap": 0})
    writer = store.writer()
    with writer.transaction():
        writer.put_article(
            ArticleRecord(f"{name}.txt", f"/nowhere/{name}.txt", "", "h", "s", "", {}, text, chunks), info
        )
        writer.write_info(info)
    writer.close()


@pytest.fixture(scope="module")
def big_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store whose collection holds N random vectors, all listed by its index (one article of N one-sentence
    chunks, whose file is nowhere)."""
    store_dir = tmp_path_factory.mktemp("big") / "store"
    settings = load_settings(store_dir=store_dir)
    store = IndexStore(settings)
    vectors = np.random.default_rng(0).normal(size=(N, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    index_vectors(settings, store, "articles-big", [f"chunk-{i:05d}" for i in range(N)], vectors)
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


def test_the_same_article_filed_eight_times_is_not_damage(tmp_path: Path, cli: Any) -> None:
    """Eight files with the same text give eight identical vectors per chunk: a search with one of them may
    return any of the eight. The probe accepts an identical vector; and --rebuild gives the same verdict."""
    folder = tmp_path / "archive"
    folder.mkdir()
    text = (SEEDS / "000_f3b0780ee10127ff.txt").read_bytes()
    for i in range(8):
        (folder / f"copy-{i}.txt").write_bytes(text)
    env = {"store_dir": tmp_path / "store", "seeds_dir": folder}
    assert cli("ingest", **env)[0] == 0
    for _ in range(2):
        code, out = cli("doctor", **env)
        assert code == 0 and out.startswith("ok: 8 articles"), out
        assert cli("ingest", "--rebuild", **env)[0] == 0
    release(tmp_path / "store" / "chroma")


def test_identical_vectors_pass_the_probe_in_a_child_process_too(tmp_path: Path) -> None:
    """From PROBE_IN_CHILD_AT vectors the probe runs in a child process: ties between copies pass there too."""
    store_dir = tmp_path / "store"
    settings = load_settings(store_dir=store_dir)
    store = IndexStore(settings)
    distinct = np.random.default_rng(1).normal(size=(N // 8, 384)).astype(np.float32)
    distinct /= np.linalg.norm(distinct, axis=1, keepdims=True)
    vectors = np.repeat(distinct, 8, axis=0)  # every vector 8 times, as 8 copies of one archive would give
    ids = [f"chunk-{i // 8:05d}-copy-{7 - i % 8}" for i in range(len(vectors))]  # the probed copy-0 comes last
    index_vectors(settings, store, "articles-copies", ids, vectors)
    release(store.chroma_path)
    assert len(ids) >= PROBE_IN_CHILD_AT
    assert _hnsw_problems(store_dir) == []
