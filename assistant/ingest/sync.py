"""Incremental, crash-safe sync of article files into the index, in time proportional to the change.

Order of work, so that a kill at any point leaves a usable index:
0. nothing is written until every named path was scanned and the plan checked: a missing or unreadable
   root, or a run that would remove more than half of the index without ``--prune``, stops here;
1. a file whose size and times are those recorded when it was indexed is not opened (sources.py); the
   others are read, and their document hash decides whether they changed;
2. the articles to write are chunked, in batches of about ``COMMIT_CHUNKS`` chunks; each sentence's vector
   is reused (from the version it replaces, or from a killed run's ``pending``) or embedded and kept in
   ``pending`` at once (vectors.py); the batch's vectors are upserted into Chroma (ids are stable);
3. the batch's rows are written in one database transaction: its COMMIT is the commit point;
4. only then are the vectors of the chunks it dropped deleted from Chroma (commit.py).
Removals are committed with the last batch. Readers trust only the chunks the database lists, so vectors of
a killed run are invisible, and the next ingest reuses them, then removes what no commit lists.

Article ids and scanning: roots.py. What happens to each article: plan.py. The self-check at the start and
the repairs it leads to: repair.py. Where the run writes (the index, or a rebuild's new one): target.py.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path

from assistant.disk import disk_faults
from assistant.embeddings import make_embedder
from assistant.ingest.chunking import ArticleChunker
from assistant.ingest.commit import Batch, cleanup, commit_batch, corpus_language, mark_dirty, restore_vectors
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
from assistant.ingest.records import build_one, parse
from assistant.ingest.repair import Repairs, check_for_ingest
from assistant.ingest.roots import Scan, declared_roots, scan_roots
from assistant.ingest.sources import READ_VERSION, gone_ids, orphans, read_articles
from assistant.ingest.target import Target, open_target
from assistant.ingest.vectors import Vectors
from assistant.settings import Settings
from assistant.store import IndexStore, StoreError

__all__ = ["IngestProgress", "QuietProgress", "RemovalRefused", "SyncReport", "ingest", "make_chunker"]

COMMIT_CHUNKS = 2000
"""About how many chunks are committed at once: bounds the memory of a large ingest and what a kill loses."""


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
        try:
            report = _Run(settings, store, progress, rebuild, prune, confirm).sync(paths)
        except StoreError as exc:
            fault = store.disk_fault(exc.__cause__) if exc.__cause__ is not None else None
            if fault is not None:  # the database's "disk is full", said as a disk fault
                raise fault from exc
            raise
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
        scan = scan_roots(paths or [r.path for r in self.roots])
        for item in scan.skipped:
            self._skipped(item)
        self.embedder = make_embedder(self.settings.embed_model)
        target = open_target(
            self.store, self.settings, self.chunking, self.rebuild, self.embedder, self.progress.message
        )
        try:
            return self._sync(scan, target)
        finally:
            self.store.close()
            target.close()

    def _sync(self, scan: Scan, target: Target) -> SyncReport:
        report, previous = self.report, target.previous
        report.repaired.extend(target.notes)
        rechunk = previous is not None and previous.chunking != self.chunking
        if rechunk:
            self.progress.message("chunking settings changed: re-chunking every article")
        repairs = Repairs()
        if previous is not None:
            repairs = check_for_ingest(self.store, previous, target.collection)
            for note in repairs.notes:
                self.progress.message(note)
                report.repaired.append(note)
        fresh = previous is None
        reread = fresh or rechunk or (previous is not None and previous.read_version != READ_VERSION)
        reading = read_articles(scan, target.known, self.roots, reread, fresh, repairs.forced, target.stored_text)
        report.opened = reading.opened
        for item in reading.skipped:
            self._skipped(item)
        for line in reading.lines:
            self.progress.message(line)
        report.kept = list(reading.kept)
        gone = gone_ids(scan, target.known, reading, self.prune)
        if not fresh and (kept := orphans(scan, target.known, gone, reading)):
            examples = ", ".join(kept[:2]) + (", …" if len(kept) > 2 else "")
            self.progress.message(
                f"kept {len(kept)} indexed articles whose files are gone from outside the folders scanned "
                f"({examples}): `assistant ingest --prune` removes them"
            )
        articles = [
            Article(d, str(reading.docs[d].metadata["path"]), reading.docs[d].hash, text_sha256(reading.docs[d].text))
            for d in reading.docs
        ]
        articles += [
            Article(d, target.known[d].path, target.known[d].hash, target.known[d].sha256) for d in reading.unchanged
        ]
        plan = make_plan(target.known, articles, gone)
        self._check_removals(plan.removed, len(target.known))

        info = target.info
        if repairs.needed:
            self._repair(target, repairs)
        status = dict.fromkeys(reading.present, ADDED) if fresh else plan.status
        renamed = {} if fresh else plan.renamed
        todo = {d for d in reading.docs if fresh or rechunk or status[d] != UNCHANGED or d in repairs.forced}
        if todo and previous is not None:
            mark_dirty(self.store)
        vectors = Vectors(self.embedder, info.dim, target.writer, self.progress.chunks_embedded)
        chunker = make_chunker(self.settings)
        batch = Batch()
        self.progress.start(len(reading.present))
        for doc_id in sorted(reading.present):
            if doc_id not in todo:
                report.unchanged.append(doc_id)
                stat = reading.stats.get(doc_id, "")
                if stat and stat != target.known[doc_id].stat:
                    batch.stats[doc_id] = stat
                self.progress.file_done(doc_id, UNCHANGED, target.known[doc_id].n_chunks)
                continue
            state = UPDATED if rechunk and status[doc_id] == UNCHANGED else status[doc_id]
            old = renamed.get(doc_id)
            vectors.donate(target.donor_vectors(old or doc_id))
            record, embedded = build_one(
                parse(reading.docs[doc_id], reading.texts[doc_id], reading.stats[doc_id], chunker), vectors
            )
            report.chunks_embedded += embedded
            report.chunks_reused += len(record.chunks) - embedded
            batch.records.append(record)
            if old is not None:
                batch.replaces[doc_id] = old
            self._flagged(doc_id, [c.instruction for c in record.chunks if c.instruction])
            name = f"{old} -> {doc_id}" if state == RENAMED else doc_id
            getattr(report, state).append(name)
            self.progress.file_done(name, state, len(record.chunks))
            if batch.n_chunks >= COMMIT_CHUNKS:
                self._commit(target, batch)
                batch, vectors.donors = Batch(), {}
        batch.removed = list(plan.removed)
        for doc_id in plan.removed:
            report.removed.append(doc_id)
            self.progress.file_done(doc_id, REMOVED, 0)
        if rechunk:
            info.chunking = dict(self.chunking)  # with the last batch: a run killed before it re-chunks again
        if batch or fresh or rechunk:
            self._commit(target, batch)
        changed = bool(todo or plan.removed or repairs.needed) or fresh
        self._finish(target, changed, repairs.stale_vectors)
        return report

    # --- writing ------------------------------------------------------------------------------

    def _commit(self, target: Target, batch: Batch) -> None:
        if batch.records and target.previous is None and not target.marked:
            mark_dirty(self.store, created=target.info.collection)
            target.marked = True
        commit_batch(self.store, target.writer, target.info, batch, target.collection)

    def _repair(self, target: Target, repairs: Repairs) -> None:
        """Put back vectors from the database, and the BM25 table and counters, before anything else."""
        if repairs.restore:
            restore_vectors(self.store, target.collection, self.store.reader().chroma_rows(repairs.restore))
        if repairs.rebuild_bm25 or repairs.orphans or repairs.recount:
            writer = target.writer
            with writer.transaction():
                if repairs.orphans:
                    writer.remove_orphans()
                if repairs.rebuild_bm25:
                    writer.rebuild_bm25()
                writer.recount(target.info)
                writer.write_info(target.info)

    def _finish(self, target: Target, changed: bool, stale: bool) -> None:
        """The language of the articles (again when their number changed by a tenth), a rebuild's new index
        put in place, then cleanup."""
        info = target.info
        moved = abs(info.n_articles - info.language_articles) > max(10, info.language_articles // 10)
        if changed and (moved or info.language_articles == 0 or info.read_version != READ_VERSION):
            reader = target.reader()
            language = corpus_language(reader.sample_texts(200))
            if reader is not self.store.reader():
                reader.close()
            info.language, info.language_articles, info.read_version = language, info.n_articles, READ_VERSION
            with target.writer.transaction():
                target.writer.write_info(info)
        target.put_in_place()
        cleanup(self.store, target.writer, info, target.old_collection, stale or target.previous is None)
        self.report.files_total = info.n_articles
        self.report.chunks_total = info.n_chunks

    def _check_removals(self, removed: Sequence[str], n_known: int) -> None:
        refusal = removal_refusal(removed, n_known)
        if refusal is None or self.prune:
            return
        question = f"remove {len(removed)} of the {n_known} indexed articles, whose files are gone?"
        if self.confirm is None or not self.confirm(question):
            raise RemovalRefused(refusal)

    # --- telling the user -----------------------------------------------------------------------

    def _skipped(self, item: Skipped) -> None:
        if item not in self.report.skipped:
            self.report.skipped.append(item)
        self.progress.message(str(item))

    def _flagged(self, doc_id: str, phrases: list[str]) -> None:
        for phrase in phrases:
            self.report.flagged.append(f"{doc_id}: {phrase}")
            self.progress.message(
                f"{doc_id}: a passage holds an instruction to an AI model ({phrase!r}): it is never used as evidence"
            )
