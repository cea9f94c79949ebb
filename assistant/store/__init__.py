"""The persisted index: the database that is its record (articles, chunks, sentences, BM25), Chroma, the
lock, and the file helpers that make the few file writes crash-safe.

* ``index``: ``IndexStore``, the locations and clients of one index;
* ``schema``: the database's tables; ``db``: opening it, its failures as one line;
* ``info``: what the committed index is (its ``meta`` table);
* ``reader`` and ``writer``: reading the committed index on demand; writing an ingest's changes in one
  transaction; ``records``: the rows they read and write, vectors as float16;
* ``fts``: BM25 documents and queries (Sastrawi stems);
* ``chroma``: Chroma clients (telemetry off, never embedding by themselves), HNSW parameters, failures;
* ``metadata``: the metadata keys every stored chunk carries;
* ``files``: atomic writes.
"""

from assistant.errors import NoIndexError, StoreError
from assistant.store.files import atomic_write
from assistant.store.index import DB, DIRTY, LOCK, IndexStore
from assistant.store.info import IndexInfo
from assistant.store.schema import FORMAT

__all__ = [
    "DB",
    "DIRTY",
    "FORMAT",
    "LOCK",
    "IndexInfo",
    "IndexStore",
    "NoIndexError",
    "StoreError",
    "atomic_write",
]
