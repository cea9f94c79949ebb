"""Chroma for the index: clients with telemetry off that never embed by themselves, failures as one line,
every call bounded by a deadline (a frozen server or a stuck embedded Chroma ends in one line instead of a
wait without end), and moving unreadable Chroma files aside so that `assistant ingest --rebuild` can start
fresh ones."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlparse

from assistant.errors import StoreError
from assistant.store.files import broken_name

HNSW_SPACE = "cosine"
HNSW_MAX_NEIGHBORS = 32
"""HNSW's M: links per vector. 16 (Chroma's default) loses recall on 384-dimension text vectors beyond
100k; 32 costs 128 bytes more per vector (bench/RESULTS.md, "Archive scale")."""
HNSW_CONSTRUCTION_EF = 200
"""Candidates considered while linking a new vector (Chroma's default: 100)."""
HNSW_SEARCH_EF = 128
"""Candidates considered per search; never fewer than the candidates retrieval asks for."""


def hnsw_configuration(candidates: int) -> dict[str, Any]:
    """The collection configuration of a new collection: cosine space and the HNSW parameters above."""
    return {
        "hnsw": {
            "space": HNSW_SPACE,
            "max_neighbors": HNSW_MAX_NEIGHBORS,
            "ef_construction": HNSW_CONSTRUCTION_EF,
            "ef_search": max(HNSW_SEARCH_EF, candidates),
        }
    }


REBUILD_HINT = "run `assistant ingest --rebuild` (it moves them aside, keeps them for inspection and starts fresh ones)"


def one_line(exc: BaseException, limit: int = 160) -> str:
    """``Type: message`` of an exception on one short line."""
    text = " ".join(str(exc).split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def unreadable_message(path: Path, exc: BaseException) -> str:
    return f"Chroma's files in {path} are unreadable ({one_line(exc)}): {REBUILD_HINT}"


def server_message(url: str, exc: BaseException) -> str:
    return (
        f"the Chroma server at {url} failed ({one_line(exc)}): check that it runs (`chroma run --path DIR --port PORT`)"
    )


T = TypeVar("T")


def with_deadline(call: Callable[[], T], seconds: float, late: Callable[[], StoreError]) -> T:
    """``call()``, run in a daemon thread and waited for at most ``seconds``; past that ``late()`` is raised (the
    call is abandoned: its thread ends when Chroma answers, or with the process)."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = call()
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
            outcome["error"] = exc

    worker = threading.Thread(target=run, name="chroma-call", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise late()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def write_size(kwargs: Mapping[str, Any]) -> int:
    """About how many bytes Chroma needs on disk for an add/upsert with ``kwargs`` (its log, the metadata and
    full-text segment, the vector index and SQLite's journal: a few times the raw size)."""
    vectors = kwargs.get("embeddings")
    ids = kwargs.get("ids") or []
    raw = sum(4 * len(v) for v in vectors) if vectors is not None else 0
    raw += sum(len(d.encode("utf-8", "surrogatepass")) for d in kwargs.get("documents") or [] if d)
    raw += sum(len(str(m)) for m in kwargs.get("metadatas") or [] if m)
    return 4 * raw + 4096 * len(ids)


class GuardedCollection:
    """A Chroma collection whose every call has a deadline, and whose writes first ask ``room`` (given the bytes
    they need) whether the disk can take them. Anything else is the collection's own attribute."""

    CALLS = frozenset({"add", "upsert", "update", "delete", "get", "query", "count", "peek", "modify"})
    WRITES = frozenset({"add", "upsert", "update"})

    def __init__(
        self,
        collection: Any,
        deadline: Callable[[Callable[[], Any]], Any],
        room: Callable[[int], None] | None = None,
    ) -> None:
        self._collection = collection
        self._deadline = deadline
        self._room = room

    @property
    def unguarded(self) -> Any:
        """The Chroma collection itself."""
        return self._collection

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._collection, name)
        if name not in self.CALLS:
            return value

        def call(*args: Any, **kwargs: Any) -> Any:
            if self._room is not None and name in self.WRITES:
                self._room(write_size(kwargs))
            return self._deadline(lambda: value(*args, **kwargs))

        return call


def refusing_embedding_function() -> Any:
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
        def build_from_config(config: dict[str, Any]) -> SuppliedVectorsOnly:
            return SuppliedVectorsOnly()

    return SuppliedVectorsOnly()


def make_chroma_client(url: str | None, path: Path) -> Any:
    """An embedded PersistentClient under ``path``, or an HttpClient for a Chroma server URL; telemetry off."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if not url:
        if path.exists() and not path.is_dir():
            raise StoreError(f"{path} should be Chroma's folder but is a file: {REBUILD_HINT}")
        path.mkdir(parents=True, exist_ok=True)
        try:
            return chromadb.PersistentClient(path=str(path), settings=chroma_settings)
        except Exception as exc:  # noqa: BLE001 - any failure to open means its files cannot be used
            raise StoreError(unreadable_message(path, exc)) from exc
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


def release(path: Path) -> None:
    """Close the embedded Chroma this process holds open on ``path`` (chromadb shares one per path)."""
    try:
        from chromadb.api.shared_system_client import SharedSystemClient
    except ImportError:  # pragma: no cover
        return
    systems = getattr(SharedSystemClient, "_identifier_to_system", {})
    system = systems.pop(str(path), None)
    getattr(SharedSystemClient, "_identifier_to_refcount", {}).pop(str(path), None)
    if system is not None:
        try:
            system.stop()
        except Exception:  # noqa: BLE001 - it is being discarded anyway
            pass


def move_aside(path: Path) -> Path:
    """Rename Chroma's folder to ``NAME.broken-TIMESTAMP`` next to it (kept for inspection) and return that."""
    release(path)
    target = broken_name(path)
    path.rename(target)
    return target
