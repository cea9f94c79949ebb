"""`assistant doctor`: the self-check of an index. It checks the database (SQLite's quick_check, FTS5's
integrity check of the BM25 table, every article's chunks and sentences, every stored vector), compares
it with the Chroma collection (count, ids, dimensions, and that vectors find themselves), and names what an
interrupted ingest left; one line per problem says what is wrong and which command fixes it."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from assistant.disk import folder_fault, message
from assistant.ingest.vectors import vector_ids
from assistant.safe_text import safe
from assistant.settings import Settings
from assistant.store import DIRTY, LOCK, IndexInfo, IndexStore, StoreError
from assistant.store.checks import find_problems, fts_check, quick_check
from assistant.store.chroma import one_line
from assistant.store.db import connect
from assistant.store.index import STAGING

INGEST = "run `assistant ingest`"
REBUILD = "run `assistant ingest --rebuild`"
PROBE_IN_CHILD_AT = 1000
"""From this many vectors Chroma reads its own HNSW files (below, it rebuilds them from its log on open);
damaged ones can crash the reading process, so the probe then runs in a child process."""


def run_doctor(settings: Settings, out: TextIO | None = None) -> int:
    """Print one line per problem (exit 1), or one "ok" line (exit 0)."""
    out = out or sys.stdout
    problems, ok = diagnose(settings)
    for line in problems:
        print(safe(line), file=out)
    if ok is not None:
        print(safe(ok), file=out)
        return 0
    return 1


def diagnose(settings: Settings) -> tuple[list[str], str | None]:
    """The problems found, one line each ending with its fix; and the summary line when there are none."""
    store = IndexStore(settings)
    try:
        return _diagnose(store)
    finally:
        store.close()


def _diagnose(store: IndexStore) -> tuple[list[str], str | None]:
    try:
        info = store.read_info()
        if info is not None:
            store.check_embedder(info)
    except StoreError as exc:
        return [str(exc)], None
    if info is None:
        if store.has_index_files():
            return [store.lost_index_message()], None
        return [f"no index in {store.dir} yet: {INGEST}"], None
    refused = folder_fault(store.dir)
    if refused in ("read-only", "denied"):  # its checks need to write (FTS5's, Chroma's): the disk is the problem
        return [message(refused, store.place)], None
    problems: list[str] = []
    if _ingest_running(store):
        problems.append(
            f"an `assistant ingest` is writing {store.dir} right now: run `assistant doctor` again when it is done"
        )
    for check in (_database_problems, _chroma_problems, _leftover_problems):
        try:
            problems.extend(check(store, info))
        except StoreError as exc:
            problems.append(str(exc))
        except Exception as exc:  # noqa: BLE001 - a check that fails is itself a finding
            problems.append(
                f"{check.__name__.strip('_').replace('_', ' ')} could not be checked ({one_line(exc)}): {REBUILD}"
            )
    if problems:
        return problems, None
    return [], (
        f"ok: {info.n_articles} articles, {info.n_chunks} chunks, {info.n_sentences} sentences; the index database, "
        f"its BM25 index and Chroma's vectors agree ({store.dir})"
    )


def _ingest_running(store: IndexStore) -> bool:
    from filelock import FileLock, Timeout

    if not (store.dir / LOCK).exists():
        return False
    lock = FileLock(str(store.dir / LOCK))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        return True
    except OSError:  # a read-only or forbidden store: no ingest can be writing it as this user
        return False
    lock.release()
    return False


def _examples(ids: Sequence[str]) -> str:
    ids = sorted(ids)
    return ", ".join(ids[:2]) + (", …" if len(ids) > 2 else "")


def _database_problems(store: IndexStore, info: IndexInfo) -> list[str]:
    reader = store.reader()
    sqlite = quick_check(reader.con)
    if sqlite:
        return [f"the index database {store.db_path} is damaged (quick_check: {sqlite}): {REBUILD}"]
    fts = _fts_integrity(store)
    problems = [f"the BM25 index in {store.db_path} is damaged ({fts}): {REBUILD}"] if fts else []
    found = find_problems(reader, info, vectors=True)
    if found.bm25 and not fts:
        problems.append(f"the BM25 index in {store.db_path} is damaged ({found.bm25}): {INGEST} (it rebuilds it)")
    if found.lacking:
        problems.append(
            f"{len(found.lacking)} of the {info.n_articles} indexed articles lack chunks or sentences "
            f"({_examples(list(found.lacking))}): {INGEST} (it writes them again)"
        )
    if found.orphans:
        problems.append(f"the index holds {found.orphans} chunks of no article: {INGEST} (it removes them)")
    if found.bad_vectors:
        problems.append(
            f"{len(found.bad_vectors)} indexed articles have damaged vectors ({_examples(list(found.bad_vectors))}): "
            f"{REBUILD} (it embeds them again)"
        )
    counted = (reader.scalar("SELECT count(*) FROM articles"), reader.scalar("SELECT count(*) FROM chunks"))
    if not problems and counted != (info.n_articles, info.n_chunks):
        problems.append(f"the index's counters disagree with its tables: {INGEST} (it counts again)")
    return problems


def _fts_integrity(store: IndexStore) -> str:
    """FTS5's own integrity check of the BM25 table (it needs a connection that may write, and writes nothing)."""
    try:
        con = connect(store.db_path, write=True)
    except StoreError:
        return ""
    try:
        return fts_check(con)
    finally:
        con.close()


