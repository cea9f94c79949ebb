"""Vectors for ingest: upserts into Chroma, and reuse of vectors Chroma already holds so that a chunk
whose text is already embedded (a repair, a rename, a resumed ingest) is never embedded again."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.instrumentation.event_handlers import BaseEventHandler
from llama_index.core.instrumentation.events import BaseEvent
from llama_index.core.instrumentation.events.embedding import EmbeddingEndEvent
from llama_index.core.schema import BaseNode, TransformComponent
from llama_index.vector_stores.chroma import ChromaVectorStore
from pydantic import PrivateAttr

BATCH = 1000


def text_key(text: str) -> str:
    """What vectors are looked up by: the embedded text's sha256 (the embedder sees the text only)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _batches(items: Sequence[str], size: int = BATCH) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


def vector_ids(collection: Any) -> set[str]:
    """Every id the collection holds."""
    return set(collection.get(include=[])["ids"])


def stored_vectors(collection: Any, ids: Sequence[str]) -> dict[str, list[float]]:
    """Chunk id -> vector, for those of ``ids`` the collection holds readably."""
    found: dict[str, list[float]] = {}
    for batch in _batches(list(ids)):
        try:
            got = collection.get(ids=batch, include=["embeddings"])
        except Exception:  # noqa: BLE001 - after a kill Chroma may know an id it has no vector for
            if len(batch) == 1:
                continue
            found.update(stored_vectors(collection, batch[: len(batch) // 2]))
            found.update(stored_vectors(collection, batch[len(batch) // 2 :]))
            continue
        for cid, vector in zip(got["ids"], got["embeddings"] if got["embeddings"] is not None else [], strict=False):
            found[cid] = [float(x) for x in vector]
    return found


def donor_vectors(collection: Any, ids: Sequence[str]) -> dict[str, list[float]]:
    """text_key -> vector of the chunks ``ids`` (chunks about to be dropped whose text may come back)."""
    found: dict[str, list[float]] = {}
    for batch in _batches(list(ids)):
        try:
            got = collection.get(ids=batch, include=["embeddings", "documents"])
        except Exception:  # noqa: BLE001 - unreadable donors are embedded again instead
            continue
        vectors = got["embeddings"] if got["embeddings"] is not None else []
        for text, vector in zip(got["documents"] or [], vectors, strict=False):
            if text is not None:
                found[text_key(text)] = [float(x) for x in vector]
    return found


class ReusingEmbedder(TransformComponent):
    """Embeds chunks, but takes the vector Chroma holds for the same chunk id, or for the same text in a donor chunk."""

    embedder: BaseEmbedding
    dim: int
    _collection: Any = PrivateAttr(default=None)
    _donors: dict[str, list[float]] = PrivateAttr(default_factory=dict)
    _embedded: int = PrivateAttr(default=0)
    _reused: int = PrivateAttr(default=0)

    def __init__(self, embedder: BaseEmbedding, dim: int, collection: Any, donors: dict[str, list[float]]) -> None:
        super().__init__(embedder=embedder, dim=dim)
        self._collection = collection
        self._donors = donors

    @property
    def embedded(self) -> int:
        return self._embedded

    @property
    def reused(self) -> int:
        return self._reused

    def __call__(self, nodes: Sequence[BaseNode], **kwargs: Any) -> Sequence[BaseNode]:
        held = stored_vectors(self._collection, [n.node_id for n in nodes]) if self._collection is not None else {}
        todo: list[BaseNode] = []
        for node in nodes:
            vector = held.get(node.node_id) or self._donors.get(text_key(node.get_content()))
            if vector is not None and len(vector) == self.dim:
                node.embedding = vector
                self._reused += 1
            else:
                todo.append(node)
        if todo:
            self.embedder(todo, **kwargs)
            self._embedded += len(todo)
        return nodes


class UpsertOnlyChromaStore(ChromaVectorStore):
    """Chroma store for ingest: upserts (a rerun writes the same ids again) and never deletes."""

    _failure: Any = PrivateAttr(default=None)

    def __init__(
        self, chroma_collection: Any, failure: Callable[[BaseException], BaseException], **kwargs: Any
    ) -> None:
        super().__init__(chroma_collection=chroma_collection, **kwargs)
        self._failure = failure

    def add(self, nodes: Sequence[BaseNode], **add_kwargs: Any) -> list[str]:
        ids: list[str] = []
        for start in range(0, len(nodes), BATCH):
            embedded = [n for n in nodes[start : start + BATCH] if n.embedding is not None]
            vectors: Any = [n.get_embedding() for n in embedded]  # chroma types want arrays; lists work
            if not embedded:
                continue
            try:
                self._collection.upsert(
                    ids=[n.node_id for n in embedded],
                    embeddings=vectors,
                    metadatas=[chroma_metadata(n, self.flat_metadata) for n in embedded],
                    documents=[n.get_content() for n in embedded],
                )
            except Exception as exc:  # noqa: BLE001 - Chroma's errors become one line naming the fix
                raise self._failure(exc) from exc
            ids.extend(n.node_id for n in embedded)
        return ids

    def delete(self, ref_doc_id: str, **delete_kwargs: Any) -> None:
        """Deletes happen after the commit, in commit.cleanup."""


def chroma_metadata(node: BaseNode, flat: bool) -> dict[str, Any]:
    from llama_index.core.vector_stores.utils import node_to_metadata_dict

    meta = node_to_metadata_dict(node, remove_text=True, flat_metadata=flat)
    return {k: ("" if v is None else v) for k, v in meta.items()}


class EmbeddedCounter(BaseEventHandler):
    """Counts chunks as the embedder finishes each batch (LlamaIndex instrumentation events)."""

    progress: Any = None

    @classmethod
    def class_name(cls) -> str:
        return "EmbeddedCounter"

    def handle(self, event: BaseEvent, **kwargs: Any) -> None:
        if isinstance(event, EmbeddingEndEvent):
            self.progress.chunks_embedded(len(event.chunks))
