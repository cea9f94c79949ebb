"""What a run reads: the article files it found whose file changed since they were indexed, and for indexed
articles it cannot read (or that a rebuild must keep), the text the index holds. An unreadable file is never
taken for a deleted one.

A file is known unchanged, and not opened, when its size, modification and change times (and its sidecar's)
are those recorded when it was indexed; when they differ the file is read, and its document hash decides
whether it changed (a file only touched or copied is then recorded as it is now, and skipped next time).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from llama_index.core.schema import Document

from assistant.ingest.chunking import META_FILE, META_PATH
from assistant.ingest.loader import UNREADABLE, Skipped, read_article
from assistant.ingest.metadata import SIDECAR_SUFFIX, article_meta
from assistant.ingest.roots import DeclaredRoot, Scan, assign_ids
from assistant.store.records import KnownArticle

if TYPE_CHECKING:
    from assistant.ingest.html import HtmlArticle

READ_VERSION = 1
"""Bump when reading, cleaning, news metadata or chunk rules change what an unchanged file gives: the next
ingest then reads every file once (and re-embeds only the chunks whose text changed)."""


def file_stat(path: Path) -> str:
    """What an article file and its sidecar look like: size, modification and change time of each ("" when
    the file cannot be stat'ed, which never matches)."""
    name = str(path)
    try:
        st = os.stat(name)
    except OSError:
        return ""
    try:
        side = os.stat(os.path.splitext(name)[0] + SIDECAR_SUFFIX)  # sidecar_path, without pathlib's cost
        sidecar = f"{side.st_size}:{side.st_mtime_ns}:{side.st_ctime_ns}"
    except OSError:
        sidecar = "-"
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}/{sidecar}"


def document(doc_id: str, path: Path | str, text: str, page: HtmlArticle | None = None) -> tuple[Document, list[str]]:
    """The article as a LlamaIndex document with its news metadata, and one line per metadata problem."""
    meta, text, notes = article_meta(Path(path), text, page)
    metadata = {META_FILE: doc_id, META_PATH: str(path), **meta.to_metadata()}
    return Document(id_=doc_id, text=text, metadata=metadata), notes


@dataclass
class Reading:
    docs: dict[str, Document] = field(default_factory=dict)
    """The articles read, by id."""
    texts: dict[str, str] = field(default_factory=dict)
    """The text each of ``docs``' citations point into (the decoded file, or a page's extracted article)."""
    stats: dict[str, str] = field(default_factory=dict)
    """What each of ``docs``' files looked like when read (``file_stat``)."""
    unchanged: set[str] = field(default_factory=set)
    """Indexed ids whose file is as it was when indexed: not opened."""
    unreadable: set[str] = field(default_factory=set)
    """Paths of indexed articles that could not be read this time."""
    kept: list[str] = field(default_factory=list)
    """Indexed ids left as they are because their file could not be read."""
    lost: set[str] = field(default_factory=set)
    """Indexed ids a rebuild cannot keep: no readable file, no stored copy."""
    skipped: list[Skipped] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    """What to tell the user about unreadable articles, in order."""
    opened: int = 0
    """How many article files were opened (a test counts them)."""

    @property
    def present(self) -> set[str]:
        """Ids found this run: read, or known unchanged."""
        return set(self.docs) | self.unchanged

    def add(self, doc_id: str, path: Path, text: str, page: HtmlArticle | None = None) -> None:
        self.docs[doc_id], notes = document(doc_id, path, text, page)
        self.texts[doc_id] = text
        self.stats[doc_id] = file_stat(path)
        self.lines.extend(notes)


def read_articles(
    scan: Scan,
    known: Mapping[str, KnownArticle],
    roots: Sequence[DeclaredRoot],
    reread_all: bool,
    fresh: bool,
    forced: set[str],
    stored_text: Callable[[str], str | None],
) -> Reading:
    """Read the files ``scan`` found that changed (all of them when ``reread_all``), and the indexed articles
    outside it that this run must process again (a rebuild takes all; a repair those in ``forced``; a
    migration those whose id changed). ``stored_text``: the text the index holds of an article."""
    by_path = {k.path: d for d, k in known.items()}
    outside = {d: k for d, k in known.items() if not scan.covers(k.path)}
    ids = assign_ids([*scan.files, *(Path(k.path) for k in outside.values())], roots)
    out = Reading()
    for path in scan.files:
        doc_id = ids[path]
        entry = known.get(doc_id)
        if (
            entry is not None
            and not reread_all
            and doc_id not in forced
            and entry.path == str(path)
            and entry.stat == file_stat(path)
        ):
            out.unchanged.add(doc_id)
            continue
        out.opened += 1
        article = read_article(path, doc_id)
        if not isinstance(article, Skipped):
            out.lines.extend(article.notes)
            out.add(doc_id, path, article.text, article.page)
            continue
        old = by_path.get(str(path))
        if article.kind != UNREADABLE or old is None:
            out.skipped.append(article)
            continue
        out.unreadable.add(str(path))
        copy = stored_text(old) if reread_all or old in forced else None
        if copy is not None:
            out.add(doc_id, path, copy)
            out.stats[doc_id] = ""
            out.lines.append(f"{path} is {article.reason}: indexed the copy stored at its last ingest")
        elif fresh:
            out.lost.add(old)
            out.lines.append(f"cannot keep {old}: {path} is {article.reason} and no copy of it is stored")
        else:
            out.kept.append(old)
            out.lines.append(f"kept {old} as indexed ({known[old].n_chunks} chunks): {path} is {article.reason}")
    for doc_id, entry in outside.items():
        path = Path(entry.path)
        new_id = ids[path]
        if not (reread_all or doc_id in forced or new_id != doc_id):
            continue
        out.opened += 1
        reread = read_article(path, new_id) if path.is_file() else None
        if reread is not None and not isinstance(reread, Skipped):
            out.add(new_id, path, reread.text, reread.page)
        elif (text := stored_text(doc_id)) is not None:
            out.add(new_id, path, text)
            out.stats[new_id] = ""
        elif fresh:
            out.lost.add(doc_id)
            out.lines.append(f"cannot keep {doc_id}: its file {path} cannot be read and no copy of it is stored")
    return out


def gone_ids(scan: Scan, known: Mapping[str, KnownArticle], reading: Reading, prune: bool) -> set[str]:
    """Indexed ids whose file is really gone from a folder scanned in full (or, with ``prune``, gone anywhere)."""
    gone = set(reading.lost)
    present = reading.present
    for doc_id, entry in known.items():
        if doc_id in present or entry.path in reading.unreadable:
            continue
        if scan.covers(entry.path) or (prune and not os.path.lexists(entry.path)):
            gone.add(doc_id)
    return gone


def orphans(scan: Scan, known: Mapping[str, KnownArticle], gone: set[str], reading: Reading) -> list[str]:
    """Indexed ids outside what was scanned whose file is gone (kept: only ``--prune`` removes them)."""
    present = reading.present
    return sorted(
        doc_id
        for doc_id, entry in known.items()
        if doc_id not in gone
        and doc_id not in present
        and not scan.covers(entry.path)
        and not os.path.lexists(entry.path)
    )
