"""`assistant watch`: additions, edits, renames and deletions reach search; a reader never sees a half-synced index."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from assistant.ingest.sync import ingest
from assistant.ingest.watch import Watcher, watched
from assistant.retrieval import Searcher
from assistant.session import ChatSession
from assistant.settings import Settings, load_settings
from assistant.store import IndexStore
from tests.conftest import committed, committed_ids

from .test_sync import write_article

WAIT = 90.0
"""Bound on every wait (a sync embeds a few chunks: seconds; the bound only stops a hung test)."""


def wait_for(condition: Callable[[], bool], what: str, timeout: float = WAIT) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(0.05)


@pytest.fixture()
def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    write_article(folder, "000.txt", "Vietnam")
    write_article(folder, "001.txt", "Yakutsk")
    write_article(folder, "002.txt", "Seoul")
    return folder


@pytest.fixture()
def settings(tmp_path: Path, articles: Path) -> Settings:
    return load_settings(store_dir=tmp_path / "store", seeds_dir=articles, chunk_size=40, chunk_overlap=0)


@pytest.fixture()
def watching(settings: Settings) -> Iterator[tuple[Watcher, list[str]]]:
    lines: list[str] = []
    watcher = Watcher(settings, on_line=lines.append, debounce_ms=100)
    thread = threading.Thread(target=watcher.run, daemon=True)
    thread.start()
    wait_for(watcher.ready.is_set, "the first sync")
    yield watcher, lines
    watcher.stop()
    thread.join(timeout=WAIT)
    assert not thread.is_alive()


def files_for(settings: Settings, query: str) -> list[str]:
    return [p.file for p in Searcher(settings).search(query, k=5)]


def test_the_first_sync_indexes_the_folder(watching: tuple[Watcher, list[str]], settings: Settings) -> None:
    _, lines = watching
    assert {"added 000.txt", "added 001.txt", "added 002.txt"} <= {line.split(" (")[0] for line in lines}
    assert lines[-1] == f"index: 3 articles, {IndexStore(settings).open_info().n_chunks} chunks"


def test_additions_edits_renames_and_deletions_reach_search(
    watching: tuple[Watcher, list[str]], settings: Settings, articles: Path
) -> None:
    _, lines = watching

    def after(change: Callable[[], object], line: str) -> None:
        start = len(lines)
        change()
        wait_for(lambda: any(x.startswith(line) for x in lines[start:]), repr(line))

    after(lambda: write_article(articles, "new.txt", "Khabarovsk"), "added new.txt")
    assert files_for(settings, "kunjungan ke Khabarovsk")[0] == "new.txt"

    edited = articles / "new.txt"
    after(
        lambda: edited.write_text("Zebra ungu menari di alun-alun Khabarovsk.\n", encoding="utf-8"), "updated new.txt"
    )
    assert files_for(settings, "zebra ungu menari")[0] == "new.txt"

    after(lambda: edited.rename(articles / "moved.txt"), "renamed new.txt → moved.txt")
    found = files_for(settings, "zebra ungu menari")
    assert found[0] == "moved.txt" and "new.txt" not in found

    after(lambda: (articles / "moved.txt").unlink(), "removed moved.txt")
    assert "moved.txt" not in files_for(settings, "zebra ungu menari")
    assert set(committed(settings)) == {"000.txt", "001.txt", "002.txt"}


def test_files_that_cannot_be_articles_are_not_watched() -> None:
    assert watched("/a/b/new.txt") and watched("/a/page.html") and watched("/a/x.meta.toml") and watched("/a/sub")
    assert not watched("/a/.new.txt.swp") and not watched("/a/new.txt~") and not watched("/a/photo.jpg")


def test_a_failed_sync_says_why_in_one_line_and_is_retried(
    watching: tuple[Watcher, list[str]], settings: Settings, articles: Path
) -> None:
    """Deleting most of the folder is refused (no mass deletion), not applied; restoring it settles again."""
    _, lines = watching
    start = len(lines)
    saved = {p.name: p.read_bytes() for p in articles.glob("00[12].txt")}
    for name in saved:
        (articles / name).unlink()
    wait_for(lambda: any(x.startswith("not synced: ") for x in lines[start:]), "the refusal")
    refusal = next(x for x in lines[start:] if x.startswith("not synced: "))
    assert "--prune" in refusal and "\n" not in refusal
    assert len(committed(settings)) == 3  # nothing was removed
    for name, data in saved.items():
        (articles / name).write_bytes(data)
    start = len(lines)
    wait_for(lambda: any(x.startswith("index: 3 articles") for x in lines[start:]), "the retried sync")


def test_a_question_during_a_sync_is_answered_from_one_committed_index(
    settings: Settings, articles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While a sync has embedded new chunks but not committed them, search sees only the old index; after the
    commit, an open session answers from the new one."""
    ingest(settings)
    session = ChatSession(settings.model_copy(update={"backend": "extractive"}))
    old = session.engine().searcher
    old_ids = committed_ids(settings)
    write_article(articles, "003.txt", "Khabarovsk")
    (articles / "000.txt").write_text("Zebra ungu menari di Khabarovsk.\n", encoding="utf-8")

    embedded, release = threading.Event(), threading.Event()

    class Pausing:
        def start(self, files: int) -> None: ...
        def chunks_embedded(self, n: int) -> None: ...
        def message(self, text: str) -> None: ...

        def file_done(self, name: str, status: str, chunks: int) -> None:
            if name == "003.txt":
                embedded.set()
                assert release.wait(WAIT)

    syncing = threading.Thread(target=ingest, args=(settings,), kwargs={"progress": Pausing()})
    syncing.start()
    try:
        assert embedded.wait(WAIT)
        during = session.engine().searcher.search("kunjungan ke Khabarovsk zebra ungu", k=5)
        assert session.engine().searcher is old
        assert {p.file for p in during} <= {"000.txt", "001.txt", "002.txt"}
        assert all(p.chunk_id in old_ids for p in during)
    finally:
        release.set()
        syncing.join(WAIT)
    after = session.engine().searcher
    assert after is not old and {"003.txt"} <= {p.file for p in after.search("kunjungan ke Khabarovsk", k=5)}
    assert session.index_size() == (4, IndexStore(settings).open_info().n_chunks)


def test_cli_watch_prints_a_line_when_an_article_is_copied_in(tmp_path: Path, articles: Path) -> None:
    env = {**os.environ, "ASSISTANT_STORE_DIR": str(tmp_path / "store"), "ASSISTANT_SEEDS_DIR": str(articles)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant", "watch", "--debounce", "100"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: list[str] = []

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line)

    threading.Thread(target=read, daemon=True).start()
    try:
        wait_for(lambda: any(x.startswith("index: 3 articles") for x in lines), "the first sync")
        shutil.copy2(articles / "001.txt", tmp_path / "copy.txt")
        shutil.move(tmp_path / "copy.txt", articles / "copied.txt")
        wait_for(lambda: any(x.startswith("index: 4 articles") for x in lines), "the copied article")
        assert any(x.startswith("added copied.txt") for x in lines)
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(WAIT)
    assert proc.returncode == 0


def test_cli_watch_of_a_missing_folder_exits_2_in_one_line(tmp_path: Path) -> None:
    env = {**os.environ, "ASSISTANT_STORE_DIR": str(tmp_path / "store")}
    done = subprocess.run(
        [sys.executable, "-m", "assistant", "watch", str(tmp_path / "nope")],
        env=env,
        capture_output=True,
        text=True,
        timeout=WAIT,
    )
    assert done.returncode == 2 and done.stdout == ""
    errors = [line for line in done.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and "nope" in errors[0]
