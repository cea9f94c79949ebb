"""Reading the committed index: what search, the answer engine, `assistant articles` and ingest's plan need,
each read on demand (nothing is loaded whole when the index is opened).

Each thread has its own read-only connection; ``snapshot()`` makes several reads see one commit.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from assistant.normalize import matching_text
from assistant.store.bm25 import Bm25Reads
from assistant.store.db import BATCH, article_filter_sql, connect, failure, marks
from assistant.store.info import IndexInfo
from assistant.store.records import ChunkRow, KnownArticle, StoredSentence, blob_vector, unpack_text

_NEWLINE = re.compile(r"\r\n|\r|\n")
"""Line breaks as citations count lines (assistant.citations.spans.line_region)."""

CHUNK_COLUMNS = "c.id, c.article, c.ordinal, c.text, c.line_start, c.line_end, c.instruction, a.path, a.title, a.meta"


def _chunk_row(row: Sequence[Any]) -> ChunkRow:
    cid, article, ordinal, text, line_start, line_end, instruction, path, title, meta = row
    return ChunkRow(cid, article, ordinal, text, line_start, line_end, instruction, path, title, json.loads(meta))


def _batches(items: Sequence[Any], size: int = BATCH) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class IndexReader(Bm25Reads):
    """Read-only access to the index database at ``path``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()

    @property
    def con(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None:
            con = self._local.con = connect(self.path)
        return con

    def close(self) -> None:
        con = getattr(self._local, "con", None)
        if con is not None:
            con.close()
            self._local.con = None

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        try:
            return self.con.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise failure(self.path, exc) from exc

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        rows = self.rows(sql, params)
        return rows[0][0] if rows else None

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Reads inside see one committed state of the index (one read transaction)."""
        if self.con.in_transaction:
            yield
            return
        self.rows("BEGIN")
        try:
            yield
        except BaseException:
            with suppress(sqlite3.Error):
                self.con.execute("ROLLBACK")
            raise
        self.rows("COMMIT")

    # --- the index as a whole --------------------------------------------------------------------

    def meta(self) -> dict[str, str]:
        return dict(self.rows("SELECT key, value FROM meta"))

    def info(self) -> IndexInfo:
        try:
            return IndexInfo.from_meta(self.meta())
        except ValueError as exc:
            raise failure(self.path, exc) from exc

    def known_articles(self) -> dict[str, KnownArticle]:
        """Every indexed article, by id: what a run's plan compares the files it finds with."""
        rows = self.rows("SELECT id, path, stat, hash, sha256, n_chunks FROM articles")
        return {row[0]: KnownArticle(*row) for row in rows}

    def article_rows(self) -> list[dict[str, Any]]:
        """One row per article for `assistant articles`: its metadata, chunk count and flagged passages."""
        flagged: dict[str, list[str]] = {}
        for article, phrase in self.rows("SELECT article, instruction FROM chunks WHERE instruction != ''"):
            flagged.setdefault(article, []).append(phrase)
        out = []
        for doc_id, title, meta, n_chunks in self.rows("SELECT id, title, meta, n_chunks FROM articles ORDER BY id"):
            out.append(
                {
                    "id": doc_id,
                    "title": title,
                    "n_chunks": n_chunks,
                    **json.loads(meta),
                    "flagged": flagged.get(doc_id, []),
                }
            )
        return out

    def article_text(self, doc_id: str) -> str | None:
        """The text the article's citations point into, as it was indexed; None for an unknown article."""
        rows = self.rows("SELECT text FROM articles WHERE id = ?", (doc_id,))
        return unpack_text(rows[0][0]) if rows else None

    def outlets(self) -> list[str]:
        return [row[0] for row in self.rows("SELECT DISTINCT outlet FROM articles WHERE outlet != '' ORDER BY 1")]

    def any_article(self, outlets: Sequence[str], low_day: int | None, high_day: int | None) -> bool:
        """Whether an indexed article passes an outlet and date filter."""
        where, params = article_filter_sql(outlets, low_day, high_day)
        return bool(self.rows(f"SELECT 1 FROM articles a WHERE {where} LIMIT 1", params))

    # --- chunks ----------------------------------------------------------------------------------

    def committed(self, chunk_ids: Iterable[str]) -> set[str]:
        """Those of ``chunk_ids`` the committed index holds."""
        ids = list(dict.fromkeys(chunk_ids))
        found: set[str] = set()
        for batch in _batches(ids):
            found.update(r[0] for r in self.rows(f"SELECT id FROM chunks WHERE id IN ({marks(len(batch))})", batch))
        return found

    def chunks(self, chunk_ids: Sequence[str]) -> dict[str, ChunkRow]:
        """The committed chunks among ``chunk_ids``, by id."""
        out: dict[str, ChunkRow] = {}
        for batch in _batches(list(dict.fromkeys(chunk_ids))):
            sql = (
                f"SELECT {CHUNK_COLUMNS} FROM chunks c JOIN articles a ON a.id = c.article "
                f"WHERE c.id IN ({marks(len(batch))})"
            )
            out.update((row[0], _chunk_row(row)) for row in self.rows(sql, batch))
        return out

    def chunk_ids(self, doc_id: str) -> list[str]:
        """The article's chunk ids in order."""
        return [r[0] for r in self.rows("SELECT id FROM chunks WHERE article = ? ORDER BY ordinal", (doc_id,))]

    def around(self, chunk_id: str, width: int) -> list[ChunkRow]:
        """The chunk and ``width`` chunks on each side of it in its article, in order (empty when unknown)."""
        sql = (
            f"SELECT {CHUNK_COLUMNS} FROM chunks c JOIN articles a ON a.id = c.article "
            "JOIN chunks h ON h.article = c.article WHERE h.id = ? AND c.ordinal BETWEEN h.ordinal - ? AND h.ordinal + ? "
            "ORDER BY c.ordinal"
        )
        return [_chunk_row(row) for row in self.rows(sql, (chunk_id, width, width))]

    def sentences(self, chunk_ids: Sequence[str]) -> dict[str, list[StoredSentence]]:
        """Each committed chunk's sentences in order: text (sliced from its article's text), offsets, line and
        vector."""
        out: dict[str, list[StoredSentence]] = {}
        texts: dict[str, tuple[str, list[int]]] = {}
        for batch in _batches(list(dict.fromkeys(chunk_ids))):
            sql = (
                "SELECT c.id, c.article, s.start, s.end, s.vector FROM chunks c JOIN sentences s ON s.chunk = c.rowid "
                f"WHERE c.id IN ({marks(len(batch))}) ORDER BY c.id, s.ordinal"
            )
            for cid, article, start, end, blob in self.rows(sql, batch):
                if article not in texts:
                    text = self.article_text(article) or ""
                    texts[article] = (text, [m.end() for m in _NEWLINE.finditer(text)])
                text, breaks = texts[article]
                line = bisect_right(breaks, start) + 1
                out.setdefault(cid, []).append(StoredSentence(text[start:end], start, end, line, blob_vector(blob)))
        return out

    def chunk_vectors(self, chunk_ids: Sequence[str]) -> dict[str, bytes]:
        """The stored vectors of ``chunk_ids`` (what Chroma should hold for them)."""
        out: dict[str, bytes] = {}
        for batch in _batches(list(chunk_ids)):
            rows = self.rows(f"SELECT id, vector FROM chunks WHERE id IN ({marks(len(batch))})", batch)
            out.update((cid, blob) for cid, blob in rows)
        return out

    def chroma_rows(self, chunk_ids: Sequence[str]) -> list[tuple[str, bytes, dict[str, Any]]]:
        """(id, stored vector, article metadata) of ``chunk_ids``: what restores them in Chroma."""
        out: list[tuple[str, bytes, dict[str, Any]]] = []
        for batch in _batches(list(chunk_ids)):
            sql = (
                "SELECT c.id, c.vector, a.meta FROM chunks c JOIN articles a ON a.id = c.article "
                f"WHERE c.id IN ({marks(len(batch))})"
            )
            out.extend((cid, blob, json.loads(meta)) for cid, blob, meta in self.rows(sql, batch))
        return out

    def stored_vectors(self, doc_id: str) -> list[tuple[str, bytes]]:
        """(text, vector) of every chunk and sentence of the article: what its next version can reuse."""
        text = self.article_text(doc_id)
        if text is None:
            return []
        out = [(t, blob) for t, blob in self.rows("SELECT text, vector FROM chunks WHERE article = ?", (doc_id,))]
        sql = "SELECT s.start, s.end, s.vector FROM chunks c JOIN sentences s ON s.chunk = c.rowid WHERE c.article = ?"
        rows = self.rows(sql, (doc_id,))
        return out + [(matching_text(text[start:end]), blob) for start, end, blob in rows if start >= 0]  # as chunked

    def sample_texts(self, n: int) -> list[str]:
        """The texts of about ``n`` chunks spread over the index (to tell its main language)."""
        low, high = self.rows("SELECT min(rowid), max(rowid) FROM chunks")[0]
        if low is None:
            return []
        step = max(1, (high - low + 1) // n)
        sql = "SELECT text FROM chunks WHERE rowid >= ? ORDER BY rowid LIMIT 1"
        return [row[0][0] for r in range(low, high + 1, step) if (row := self.rows(sql, (r,)))][:n]

    def all_chunk_ids(self) -> set[str]:
        return {r[0] for r in self.rows("SELECT id FROM chunks")}
