"""What a run reads: the article files it found, and for indexed articles it cannot read (or that a rebuild
must keep), the copy the document store holds. An unreadable file is never taken for a deleted one."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from llama_index.core.schema import Document
from llama_index.core.storage.docstore import SimpleDocumentStore

from assistant.ingest.chunking import META_FILE, META_PATH
from assistant.ingest.loader import UNREADABLE, Skipped, read_article
from assistant.ingest.metadata import article_meta
from assistant.ingest.plan import text_sha256
from assistant.ingest.repair import stored_document
from assistant.ingest.roots import DeclaredRoot, Scan, assign_ids

if TYPE_CHECKING:
    from assistant.ingest.html import HtmlArticle


def document(doc_id: str, path: Path | str, text: str, page: HtmlArticle | None = None) -> tuple[Document, list[str]]:
    """The article as a LlamaIndex document with its news metadata, and one line per metadata problem."""
    meta, text, notes = article_meta(Path(path), text, page)
    metadata = {META_FILE: doc_id, META_PATH: str(path), **meta.to_metadata()}
    return Document(id_=doc_id, text=text, metadata=metadata), notes


@dataclass
class Reading:
    docs: dict[str, Document] = field(default_factory=dict)
    """The articles to sync, by id."""
    unreadable: set[str] = field(default_factory=set)
    """Paths of indexed articles that could not be read this time."""
    kept: list[str] = field(default_factory=list)
    """Indexed ids left as they are because their file could not be read."""
    lost: set[str] = field(default_factory=set)
    """Indexed ids a rebuild cannot keep: no readable file, no stored copy."""
    skipped: list[Skipped] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    """What to tell the user about unreadable articles, in order."""


def read_articles(
    scan: Scan,
    known: Mapping[str, Mapping[str, Any]],
    roots: Sequence[DeclaredRoot],
    fresh: bool,
    rechunk: bool,
    forced: set[str],
    old_docstore: SimpleDocumentStore | None,
) -> Reading:
    """Read the files ``scan`` found, and the indexed articles outside it that this run must process again
    (a fresh build or re-chunking takes all; a repair those in ``forced``; a migration those whose id changed)."""
    reread_all = fresh or rechunk
    by_path = {str(e["path"]): d for d, e in known.items()}
    outside = {d: e for d, e in known.items() if not scan.covers(Path(e["path"]))}
    ids = assign_ids([*scan.files, *(Path(e["path"]) for e in outside.values())], roots)
    out = Reading()
    for path in scan.files:
        article = read_article(path, ids[path])
        if not isinstance(article, Skipped):
            out.docs[ids[path]], notes = document(ids[path], path, article.text, article.page)
            out.lines.extend([*article.notes, *notes])
            continue
        old = by_path.get(str(path))
        if article.kind != UNREADABLE or old is None:
            out.skipped.append(article)
            continue
        out.unreadable.add(str(path))
        copy = stored_document(old_docstore, old) if reread_all or old in forced else None
        if copy is not None:
            out.docs[ids[path]], _ = document(ids[path], path, copy.text)
            out.lines.append(f"{path} is {article.reason}: indexed the copy stored at its last ingest")
        elif fresh:
            out.lost.add(old)
            out.lines.append(f"cannot keep {old}: {path} is {article.reason} and no copy of it is stored")
        else:
            out.kept.append(old)
            out.lines.append(f"kept {old} as indexed ({len(known[old]['chunks'])} chunks): {path} is {article.reason}")
    for doc_id, entry in outside.items():
        path = Path(entry["path"])
        new_id = ids[path]
        if not (reread_all or doc_id in forced or new_id != doc_id):
            continue
        reread = read_article(path, new_id) if path.is_file() else None
        readable = reread if reread is not None and not isinstance(reread, Skipped) else None
        text = readable.text if readable is not None else None
        if text is None and (copy := stored_document(old_docstore, doc_id)) is not None:
            text = copy.text
        if text is not None:
            out.docs[new_id], notes = document(new_id, path, text, readable.page if readable else None)
            out.lines.extend(notes)
        elif fresh:
            out.lost.add(doc_id)
            out.lines.append(f"cannot keep {doc_id}: its file {path} cannot be read and no copy of it is stored")
    return out


def gone_ids(scan: Scan, known: Mapping[str, Mapping[str, Any]], reading: Reading, prune: bool) -> set[str]:
    """Indexed ids whose file is really gone from a folder scanned in full (or, with ``prune``, gone anywhere)."""
    gone = set(reading.lost)
    for doc_id, entry in known.items():
        path = str(entry["path"])
        if doc_id in reading.docs or path in reading.unreadable:
            continue
        if scan.covers(Path(path)) or (prune and not os.path.lexists(path)):
            gone.add(doc_id)
    return gone


def orphans(scan: Scan, known: Mapping[str, Mapping[str, Any]], gone: set[str], reading: Reading) -> list[str]:
    """Indexed ids outside what was scanned whose file is gone (kept: only ``--prune`` removes them)."""
    return sorted(
        doc_id
        for doc_id, entry in known.items()
        if doc_id not in gone
        and doc_id not in reading.docs
        and not scan.covers(Path(entry["path"]))
        and not os.path.lexists(entry["path"])
    )


def known_sha(
    known: Mapping[str, Mapping[str, Any]], ids: set[str], docstore: SimpleDocumentStore | None
) -> dict[str, str]:
    """The text checksum of indexed articles ``ids`` (from the manifest, else their stored copy)."""
    out: dict[str, str] = {}
    for doc_id in ids:
        sha = known[doc_id].get("sha256") if doc_id in known else None
        if not sha and (copy := stored_document(docstore, doc_id)) is not None:
            sha = text_sha256(copy.text)
        if sha:
            out[doc_id] = str(sha)
    return out


def known_from_docstore(docstore: SimpleDocumentStore | None) -> dict[str, dict[str, Any]]:
    """The articles a document store holds copies of (when the manifest is lost): to keep them through a rebuild."""
    if docstore is None:
        return {}
    known: dict[str, dict[str, Any]] = {}
    for doc_id in set(docstore.get_all_document_hashes().values()):
        doc = stored_document(docstore, doc_id)
        if doc is not None and doc.metadata.get(META_PATH):
            known[doc_id] = {"path": str(doc.metadata[META_PATH]), "hash": doc.hash, "title": "", "chunks": []}
    return known
