"""The dense side of retrieval: the Chroma vector store, kept to the committed chunks, failing in one line."""

from __future__ import annotations

from typing import Any

from llama_index.vector_stores.chroma import ChromaVectorStore
from pydantic import PrivateAttr

from assistant.errors import StoreError
from assistant.store import IndexStore, Manifest


def committed_only(store: IndexStore, collection: Any, manifest: Manifest) -> dict[str, Any]:
    """Dense query arguments that keep to the committed chunks when Chroma holds others (an interrupted
    ingest), so that search still gets its full number of candidates; refuses when vectors are missing."""
    try:
        count = collection.count()
    except Exception as exc:  # noqa: BLE001
        raise store.chroma_failure(exc) from exc
    if count < manifest.n_chunks:
        raise StoreError(
            f"Chroma holds {count} of the index's {manifest.n_chunks} vectors: run `assistant ingest` to embed "
            "the missing ones again"
        )
    return {"ids": sorted(manifest.chunk_ids)} if count > manifest.n_chunks else {}


class ClearChromaStore(ChromaVectorStore):
    """The Chroma vector store, with a failure while searching turned into one line naming the fix."""

    _store: Any = PrivateAttr(default=None)

    def __init__(self, chroma_collection: Any, store: IndexStore) -> None:
        super().__init__(chroma_collection=chroma_collection)
        self._store = store

    def query(self, query: Any, **kwargs: Any) -> Any:
        try:
            return super().query(query, **kwargs)
        except Exception as exc:  # noqa: BLE001
            raise self._store.chroma_failure(exc) from exc
