"""`assistant doctor`: the self-check of an index. It compares the manifest (the commit record) with the
document store, the Chroma collection (count, ids, dimensions, and that vectors find themselves) and the
BM25 files (checksums), and says in one line per problem what is wrong and which command fixes it."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from assistant.ingest.repair import load_docstore, stored_document
from assistant.ingest.vectors import vector_ids
from assistant.safe_text import safe
from assistant.settings import Settings
from assistant.store import DIRTY, IndexStore, StoreError
from assistant.store.chroma import one_line
from assistant.store.files import temp_leftovers
from assistant.store.manifest import Manifest

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
        manifest = store.read_manifest()
        if manifest is not None:
            store.check_embedder(manifest)
    except StoreError as exc:
        return [str(exc)], None
    if manifest is None:
        if store.has_index_files():
            return [store.lost_manifest_message()], None
        return [f"no index in {store.dir} yet: {INGEST}"], None
    problems: list[str] = []
    if _ingest_running(store):
        problems.append(
            f"an `assistant ingest` is writing {store.dir} right now: run `assistant doctor` again when it is done"
        )
    for check in (_docstore_problems, _bm25_problems, _chroma_problems, _leftover_problems):
        try:
            problems.extend(check(store, manifest))
        except StoreError as exc:
            problems.append(str(exc))
        except Exception as exc:  # noqa: BLE001 - a check that fails is itself a finding
            problems.append(
                f"{check.__name__.strip('_').replace('_', ' ')} could not be checked ({one_line(exc)}): {REBUILD}"
            )
    if problems:
        return problems, None
    return [], (
        f"ok: {len(manifest.files)} articles, {manifest.n_chunks} chunks; the manifest, the document store, "
        f"Chroma's vectors and the BM25 index agree ({store.dir})"
    )


def _ingest_running(store: IndexStore) -> bool:
    from filelock import FileLock, Timeout

    if not (store.dir / ".ingest.lock").exists():
        return False
    lock = FileLock(str(store.dir / ".ingest.lock"))
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


def _docstore_problems(store: IndexStore, manifest: Manifest) -> list[str]:
    docstore, error = load_docstore(store.docstore_path)
    if docstore is None:
        return [f"the document store {store.docstore_path} {error}: {INGEST} (it rebuilds it from the article files)"]
    lacking: list[str] = []
    differ: list[str] = []
    for doc_id, entry in manifest.files.items():
        doc = stored_document(docstore, doc_id)
        if doc is None or doc.hash != entry["hash"]:
            (lacking if doc is None else differ).append(doc_id)
    extra = set(docstore.get_all_document_hashes().values()) - set(manifest.files)
    problems = []
    if lacking:
        problems.append(
            f"the document store lacks {len(lacking)} of the {len(manifest.files)} indexed articles ({_examples(lacking)}): {INGEST}"
        )
    if differ:
        problems.append(
            f"the document store holds other versions of {len(differ)} indexed articles ({_examples(differ)}): {INGEST}"
        )
    if extra:
        problems.append(
            f"the document store holds {len(extra)} articles the index does not list ({_examples(list(extra))}): {INGEST}"
        )
    return problems


def _bm25_problems(store: IndexStore, manifest: Manifest) -> list[str]:
    problem = store.bm25_problem(manifest)
    if problem:
        return [f"the BM25 index in {store.dir} is damaged ({problem}): {INGEST} (it rebuilds it)"]
    if manifest.files and manifest.bm25_checksums is None:
        return [f"the BM25 index {store.bm25_path(manifest)} has no checksums (an older version wrote it): {INGEST}"]
    return []


def _chroma_problems(store: IndexStore, manifest: Manifest) -> list[str]:
    collection = store.collection(manifest.collection)
    try:
        held = vector_ids(collection)
    except Exception as exc:  # noqa: BLE001
        raise store.chroma_failure(exc) from exc
    wanted = manifest.chunk_ids
    missing, extra = wanted - held, held - wanted
    problems = []
    if missing:
        problems.append(
            f"{len(missing)} of the {len(wanted)} vectors are missing from Chroma (collection '{manifest.collection}'): "
            f"{INGEST} (it embeds them again)"
        )
    if extra:
        problems.append(f"Chroma holds {len(extra)} vectors the index does not list (an interrupted ingest): {INGEST}")
    sample = sorted(wanted & held)
    sample = sample[:: max(1, len(sample) // 3)][:3]
    if sample:
        reason = _probe(store, manifest, collection, sample, len(held))
        if reason:
            problems.append(
                f"Chroma's vector index of collection '{manifest.collection}' is damaged ({reason}): {REBUILD}"
            )
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


def _probe(store: IndexStore, manifest: Manifest, collection: Any, ids: list[str], count: int) -> str | None:
    if store.settings.chroma_url or count < PROBE_IN_CHILD_AT:
        try:
            return probe_vectors(collection, ids, manifest.dim)
        except Exception as exc:  # noqa: BLE001
            return one_line(exc)
    args = [str(store.chroma_path), manifest.collection, json.dumps(ids), str(manifest.dim)]
    proc = subprocess.run(
        [sys.executable, "-m", "assistant.ingest.doctor", *args], capture_output=True, text=True, timeout=300
    )
    if proc.returncode < 0:
        return f"reading its files crashed the process (signal {-proc.returncode})"
    if proc.returncode != 0:
        return (proc.stderr.strip().splitlines() or ["the probe failed"])[-1][:200]
    return proc.stdout.strip() or None


def _leftover_problems(store: IndexStore, manifest: Manifest) -> list[str]:
    keep = manifest.bm25_dir_name
    left = [p.name for p in store.dir.glob("bm25-*") if p.name != keep]
    left += [p.name for p in store.dir.glob(".bm25-tmp-*")]
    left += [p.name for p in (*temp_leftovers(store.manifest_path), *temp_leftovers(store.docstore_path))]
    left += [DIRTY] if (store.dir / DIRTY).exists() else []
    if not left:
        return []
    return [
        f"an interrupted ingest left {len(left)} files in {store.dir} ({_examples(left)}): {INGEST} (it cleans them up)"
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
