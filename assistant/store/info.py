"""What an index is, from its ``meta`` table: which embedder built it, where its vectors are, how it was
chunked, and counters every commit keeps up to date (so that nothing has to be counted on open)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from assistant.store.schema import FORMAT

EMPTY_FINGERPRINT = "0" * 32


@dataclass
class IndexInfo:
    """The ``meta`` of a committed index."""

    embedder: str
    dim: int
    collection: str
    chunking: dict[str, int] = field(default_factory=dict)
    language: str = ""
    """Main language of the articles ("id", "en"), detected at ingest; "" when unknown."""
    language_articles: int = 0
    """How many articles the index held when ``language`` was detected (it is detected again when that
    changed by a tenth)."""
    n_articles: int = 0
    n_chunks: int = 0
    n_sentences: int = 0
    generation: int = 0
    """Bumped by every commit: what a reader compares to know the index changed."""
    content: str = EMPTY_FINGERPRINT
    """XOR of ``article_digest`` over the articles: changes with any article's version, kept by each commit."""
    read_version: int = 0
    """The version of the article reader that filled ``articles`` (a new reader reads every file once again)."""
    format: int = FORMAT

    def fingerprint(self) -> str:
        """A short hash of the committed content: same index, same fingerprint."""
        body = json.dumps(
            {"embedder": self.embedder, "chunking": self.chunking, "content": self.content}, sort_keys=True
        )
        return hashlib.sha256(body.encode()).hexdigest()[:16]

    def to_meta(self) -> dict[str, str]:
        return {
            "format": str(self.format),
            "embedder": self.embedder,
            "dim": str(self.dim),
            "collection": self.collection,
            "chunking": json.dumps(self.chunking, sort_keys=True),
            "language": self.language,
            "language_articles": str(self.language_articles),
            "n_articles": str(self.n_articles),
            "n_chunks": str(self.n_chunks),
            "n_sentences": str(self.n_sentences),
            "generation": str(self.generation),
            "content": self.content,
            "read_version": str(self.read_version),
        }

    @classmethod
    def from_meta(cls, meta: dict[str, str]) -> IndexInfo:
        """The info in ``meta``; ValueError saying what is missing or wrong."""
        for key in ("format", "embedder", "dim", "collection", "chunking"):
            if key not in meta:
                raise ValueError(f"no '{key}' in its meta table")
        try:
            chunking: Any = json.loads(meta["chunking"])
            return cls(
                embedder=meta["embedder"],
                dim=int(meta["dim"]),
                collection=meta["collection"],
                chunking={str(k): int(v) for k, v in dict(chunking).items()},
                language=meta.get("language", ""),
                language_articles=int(meta.get("language_articles", 0)),
                n_articles=int(meta.get("n_articles", 0)),
                n_chunks=int(meta.get("n_chunks", 0)),
                n_sentences=int(meta.get("n_sentences", 0)),
                generation=int(meta.get("generation", 0)),
                content=meta.get("content", EMPTY_FINGERPRINT),
                read_version=int(meta.get("read_version", 0)),
                format=int(meta["format"]),
            )
        except (TypeError, ValueError) as exc:
            raise ValueError(f"bad meta value ({exc})") from exc


def article_digest(doc_id: str, doc_hash: str) -> int:
    """What an article version adds to ``IndexInfo.content`` (XOR-ed in when written, out when replaced)."""
    return int.from_bytes(hashlib.sha256(f"{doc_id}\x00{doc_hash}".encode()).digest()[:16], "big")


def xor_content(content: str, digest: int) -> str:
    return f"{int(content, 16) ^ digest:032x}"
