"""One Chroma collection measured: build time, search latency p50/p95 and recall@10 against exact (numpy)
search, for each filter case; used by bench/archive_vectors.py."""

from __future__ import annotations

import os
import statistics
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

import numpy as np

K = 10


@dataclass(frozen=True)
class FilterCase:
    name: str
    where: dict[str, Any] | None
    mask: np.ndarray | None


def filter_cases(outlets: list[str], days: np.ndarray) -> list[FilterCase]:
    """No filter; the most common outlet; a rare outlet (about 1%); 30 days; the common outlet over a year."""
    names = np.array(outlets)
    counts = Counter(outlets).most_common()
    common = counts[0][0]
    rare = min(counts, key=lambda c: abs(c[1] / len(outlets) - 0.01))[0]
    low = int(days.min()) + 300
    month = {"$and": [{"published_day": {"$gte": low}}, {"published_day": {"$lte": low + 29}}]}
    year = {
        "$and": [
            {"outlet": {"$in": [common]}},
            {"published_day": {"$gte": low}},
            {"published_day": {"$lte": low + 364}},
        ]
    }
    return [
        FilterCase("none", None, None),
        FilterCase(
            f"outlet {common} ({counts[0][1] / len(outlets):.0%})", {"outlet": {"$in": [common]}}, names == common
        ),
        FilterCase(
            f"outlet {rare} ({dict(counts)[rare] / len(outlets):.1%})", {"outlet": {"$in": [rare]}}, names == rare
        ),
        FilterCase("30 days", month, (days >= low) & (days <= low + 29)),
        FilterCase("outlet + 1 year", year, (names == common) & (days >= low) & (days <= low + 364)),
    ]


def exact(vectors: np.ndarray, query: np.ndarray, mask: np.ndarray | None) -> set[int]:
    sims = vectors @ query
    if mask is not None:
        sims = np.where(mask, sims, -np.inf)
    top = np.argpartition(-sims, K)[:K]
    return {int(i) for i in top if np.isfinite(sims[i])}


def rss_mb() -> float:
    with open(f"/proc/{os.getpid()}/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def client(server: str | None, path: str) -> Any:
    import chromadb
    from chromadb.config import Settings

    settings = Settings(anonymized_telemetry=False)
    if server:
        url = urlparse(server)
        return chromadb.HttpClient(host=url.hostname or "127.0.0.1", port=url.port or 8000, settings=settings)
    return chromadb.PersistentClient(path=path, settings=settings)


def run_config(
    vectors: np.ndarray,
    outlets: list[str],
    days: np.ndarray,
    queries: np.ndarray,
    cases: list[FilterCase],
    m: int,
    construction: int,
    search: int,
    server: str | None,
) -> None:
    """Build one collection, search it with every query and filter case, print one line per case."""
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMP")) as tmp:
        api = client(server, tmp)
        name = f"bench-{uuid.uuid4().hex[:8]}"
        config = {"hnsw": {"space": "cosine", "max_neighbors": m, "ef_construction": construction, "ef_search": search}}
        collection = api.create_collection(name, configuration=config)
        rss = rss_mb()
        started = time.perf_counter()
        for start in range(0, len(vectors), 5000):
            end = min(start + 5000, len(vectors))
            collection.add(
                ids=[f"v{i}" for i in range(start, end)],
                embeddings=vectors[start:end],
                metadatas=[{"outlet": outlets[i], "published_day": int(days[i])} for i in range(start, end)],
            )
        build = time.perf_counter() - started
        collection.query(query_embeddings=queries[:1], n_results=K)  # loads the index
        label = (
            f"{len(vectors):>7} vectors {'server' if server else 'embedded'} M={m} ef_c={construction} ef_s={search}"
        )
        print(f"{label}: built in {build:.0f} s, RSS +{rss_mb() - rss:.0f} MB", flush=True)
        for case in cases:
            times: list[float] = []
            recalls: list[float] = []
            for q in queries:
                t0 = time.perf_counter()
                got = collection.query(query_embeddings=[q], n_results=K, where=case.where, include=["distances"])
                times.append((time.perf_counter() - t0) * 1000)
                truth = exact(vectors, q, case.mask)
                found = {int(i[1:]) for i in got["ids"][0]}
                if truth:
                    recalls.append(len(found & truth) / len(truth))
            times.sort()
            p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
            print(
                f"    {case.name:<40} p50 {statistics.median(times):7.1f} ms  p95 {p95:7.1f} ms  "
                f"recall@10 {statistics.mean(recalls):.3f}",
                flush=True,
            )
        api.delete_collection(name)
