"""The commits of an ingest, and the cleanup after them.

A batch of articles is committed so: its vectors are upserted into Chroma, then its rows are written in
one database transaction (the commit point), then the vectors of chunks it dropped are deleted from
Chroma. Cleanup, once the run has committed everything: vectors Chroma holds that the index does not list
(an interrupted run's), collections an interrupted run created (named in ``.dirty``), the previous
collection after a rebuild, the run's ``pending`` vectors, and files of an earlier format.
"""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from assistant.disk import check_room
from assistant.ingest.vectors import chroma_metadata, delete_vectors, upsert, vector_ids
from assistant.store import DIRTY, IndexStore
from assistant.store.files import atomic_write
from assistant.store.index import LEGACY, STAGING
from assistant.store.info import IndexInfo
from assistant.store.metadata import META_OUTLET, META_PUBLISHED_DAY
from assistant.store.records import ArticleRecord
from assistant.store.writer import IndexWriter, remove_database

CHROMA_KEYS = (META_OUTLET, META_PUBLISHED_DAY)
"""The article metadata Chroma keeps with each vector: what outlet and date filters run on inside Chroma."""


def mark_dirty(store: IndexStore, created: str | None = None) -> None:
    """Record, before writing to Chroma, that it may hold uncommitted vectors (and the collection this run creates)."""
    names = set(dirty_collections(store))
    if created:
        names.add(created)
    atomic_write(store.dir / DIRTY, "".join(f"{name}\n" for name in sorted(names)))


def dirty_collections(store: IndexStore) -> list[str]:
    try:
        return [line.strip() for line in (store.dir / DIRTY).read_text(encoding="utf-8").splitlines() if line.strip()]
    except (OSError, UnicodeDecodeError):
        return []


@dataclass
class Batch:
    """Articles waiting to be committed together."""

    records: list[ArticleRecord] = field(default_factory=list)
    replaces: dict[str, str] = field(default_factory=dict)
    """article id -> the id it was renamed from."""
    stats: dict[str, str] = field(default_factory=dict)
    """Unchanged articles whose file looks different now (touched, copied): id -> how it looks."""
    removed: list[str] = field(default_factory=list)

    @property
    def n_chunks(self) -> int:
        return sum(len(r.chunks) for r in self.records)

    def __bool__(self) -> bool:
        return bool(self.records or self.stats or self.removed)

    def write_size(self) -> int:
        """About how many bytes its rows need on disk (texts, vectors, BM25 tokens, and the WAL that holds
        them until a checkpoint): a few times their raw size."""
        raw = 0
        for record in self.records:
            raw += len(record.text.encode("utf-8", "surrogatepass")) + 1024
            for chunk in record.chunks:
                raw += 2 * len(chunk.text.encode("utf-8", "surrogatepass")) + len(chunk.vector)
                raw += sum(len(s.vector) + 16 for s in chunk.sentences)
        return 3 * raw


def commit_batch(store: IndexStore, writer: IndexWriter, info: IndexInfo, batch: Batch, collection: Any) -> None:
    """Upsert the batch's vectors, commit its rows, then delete the vectors of the chunks it dropped; a batch
    that would fill the disk is refused before anything is written (DiskError)."""
    check_room(store.place, batch.write_size())
    ids = [c.id for r in batch.records for c in r.chunks]
    if ids:
        blobs = [c.vector for r in batch.records for c in r.chunks]
        metas = [chroma_metadata(r.meta, CHROMA_KEYS) for r in batch.records for _ in r.chunks]
        try:
            upsert(collection, ids, blobs, metas)
        except Exception as exc:  # noqa: BLE001 - Chroma's errors become one line naming the fix
            raise store.chroma_failure(exc) from exc
    dropped: list[str] = []
    with writer.transaction():  # the commit point
        for record in batch.records:
            dropped += writer.put_article(record, info, batch.replaces.get(record.id))
        for doc_id in batch.removed:
            dropped += writer.remove_article(doc_id, info)
        for doc_id, stat in batch.stats.items():
            writer.set_stat(doc_id, stat)
        writer.write_info(info)
    if dropped:
        try:
            delete_vectors(collection, dropped)
        except Exception as exc:  # noqa: BLE001 - the commit stands; the next ingest deletes them
            raise store.chroma_failure(exc) from exc


def corpus_language(texts: Sequence[str]) -> str:
    """The language most of ``texts`` are written in ("" when undecided)."""
    from assistant.language import detect_language

    votes = Counter(detect_language(t) for t in texts)
    votes.pop(None, None)
    return str(votes.most_common(1)[0][0]) if votes else ""


def restore_vectors(store: IndexStore, collection: Any, rows: Sequence[tuple[str, bytes, Mapping[str, Any]]]) -> None:
    """Put back vectors Chroma lost, from the database (no embedding)."""
    try:
        upsert(
            collection, [r[0] for r in rows], [r[1] for r in rows], [chroma_metadata(r[2], CHROMA_KEYS) for r in rows]
        )
    except Exception as exc:  # noqa: BLE001
        raise store.chroma_failure(exc) from exc


def cleanup(store: IndexStore, writer: IndexWriter, info: IndexInfo, old_collection: str | None, stale: bool) -> None:
    """Remove what the committed index no longer references. ``stale``: Chroma may hold vectors no commit
    lists (a run was killed, the counts disagree, a new index was built): compare every id (the only step
    that reads them all); the embedded Chroma of a new index keeps no other collection."""
    if old_collection and old_collection != info.collection:
        store.drop_collection(old_collection)
    if stale and not store.settings.chroma_url:
        for name in store.collection_names():
            if name != info.collection:
                store.drop_collection(name)
    if stale:
        collection = store.collection(info.collection, create=True)
        wanted = store.reader().all_chunk_ids()
        try:
            extra = [cid for cid in vector_ids(collection) if cid not in wanted]
            delete_vectors(collection, extra)
        except Exception as exc:  # noqa: BLE001 - the commit stands; the next ingest cleans up again
            raise store.chroma_failure(exc) from exc
        for name in dirty_collections(store):
            if name != info.collection:
                store.drop_collection(name)
    writer.clear_pending()
    (store.dir / DIRTY).unlink(missing_ok=True)
    remove_database(store.dir / STAGING)
    for name in LEGACY:
        (store.dir / name).unlink(missing_ok=True)
    for path in [*store.dir.glob("bm25-*"), *store.dir.glob(".bm25-tmp-*")]:
        shutil.rmtree(path, ignore_errors=True)
