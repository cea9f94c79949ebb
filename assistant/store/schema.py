"""The index database (SQLite, the store of record): its tables, and the connection settings every user of it
shares. One write transaction is an ingest's commit point; readers see only committed transactions (WAL)."""

from __future__ import annotations

import sqlite3

FORMAT = 3
"""1 and 2: the JSON manifest, docstore.json and the bm25 folders; 3: this database."""

FTS_TOKENIZER = "unicode61 remove_diacritics 0 tokenchars '.,-'"
"""BM25 documents are pre-stemmed tokens (assistant.text.content_tokens) joined by spaces: the tokenizer only
splits on the spaces (numbers such as 1.800 and 2,5 stay whole)."""

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    stat TEXT NOT NULL,
    hash TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    title TEXT NOT NULL,
    outlet TEXT NOT NULL,
    published_day INTEGER NOT NULL,
    meta TEXT NOT NULL,
    n_chunks INTEGER NOT NULL,
    text BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_path ON articles (path);
CREATE INDEX IF NOT EXISTS articles_outlet ON articles (outlet);
CREATE TABLE IF NOT EXISTS chunks (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    article TEXT NOT NULL,
    ordinal INTEGER NOT NULL,
    text TEXT NOT NULL,
    line_start INTEGER NOT NULL,
    line_end INTEGER NOT NULL,
    instruction TEXT NOT NULL,
    vector BLOB NOT NULL,
    UNIQUE (article, ordinal)
);
CREATE TABLE IF NOT EXISTS sentences (
    chunk INTEGER NOT NULL,
    ordinal INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (chunk, ordinal)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS sentences_count ON sentences (chunk);
CREATE TABLE IF NOT EXISTS pending (key BLOB PRIMARY KEY, vector BLOB NOT NULL) WITHOUT ROWID;
CREATE VIRTUAL TABLE IF NOT EXISTS bm25 USING fts5 (tokens, tokenize = "{FTS_TOKENIZER}");
"""
"""
* ``meta``: key/value facts of the index (see ``assistant.store.info``);
* ``articles``: one row per article: where it is (``path``, and ``stat``, what its file and sidecar looked
  like when read, so an unchanged file is never opened again), which version (``hash`` of text and news
  metadata; ``sha256`` of the text alone, to recognise a moved file), its news metadata, and its text as
  citations use it (zlib-compressed);
* ``chunks``: the passages retrieval ranks, in article order, with their line range, the instruction-like
  phrase they hold (if any) and the vector Chroma holds for them (float16);
* ``sentences``: each chunk's sentences as character offsets into its article's text, with their vectors
  (``sentences_count`` is what ``count(*)`` reads instead of every vector: the self-check at every ingest);
* ``pending``: vectors by the sha256 of the embedded text, written while an ingest embeds (before it
  commits, in small transactions of their own), so that the text of a killed run is never embedded twice;
  emptied once the run has committed;
* ``bm25``: an FTS5 index of each chunk's tokens (rowid = the chunk's rowid), ranked with FTS5's bm25().
"""

TABLES = ("meta", "articles", "chunks", "sentences", "pending", "bm25")


def configure(con: sqlite3.Connection) -> None:
    """Settings of every connection: WAL (readers never wait for the writer), durable commits, foreign-key
    style checks done by the code, a wait for locks instead of an immediate failure."""
    con.execute("PRAGMA busy_timeout = 30000")
    con.execute("PRAGMA synchronous = FULL")


def create(con: sqlite3.Connection) -> None:
    """The tables of an empty index (nothing happens to existing ones)."""
    con.execute("PRAGMA journal_mode = WAL")
    con.executescript(SCHEMA)
