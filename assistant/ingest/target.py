"""Where an ingest writes, and what it starts from.

* an index that exists is updated in place (each batch one transaction);
* where there is none (or only one of an earlier format, which is converted), a new one is built, batch by
  batch, with a new Chroma collection;
* ``--rebuild`` builds a new index beside the old one (``index.sqlite3.rebuild``, a new collection), reusing
  the vectors the old one holds for the same sentences, and replaces the old index's content with it in one
  transaction at the end: until then the old index is the one readers see. An old database that cannot
  be read is moved aside (kept for inspection) first, as are unreadable Chroma files.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from llama_index.core.base.embeddings.base import BaseEmbedding

from assistant.disk import DiskError
from assistant.ingest.sources import READ_VERSION
from assistant.settings import Settings
from assistant.store import IndexInfo, IndexStore, StoreError
from assistant.store.checks import quick_check
from assistant.store.chroma import one_line
from assistant.store.index import LEGACY, STAGING
from assistant.store.reader import IndexReader
from assistant.store.records import KnownArticle
from assistant.store.writer import IndexWriter, remove_database


@dataclass
class Target:
    """The index a run writes to, and the one it starts from."""

    store: IndexStore
    writer: IndexWriter
    info: IndexInfo
    """The index being written (its counters follow every write)."""
    previous: IndexInfo | None
    """The committed index this run updates; None when it builds a new one."""
    collection: Any
    known: dict[str, KnownArticle] = field(default_factory=dict)
    """What the index started from knows (for a new one: what an old or earlier-format one knew)."""
    source: IndexReader | None = None
    """Where the texts and vectors of ``known`` articles are (None: nowhere)."""
    reuse: bool = False
    """Whether ``source``'s vectors were made by this run's embedder."""
    staging: Path | None = None
    old_collection: str | None = None
    """The collection to drop once this run committed (the one a rebuild or a conversion replaced)."""
    notes: list[str] = field(default_factory=list)
    marked: bool = False
    """Whether ``.dirty`` names this run's new collection yet."""
    previous_generation: int = 0
    """A rebuild: the commit counter of the index it replaces (readers must see it grow)."""

    def stored_text(self, doc_id: str) -> str | None:
        """The text the index holds of an article (None: none, or it cannot be read)."""
        if self.source is None:
            return None
        try:
            return self.source.article_text(doc_id)
        except StoreError:
            return None

    def donor_vectors(self, doc_id: str) -> list[tuple[str, bytes]]:
        """(text, vector) of the sentences the index holds for ``doc_id``, which its new version may reuse
        (none when they cannot be read: they are embedded again)."""
        if self.source is None or not self.reuse or doc_id not in self.known:
            return []
        try:
            return self.source.stored_vectors(doc_id)
        except StoreError:
            return []

    def reader(self) -> IndexReader:
        """Read access to the index being written."""
        return IndexReader(self.staging) if self.staging is not None else self.store.reader()

    def put_in_place(self) -> None:
        """A rebuild's new index becomes the index, in one transaction."""
        if self.staging is None:
            return
        self.writer.close()
        main = self.store.writer()
        try:
            self.info.generation = max(self.info.generation, self.previous_generation)
            main.copy_from(self.staging, self.info)
        finally:
            main.close()
        remove_database(self.staging)
        self.staging = None
        self.writer = self.store.writer()

    def close(self) -> None:
        self.writer.close()
        if self.source is not None:
            self.source.close()


def open_target(
    store: IndexStore,
    settings: Settings,
    chunking: dict[str, int],
    rebuild: bool,
    embedder: BaseEmbedding,
    say: Callable[[str], None],
) -> Target:
    """What this run writes to (see the module docstring)."""
    if store.legacy():
        say(
            f"the index in {store.dir} is in the format of an earlier version: converting it (every article is read and embedded again)"
        )
        known, legacy_collection = legacy_known(store)
        return _new(store, settings, chunking, embedder, known=known, old_collection=legacy_collection)
    if not rebuild:
        info = store.read_info()
        if info is None:
            return _new(store, settings, chunking, embedder)
        store.check_embedder(info)
        collection = store.collection(info.collection, create=True)
        source = store.reader()
        return Target(
            store, store.writer(), replace(info), info, collection, source.known_articles(), source, reuse=True
        )
    notes: list[str] = []
    try:
        old = store.read_info()
        problem = quick_check(store.reader().con) if old is not None else ""
    except StoreError as exc:
        old, problem = None, one_line(exc.__cause__ or exc)
    if problem:
        store.reader().close()
        moved = store.move_db_aside()
        old = None
        notes.append(f"the index database was damaged ({problem}): moved it to {moved} (kept for inspection)")
        say(notes[-1])
    _usable_chroma(store, notes, say)
    if old is None:
        target = _new(store, settings, chunking, embedder)
        target.notes = notes
        return target
    staging = store.dir / STAGING
    remove_database(staging)
    source = store.reader()
    target = _new(store, settings, chunking, embedder, staging=staging, old_collection=old.collection)
    target.known, target.source, target.notes = source.known_articles(), source, notes
    target.reuse = old.embedder == settings.embed_model and old.dim == target.info.dim
    target.previous_generation = old.generation
    return target


def _new(
    store: IndexStore,
    settings: Settings,
    chunking: dict[str, int],
    embedder: BaseEmbedding,
    known: dict[str, KnownArticle] | None = None,
    staging: Path | None = None,
    old_collection: str | None = None,
) -> Target:
    """A new index (in the store, or in ``staging``) with a new collection."""
    dim = len(embedder.get_query_embedding("dimension probe"))
    name = f"{settings.collection}-{secrets.token_hex(4)}"
    info = IndexInfo(
        embedder=settings.embed_model, dim=dim, collection=name, chunking=chunking, read_version=READ_VERSION
    )
    writer = IndexWriter(staging) if staging is not None else store.writer()
    collection = store.collection(name, create=True)
    return Target(store, writer, info, None, collection, known or {}, staging=staging, old_collection=old_collection)


def _usable_chroma(store: IndexStore, notes: list[str], say: Callable[[str], None]) -> None:
    """Before a rebuild: Chroma's files must open; unreadable ones are moved aside and fresh ones started."""
    try:
        store.collection_names()
    except StoreError as exc:
        if store.settings.chroma_url or isinstance(exc, DiskError):  # a full or read-only disk is not damage
            raise
        moved = store.reset_chroma()
        notes.append(
            f"Chroma's files in {store.chroma_path} were unreadable: moved them to {moved} (kept for inspection) "
            "and started fresh ones"
        )
        say(notes[-1])


def legacy_known(store: IndexStore) -> tuple[dict[str, KnownArticle], str | None]:
    """The articles an index of the earlier format listed (so that those from outside the folders scanned are
    read again too), and its collection; nothing when its manifest cannot be read."""
    try:
        data = json.loads((store.dir / LEGACY[0]).read_text(encoding="utf-8"))
        files = dict(data["files"])
        known = {
            str(d): KnownArticle(str(d), str(e["path"]), "", "", "", len(e.get("chunks", []))) for d, e in files.items()
        }
        return known, str(data.get("collection") or "") or None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}, None
