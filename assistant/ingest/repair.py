"""The quick self-check at the start of ingest, and what it means to repair: the committed database is the
record; rows missing from it are written again from the article files, a BM25 table that disagrees with the
chunks is rebuilt from them, and vectors missing from Chroma are restored from the database (nothing is
embedded again that the database holds).

The check costs a few counts and Chroma's count; only when they disagree is anything read row by row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assistant.ingest.vectors import vector_ids
from assistant.store import DIRTY, IndexStore
from assistant.store.checks import counts, find_problems
from assistant.store.info import IndexInfo
from assistant.store.records import usable_blob


@dataclass
class Repairs:
    """What the quick check found, and what this run does about it."""

    forced: set[str] = field(default_factory=set)
    """Articles to read and write again though unchanged (their rows or vectors are not all there)."""
    restore: list[str] = field(default_factory=list)
    """Chunks whose vector Chroma lacks: put back from the database."""
    rebuild_bm25: bool = False
    orphans: bool = False
    recount: bool = False
    stale_vectors: bool = False
    """Chroma may hold vectors the index does not list (an interrupted ingest): compare every id at the end."""
    notes: list[str] = field(default_factory=list)
    """One line per repair, for the user."""

    @property
    def needed(self) -> bool:
        return bool(self.forced or self.restore or self.rebuild_bm25 or self.orphans or self.recount)


def check_for_ingest(store: IndexStore, info: IndexInfo, collection: Any) -> Repairs:
    """Compare the database's counters with its tables, and Chroma's count with the chunks."""
    repairs = Repairs(stale_vectors=(store.dir / DIRTY).exists())
    reader = store.reader()
    found = counts(reader)
    if not found.agree(info):
        problems = find_problems(reader, info)
        repairs.recount = True
        if problems.lacking:
            repairs.forced |= problems.lacking
            repairs.notes.append(
                f"repairing: {len(problems.lacking)} articles lack chunks or sentences in the index; writing them again"
            )
        if problems.orphans:
            repairs.orphans = True
            repairs.notes.append(f"repairing: removing {problems.orphans} chunks of no article from the index")
        if problems.bm25:
            repairs.rebuild_bm25 = True
            repairs.notes.append(f"repairing: the BM25 index is damaged ({problems.bm25}); rebuilding it")
        if not repairs.notes:
            repairs.notes.append("repairing: the index's counters disagree with its tables; counting again")
    try:
        held = collection.count()
    except Exception as exc:  # noqa: BLE001
        raise store.chroma_failure(exc) from exc
    if held != found.chunks:
        repairs.stale_vectors = repairs.stale_vectors or held > found.chunks
        _missing_vectors(store, info, collection, repairs)
    return repairs


def _missing_vectors(store: IndexStore, info: IndexInfo, collection: Any, repairs: Repairs) -> None:
    """Vectors Chroma lacks: restored from the database; an article whose stored vector is unusable is written again."""
    try:
        held = vector_ids(collection)
    except Exception as exc:  # noqa: BLE001
        raise store.chroma_failure(exc) from exc
    wanted = store.reader().all_chunk_ids()
    missing = sorted(wanted - held)
    if not missing:
        return
    for cid, blob, _meta in store.reader().chroma_rows(missing):
        if usable_blob(blob, info.dim):
            repairs.restore.append(cid)
    unusable = set(missing) - set(repairs.restore)
    if unusable:
        repairs.forced |= {row.article for row in store.reader().chunks(sorted(unusable)).values()}
    repairs.notes.append(
        f"repairing: {len(missing)} of the {len(wanted)} vectors are missing from Chroma; restoring them from the index"
    )
