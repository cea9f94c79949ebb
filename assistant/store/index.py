"""The persisted index: the database (the store of record), Chroma (embedded or a server) and the lock."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from assistant.disk import DiskError, Place, check_room, fault_message
from assistant.errors import NoIndexError, StoreError
from assistant.settings import Settings
from assistant.store.chroma import (
    GuardedCollection,
    hnsw_configuration,
    make_chroma_client,
    move_aside,
    refusing_embedding_function,
    server_message,
    unreadable_message,
    with_deadline,
)
from assistant.store.db import connect, failure
from assistant.store.info import IndexInfo
from assistant.store.reader import IndexReader
from assistant.store.writer import IndexWriter

DB = "index.sqlite3"
STAGING = "index.sqlite3.rebuild"
"""Where ``ingest --rebuild`` builds the new index before it replaces the old one's content."""
CHROMA = "chroma"
LOCK = ".ingest.lock"
DIRTY = ".dirty"
"""Present while an ingest may have written to Chroma without committing; lists collections it created."""
LEGACY = ("index.json", "docstore.json")
"""The manifest and document store of the format before the database (versions 1 and 2)."""
LEGACY_MESSAGE = (
    "is in the format of an earlier version: run `assistant ingest` to convert it (it reads every article again)"
)


class IndexStore:
    """Locations and clients of one index: ``store_dir`` files plus a Chroma collection."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.dir = settings.store_dir.expanduser()
        self._client: Any = None
        self._reader: IndexReader | None = None
        self.retry = "run the command again"
        """What to do once a disk fault is fixed (ingest says: run `assistant ingest` again)."""

    @property
    def place(self) -> Place:
        """The store as disk-fault messages name it (see assistant.disk)."""
        return Place(
            self.dir,
            "the index",
            "Chroma writes to its files even to search: make it writable (remount it read-write, or chmod -R u+w), "
            "or copy the store to a writable folder and set store_dir (ASSISTANT_STORE_DIR) to it",
            self.retry,
        )

    def disk_fault(self, exc: BaseException, ask_disk: bool = False) -> DiskError | None:
        """A DiskError when ``exc`` comes from a full, read-only or forbidden store (embedded Chroma only asks
        the disk itself when the error does not say why)."""
        line = fault_message(exc, self.place, ask_disk=ask_disk and not self.settings.chroma_url)
        return DiskError(line) if line else None

    @property
    def db_path(self) -> Path:
        return self.dir / DB

    @property
    def chroma_path(self) -> Path:
        return self.dir / CHROMA

    def check_dir(self) -> None:
        """Refuse a store_dir that exists but is not a folder."""
        if self.dir.exists() and not self.dir.is_dir():
            raise StoreError(
                f"store_dir {self.dir} is a file, not a folder: set store_dir (or ASSISTANT_STORE_DIR) "
                "to a folder, or move the file away"
            )

    def legacy(self) -> bool:
        """Whether ``store_dir`` holds an index of the format before the database (and no database)."""
        return not self.db_path.exists() and any((self.dir / name).exists() for name in LEGACY)

    # --- the database ----------------------------------------------------------------------------

    def read_info(self) -> IndexInfo | None:
        """What the committed index is; None when there is none yet (StoreError when it cannot be read)."""
        self.check_dir()
        if not self.db_path.exists():
            if self.legacy():
                raise StoreError(f"the index in {self.dir} {LEGACY_MESSAGE}")
            return None
        try:
            info = self.reader().info()
        except StoreError as exc:  # a read-only or full disk is said as one (see assistant.disk)
            fault = self.disk_fault(exc.__cause__, ask_disk=True) if exc.__cause__ is not None else None
            if fault is not None:
                raise fault from exc
            raise
        self.check_format(info)
        return info

    def check_format(self, info: IndexInfo) -> None:
        from assistant.store.schema import FORMAT

        if info.format != FORMAT:
            raise StoreError(
                f"the index in {self.dir} has format {info.format}, this version reads {FORMAT}: "
                "run `assistant ingest --rebuild`"
            )

    def has_index_files(self) -> bool:
        """Whether the store holds Chroma data (so a missing database was lost)."""
        return self.chroma_path.is_dir() and any(self.chroma_path.iterdir())

    def lost_index_message(self) -> str:
        return f"the index database {self.db_path} is missing but {self.dir} holds vectors: run `assistant ingest --rebuild`"

    def open_info(self) -> IndexInfo:
        """The committed index's info, checked against the configured embedder."""
        info = self.read_info()
        if info is None and self.has_index_files():
            raise StoreError(self.lost_index_message())
        if info is None or info.n_articles == 0:
            raise NoIndexError(f"no index in {self.dir} yet: run `assistant ingest` first")
        self.check_embedder(info)
        return info

    def check_embedder(self, info: IndexInfo) -> None:
        if info.embedder != self.settings.embed_model:
            raise StoreError(
                f"the index in {self.dir} was built with embedder '{info.embedder}' but embed_model is "
                f"'{self.settings.embed_model}': run `assistant ingest --rebuild` to re-embed with the new "
                f"model, or set embed_model back to '{info.embedder}'"
            )

    def stamp(self) -> tuple[int, int] | None:
        """What changes whenever an ingest commits (the database's inode and its commit counter); None when
        there is no readable index."""
        try:
            inode = self.db_path.stat().st_ino
            con = connect(self.db_path)
        except (OSError, StoreError):
            return None
        try:
            row = con.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        except sqlite3.Error:
            return None
        finally:
            con.close()
        return (inode, int(row[0])) if row else None

    def reader(self) -> IndexReader:
        """Read access to the committed index (one connection per thread)."""
        if self._reader is None:
            self._reader = IndexReader(self.db_path)
        return self._reader

    def close(self) -> None:
        """Close this thread's reading connection (the last one closed folds the WAL file back)."""
        if self._reader is not None:
            self._reader.close()

    def writer(self) -> IndexWriter:
        """The writing connection (ingest only, under ``lock()``)."""
        self.check_dir()
        self.dir.mkdir(parents=True, exist_ok=True)
        return IndexWriter(self.db_path)

    def move_db_aside(self) -> Path:
        """Rename an unreadable database (and its WAL files) to ``index.sqlite3.broken-TIMESTAMP``; returns where."""
        from assistant.store.writer import move_database

        self._reader = None
        return move_database(self.db_path)

    def database_failure(self, exc: BaseException) -> StoreError:
        """A one-line error for a database failure: a disk fault said as one (see assistant.disk), else what
        ``store.db.failure`` says."""
        return self.disk_fault(exc.__cause__ or exc if isinstance(exc, StoreError) else exc) or failure(
            self.db_path, exc
        )

    # --- Chroma -----------------------------------------------------------------------------

    @property
    def client(self) -> Any:
        if self._client is None:
            url, path = self.settings.chroma_url, self.chroma_path
            try:
                self._client = self.in_time(lambda: make_chroma_client(url, path))
            except Exception as exc:  # noqa: BLE001 - a disk fault is said as one; the rest already is one line
                fault = None if url else self.disk_fault(exc.__cause__ or exc, ask_disk=True)
                if fault is not None:
                    raise fault from exc
                if isinstance(exc, StoreError):
                    raise
                raise self.chroma_failure(exc) from exc
        return self._client

    def in_time(self, call: Callable[[], Any]) -> Any:
        """``call()`` (a call to Chroma) within the chroma_timeout deadline, else one line saying who stopped."""
        return with_deadline(call, self.settings.chroma_timeout, self._late)

    def _late(self) -> StoreError:
        seconds = f"{self.settings.chroma_timeout:g}s"
        hint = "or raise chroma_timeout (ASSISTANT_CHROMA_TIMEOUT)"
        if self.settings.chroma_url:
            return StoreError(
                f"the Chroma server at {self.settings.chroma_url} stopped answering (nothing within {seconds}): "
                f"check that it runs (`chroma run --path DIR --port PORT`), {hint}"
            )
        return StoreError(
            f"Chroma ({self.chroma_path}) stopped answering (nothing within {seconds}): another process may be "
            f"holding it busy; try again, {hint}"
        )

    def chroma_failure(self, exc: BaseException) -> StoreError:
        """A one-line StoreError for a failure inside Chroma, naming the fix (never a rebuild for a disk fault)."""
        if isinstance(exc, StoreError):
            return exc
        if self.settings.chroma_url:
            return StoreError(server_message(self.settings.chroma_url, exc))
        return self.disk_fault(exc, ask_disk=True) or StoreError(unreadable_message(self.chroma_path, exc))

    def collection(self, name: str, create: bool = False) -> Any:
        """A Chroma collection that never embeds by itself (we always pass vectors); a new one gets the HNSW
        parameters of ``hnsw_configuration``. Its calls have a deadline and, in an embedded Chroma, writes that
        would fill the disk are refused before they start."""
        client = self.client
        try:
            if create:
                found = self.in_time(
                    lambda: client.get_or_create_collection(
                        name,
                        embedding_function=refusing_embedding_function(),
                        configuration=hnsw_configuration(self.settings.candidates),
                    )
                )
            else:
                found = self.in_time(
                    lambda: client.get_collection(name, embedding_function=refusing_embedding_function())
                )
        except Exception as exc:  # noqa: BLE001 - chroma raises many kinds
            if not create and "does not exist" in str(exc).lower():
                raise StoreError(
                    f"the vectors of the index (Chroma collection '{name}') are missing: run `assistant ingest` "
                    "to restore them"
                ) from exc
            raise self.chroma_failure(exc) from exc
        room = None if self.settings.chroma_url else lambda needed: check_room(self.place, needed)
        return GuardedCollection(found, self.in_time, room)

    def drop_collection(self, name: str) -> None:
        client = self.client
        try:
            self.in_time(lambda: client.delete_collection(name))
        except Exception:  # noqa: BLE001 - already gone is fine
            pass

    def collection_names(self) -> list[str]:
        client = self.client
        try:
            listed = self.in_time(client.list_collections)
        except Exception as exc:  # noqa: BLE001
            raise self.chroma_failure(exc) from exc
        return [c if isinstance(c, str) else c.name for c in listed]

    def reset_chroma(self) -> Path:
        """Move the embedded Chroma folder aside (kept for inspection) so a fresh one is created; returns where."""
        self._client = None
        return move_aside(self.chroma_path)

    # --- lock -------------------------------------------------------------------------------

    @contextmanager
    def lock(self, timeout: float = 30.0, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
        """Exclusive ingest lock on this store: a second ingest says it waits, waits ``timeout`` seconds, then fails."""
        from filelock import FileLock, Timeout

        self.check_dir()
        lock = FileLock(str(self.dir / LOCK))
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            lock.acquire(timeout=0)
        except Timeout:
            if on_wait is not None:
                on_wait(f"waiting for another `assistant ingest` to finish writing {self.dir} (up to {timeout:g}s)")
            try:
                lock.acquire(timeout=timeout)
            except Timeout as exc:
                raise StoreError(
                    f"another `assistant ingest` is writing {self.dir} (waited {timeout:.0f}s): "
                    "let it finish, then run this one again"
                ) from exc
        except OSError as exc:  # after Timeout, which is an OSError too
            fault = self.disk_fault(exc)
            if fault is None:
                raise
            raise DiskError(f"cannot take the ingest lock {self.dir / LOCK}: {fault}") from exc
        try:
            yield
        finally:
            lock.release()
