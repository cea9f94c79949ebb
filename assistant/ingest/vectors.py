"""Vectors for ingest: each text a chunk needs is embedded at most once.

A sentence's vector, and a chunk's, is looked up by the sha256 of its text: first among the vectors the
index holds for the article the chunk replaces (an edited, renamed or moved article), then among those a
killed run embedded but did not commit (``pending``), and only then embedded (in batches, written to
``pending`` at once). Chroma gets what the database holds (float16, so a vector restored from the
database is the vector Chroma held).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np
from llama_index.core.base.embeddings.base import BaseEmbedding

from assistant.store.records import blob_vector, text_key, usable_blob, vector_blob
from assistant.store.writer import IndexWriter

EMBED_BATCH = 32
UPSERT_BATCH = 1000


def mean_vector(sentence_blobs: Sequence[bytes]) -> bytes:
    """The normalised mean of sentence vectors."""
    mean = np.mean([blob_vector(b) for b in sentence_blobs], axis=0)
    return vector_blob(mean / max(float(np.linalg.norm(mean)), 1e-12))


class Vectors:
    """The vectors of one run's texts, reused where they exist, embedded where they do not."""

    def __init__(
        self, embedder: BaseEmbedding, dim: int, writer: IndexWriter, on_embedded: Callable[[int], None]
    ) -> None:
        self.embedder, self.dim, self.writer, self.on_embedded = embedder, dim, writer, on_embedded
        self.donors: dict[bytes, bytes] = {}
        self.embedded = 0
        """Texts embedded by this run."""

    def donate(self, texts_and_blobs: Iterable[tuple[str, bytes]]) -> None:
        """Vectors the index holds for texts that may come back (those of an article about to be replaced)."""
        for text, blob in texts_and_blobs:
            if usable_blob(blob, self.dim):
                self.donors[text_key(text)] = blob

    def get(self, texts: Sequence[str]) -> tuple[dict[str, bytes], set[str]]:
        """text -> stored vector for each of ``texts``, and those of them that were embedded now."""
        keys = {text: text_key(text) for text in dict.fromkeys(texts)}
        found = {k: self.donors[k] for k in keys.values() if k in self.donors}
        wanted = [k for k in dict.fromkeys(keys.values()) if k not in found]
        if wanted:
            found.update((k, v) for k, v in self.writer.pending(wanted).items() if usable_blob(v, self.dim))
        todo = [text for text, key in keys.items() if key not in found]
        for start in range(0, len(todo), EMBED_BATCH):
            batch = todo[start : start + EMBED_BATCH]
            fresh = {
                keys[t]: vector_blob(v)
                for t, v in zip(batch, self.embedder.get_text_embedding_batch(batch), strict=True)
            }
            self.writer.add_pending(fresh)
            found.update(fresh)
            self.embedded += len(batch)
            self.on_embedded(len(batch))
        return {text: found[key] for text, key in keys.items()}, set(todo)


def chroma_metadata(article_meta: Mapping[str, Any], keys: Sequence[str]) -> dict[str, Any]:
    """What Chroma keeps with a chunk's vector: the article metadata its filters use."""
    return {k: ("" if article_meta.get(k) is None else article_meta[k]) for k in keys}


def upsert(collection: Any, ids: Sequence[str], blobs: Sequence[bytes], metadatas: Sequence[dict[str, Any]]) -> None:
    """Write vectors to Chroma (ids are stable, so writing one again replaces it)."""
    for start in range(0, len(ids), UPSERT_BATCH):
        end = start + UPSERT_BATCH
        vectors: Any = np.stack([blob_vector(b) for b in blobs[start:end]])
        collection.upsert(ids=list(ids[start:end]), embeddings=vectors, metadatas=list(metadatas[start:end]))


def vector_ids(collection: Any) -> set[str]:
    """Every id the collection holds."""
    ids: set[str] = set()
    offset = 0
    while True:
        got = collection.get(include=[], limit=10_000, offset=offset)["ids"]
        ids.update(got)
        if len(got) < 10_000:
            return ids
        offset += len(got)


def delete_vectors(collection: Any, ids: Sequence[str]) -> None:
    for start in range(0, len(ids), 5000):
        collection.delete(ids=list(ids[start : start + 5000]))
