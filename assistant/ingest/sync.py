"""Incremental, crash-safe sync of article files into the index.

Order of work, so that a kill at any point leaves the previous index usable:
1. new and changed chunks are upserted into Chroma (ids are stable, so a rerun re-upserts the same ids);
2. the BM25 index is written to a new folder, the document store to a temp file;
3. the manifest is replaced atomically: this is the commit point;
4. only then are stale chunks, old BM25 folders and (after --rebuild) the old collection deleted.
Readers only trust chunk ids listed in the committed manifest, so uncommitted chunks are invisible,
and the next ingest removes them.
"""

from __future__ import annotations

import secrets
import shutil
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from llama_index.core.ingestion import DocstoreStrategy, IngestionPipeline
from llama_index.core.instrumentation import get_dispatcher
from llama_index.core.instrumentation.event_handlers import BaseEventHandler
from llama_index.core.instrumentation.events import BaseEvent
from llama_index.core.instrumentation.events.embedding import EmbeddingEndEvent
from llama_index.core.schema import BaseNode, Document
from llama_index.core.storage.docstore import SimpleDocumentStore
from llama_index.vector_stores.chroma import ChromaVectorStore
from pydantic import PrivateAttr

from assistant.embeddings import make_embedder
from assistant.ingest.chunking import META_FILE, META_PATH, ArticleChunker
from assistant.ingest.loader import Skipped, find_articles, read_article
from assistant.settings import Settings
from assistant.store import DOCSTORE, IndexStore, Manifest

DIRTY = ".dirty"


class IngestProgress(Protocol):
    """What ingest reports while it works (a progress bar on a terminal, plain lines otherwise)."""

    def start(self, files: int) -> None: ...
    def file_done(self, name: str, status: str, chunks: int) -> None: ...
    def chunks_embedded(self, n: int) -> None: ...
    def message(self, text: str) -> None: ...


class QuietProgress:
    def start(self, files: int) -> None:
        pass

    def file_done(self, name: str, status: str, chunks: int) -> None:
        pass

    def chunks_embedded(self, n: int) -> None:
        pass

    def message(self, text: str) -> None:
        pass


@dataclass
class SyncReport:
    unchanged: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    chunks_embedded: int = 0
    chunks_total: int = 0
    files_total: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        return (
            f"{len(self.unchanged)} unchanged, {len(self.added)} added, {len(self.updated)} updated, "
            f"{len(self.removed)} removed; {self.chunks_embedded} chunks embedded "
            f"({self.files_total} articles, {self.chunks_total} chunks in the index)"
        )


class _UpsertOnlyChromaStore(ChromaVectorStore):
    """Chroma store for ingest: upserts, and defers deletes to after the commit."""

    _deferred: list[str] = PrivateAttr(default_factory=list)

    def add(self, nodes: list[BaseNode], **add_kwargs: Any) -> list[str]:
        ids: list[str] = []
        for start in range(0, len(nodes), 1000):
            embedded = [n for n in nodes[start : start + 1000] if n.embedding is not None]
            if not embedded:
                continue
            self._collection.upsert(
                ids=[n.node_id for n in embedded],
                embeddings=[n.get_embedding() for n in embedded],
                metadatas=[_chroma_metadata(n, self.flat_metadata) for n in embedded],
                documents=[n.get_content() for n in embedded],
            )
            ids.extend(n.node_id for n in embedded)
        return ids

    def delete(self, ref_doc_id: str, **delete_kwargs: Any) -> None:
        self._deferred.append(ref_doc_id)


def _chroma_metadata(node: BaseNode, flat: bool) -> dict[str, Any]:
    from llama_index.core.vector_stores.utils import node_to_metadata_dict

    meta = node_to_metadata_dict(node, remove_text=True, flat_metadata=flat)
    return {k: ("" if v is None else v) for k, v in meta.items()}


class _EmbeddedCounter(BaseEventHandler):
    """Counts chunks as the embedder finishes each batch (LlamaIndex instrumentation events)."""

    progress: Any = None

    @classmethod
    def class_name(cls) -> str:
        return "EmbeddedCounter"

    def handle(self, event: BaseEvent, **kwargs: Any) -> None:
        if isinstance(event, EmbeddingEndEvent):
            self.progress.chunks_embedded(len(event.chunks))


