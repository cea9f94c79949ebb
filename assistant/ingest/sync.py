"""Incremental, crash-safe sync of article files into the index.

Order of work, so that a kill at any point leaves the previous index usable:
0. nothing is written until every named path was scanned and the plan checked: a missing or unreadable
   root, or a run that would remove more than half of the index without ``--prune``, stops here;
1. new and changed chunks are upserted into Chroma (ids are stable, so a rerun re-upserts the same ids;
   a vector Chroma already holds for the same chunk id, or for the same text of a renamed or moved
   article, is reused instead of embedded again);
2. the BM25 index is written to a new folder, the document store to a temp file;
3. the manifest is replaced atomically: this is the commit point;
4. only then are stale chunks, old BM25 folders and (after --rebuild) the old collection deleted.
Readers only trust chunk ids listed in the committed manifest, so uncommitted chunks are invisible,
and the next ingest removes them.

Article ids and scanning: roots.py. What happens to each article: plan.py. The self-check at the start
and the repairs it leads to: repair.py. Commit and cleanup: commit.py.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from llama_index.core.ingestion import IngestionPipeline
from llama_index.core.instrumentation import get_dispatcher
from llama_index.core.schema import BaseNode, Document
from llama_index.core.storage.docstore import SimpleDocumentStore

from assistant.disk import DiskError, disk_faults
from assistant.embeddings import make_embedder
from assistant.ingest.chunking import META_PATH, ArticleChunker
from assistant.ingest.commit import cleanup, commit, mark_dirty
from assistant.ingest.loader import Skipped
from assistant.ingest.plan import (
    ADDED,
    REMOVED,
    RENAMED,
    UNCHANGED,
    UPDATED,
    Article,
    make_plan,
    removal_refusal,
    text_sha256,
)
from assistant.ingest.progress import IngestProgress, QuietProgress, SyncReport
from assistant.ingest.repair import Repairs, check_for_ingest, load_docstore
from assistant.ingest.roots import declared_roots, scan_roots
from assistant.ingest.sources import gone_ids, known_from_docstore, known_sha, orphans, read_articles
from assistant.ingest.vectors import EmbeddedCounter, ReusingEmbedder, UpsertOnlyChromaStore, donor_vectors
from assistant.ingest.vectors import chroma_metadata as _chroma_metadata  # noqa: F401 - bench/search_latency.py
from assistant.settings import Settings
from assistant.store import IndexStore, StoreError
from assistant.store.manifest import Manifest
from assistant.store.metadata import ARTICLE_KEYS, META_INSTRUCTION, META_TITLE

__all__ = ["IngestProgress", "QuietProgress", "RemovalRefused", "SyncReport", "ingest", "make_chunker"]


class RemovalRefused(StoreError):
    """The run would remove more than half of the index and was not told to."""


def make_chunker(settings: Settings) -> ArticleChunker:
    return ArticleChunker(chunk_size=settings.chunk_size, chunk_overlap=settings.chunk_overlap)


def ingest(
    settings: Settings,
    paths: Sequence[Path] | None = None,
    rebuild: bool = False,
    progress: IngestProgress | None = None,
    lock_timeout: float = 30.0,
    prune: bool = False,
    confirm: Callable[[str], bool] | None = None,
) -> SyncReport:
    """Sync articles under ``paths`` (default: seeds_dir and article_roots) into the index.

    ``prune``: remove indexed articles whose files are gone wherever they were, even more than half of
    the index. ``confirm``: asked (with a question) before a run removes more than half of the index.
    """
    progress = progress or QuietProgress()
    started = time.perf_counter()
    store = IndexStore(settings)
    store.retry = "run `assistant ingest` again"
    with store.lock(timeout=lock_timeout, on_wait=progress.message), disk_faults(store.place):
        report = _Run(settings, store, progress, rebuild, prune, confirm).sync(paths)
    report.seconds = time.perf_counter() - started
    return report


class _Run:
    """One ingest, under the lock."""

    def __init__(
        self,
        settings: Settings,
        store: IndexStore,
        progress: IngestProgress,
        rebuild: bool,
        prune: bool,
        confirm: Callable[[str], bool] | None,
    ) -> None:
        self.settings, self.store, self.progress = settings, store, progress
        self.rebuild, self.prune, self.confirm = rebuild, prune, confirm
        self.roots = declared_roots(settings)
        self.chunking = {"size": settings.chunk_size, "overlap": settings.chunk_overlap}
        self.report = SyncReport()

    def sync(self, paths: Sequence[Path] | None) -> SyncReport:
        store, report = self.store, self.report
        previous = None if self.rebuild else store.read_manifest()
        if previous is not None:
            store.check_embedder(previous)
        old_docstore, docstore_error = load_docstore(store.docstore_path)
        earlier = previous or self._earlier_manifest()
        known = dict(earlier.files) if earlier else known_from_docstore(old_docstore)
        fresh = previous is None
        rechunk = previous is not None and previous.chunking != self.chunking
        if rechunk:
            self.progress.message("chunking settings changed: re-chunking every article")
        scan = scan_roots(paths or [r.path for r in self.roots])
        for item in scan.skipped:
            self._skipped(item)

        collection: Any = None
        repairs = Repairs()
        if previous is not None:
            collection = store.collection(previous.collection, create=True)
            repairs = check_for_ingest(store, previous, collection, old_docstore, docstore_error)
            for note in repairs.notes:
                self.progress.message(note)
                report.repaired.append(note)
        reading = read_articles(scan, known, self.roots, fresh, rechunk, repairs.forced, old_docstore)
        for item in reading.skipped:
            self._skipped(item)
        for line in reading.lines:
            self.progress.message(line)
        report.kept = list(reading.kept)
        docs = reading.docs
        gone = gone_ids(scan, known, reading, self.prune)
        if not fresh and (kept := orphans(scan, known, gone, reading)):
            examples = ", ".join(kept[:2]) + (", …" if len(kept) > 2 else "")
            self.progress.message(
                f"kept {len(kept)} indexed articles whose files are gone from outside the folders scanned "
                f"({examples}): `assistant ingest --prune` removes them"
            )
        articles = [Article(d.id_, str(d.metadata[META_PATH]), d.hash, text_sha256(d.text)) for d in docs.values()]
        plan = make_plan(known, articles, gone, known_sha(known, gone, old_docstore))
        self._check_removals(plan.removed, len(known))

        embedder = make_embedder(self.settings.embed_model)
        dim = previous.dim if previous is not None else len(embedder.get_query_embedding("dimension probe"))
        if previous is None:
            if self.rebuild:
                self._usable_chroma()
            name = f"{self.settings.collection}-{secrets.token_hex(4)}"
            mark_dirty(store, created=name)
            collection = store.collection(name, create=True)
        else:
            name = previous.collection
        changed = fresh or rechunk or plan.changes
        run = {d for d in docs if fresh or rechunk or plan.status[d] != UNCHANGED or d in repairs.forced}
        if run and previous is not None:
            mark_dirty(store)
        files = {} if previous is None else dict(previous.files)
        docstore = old_docstore if old_docstore is not None and not (fresh or rechunk) else SimpleDocumentStore()
        donors: dict[str, list[float]] = {}
        if previous is not None:
            dropped = [*plan.renamed.values(), *plan.removed, *(d for d, s in plan.status.items() if s == UPDATED)]
            donors = donor_vectors(collection, [c for d in dropped if d in files for c in files[d]["chunks"]])
        reuse = ReusingEmbedder(embedder, dim, None if fresh else collection, donors)
        self._embed(
            docs,
            run,
            plan.status if not fresh else dict.fromkeys(docs, ADDED),
            {} if fresh else plan.renamed,
            rechunk,
            files,
            docstore,
            collection,
            reuse,
        )
        for doc_id in plan.removed:
            files.pop(doc_id, None)
            docstore.delete_document(doc_id, raise_error=False)
            report.removed.append(doc_id)
            self.progress.file_done(doc_id, REMOVED, 0)

        manifest = Manifest(
            embedder=self.settings.embed_model,
            dim=dim,
            collection=name,
            chunking=self.chunking,
            files=files,
            language=previous.language if previous else "",
            bm25=dict(previous.bm25) if previous else {},
        )
        self._finish(manifest, previous, earlier, docstore, collection, changed, repairs)
        report.chunks_embedded, report.chunks_reused = reuse.embedded, reuse.reused
        return report

    def _finish(
        self,
        manifest: Manifest,
        previous: Manifest | None,
        earlier: Manifest | None,
        docstore: SimpleDocumentStore,
        collection: Any,
        changed: bool,
        repairs: Repairs,
    ) -> None:
        """Commit (when anything changed or was repaired), then clean up."""
        if changed or repairs.needed:
            chunker = make_chunker(self.settings)
            commit(self.store, manifest, docstore, chunker, collection, rebuild_bm25=changed or repairs.rebuild_bm25)
        stale = repairs.stale_vectors or (previous is not None and previous.chunk_ids != manifest.chunk_ids)
        cleanup(self.store, manifest, earlier.collection if earlier and previous is None else None, stale)
        self.report.files_total = len(manifest.files)
        self.report.chunks_total = manifest.n_chunks

    def _skipped(self, item: Skipped) -> None:
        if item not in self.report.skipped:
            self.report.skipped.append(item)
        self.progress.message(str(item))

    def _earlier_manifest(self) -> Manifest | None:
        """What was committed before a rebuild (or before the manifest was lost), when it can be read."""
        try:
            return self.store.read_manifest()
        except StoreError:
            return None

    # --- writing ------------------------------------------------------------------------------

    def _check_removals(self, removed: Sequence[str], n_known: int) -> None:
        refusal = removal_refusal(removed, n_known)
        if refusal is None or self.prune:
            return
        question = f"remove {len(removed)} of the {n_known} indexed articles, whose files are gone?"
        if self.confirm is None or not self.confirm(question):
            raise RemovalRefused(refusal)

    def _usable_chroma(self) -> None:
        """Before a rebuild: Chroma's files must open; unreadable ones are moved aside and fresh ones started."""
        try:
            self.store.collection_names()
        except StoreError as exc:
            if self.settings.chroma_url or isinstance(exc, DiskError):  # a full or read-only disk is not damage
                raise
            moved = self.store.reset_chroma()
            note = f"Chroma's files in {self.store.chroma_path} were unreadable: moved them to {moved} (kept for inspection) and started fresh ones"
            self.progress.message(note)
            self.report.repaired.append(note)

    def _embed(
        self,
        docs: Mapping[str, Document],
        run: set[str],
        status: Mapping[str, str],
        renamed: Mapping[str, str],
        rechunk: bool,
        files: dict[str, dict[str, Any]],
        docstore: SimpleDocumentStore,
        collection: Any,
        reuse: ReusingEmbedder,
    ) -> None:
        """Chunk and embed (or reuse) the articles in ``run``, recording each in ``files`` and ``docstore``."""
        pipeline = IngestionPipeline(
            transformations=[make_chunker(self.settings), reuse],
            vector_store=UpsertOnlyChromaStore(chroma_collection=collection, failure=self.store.chroma_failure),
            disable_cache=True,
        )
        counter = EmbeddedCounter(progress=self.progress)
        dispatcher = get_dispatcher()
        dispatcher.add_event_handler(counter)
        self.progress.start(len(docs))
        try:
            for doc_id in sorted(docs):
                doc = docs[doc_id]
                state = UPDATED if rechunk and status[doc_id] == UNCHANGED else status[doc_id]
                if doc_id not in run:
                    self.report.unchanged.append(doc_id)
                    self.progress.file_done(doc_id, UNCHANGED, len(files[doc_id]["chunks"]))
                    continue
                nodes = pipeline.run(documents=[doc])
                old = renamed.get(doc_id)
                if old is not None:
                    files.pop(old, None)
                    docstore.delete_document(old, raise_error=False)
                files[doc_id] = _entry(doc, nodes)
                for phrase in files[doc_id]["flagged"].values():
                    self.report.flagged.append(f"{doc_id}: {phrase}")
                    self.progress.message(
                        f"{doc_id}: a passage holds an instruction to an AI model ({phrase!r}): it is never used as evidence"
                    )
                docstore.add_documents([doc])
                docstore.set_document_hash(doc_id, doc.hash)
                name = f"{old} -> {doc_id}" if state == RENAMED else doc_id
                getattr(self.report, state).append(name)
                self.progress.file_done(name, state, len(nodes))
        finally:
            dispatcher.event_handlers.remove(counter)


def _entry(doc: Document, nodes: Sequence[BaseNode]) -> dict[str, Any]:
    """The manifest's record of an article: where, which version, its news metadata, its chunks, and the
    chunks flagged as instructions to an AI model (chunk id -> the phrase)."""
    return {
        "path": doc.metadata[META_PATH],
        "hash": doc.hash,
        "sha256": text_sha256(doc.text),
        "title": nodes[0].metadata.get(META_TITLE, "") if nodes else "",
        **{k: doc.metadata[k] for k in ARTICLE_KEYS if k in doc.metadata},
        "chunks": [n.node_id for n in nodes],
        "flagged": {n.node_id: n.metadata[META_INSTRUCTION] for n in nodes if n.metadata.get(META_INSTRUCTION)},
    }
