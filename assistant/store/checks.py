"""Checks of the index database against itself: its counters, every article's chunks, every chunk's
sentences and BM25 document, the stored vectors, and SQLite's and FTS5's own integrity checks.

``counts_agree`` is cheap (a few counts, run by every ingest); the rest read every row (`assistant doctor`,
and ingest when the counts disagree).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from assistant.store.info import IndexInfo
from assistant.store.reader import IndexReader
from assistant.store.records import usable_blob


@dataclass
class Counts:
    articles: int
    chunks: int
    sentences: int
    bm25: int

    def agree(self, info: IndexInfo) -> bool:
        return (self.articles, self.chunks, self.sentences, self.bm25) == (
            info.n_articles,
            info.n_chunks,
            info.n_sentences,
            info.n_chunks,
        )


def counts(reader: IndexReader) -> Counts:
    with reader.snapshot():
        one = [
            reader.scalar(f"SELECT count(*) FROM {table}")
            for table in ("articles", "chunks", "sentences", "bm25_docsize")
        ]
    return Counts(*one)


@dataclass
class Findings:
    """What is inconsistent in the database (empty when nothing is)."""

    lacking: set[str] = field(default_factory=set)
    """Articles whose chunks or sentences are not all there."""
    orphans: int = 0
    """Chunks of no article, and sentences of no chunk."""
    bm25: str = ""
    """What is wrong with the BM25 table ("" when nothing)."""
    bad_vectors: set[str] = field(default_factory=set)
    """Articles with a stored vector that is not a unit vector of the index's dimension."""

    def __bool__(self) -> bool:
        return bool(self.lacking or self.orphans or self.bm25 or self.bad_vectors)


def find_problems(reader: IndexReader, info: IndexInfo, vectors: bool = False) -> Findings:
    """Every article checked for its chunks and sentences, BM25 against the chunks; with ``vectors``, every
    stored vector read too."""
    found = Findings()
    with reader.snapshot():
        found.lacking = {
            row[0]
            for row in reader.rows(
                "SELECT a.id FROM articles a LEFT JOIN (SELECT article, count(*) AS n FROM chunks GROUP BY article) c "
                "ON c.article = a.id WHERE coalesce(c.n, 0) != a.n_chunks"
            )
        }
        found.lacking |= {
            row[0]
            for row in reader.rows(
                "SELECT DISTINCT c.article FROM chunks c WHERE NOT EXISTS (SELECT 1 FROM sentences s WHERE s.chunk = c.rowid)"
            )
        }
        found.orphans = reader.scalar("SELECT count(*) FROM chunks WHERE article NOT IN (SELECT id FROM articles)")
        n_chunks = reader.scalar("SELECT count(*) FROM chunks")
        n_bm25 = reader.scalar("SELECT count(*) FROM bm25_docsize")
        if n_bm25 != n_chunks:
            found.bm25 = f"it holds {n_bm25} of the {n_chunks} chunks"
        elif reader.scalar(
            "SELECT count(*) FROM chunks c LEFT JOIN bm25_docsize d ON d.id = c.rowid WHERE d.id IS NULL"
        ):
            found.bm25 = "its documents are not the chunks'"
        if vectors:
            for article, blob in reader.rows("SELECT article, vector FROM chunks"):
                if not usable_blob(blob, info.dim):
                    found.bad_vectors.add(article)
            sql = "SELECT c.article, s.vector FROM sentences s JOIN chunks c ON c.rowid = s.chunk"
            for article, blob in reader.rows(sql):
                if not usable_blob(blob, info.dim):
                    found.bad_vectors.add(article)
    return found


def quick_check(con: sqlite3.Connection) -> str:
    """SQLite's quick_check of the whole database: "" when it passes, else what it says."""
    try:
        rows = [str(r[0]) for r in con.execute("PRAGMA quick_check").fetchall()]
    except sqlite3.Error as exc:
        return " ".join(str(exc).split())
    return "" if rows == ["ok"] else "; ".join(rows[:3])


def fts_check(con: sqlite3.Connection) -> str:
    """FTS5's integrity check of the BM25 table ("" when it passes). It needs a connection that may write
    (and writes nothing)."""
    try:
        con.execute("INSERT INTO bm25 (bm25, rank) VALUES ('integrity-check', 1)")
    except sqlite3.Error as exc:
        return " ".join(str(exc).split())
    return ""
