"""The persisted index: the manifest (the commit point), Chroma, the document store, the BM25 files, the
lock, and the file helpers that make every write crash-safe.

* ``index``: ``IndexStore``, the locations and clients of one index;
* ``manifest``: what the committed index holds;
* ``chroma``: Chroma clients (telemetry off, never embedding by themselves) and their failures;
* ``bm25``: the BM25 index files, built, verified and loaded;
* ``metadata``: the metadata keys every stored chunk carries;
* ``files``: atomic writes, checksums, temporary files.
"""

from assistant.errors import NoIndexError, StoreError
from assistant.store.files import atomic_write
from assistant.store.index import DIRTY, DOCSTORE, LOCK, MANIFEST, IndexStore
from assistant.store.manifest import MANIFEST_VERSION, Manifest

__all__ = [
    "DIRTY",
    "DOCSTORE",
    "LOCK",
    "MANIFEST",
    "MANIFEST_VERSION",
    "IndexStore",
    "Manifest",
    "NoIndexError",
    "StoreError",
    "atomic_write",
]
