"""The dense side of retrieval: Chroma's nearest vectors to the question, with outlet and date filters run
inside Chroma, kept to the chunks the committed index lists, failing in one line."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from assistant.errors import StoreError
from assistant.retrieval.filters import EPOCH, ArticleFilter
from assistant.store import IndexInfo, IndexStore
from assistant.store.metadata import META_OUTLET, META_PUBLISHED_DAY
from assistant.store.reader import IndexReader


def chroma_where(found: ArticleFilter | None) -> dict[str, Any] | None:
    """The filter as a Chroma ``where`` clause on the metadata every vector carries (None: no filter)."""
    if not found:
        return None
    parts: list[dict[str, Any]] = []
    if found.outlets:
        parts.append({META_OUTLET: {"$in": list(found.outlets)}})
    if found.since or found.until:
        parts.append({META_PUBLISHED_DAY: {"$gte": (found.since - EPOCH).days if found.since else 0}})
    if found.until:
        parts.append({META_PUBLISHED_DAY: {"$lte": (found.until - EPOCH).days}})
    return parts[0] if len(parts) == 1 else {"$and": parts}


class DenseSearch:
    """Nearest chunks by cosine similarity, kept to those the committed index lists (one look-up of the hits'
    ids). When Chroma holds more vectors than the index lists (an ingest was killed before it cleaned up),
    more are asked for until enough committed ones are found."""

    def __init__(self, store: IndexStore, collection: Any, info: IndexInfo, reader: IndexReader) -> None:
        self.store, self.collection, self.reader = store, collection, reader
        try:
            self.count = int(collection.count())
        except Exception as exc:  # noqa: BLE001
            raise store.chroma_failure(exc) from exc
        if self.count < info.n_chunks:
            raise StoreError(
                f"Chroma holds {self.count} of the index's {info.n_chunks} vectors: run `assistant ingest` to "
                "restore the missing ones"
            )
        self.extra = self.count > info.n_chunks

    def _query(self, vector: np.ndarray, n: int, where: dict[str, Any] | None) -> list[tuple[str, float]]:
        try:
            got = self.collection.query(
                query_embeddings=[vector.tolist()], n_results=max(1, n), where=where, include=["distances"]
            )
        except Exception as exc:  # noqa: BLE001
            raise self.store.chroma_failure(exc) from exc
        return [(cid, 1.0 - float(d)) for cid, d in zip(got["ids"][0], got["distances"][0], strict=True)]

    def search(
        self, vector: Sequence[float] | np.ndarray, k: int, found: ArticleFilter | None = None
    ) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity) of the ``k`` nearest committed chunks that pass ``found``."""
        vector = np.asarray(vector, dtype=np.float32)
        where = chroma_where(found)
        n = 2 * k if self.extra else k
        while True:
            hits = self._query(vector, min(n, self.count), where)
            committed = self.reader.committed([cid for cid, _ in hits])
            kept = [h for h in hits if h[0] in committed]
            if len(kept) >= k or len(hits) < min(n, self.count) or n >= self.count:
                return kept[:k]
            n *= 4