def _under(path: str, roots: Sequence[Path]) -> bool:
    p = Path(path)
    return any(p == root or root in p.parents for root in roots)


def make_chunker(settings: Settings) -> ArticleChunker:
    return ArticleChunker(chunk_size=settings.chunk_size, chunk_overlap=settings.chunk_overlap)


def ingest(
    settings: Settings,
    paths: Sequence[Path] | None = None,
    rebuild: bool = False,
    progress: IngestProgress | None = None,
    lock_timeout: float = 30.0,
) -> SyncReport:
    """Sync articles under ``paths`` (default: the seeds folder) into the index."""
    progress = progress or QuietProgress()
    started = time.perf_counter()
    store = IndexStore(settings)
    roots = [Path(p).expanduser().resolve() for p in (paths or [settings.seeds_dir])]
    chunking = {"size": settings.chunk_size, "overlap": settings.chunk_overlap}
    report = SyncReport()

    with store.lock(timeout=lock_timeout):
        previous = None if rebuild else store.read_manifest()
        if previous is not None:
            store.check_embedder(previous)
        rechunk = previous is not None and previous.chunking != chunking
        if rechunk:
            progress.message("chunking settings changed: re-chunking every article")

        found, skipped = find_articles(roots)
        for item in skipped:
            progress.message(str(item))
        if rechunk and previous is not None:  # articles ingested earlier from elsewhere need re-chunking too
            known = {str(p) for p, _ in found}
            for doc_id, entry in previous.files.items():
                if entry["path"] not in known and Path(entry["path"]).is_file():
                    found.append((Path(entry["path"]), doc_id))
        documents: list[Document] = []
        for path, name in found:
            article = read_article(path, name)
            if isinstance(article, Skipped):
                skipped.append(article)
                progress.message(str(article))
                continue
            documents.append(
                Document(id_=name, text=article.text, metadata={META_FILE: name, META_PATH: str(path)})
            )
        report.skipped = skipped

        embedder = make_embedder(settings.embed_model)
        collection_name = previous.collection if previous else f"{settings.collection}-{secrets.token_hex(4)}"
        collection = store.collection(collection_name, create=True)
        vector_store = _UpsertOnlyChromaStore(chroma_collection=collection)
        docstore = _load_docstore(store, previous, fresh=previous is None or rechunk)
        pipeline = IngestionPipeline(
            transformations=[make_chunker(settings), embedder],
            docstore=docstore,
            docstore_strategy=DocstoreStrategy.UPSERTS,
            vector_store=vector_store,
        )

        files: dict[str, dict[str, Any]] = dict(previous.files) if previous else {}
        (store.dir / DIRTY).touch()
        counter = _EmbeddedCounter(progress=progress)
        dispatcher = get_dispatcher()
        dispatcher.add_event_handler(counter)
        progress.start(len(documents))
        try:
            for doc in documents:
                before = docstore.get_document_hash(doc.id_)
                nodes = pipeline.run(documents=[doc])
                if doc.id_ not in files:
                    status = "added"
                elif before == doc.hash:
                    status = "unchanged"
                else:
                    status = "updated"
                if status != "unchanged":
                    files[doc.id_] = {
                        "path": doc.metadata[META_PATH],
                        "hash": doc.hash,
                        "title": nodes[0].metadata.get("title", "") if nodes else "",
                        "chunks": [n.node_id for n in nodes],
                    }
                    report.chunks_embedded += len(nodes)
                getattr(report, status).append(doc.id_)
                progress.file_done(doc.id_, status, len(nodes))
        finally:
            dispatcher.event_handlers.remove(counter)

        seen = {d.id_ for d in documents}
        for doc_id in sorted(set(files) - seen):
            path = files[doc_id]["path"]
            if not Path(path).exists() or _under(path, roots):
                del files[doc_id]
                docstore.delete_document(doc_id, raise_error=False)
                report.removed.append(doc_id)
                progress.file_done(doc_id, "removed", 0)

        manifest = Manifest(
            embedder=settings.embed_model,
            dim=_embedding_dim(embedder),
            collection=collection_name,
            chunking=chunking,
            files=files,
        )
        changed = previous is None or report.added or report.updated or report.removed or rechunk
        if changed:
            _commit(store, manifest, docstore, settings)
        _cleanup(store, manifest, previous)
        report.files_total = len(manifest.files)
        report.chunks_total = manifest.n_chunks
        report.seconds = time.perf_counter() - started
        return report


