"""What the index database holds, as the code reads and writes it, and how vectors are stored (float16)."""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np


def vector_blob(vector: Sequence[float] | np.ndarray) -> bytes:
    """A vector as stored: float16 (half the size, and cosine similarities change by about 1e-4)."""
    return np.asarray(vector, dtype=np.float16).tobytes()


def blob_vector(blob: bytes) -> np.ndarray:
    """A stored vector as float32."""
    return np.frombuffer(blob, dtype=np.float16).astype(np.float32)


def usable_blob(blob: Any, dim: int) -> bool:
    """Whether ``blob`` is a stored unit vector of ``dim`` dimensions (a damaged one is not)."""
    if not isinstance(blob, bytes) or len(blob) != 2 * dim:
        return False
    vector = blob_vector(blob)
    if not np.all(np.isfinite(vector)):
        return False
    return abs(float(np.linalg.norm(vector)) - 1.0) < 0.01


def text_key(text: str) -> bytes:
    """What a vector is found by before it is committed: the embedded text's sha256 (first 16 bytes)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()[:16]


def pack_text(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8", "surrogatepass"), 6)


def unpack_text(blob: bytes) -> str:
    return zlib.decompress(blob).decode("utf-8", "surrogatepass")


@dataclass(frozen=True)
class SentenceRecord:
    """A sentence of a chunk: offsets into its article's text (``text[start:end]`` is the sentence) and its vector."""

    start: int
    end: int
    vector: bytes


@dataclass
class ChunkRecord:
    """A chunk as written: its text (its sentences joined by spaces), line range, flag and vector."""

    id: str
    text: str
    line_start: int
    line_end: int
    instruction: str
    vector: bytes
    sentences: list[SentenceRecord] = field(default_factory=list)


@dataclass
class ArticleRecord:
    """An article as written, with its chunks in order."""

    id: str
    path: str
    stat: str
    hash: str
    sha256: str
    title: str
    meta: dict[str, Any]
    """The news metadata (``assistant.store.metadata.ARTICLE_KEYS``)."""
    text: str
    """The text citations point into (``text[start:end]`` of every sentence)."""
    chunks: list[ChunkRecord] = field(default_factory=list)


@dataclass(frozen=True)
class KnownArticle:
    """What the index knows of an article, all a run needs to decide what to do with it."""

    id: str
    path: str
    stat: str
    hash: str
    sha256: str
    n_chunks: int


@dataclass(frozen=True)
class ChunkRow:
    """A committed chunk with its article's metadata, as retrieval shows it."""

    id: str
    article: str
    ordinal: int
    text: str
    line_start: int
    line_end: int
    instruction: str
    path: str
    title: str
    meta: dict[str, Any]


@dataclass(frozen=True)
class StoredSentence:
    """A sentence of a committed chunk: its text (``article_text[start:end]``), offsets, the line it is on
    (1-based, in the article's text) and its unit vector."""

    text: str
    start: int
    end: int
    line: int
    vector: np.ndarray