def _chroma_problems(store: IndexStore, info: IndexInfo) -> list[str]:
    collection = store.collection(info.collection)
    try:
        held = vector_ids(collection)
    except Exception as exc:  # noqa: BLE001
        raise store.chroma_failure(exc) from exc
    wanted = store.reader().all_chunk_ids()
    missing, extra = wanted - held, held - wanted
    problems = []
    if missing:
        problems.append(
            f"{len(missing)} of the {len(wanted)} vectors are missing from Chroma (collection '{info.collection}'): "
            f"{INGEST} (it restores them from the index)"
        )
    if extra:
        problems.append(f"Chroma holds {len(extra)} vectors the index does not list (an interrupted ingest): {INGEST}")
    sample = sorted(wanted & held)
    sample = sample[:: max(1, len(sample) // 3)][:3]
    if sample:
        reason = _probe(store, info, collection, sample, len(held))
        if reason:
            problems.append(f"Chroma's vector index of collection '{info.collection}' is damaged ({reason}): {REBUILD}")
    return problems


SAME_VECTOR = 1e-4
"""Cosine distance under which a hit counts as the probed vector itself (or an exact copy of it)."""


def probe_vectors(collection: Any, ids: Sequence[str], dim: int) -> str | None:
    """Search Chroma with some of its own vectors: each must have the index's dimension and find itself, or
    an identical vector (the same article filed under several names gives ties that any of them may win)."""
    got = collection.get(ids=list(ids), include=["embeddings"])
    for cid, vector in zip(got["ids"], got["embeddings"] if got["embeddings"] is not None else [], strict=False):
        if len(vector) != dim:
            return f"vector {cid} has {len(vector)} dimensions instead of {dim}"
        query = [float(x) for x in vector]
        hits = collection.query(query_embeddings=[query], n_results=5, include=["distances"])
        if cid not in hits["ids"][0] and not _finds_a_copy(collection, query, hits):
            return f"a search with the vector of chunk {cid} does not find it"
    return None


def _finds_a_copy(collection: Any, vector: list[float], hits: dict[str, Any]) -> bool:
    """Whether the search found another chunk whose stored vector equals ``vector``."""
    import numpy as np

    near = [hid for hid, d in zip(hits["ids"][0], hits["distances"][0], strict=False) if abs(d) <= SAME_VECTOR]
    if not near:
        return False
    got = collection.get(ids=near, include=["embeddings"])
    stored = got["embeddings"] if got["embeddings"] is not None else []
    return any(np.allclose(np.asarray(v, dtype=np.float32), np.asarray(vector, dtype=np.float32)) for v in stored)


def _probe(store: IndexStore, info: IndexInfo, collection: Any, ids: list[str], count: int) -> str | None:
    if store.settings.chroma_url or count < PROBE_IN_CHILD_AT:
        try:
            return probe_vectors(collection, ids, info.dim)
        except Exception as exc:  # noqa: BLE001
            return one_line(exc)
    args = [str(store.chroma_path), info.collection, json.dumps(ids), str(info.dim)]
    proc = subprocess.run(
        [sys.executable, "-m", "assistant.ingest.doctor", *args], capture_output=True, text=True, timeout=300
    )
    if proc.returncode < 0:
        return f"reading its files crashed the process (signal {-proc.returncode})"
    if proc.returncode != 0:
        return (proc.stderr.strip().splitlines() or ["the probe failed"])[-1][:200]
    return proc.stdout.strip() or None


def _leftover_problems(store: IndexStore, info: IndexInfo) -> list[str]:
    left = [p.name for p in store.dir.glob(f"{STAGING}*")]
    left += [DIRTY] if (store.dir / DIRTY).exists() else []
    pending = store.reader().scalar("SELECT count(*) FROM pending")
    if pending:
        left.append(f"{pending} vectors embedded but not committed")
    if not left:
        return []
    return [
        f"an interrupted ingest left {len(left)} things in {store.dir} ({_examples(left)}): {INGEST} (it reuses "
        "what it can and cleans up the rest)"
    ]


def _child_probe(argv: Sequence[str]) -> int:
    """``python -m assistant.ingest.doctor CHROMA_PATH COLLECTION IDS_JSON DIM``: the vector probe, in its own process."""
    from assistant.store.chroma import make_chroma_client, refusing_embedding_function

    path, name, ids, dim = argv
    client = make_chroma_client(None, Path(path))
    collection = client.get_collection(name, embedding_function=refusing_embedding_function())
    print(probe_vectors(collection, json.loads(ids), int(dim)) or "")
    return 0


if __name__ == "__main__":
    sys.exit(_child_probe(sys.argv[1:]))
