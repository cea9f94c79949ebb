"""The persisted index: Chroma (embedded or a server), the document store, the manifest and the lock."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from assistant.settings import Settings

MANIFEST = "index.json"
DOCSTORE = "docstore.json"
BM25_DIR = "bm25"
LOCK = ".ingest.lock"
MANIFEST_VERSION = 1


class StoreError(Exception):
    """The index cannot be used as asked; the message says what to do."""


class NoIndexError(StoreError):
    pass


@dataclass
class Manifest:
    """What the committed index holds: which embedder built it, which collection, which chunks per file."""

    embedder: str
    dim: int
    collection: str
    chunking: dict[str, int]
    files: dict[str, dict[str, Any]] = field(default_factory=dict)
    """doc id -> {"path": str, "hash": str, "title": str, "chunks": [chunk ids in article order]}."""
    language: str = ""
    """Main language of the articles ("id", "en"), detected at ingest; "" when unknown."""

    @property
    def chunk_ids(self) -> set[str]:
        return {cid for entry in self.files.values() for cid in entry["chunks"]}

    @property
    def n_chunks(self) -> int:
        return sum(len(entry["chunks"]) for entry in self.files.values())

    def fingerprint(self) -> str:
        """A short hash of the committed content: same index, same fingerprint."""
        body = json.dumps(
            {"embedder": self.embedder, "chunking": self.chunking, "files": {k: v["hash"] for k, v in self.files.items()}},
            sort_keys=True,
        )
        return hashlib.sha256(body.encode()).hexdigest()[:16]

    def to_json(self) -> dict[str, Any]:
        return {
            "version": MANIFEST_VERSION,
            "embedder": self.embedder,
            "dim": self.dim,
            "collection": self.collection,
            "chunking": self.chunking,
            "language": self.language,
            "files": self.files,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Manifest:
        return cls(
            embedder=data["embedder"],
            dim=int(data["dim"]),
            collection=data["collection"],
            chunking=dict(data["chunking"]),
            files=dict(data["files"]),
            language=str(data.get("language", "")),
        )


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write a file so that readers (and a kill) see the old or the new content, never half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class IndexStore:
    """Locations and clients of one index: ``store_dir`` files plus a Chroma collection."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.dir = settings.store_dir.expanduser()
        self._client: Any = None

    @property
    def manifest_path(self) -> Path:
        return self.dir / MANIFEST

    @property
    def docstore_path(self) -> Path:
        return self.dir / DOCSTORE

    @property
    def bm25_dir(self) -> Path:
        return self.dir / BM25_DIR

    def read_manifest(self) -> Manifest | None:
        if not self.manifest_path.is_file():
            return None
        try:
            return Manifest.from_json(json.loads(self.manifest_path.read_text(encoding="utf-8")))
        except (ValueError, KeyError, TypeError) as exc:
            raise StoreError(
                f"the index manifest {self.manifest_path} is unreadable ({exc}): run `assistant ingest --rebuild`"
            ) from exc

    def write_manifest(self, manifest: Manifest) -> None:
        atomic_write(self.manifest_path, json.dumps(manifest.to_json(), ensure_ascii=False, indent=1))

    def open_manifest(self) -> Manifest:
        """The committed manifest, checked against the configured embedder."""
        manifest = self.read_manifest()
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

    # --- Chroma -----------------------------------------------------------------------------

    @property
    def client(self) -> Any:
        if self._client is None:
            self._client = make_chroma_client(self.settings.chroma_url, self.dir / "chroma")
        return self._client

    def collection(self, name: str, create: bool = False) -> Any:
        """A Chroma collection that never embeds by itself (we always pass vectors)."""
        try:
            if create:
                return self.client.get_or_create_collection(
                    name, embedding_function=_refusing_embedding_function(), metadata={"hnsw:space": "cosine"}
                )
            return self.client.get_collection(name, embedding_function=_refusing_embedding_function())
        except StoreError:
            raise
        except Exception as exc:  # noqa: BLE001 - chroma raises many kinds; all mean the same here
            if not create and "does not exist" in str(exc).lower():
                raise StoreError(
                    f"collection '{name}' is missing from Chroma: run `assistant ingest --rebuild`"
                ) from exc
            raise StoreError(f"Chroma failed ({type(exc).__name__}: {exc})") from exc

    def drop_collection(self, name: str) -> None:
        try:
            self.client.delete_collection(name)
        except Exception:  # noqa: BLE001 - already gone is fine
            pass

    def collection_names(self) -> list[str]:
        return [c if isinstance(c, str) else c.name for c in self.client.list_collections()]

    @contextmanager
    def lock(self, timeout: float = 30.0) -> Iterator[None]:
        """Exclusive ingest lock on this store: a second ingest waits ``timeout`` seconds, then fails."""
        from filelock import FileLock, Timeout

        self.dir.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(self.dir / LOCK))
        try:
            lock.acquire(timeout=timeout)
        except Timeout as exc:
            raise StoreError(
                f"another `assistant ingest` is writing {self.dir} (waited {timeout:.0f}s): "
                "let it finish, then run this one again"
            ) from exc
        try:
            yield
        finally:
            lock.release()


def _refusing_embedding_function() -> Any:
    """A Chroma embedding function that refuses: Chroma must never embed (its default downloads a model)."""
    from chromadb.api.types import Documents, EmbeddingFunction, Embeddings

    class SuppliedVectorsOnly(EmbeddingFunction[Documents]):
        def __init__(self) -> None:
            pass

        def __call__(self, input: Documents) -> Embeddings:  # noqa: A002 - chroma's parameter name
            raise StoreError("Chroma was asked to embed text itself; the assistant always supplies vectors")

        @staticmethod
        def name() -> str:
            return "supplied-vectors-only"

        def get_config(self) -> dict[str, Any]:
            return {}

        @staticmethod
        def build_from_config(config: dict[str, Any]) -> "SuppliedVectorsOnly":
            return SuppliedVectorsOnly()

    return SuppliedVectorsOnly()


def make_chroma_client(url: str | None, path: Path) -> Any:
    """An embedded PersistentClient under ``path``, or an HttpClient for a Chroma server URL; telemetry off."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if not url:
        path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(path), settings=chroma_settings)
    parsed = urlparse(url if "://" in url else f"http://{url}")
    if not parsed.hostname:
        raise StoreError(f"chroma_url '{url}' is not a URL: use e.g. http://127.0.0.1:8000")
    try:
        return chromadb.HttpClient(
            host=parsed.hostname,
            port=parsed.port or (443 if parsed.scheme == "https" else 8000),
            ssl=parsed.scheme == "https",
            settings=chroma_settings,
        )
    except Exception as exc:  # noqa: BLE001
        raise StoreError(
            f"cannot reach the Chroma server at {url} ({type(exc).__name__}): start it with "
            "`chroma run --path DIR --port PORT` or unset chroma_url"
        ) from exc
