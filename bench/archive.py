"""An archive, not five articles: the ingest pipeline, watching, opening and searching at 1,000 to 100,000
articles.

    nice -n 19 python bench/archive.py --sizes 1000 10000 100000 [--real 100] [--topics DIR] [--keep DIR]

``--keep DIR`` builds the archives and their indexes in DIR and leaves them there; a later run with the same
DIR reuses what is there (no writing, no full ingest: that line says "reused") and measures the rest, with
new articles of numbers not used before.

Each archive is N synthetic articles of 20 real sentences (the seeds and bench/corpora/topics_tune,
recombined at random), each with a dateline naming one of 20 outlets, in folders of 1000. The pipeline is
timed with a stand-in embedder (a vector made from a hash of the text, about 20 µs), so the figures are
what ingest adds to embedding; the embedding the same texts would cost with the bundled e5 is reported
apart, from e5's measured speed on a sample of them. ``--real N`` also ingests N articles with e5 itself
and embeds the same texts with the bare embedder (the ratio of the two is ingest's overhead).

Per size: full ingest (pipeline seconds, texts embedded, e5 seconds for them), a no-change ingest, a
1-article incremental ingest, watch latency (file saved -> found by a search), index open time, RSS
before and after opening and searching, disk per chunk (database and Chroma), and search p50/p95 through
`Searcher` (query embedding excluded: the stand-in's). Recall against exact search on real vectors, and
Chroma through a server at 100k+: bench/archive_vectors.py.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from llama_index.core.base.embeddings.base import BaseEmbedding  # noqa: E402

import assistant.ingest.sync as sync  # noqa: E402
import assistant.retrieval.searcher as searcher_module  # noqa: E402
from assistant.ingest.sync import ingest  # noqa: E402
from assistant.retrieval import Searcher  # noqa: E402
from assistant.settings import load_settings  # noqa: E402
from bench.chroma_bench import rss_mb  # noqa: E402
from bench.synthetic import TOPICS_TUNE, corpus_sentences, write_articles  # noqa: E402

QUESTIONS = [
    "Siapa ajudan Putin yang ikut dalam kunjungan?",
    "Where did Putin stop on his way to Pyongyang?",
    "Berapa rumah yang terendam banjir di Kabupaten Bandung?",
    "Apa yang akan dibahas Putin di Vietnam?",
    "How many students had their school applications cancelled?",
    "Kapan listrik padam di Pontianak?",
]


class StandIn(BaseEmbedding):
    """A unit vector made from a hash of the text: the pipeline's cost without the model's."""

    texts: int = 0
    every: int = 1
    """Keep one text in ``every`` (a sample of what ingest embeds)."""
    kept: list[str] = []

    @classmethod
    def class_name(cls) -> str:
        return "StandIn"

    def _vector(self, text: str) -> list[float]:
        seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")
        v = np.random.default_rng(seed).standard_normal(384).astype(np.float32)
        return (v / np.linalg.norm(v)).tolist()

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._vector(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._get_text_embeddings([text])[0]

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        for text in texts:
            if self.texts % self.every == 0:
                self.kept.append(text)
            self.texts += 1
        return [self._vector(t) for t in texts]

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._vector(query)

    async def _aget_text_embedding(self, text: str) -> list[float]:
        return self._vector(text)


def use(embedder: BaseEmbedding) -> None:
    """Make ingest and search use ``embedder`` (as the tests do)."""

    def make(name: str) -> BaseEmbedding:
        return embedder

    sync.make_embedder = make
    searcher_module.make_embedder = make


def e5_seconds_per_text(sample: list[str]) -> float:
    """Seconds the bundled e5 takes per text, in batches of 32, on ``sample``."""
    from assistant.embeddings import make_embedder

    e5 = make_embedder(load_settings().embed_model)
    e5.get_text_embedding("warm up")
    sample = sample[:256]
    started = time.perf_counter()
    for i in range(0, len(sample), 32):
        e5.get_text_embedding_batch(sample[i : i + 32])
    return (time.perf_counter() - started) / len(sample)


def du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


CPU: list[float] = []
"""CPU seconds (all threads) of the last ``timed`` call: on a shared machine wall time also counts waiting."""


def timed(fn: Any, *args: Any, **kwargs: Any) -> tuple[Any, float]:
    started, cpu = time.perf_counter(), time.process_time()
    out = fn(*args, **kwargs)
    CPU[:] = [time.process_time() - cpu]
    return out, time.perf_counter() - started


def cli_no_change(settings: Any) -> float:
    """Seconds of `python -m assistant ingest` in a new process with nothing changed (imports included)."""
    import subprocess

    env = {**os.environ, "ASSISTANT_STORE_DIR": str(settings.store_dir), "ASSISTANT_SEEDS_DIR": str(settings.seeds_dir)}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "assistant", "ingest"], env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def fresh(folder: Path, i: int) -> int:
    """``i``, or the first number above it whose new article is not there yet (a kept archive grows)."""
    while (folder / "new" / f"baru-{i}.txt").exists():
        i += 1000
    return i


def code(i: int) -> str:
    """A word no other article holds, for article ``i`` (a number alone is not: "1100" is in real sentences)."""
    return "kode" + "".join(chr(ord("a") + int(d)) for d in str(i))


def new_article(folder: Path, i: int, sentences: list[str]) -> Path:
    rng = random.Random(10_000 + i)
    path = folder / "new" / f"baru-{i}.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    body = " ".join(rng.sample(sentences, 12))
    path.write_text(
        f"Berita baru {i}\n\nJakarta, KABARNUSA.COM - Zebra ungu {code(i)} menari. {body}\n", encoding="utf-8"
    )
    return path


def one_article(settings: Any, folder: Path, sentences: list[str]) -> tuple[Any, float, float]:
    """A new article saved, then an ingest: its report, wall and CPU seconds."""
    new_article(folder, fresh(folder, 1), sentences)
    report, seconds = timed(ingest, settings)
    return report, seconds, CPU[0]


def watch_latency(settings: Any, folder: Path, sentences: list[str], runs: int = 3) -> list[float]:
    from assistant.ingest.watch import Watcher

    watcher = Watcher(settings, on_line=lambda _line: None, debounce_ms=400)
    threading.Thread(target=watcher.run, daemon=True).start()
    watcher.ready.wait()
    out = []
    base = fresh(folder, 100)
    for run in range(runs):
        started = time.perf_counter()
        name = new_article(folder, base + run, sentences).relative_to(folder).as_posix()
        while True:
            try:
                hits = Searcher(settings).search(f"Zebra ungu {code(base + run)} menari", 10)
            except Exception:  # noqa: BLE001 - between commits: try again
                hits = []
            if any(h.file == name for h in hits):
                break
            time.sleep(0.05)
        out.append(time.perf_counter() - started)
    watcher.stop()
    return out


def one_size(n: int, sentences: list[str], tmp: Path) -> None:
    folder, store = tmp / f"archive-{n}", tmp / f"store-{n}"
    reused = (store / "index.sqlite3").exists()
    if not reused:
        write_articles(folder, n, sentences, random.Random(n), length=20, dated=True)
    settings = load_settings(store_dir=store, seeds_dir=folder)
    standin = StandIn(every=max(1, n // 10))
    use(standin)
    report, full = timed(ingest, settings)
    full_cpu = CPU[0]
    texts = standin.texts
    per_text = e5_seconds_per_text(standin.kept if not reused else sentences)
    from assistant.store import IndexStore

    store_ = IndexStore(settings)
    info = store_.open_info() if hasattr(store_, "open_info") else store_.open_manifest()  # the earlier store too
    n_sentences, n_chunks = getattr(info, "n_sentences", 0), info.n_chunks
    if reused:
        print(
            f"{n} articles, {n_chunks} chunks, {n_sentences} sentences: reused from {tmp} (an ingest to bring it "
            f"up to date: {full:.1f} s, CPU {full_cpu:.1f} s, {texts} texts embedded)",
            flush=True,
        )
    else:
        print(
            f"{n} articles, {n_chunks} chunks, {n_sentences} sentences: full ingest {full:.1f} s of pipeline "
            f"(CPU {full_cpu:.1f} s; {n_chunks / full:.0f} chunks/s); {texts} texts embedded (sentences repeat "
            f"across these articles), which e5 takes {texts * per_text:.0f} s for; an archive of unique sentences "
            f"would embed {n_sentences + n_chunks} ({(n_sentences + n_chunks) * per_text:.0f} s): pipeline / e5 = "
            f"{full / (texts * per_text):.3f} here, {full / ((n_sentences + n_chunks) * per_text):.3f} then",
            flush=True,
        )
    quiet = []
    for _ in range(3):
        quiet.append((timed(ingest, settings)[1], CPU[0]))
    again = ingest(settings)
    print(
        f"  no-change ingest: median {statistics.median(q[0] for q in quiet):.2f} s "
        f"(CPU {statistics.median(q[1] for q in quiet):.2f} s), files opened {getattr(again, 'opened', '?')}",
        flush=True,
    )
    before = standin.texts
    report, one, cpu = one_article(settings, folder, sentences)
    print(
        f"  1-article ingest: {one:.2f} s of pipeline (CPU {cpu:.2f} s); {standin.texts - before} texts "
        f"embedded (e5: {(standin.texts - before) * per_text:.1f} s more); added {report.added}",
        flush=True,
    )
    print(
        f"  no-change `assistant ingest` in a new process (imports, e5 and Chroma's start included): "
        f"{cli_no_change(settings):.1f} s",
        flush=True,
    )
    report, one, cpu = one_article(settings, folder, sentences)
    print(
        f"  1-article ingest right after that other process opened the index: {one:.2f} s (CPU {cpu:.2f} s); "
        f"added {report.added}",
        flush=True,
    )
    latency = watch_latency(settings, folder, sentences)
    print(f"  watch: saved -> found by a search in {', '.join(f'{s:.2f}' for s in latency)} s")
    disk_chroma = du(store / "chroma")
    disk_db = du(store) - disk_chroma
    opened = open_in_child(settings)
    chunks = opened["chunks"]
    print(
        f"  in a new process: open {opened['open']:.2f} s, first search {opened['first']:.2f} s; RSS "
        f"{opened['rss0']:.0f} MB after imports, +{opened['rss1'] - opened['rss0']:.0f} MB open, "
        f"+{opened['rss2'] - opened['rss0']:.0f} MB after 60 searches "
        f"({(opened['rss2'] - opened['rss0']) * 2**20 / chunks:.0f} bytes/chunk)"
    )
    print(
        f"  disk: index (all but Chroma) {disk_db / chunks:.0f} B/chunk, Chroma {disk_chroma / chunks:.0f} B/chunk "
        f"({(disk_db + disk_chroma) / 2**20:.0f} MB in all)"
    )
    print(
        f"  search p50 {opened['p50']:.1f} ms, p95 {opened['p95']:.1f} ms (CPU median {opened['cpu']:.1f} ms; "
        "the stand-in's query vector, so the query embedding is not in these)",
        flush=True,
    )


def open_in_child(settings: Any) -> dict[str, float]:
    """Open the index and search it 60 times in a new process: times and resident memory."""
    import json
    import subprocess

    args = [sys.executable, __file__, "--child-open", str(settings.store_dir), str(settings.seeds_dir)]
    return dict(json.loads(subprocess.run(args, check=True, capture_output=True, text=True).stdout.splitlines()[-1]))


def child_open(store: str, seeds: str) -> None:
    import json

    settings = load_settings(store_dir=Path(store), seeds_dir=Path(seeds))
    standin = StandIn()
    rss0 = rss_mb()
    searcher, opened = timed(Searcher, settings, embedder=standin)
    rss1 = rss_mb()
    _, first = timed(searcher.search, QUESTIONS[0])
    times, cpu = [], []
    for i in range(60):
        times.append(timed(searcher.search, QUESTIONS[i % len(QUESTIONS)])[1] * 1000)
        cpu.append(CPU[0] * 1000)
    times.sort()
    out = {"open": opened, "first": first, "rss0": rss0, "rss1": rss1, "rss2": rss_mb(), "chunks": searcher.n_chunks}
    out |= {"p50": statistics.median(times), "p95": times[int(0.95 * len(times))], "cpu": statistics.median(cpu)}
    print(json.dumps(out))


def real_ingest(n: int, sentences: list[str], tmp: Path) -> None:
    """``n`` articles ingested with e5, against e5 alone on the same texts."""
    from assistant.embeddings import make_embedder

    folder = tmp / "real"
    write_articles(folder, n, sentences, random.Random(1), length=20, dated=True)
    e5 = make_embedder(load_settings().embed_model)
    e5.get_text_embedding("warm up")
    use(e5)
    settings = load_settings(store_dir=tmp / "store-real", seeds_dir=folder)
    report, seconds = timed(ingest, settings)
    recorder = StandIn()  # keeps every text: what the real ingest embedded
    use(recorder)
    ingest(load_settings(store_dir=tmp / "store-texts", seeds_dir=folder))
    texts = recorder.kept
    started = time.perf_counter()
    for i in range(0, len(texts), 32):
        e5.get_text_embedding_batch(texts[i : i + 32])
    raw = time.perf_counter() - started
    print(
        f"real ingest of {n} articles ({report.chunks_total} chunks, {len(texts)} texts): {seconds:.1f} s; "
        f"e5 alone on the same texts {raw:.1f} s; ratio {seconds / raw:.3f}",
        flush=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--real", type=int, default=0, help="also ingest this many articles with e5 itself")
    parser.add_argument("--topics", type=Path, default=TOPICS_TUNE)
    parser.add_argument("--keep", type=Path, help="build in (or reuse what is in) this folder, and keep it")
    parser.add_argument("--child-open", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_open:
        child_open(*args.child_open)
        return 0
    sentences = corpus_sentences(args.topics)
    print(f"{len(sentences)} sentences to recombine", flush=True)
    with contextlib.ExitStack() as stack:
        if args.keep:
            tmp = args.keep.resolve()
            tmp.mkdir(parents=True, exist_ok=True)
        else:
            tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMP"))))
        if args.real:
            real_ingest(args.real, sentences, tmp)
        for n in args.sizes:
            one_size(n, sentences, tmp)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
