"""The commit of an ingest, and the cleanup after it.

Commit: the BM25 index is written to a new folder (never one that already exists) with its checksums, the
document store to a temporary file that replaces the old one, and then the manifest is replaced
atomically: the commit point. Cleanup, only after that: BM25 folders and temporary files the manifest does
not reference, vectors it does not list, collections an interrupted run created (named in ``.dirty``), and
the previous collection after a rebuild.
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Sequence
from typing import Any

from llama_index.core.schema import BaseNode
from llama_index.core.storage.docstore import SimpleDocumentStore
from llama_index.core.vector_stores.utils import metadata_dict_to_node

from assistant.ingest.chunking import ArticleChunker
from assistant.ingest.repair import stored_document
from assistant.ingest.vectors import vector_ids
from assistant.store import DIRTY, IndexStore, StoreError
from assistant.store.files import atomic_write, folder_checksums, fsync_dir, fsync_file, temp_leftovers, temp_path
from assistant.store.manifest import Manifest


def mark_dirty(store: IndexStore, created: str | None = None) -> None:
    """Record, before writing to Chroma, that it may hold uncommitted vectors (and the collection this run creates)."""
    names = set(dirty_collections(store))
    if created:
        names.add(created)
    atomic_write(store.dir / DIRTY, "".join(f"{name}\n" for name in sorted(names)))


def dirty_collections(store: IndexStore) -> list[str]:
    try:
        return [line.strip() for line in (store.dir / DIRTY).read_text(encoding="utf-8").splitlines() if line.strip()]
    except (OSError, UnicodeDecodeError):
        return []


def commit(
    store: IndexStore,
    manifest: Manifest,
    docstore: SimpleDocumentStore,
    chunker: ArticleChunker,
    collection: Any,
    rebuild_bm25: bool,
) -> None:
    """Write the BM25 index (when asked, or when the manifest has none) and the document store, then the manifest."""
    if rebuild_bm25 or not manifest.bm25:
        nodes = index_nodes(manifest, docstore, chunker, collection)
        manifest.language = corpus_language(nodes)
        manifest.bm25 = write_bm25(store, manifest, nodes) if nodes else {}
    tmp = temp_path(store.docstore_path)
    try:
        docstore.persist(str(tmp))
        fsync_file(tmp)
        os.replace(tmp, store.docstore_path)
    finally:
        tmp.unlink(missing_ok=True)
    store.write_manifest(manifest)  # the commit point


def index_nodes(
    manifest: Manifest, docstore: SimpleDocumentStore, chunker: ArticleChunker, collection: Any
) -> list[BaseNode]:
    """The chunks of every committed article: chunked again from its stored copy, else read back from Chroma."""
    nodes: list[BaseNode] = []
    for doc_id, entry in manifest.files.items():
        doc = stored_document(docstore, doc_id)
        chunks: list[BaseNode] = list(chunker.chunk_document(doc)) if doc is not None else []
        if [n.node_id for n in chunks] != entry["chunks"]:
            chunks = chroma_nodes(collection, entry["chunks"])
        if len(chunks) != len(entry["chunks"]):
            raise StoreError(
                f"cannot rebuild the BM25 index: the text of '{doc_id}' is neither in the document store nor in "
                "Chroma: run `assistant ingest --rebuild`"
            )
        nodes.extend(chunks)
    return nodes


def chroma_nodes(collection: Any, ids: Sequence[str]) -> list[BaseNode]:
    """The chunks ``ids`` as Chroma stores them (text and metadata), in the order of ``ids``; missing ones left out."""
    try:
        got = collection.get(ids=list(ids), include=["metadatas", "documents"])
    except Exception:  # noqa: BLE001 - unreadable records count as missing
        return []
    found: dict[str, BaseNode] = {}
    for cid, meta, text in zip(got["ids"], got["metadatas"] or [], got["documents"] or [], strict=False):
        try:
            found[cid] = metadata_dict_to_node(meta or {}, text=text)
        except Exception:  # noqa: BLE001 - an unusable record counts as missing
            continue
    return [found[c] for c in ids if c in found]


def write_bm25(store: IndexStore, manifest: Manifest, nodes: Sequence[BaseNode]) -> dict[str, Any]:
    """Build the BM25 index into a new folder; return the manifest's record of it (folder name, checksums)."""
    from assistant.store.bm25 import build_bm25

    token = secrets.token_hex(4)
    tmp = store.dir / f".bm25-tmp-{token}"
    try:
        build_bm25(nodes).persist(str(tmp), show_progress=False)
        for path in tmp.iterdir():
            fsync_file(path)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)  # a full disk gets its space back at once
        raise
    record: dict[str, Any] = {"dir": f"bm25-{manifest.fingerprint()}-{token}", "files": folder_checksums(tmp)}
    tmp.rename(store.dir / record["dir"])
    fsync_dir(store.dir)
    return record


def corpus_language(nodes: Sequence[BaseNode], sample: int = 200) -> str:
    """The language most chunks are written in ("" when undecided)."""
    from collections import Counter

    from assistant.language import detect_language

    step = max(1, len(nodes) // sample)
    votes = Counter(detect_language(n.get_content()) for n in list(nodes)[::step])
    votes.pop(None, None)
    return str(votes.most_common(1)[0][0]) if votes else ""


def cleanup(store: IndexStore, manifest: Manifest, old_collection: str | None, stale: bool) -> None:
    """Remove what the committed manifest no longer references (also what a killed ingest left)."""
    keep = manifest.bm25_dir_name if manifest.files else None
    for path in store.dir.glob("bm25-*"):
        if path.name != keep:
            shutil.rmtree(path, ignore_errors=True)
    for path in store.dir.glob(".bm25-tmp-*"):
        shutil.rmtree(path, ignore_errors=True)
    legacy = store.dir / f".{store.docstore_path.name}.tmp"
    for path in [*temp_leftovers(store.manifest_path), *temp_leftovers(store.docstore_path), legacy]:
        path.unlink(missing_ok=True)
    if old_collection and old_collection != manifest.collection:
        store.drop_collection(old_collection)
    dirty = store.dir / DIRTY
    if dirty.exists() or stale:
        collection = store.collection(manifest.collection, create=True)
        wanted = manifest.chunk_ids
        try:
            extra = [cid for cid in vector_ids(collection) if cid not in wanted]
            for start in range(0, len(extra), 5000):
                collection.delete(ids=extra[start : start + 5000])
        except Exception as exc:  # noqa: BLE001 - the commit stands; the next ingest cleans up again
            raise store.chroma_failure(exc) from exc
        for name in dirty_collections(store):
            if name != manifest.collection:
                store.drop_collection(name)
        dirty.unlink(missing_ok=True)
