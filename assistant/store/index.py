"""The persisted index: Chroma (embedded or a server), the document store, the manifest and the lock."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from assistant.disk import DiskError, Place, check_room, fault_message
from assistant.errors import NoIndexError, StoreError
from assistant.settings import Settings
from assistant.store.chroma import (
    GuardedCollection,
    make_chroma_client,
    move_aside,
    refusing_embedding_function,
    server_message,
    unreadable_message,
    with_deadline,
)
from assistant.store.files import atomic_write, checksum_problem
from assistant.store.manifest import Manifest

MANIFEST = "index.json"
DOCSTORE = "docstore.json"
CHROMA = "chroma"
LOCK = ".ingest.lock"
DIRTY = ".dirty"
"""Present while an ingest may have written to Chroma without committing; lists collections it created."""


class IndexStore:
    """Locations and clients of one index: ``store_dir`` files plus a Chroma collection."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.dir = settings.store_dir.expanduser()
        self._client: Any = None
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
    def manifest_path(self) -> Path:
        return self.dir / MANIFEST

    @property
    def docstore_path(self) -> Path:
        return self.dir / DOCSTORE

    @property
    def chroma_path(self) -> Path:
        return self.dir / CHROMA

    def bm25_path(self, manifest: Manifest) -> Path:
        return self.dir / manifest.bm25_dir_name

    def check_dir(self) -> None:
        """Refuse a store_dir that exists but is not a folder."""
        if self.dir.exists() and not self.dir.is_dir():
            raise StoreError(
                f"store_dir {self.dir} is a file, not a folder: set store_dir (or ASSISTANT_STORE_DIR) "
                "to a folder, or move the file away"
            )

    # --- manifest ---------------------------------------------------------------------------

    def read_manifest(self) -> Manifest | None:
        """The committed manifest; None when there is none yet."""
        self.check_dir()
        path = self.manifest_path
        try:
            data = json.loads(path.read_bytes().decode("utf-8"))
        except FileNotFoundError:
            return None
        except (IsADirectoryError, UnicodeDecodeError, ValueError) as exc:
            raise self._damaged(exc) from exc
        except OSError as exc:
            raise StoreError(
                f"cannot read the index manifest {path} ({exc.strerror or exc}): make the store readable "
                f"for this user (e.g. `chmod -R a+rX {self.dir}`)"
            ) from exc
        try:
            return Manifest.from_json(data)
        except ValueError as exc:
            raise self._damaged(exc) from exc

    def _damaged(self, exc: BaseException) -> StoreError:
        detail = " ".join(str(exc).split())[:160]
        return StoreError(
            f"the index manifest {self.manifest_path} is damaged ({detail}): run `assistant ingest --rebuild`"
        )

    def has_index_files(self) -> bool:
        """Whether the store holds a document store or Chroma data (so a missing manifest was lost)."""
        return self.docstore_path.exists() or (self.chroma_path.is_dir() and any(self.chroma_path.iterdir()))

    def lost_manifest_message(self) -> str:
        return (
            f"the index manifest {self.manifest_path} is missing but {self.dir} holds index files: "
            "run `assistant ingest --rebuild`"
        )

    def manifest_stamp(self) -> tuple[int, int] | None:
        """What changes whenever an ingest commits (the manifest is replaced, never edited); None: no manifest."""
        try:
            stat = self.manifest_path.stat()
        except OSError:
            return None
        return stat.st_ino, stat.st_mtime_ns

    def write_manifest(self, manifest: Manifest) -> None:
        atomic_write(self.manifest_path, json.dumps(manifest.to_json(), ensure_ascii=False, indent=1))

    def open_manifest(self) -> Manifest:
        """The committed manifest, checked against the configured embedder."""
        manifest = self.read_manifest()
        if manifest is None and self.has_index_files():
            raise StoreError(self.lost_manifest_message())
        if manifest is None or not manifest.files:
            raise NoIndexError(f"no index in {self.dir} yet: run `assistant ingest` first")
        self.check_embedder(manifest)
        return manifest

    def check_embedder(self, manifest: Manifest) -> None:
        if manifest.embedder != self.settings.embed_model:
            raise StoreError(
                f"the index in {self.dir} was built with embedder '{manifest.embedder}' but embed_model is "
                f"'{self.settings.embed_model}': run `assistant ingest --rebuild` to re-embed with the new "
                f"model, or set embed_model back to '{manifest.embedder}'"
            )

    def bm25_problem(self, manifest: Manifest) -> str | None:
        """What is wrong with the manifest's BM25 folder, in a few words; None when it matches its checksums
        (or, for a manifest from before checksums, when the folder exists)."""
        if not manifest.files:
            return None
        folder = self.bm25_path(manifest)
        expected = manifest.bm25_checksums
        if expected is None:
            return None if folder.is_dir() else f"{folder.name} is missing"
        return checksum_problem(folder, expected)

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
        """A Chroma collection that never embeds by itself (we always pass vectors); its calls have a deadline
        and, in an embedded Chroma, writes that would fill the disk are refused before they start."""
        client = self.client
        try:
            if create:
                found = self.in_time(
                    lambda: client.get_or_create_collection(
                        name, embedding_function=refusing_embedding_function(), metadata={"hnsw:space": "cosine"}
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
                    "to embed them again"
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