def _embedding_dim(embedder: Any) -> int:
    return len(embedder.get_query_embedding("dimension probe"))


def _load_docstore(store: IndexStore, previous: Manifest | None, fresh: bool) -> SimpleDocumentStore:
    """The pipeline's document store, reconciled with the committed manifest (the source of truth)."""
    if fresh or previous is None or not store.docstore_path.is_file():
        return SimpleDocumentStore()
    docstore = SimpleDocumentStore.from_persist_path(str(store.docstore_path))
    hashes = docstore.get_all_document_hashes()  # hash -> doc id
    for doc_id in set(hashes.values()) - set(previous.files):
        docstore.delete_document(doc_id, raise_error=False)
    for doc_id, entry in previous.files.items():
        if docstore.get_document_hash(doc_id) != entry["hash"]:
            docstore.set_document_hash(doc_id, entry["hash"])
    return docstore


def _commit(store: IndexStore, manifest: Manifest, docstore: SimpleDocumentStore, settings: Settings) -> None:
    from assistant.retrieval import build_bm25

    chunker = make_chunker(settings)
    nodes: list[BaseNode] = []
    for doc_id in manifest.files:
        doc = docstore.get_document(doc_id, raise_error=False)
        if isinstance(doc, Document):
            nodes.extend(chunker.chunk_document(doc))
    manifest.language = corpus_language(nodes)
    bm25_dir = store.dir / f"bm25-{manifest.fingerprint()}"
    if nodes and not bm25_dir.is_dir():
        tmp = store.dir / f".bm25-tmp-{secrets.token_hex(4)}"
        build_bm25(nodes).persist(str(tmp), show_progress=False)
        tmp.rename(bm25_dir)
    tmp_docstore = store.dir / f".{DOCSTORE}.tmp"
    docstore.persist(str(tmp_docstore))
    tmp_docstore.replace(store.docstore_path)
    store.write_manifest(manifest)  # the commit point


def corpus_language(nodes: Sequence[BaseNode], sample: int = 200) -> str:
    """The language most chunks are written in ("" when undecided)."""
    from collections import Counter

    from assistant.language import detect_language

    step = max(1, len(nodes) // sample)
    votes = Counter(detect_language(n.get_content()) for n in list(nodes)[::step])
    votes.pop(None, None)
    return votes.most_common(1)[0][0] if votes else ""


def _cleanup(store: IndexStore, manifest: Manifest, previous: Manifest | None) -> None:
    """Remove what the committed manifest no longer references (also after a killed ingest)."""
    keep = f"bm25-{manifest.fingerprint()}"
    for path in store.dir.glob("bm25-*"):
        if path.name != keep:
            shutil.rmtree(path, ignore_errors=True)
    for path in store.dir.glob(".bm25-tmp-*"):
        shutil.rmtree(path, ignore_errors=True)
    if previous is not None and previous.collection != manifest.collection:
        store.drop_collection(previous.collection)
    dirty = store.dir / DIRTY
    if dirty.exists() or (previous and previous.chunk_ids != manifest.chunk_ids):
        collection = store.collection(manifest.collection, create=True)
        wanted = manifest.chunk_ids
        stale = [cid for cid in collection.get(include=[])["ids"] if cid not in wanted]
        for start in range(0, len(stale), 5000):
            collection.delete(ids=stale[start : start + 5000])
        prefix = f"{store.settings.collection}-"
        for name in store.collection_names():
            if name.startswith(prefix) and name != manifest.collection:
                store.drop_collection(name)
        dirty.unlink(missing_ok=True)
