"""Writing the index database (ingest only, under the store's lock).

An ingest's changes are written inside ``transaction()``: its COMMIT is the commit point, and a kill before
it leaves the previous index as it was (SQLite rolls the transaction back). Every write is proportional to
the change: an article's rows are replaced, the counters in ``meta`` are updated, nothing is rewritten whole.
Vectors embedded before the commit go to ``pending`` in transactions of their own (``add_pending``).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from assistant.store.db import BATCH, connect, failure, marks
from assistant.store.files import broken_name
from assistant.store.fts import document_tokens
from assistant.store.info import EMPTY_FINGERPRINT, IndexInfo, article_digest, xor_content
from assistant.store.metadata import META_OUTLET, META_PUBLISHED_DAY
from assistant.store.records import ArticleRecord, pack_text
from assistant.store.schema import FTS_TOKENIZER, create

WAL_SUFFIXES = ("-wal", "-shm", "-journal")


def remove_database(path: Path) -> None:
    """Delete a database file and the files SQLite keeps beside it."""
    for suffix in ("", *WAL_SUFFIXES):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def move_database(path: Path) -> Path:
    """Rename a database (and the files beside it) to ``NAME.broken-TIMESTAMP``; returns the new name."""
    target = broken_name(path)
    for suffix in ("", *WAL_SUFFIXES):
        source = Path(f"{path}{suffix}")
        if source.exists():
            source.rename(Path(f"{target}{suffix}"))
    return target


class IndexWriter:
    """The one writing connection to the index database at ``path`` (created, with its tables, if needed)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.con = connect(path, write=True)
        try:
            create(self.con)
        except sqlite3.Error as exc:
            self.con.close()
            raise failure(path, exc) from exc

    def close(self) -> None:
        """Fold the WAL file back into the database, then close (the last connection to close removes it)."""
        try:
            self.con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error:
            pass  # a reader still reads: SQLite checkpoints later
        self.con.close()

    def _run(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        try:
            return self.con.execute(sql, params)
        except sqlite3.Error as exc:
            raise failure(self.path, exc) from exc

    def _many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        try:
            self.con.executemany(sql, rows)
        except sqlite3.Error as exc:
            raise failure(self.path, exc) from exc

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction: committed when the block ends, rolled back when it raises."""
        self._run("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.con.rollback()
            raise
        self._run("COMMIT")

    # --- vectors embedded before the commit ------------------------------------------------------

    def pending(self, keys: Sequence[bytes]) -> dict[bytes, bytes]:
        found: dict[bytes, bytes] = {}
        for start in range(0, len(keys), BATCH):
            batch = list(keys[start : start + BATCH])
            rows = self._run(f"SELECT key, vector FROM pending WHERE key IN ({marks(len(batch))})", batch)
            found.update(rows.fetchall())
        return found

    def add_pending(self, vectors: Mapping[bytes, bytes]) -> None:
        """Keep freshly embedded vectors (committed at once, on their own: a kill after this loses none)."""
        with self.transaction():
            self._many("INSERT OR REPLACE INTO pending (key, vector) VALUES (?, ?)", list(vectors.items()))

    def clear_pending(self) -> None:
        if self._run("SELECT 1 FROM pending LIMIT 1").fetchone() is not None:
            with self.transaction():
                self._run("DELETE FROM pending")

    # --- inside a transaction --------------------------------------------------------------------

    def put_article(self, record: ArticleRecord, info: IndexInfo, replaces: str | None = None) -> list[str]:
        """Write ``record`` in place of its earlier version (and of the article ``replaces``, renamed to it);
        returns the chunk ids that are gone."""
        dropped = self.remove_article(record.id, info)
        if replaces is not None and replaces != record.id:
            dropped += self.remove_article(replaces, info)
        meta = record.meta
        self._run(
            "INSERT INTO articles (id, path, stat, hash, sha256, title, outlet, published_day, meta, n_chunks, text) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                record.id,
                record.path,
                record.stat,
                record.hash,
                record.sha256,
                record.title,
                str(meta.get(META_OUTLET) or ""),
                int(meta.get(META_PUBLISHED_DAY, -1)),
                json.dumps(meta, ensure_ascii=False, sort_keys=True),
                len(record.chunks),
                pack_text(record.text),
            ),
        )
        for ordinal, chunk in enumerate(record.chunks):
            cursor = self._run(
                "INSERT INTO chunks (id, article, ordinal, text, line_start, line_end, instruction, vector) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    chunk.id,
                    record.id,
                    ordinal,
                    chunk.text,
                    chunk.line_start,
                    chunk.line_end,
                    chunk.instruction,
                    chunk.vector,
                ),
            )
            rowid = cursor.lastrowid
            self._run("INSERT INTO bm25 (rowid, tokens) VALUES (?, ?)", (rowid, document_tokens(chunk.text)))
            self._many(
                "INSERT INTO sentences (chunk, ordinal, start, end, vector) VALUES (?, ?, ?, ?, ?)",
                [(rowid, i, s.start, s.end, s.vector) for i, s in enumerate(chunk.sentences)],
            )
            info.n_sentences += len(chunk.sentences)
        info.n_articles += 1
        info.n_chunks += len(record.chunks)
        info.content = xor_content(info.content, article_digest(record.id, record.hash))
        kept = {c.id for c in record.chunks}
        return [cid for cid in dropped if cid not in kept]

    def remove_article(self, doc_id: str, info: IndexInfo) -> list[str]:
        """Delete an article and everything of it; returns its chunk ids (none when it was not there)."""
        found = self._run("SELECT hash FROM articles WHERE id = ?", (doc_id,)).fetchone()
        if found is None:
            return []
        chunks = self._run("SELECT rowid, id FROM chunks WHERE article = ?", (doc_id,)).fetchall()
        rowids = [r[0] for r in chunks]
        for start in range(0, len(rowids), BATCH):
            batch = rowids[start : start + BATCH]
            gone = self._run(f"DELETE FROM sentences WHERE chunk IN ({marks(len(batch))})", batch).rowcount
            info.n_sentences -= max(gone, 0)
            self._run(f"DELETE FROM bm25 WHERE rowid IN ({marks(len(batch))})", batch)
        self._run("DELETE FROM chunks WHERE article = ?", (doc_id,))
        self._run("DELETE FROM articles WHERE id = ?", (doc_id,))
        info.n_articles -= 1
        info.n_chunks -= len(chunks)
        info.content = xor_content(info.content, article_digest(doc_id, found[0]))
        return [r[1] for r in chunks]

    def set_stat(self, doc_id: str, stat: str) -> None:
        """Record what an unchanged article's file looks like now (touched, copied: read once, then skipped)."""
        self._run("UPDATE articles SET stat = ? WHERE id = ?", (stat, doc_id))

    def write_info(self, info: IndexInfo) -> None:
        info.generation += 1
        self._many("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", list(info.to_meta().items()))

    # --- repairs (inside a transaction) ----------------------------------------------------------

    def rebuild_bm25(self) -> None:
        """The BM25 table made again from the chunks' texts (after damage)."""
        self._run("DROP TABLE IF EXISTS bm25")
        self._run(f'CREATE VIRTUAL TABLE bm25 USING fts5 (tokens, tokenize = "{FTS_TOKENIZER}")')
        rows = self._run("SELECT rowid, text FROM chunks").fetchall()
        for start in range(0, len(rows), BATCH):
            batch = rows[start : start + BATCH]
            self._many("INSERT INTO bm25 (rowid, tokens) VALUES (?, ?)", [(r, document_tokens(t)) for r, t in batch])

    def remove_orphans(self) -> None:
        """Delete chunks (and their sentences and BM25 documents) whose article is not in the index, and
        sentences whose chunk is not."""
        rows = [r[0] for r in self._run("SELECT rowid FROM chunks WHERE article NOT IN (SELECT id FROM articles)")]
        for start in range(0, len(rows), BATCH):
            batch = rows[start : start + BATCH]
            for table, key in (("sentences", "chunk"), ("bm25", "rowid"), ("chunks", "rowid")):
                self._run(f"DELETE FROM {table} WHERE {key} IN ({marks(len(batch))})", batch)
        self._run("DELETE FROM sentences WHERE chunk NOT IN (SELECT rowid FROM chunks)")

    def copy_from(self, path: Path, info: IndexInfo) -> None:
        """Replace this index's content with that of the database at ``path``, in one transaction."""
        self._run("ATTACH DATABASE ? AS staged", (f"{path.resolve().as_uri()}?mode=ro",))
        try:
            with self.transaction():
                for table in ("articles", "chunks", "sentences"):
                    self._run(f"DELETE FROM main.{table}")
                    self._run(f"INSERT INTO main.{table} SELECT * FROM staged.{table}")
                self._run("DELETE FROM main.pending")
                self._run("DROP TABLE IF EXISTS main.bm25")
                self._run(f'CREATE VIRTUAL TABLE main.bm25 USING fts5 (tokens, tokenize = "{FTS_TOKENIZER}")')
                self._run("INSERT INTO main.bm25 (rowid, tokens) SELECT rowid, tokens FROM staged.bm25")
                self.write_info(info)
        finally:
            self._run("DETACH DATABASE staged")

    def recount(self, info: IndexInfo) -> None:
        """The counters and content fingerprint of ``info`` counted again from the tables."""
        info.n_articles = self._run("SELECT count(*) FROM articles").fetchone()[0]
        info.n_chunks = self._run("SELECT count(*) FROM chunks").fetchone()[0]
        info.n_sentences = self._run("SELECT count(*) FROM sentences").fetchone()[0]
        content = EMPTY_FINGERPRINT
        for doc_id, doc_hash in self._run("SELECT id, hash FROM articles"):
            content = xor_content(content, article_digest(doc_id, doc_hash))
        info.content = content
