"""The quick self-check at the start of ingest, and what it means to repair: the committed manifest is the
source of truth; a document store that is unreadable or disagrees with it, vectors missing from Chroma and
a BM25 folder that fails its checksums are put right by the same run (no vector is embedded twice)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from llama_index.core.schema import Document
from llama_index.core.storage.docstore import SimpleDocumentStore

from assistant.ingest.vectors import vector_ids
from assistant.store import IndexStore
from assistant.store.chroma import one_line
from assistant.store.manifest import Manifest


def load_docstore(path: Path) -> tuple[SimpleDocumentStore | None, str | None]:
    """The persisted document store, or None and why it cannot be used ("is missing", "is unreadable (...)")."""
    if not path.exists():
        return None, "is missing"
    try:
        docstore = SimpleDocumentStore.from_persist_path(str(path))
        docstore.get_all_document_hashes()
    except Exception as exc:  # noqa: BLE001 - JSON, structure or permission errors all mean "cannot use it"
        return None, f"is unreadable ({one_line(exc)})"
    return docstore, None


def stored_document(docstore: SimpleDocumentStore | None, doc_id: str) -> Document | None:
    """The stored copy of an article, if the document store has a readable one."""
    if docstore is None:
        return None
    try:
        doc = docstore.get_document(doc_id, raise_error=False)
    except Exception:  # noqa: BLE001 - a damaged entry is as good as none
        return None
    return doc if isinstance(doc, Document) else None


def _forget(docstore: SimpleDocumentStore, doc_id: str) -> None:
    try:
        docstore.delete_document(doc_id, raise_error=False)
    except Exception:  # noqa: BLE001 - a damaged entry: drop what can be dropped
        pass


def reconcile_docstore(docstore: SimpleDocumentStore, manifest: Manifest) -> set[str]:
    """Drop stored documents the manifest does not list, and those that differ from it; return the latter's ids."""
    stored = set(docstore.get_all_document_hashes().values())
    for doc_id in stored - set(manifest.files):
        _forget(docstore, doc_id)
    differ: set[str] = set()
    for doc_id, entry in manifest.files.items():
        doc = stored_document(docstore, doc_id)
        if doc is None or doc.hash != entry["hash"]:
            differ.add(doc_id)
            _forget(docstore, doc_id)
    return differ


@dataclass
class Repairs:
    """What the quick check found, and what this run does about it."""

    forced: set[str] = field(default_factory=set)
    """Articles to run through the pipeline again though unchanged (their stored copy or vectors are missing)."""
    rebuild_bm25: bool = False
    stale_vectors: bool = False
    """Chroma holds vectors the manifest does not list (an interrupted ingest): remove them after the commit."""
    notes: list[str] = field(default_factory=list)
    """One line per repair, for the user."""

    @property
    def needed(self) -> bool:
        return bool(self.forced or self.rebuild_bm25)


def check_for_ingest(
    store: IndexStore,
    manifest: Manifest,
    collection: Any,
    docstore: SimpleDocumentStore | None,
    docstore_error: str | None,
) -> Repairs:
    """Compare the document store, the Chroma collection and the BM25 folder with the manifest."""
    repairs = Repairs()
    if docstore is None:
        repairs.forced |= set(manifest.files)
        repairs.notes.append(f"repairing: the document store {store.docstore_path} {docstore_error}; rebuilding it")
    else:
        differ = reconcile_docstore(docstore, manifest)
        if differ:
            repairs.forced |= differ
            repairs.notes.append(
                f"repairing: the document store lacks {len(differ)} of the indexed articles; restoring them"
            )
    try:
        held = vector_ids(collection)
    except Exception as exc:  # noqa: BLE001
        raise store.chroma_failure(exc) from exc
    wanted = manifest.chunk_ids
    missing = wanted - held
    if missing:
        repairs.forced |= {d for d, e in manifest.files.items() if not missing.isdisjoint(e["chunks"])}
        repairs.notes.append(
            f"repairing: {len(missing)} of the {len(wanted)} vectors are missing from Chroma; embedding them again"
        )
    if held - wanted:
        repairs.stale_vectors = True
    problem = store.bm25_problem(manifest)
    if problem:
        repairs.rebuild_bm25 = True
        repairs.notes.append(f"repairing: the BM25 index is damaged ({problem}); rebuilding it")
    elif manifest.files and manifest.bm25_checksums is None:
        repairs.rebuild_bm25 = True
        repairs.notes.append("the BM25 index has no checksums (an older version wrote it): rebuilding it with them")
    return repairs
