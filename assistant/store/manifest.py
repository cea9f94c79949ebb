"""The index manifest: what the committed index holds. Replacing it atomically is ingest's commit point."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

MANIFEST_VERSION = 2
"""1: the first format; 2 adds each article's text checksum ("sha256") and the BM25 folder's checksums."""


@dataclass
class Manifest:
    """Which embedder built the index, which collection holds its vectors, which chunks each article has."""

    embedder: str
    dim: int
    collection: str
    chunking: dict[str, int]
    files: dict[str, dict[str, Any]] = field(default_factory=dict)
    """doc id -> {"path": str, "hash": str, "sha256": str, "title": str, "chunks": [chunk ids in article order],
    the article's news metadata (outlet, published, published_day, published_inferred, language, author) and
    "flagged": {chunk id: the instruction-like phrase it holds}}."""
    language: str = ""
    """Main language of the articles ("id", "en"), detected at ingest; "" when unknown."""
    bm25: dict[str, Any] = field(default_factory=dict)
    """{"dir": folder name in the store, "files": {file name: sha256}}; empty in version 1 manifests."""

    @property
    def chunk_ids(self) -> set[str]:
        return {cid for entry in self.files.values() for cid in entry["chunks"]}

    @property
    def n_chunks(self) -> int:
        return sum(len(entry["chunks"]) for entry in self.files.values())

    @property
    def bm25_dir_name(self) -> str:
        """The BM25 folder this manifest committed (version 1: the one named after the fingerprint)."""
        return str(self.bm25.get("dir") or f"bm25-{self.fingerprint()}")

    @property
    def bm25_checksums(self) -> dict[str, str] | None:
        """sha256 of each BM25 file as written; None when the manifest predates checksums."""
        files = self.bm25.get("files")
        return dict(files) if isinstance(files, dict) and files else None

    def fingerprint(self) -> str:
        """A short hash of the committed content: same index, same fingerprint."""
        body = json.dumps(
            {
                "embedder": self.embedder,
                "chunking": self.chunking,
                "files": {k: v["hash"] for k, v in self.files.items()},
            },
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
            "bm25": self.bm25,
            "files": self.files,
        }

    @classmethod
    def from_json(cls, data: Any) -> Manifest:
        """The manifest in ``data``; ValueError saying what is wrong when it is not a valid manifest."""
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        for key in ("embedder", "dim", "collection", "chunking", "files"):
            if key not in data:
                raise ValueError(f"no '{key}'")
        if not isinstance(data["files"], dict) or not isinstance(data["chunking"], dict):
            raise ValueError("'files' and 'chunking' must be objects")
        bm25 = data.get("bm25") or {}
        if not isinstance(bm25, dict):
            raise ValueError("'bm25' must be an object")
        try:
            dim = int(data["dim"])
            chunking = {str(k): int(v) for k, v in data["chunking"].items()}
        except (TypeError, ValueError) as exc:
            raise ValueError(f"bad 'dim' or 'chunking' ({exc})") from exc
        return cls(
            embedder=str(data["embedder"]),
            dim=dim,
            collection=str(data["collection"]),
            chunking=chunking,
            files={str(doc_id): _entry(doc_id, entry) for doc_id, entry in data["files"].items()},
            language=str(data.get("language", "")),
            bm25=bm25,
        )


def _entry(doc_id: str, entry: Any) -> dict[str, Any]:
    """One article's entry, checked: a path, a hash and a list of chunk ids are required."""
    if not isinstance(entry, dict):
        raise ValueError(f"the entry of '{doc_id}' is not an object")
    for key in ("path", "hash"):
        if not isinstance(entry.get(key), str):
            raise ValueError(f"the entry of '{doc_id}' has no '{key}'")
    chunks = entry.get("chunks")
    if not isinstance(chunks, list) or not all(isinstance(c, str) for c in chunks):
        raise ValueError(f"the entry of '{doc_id}' has no list of 'chunks'")
    return {**entry, "title": str(entry.get("title", ""))}
