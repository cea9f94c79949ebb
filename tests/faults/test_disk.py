"""Disk faults are said as what they are (a full disk, a read-only or unwritable store), in one line, never
with advice to rebuild; a full disk during ingest leaves the committed index usable. Real faults where this
process may mount (a small tmpfs, a read-only bind mount), patched ones where it may not."""

from __future__ import annotations

import errno
import json
import os
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import assistant.disk
from assistant.batch import BatchItem, run_batch
from assistant.conversations import ConversationError, ConversationStore
from assistant.disk import LOW_SPACE, DiskError
from assistant.ingest.doctor import diagnose
from assistant.settings import load_settings
from assistant.store import IndexStore
from assistant.store.chroma import release
from tests.conftest import SEEDS
from tests.faults.conftest import results
from tests.faults.disks import AS_ROOT, can_mount, read_only_view, resize, tmpfs, tree_size

pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")


def one_line(out: str) -> str:
    lines = out.strip().splitlines()
    assert len(lines) == 1, out
    assert "--rebuild" not in lines[0] and "Traceback" not in out, out
    return lines[0]


def needs(mechanism: str) -> None:
    if mechanism in ("mount", "tmpfs") and not can_mount():
        pytest.skip("this process may not mount: the other mechanism covers this")
    if mechanism == "chmod" and AS_ROOT:
        pytest.skip("chmod does not stop root from writing: the mount mechanism covers this")


def make_read_only(folder: Path) -> None:
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o555 if path.is_dir() else 0o444)


def make_writable(folder: Path) -> None:
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)


# --- a read-only store --------------------------------------------------------------------------------


@pytest.mark.parametrize("mechanism", ["mount", "chmod"])
def test_a_read_only_store_is_named_and_nothing_crashes_on_the_lock(
    mechanism: str, seeds_store: Path, tmp_path: Path, cli: Callable[..., tuple[int, str]]
) -> None:
    needs(mechanism)
    copy = tmp_path / "store"
    shutil.copytree(seeds_store, copy)
    files = {p: p.read_bytes() for p in copy.rglob("*") if p.is_file()}
    if mechanism == "mount":
        with read_only_view(copy, tmp_path / "ro") as store:
            outcomes = _every_command(cli, store)
    else:
        make_read_only(copy)
        try:
            outcomes = _every_command(cli, copy)
        finally:
            make_writable(copy)
            release(copy / "chroma")
    for command, (code, out) in outcomes.items():
        line = one_line(out)
        assert code == (1 if command == "doctor" else 2), (command, out)
        assert "read-only file system" in line or "no permission to write" in line, (command, line)
        assert "Chroma writes to its files even to search" in line or command == "ingest", (command, line)
    assert "ingest lock" in outcomes["ingest"][1]
    assert {p: p.read_bytes() for p in copy.rglob("*") if p.is_file()} == files  # nothing was changed


def _every_command(cli: Callable[..., tuple[int, str]], store: Path) -> dict[str, tuple[int, str]]:
    env = {"store_dir": store, "seeds_dir": SEEDS, "backend": "extractive"}
    return {
        "search": cli("search", "Putin", **env),
        "ask": cli("ask", "Siapa ajudan Putin?", **env),
        "ingest": cli("ingest", **env),
        "doctor": cli("doctor", **env),
    }


# --- a full disk during ingest ------------------------------------------------------------------------


def more_articles(folder: Path, n: int) -> Path:
    """``n`` new articles: the seeds, each with a sentence of its own (about 130 KB of index each)."""
    folder.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    for i in range(n):
        text = seeds[i % len(seeds)].read_text(encoding="utf-8")
        (folder / f"extra-{i:02d}.txt").write_text(f"{text}\n\nCatatan redaksi nomor {i} untuk arsip.\n", "utf-8")
    return folder


@pytest.mark.parametrize("mechanism", ["tmpfs", "patched"])
def test_a_full_disk_stops_ingest_in_one_line_and_the_committed_index_stays_usable(
    mechanism: str,
    seeds_store: Path,
    fresh_results: Any,
    tmp_path: Path,
    cli: Callable[..., tuple[int, str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    needs(mechanism)
    extra = more_articles(tmp_path / "extra", 8 if mechanism == "tmpfs" else 2)
    if mechanism == "tmpfs":  # room for the seeds index, the headroom kept free, and about 4 more articles
        with tmpfs(tmp_path / "disk", tree_size(seeds_store) + LOW_SPACE + (512 << 10)) as store:
            shutil.copytree(seeds_store, store, dirs_exist_ok=True)
            _fill_then_free(store, extra, fresh_results, cli, lambda: resize(store, 256 << 20))
    else:
        store = tmp_path / "store"
        shutil.copytree(seeds_store, store)
        monkeypatch.setattr(assistant.disk, "free_bytes", lambda _path: LOW_SPACE + (1 << 16))
        _fill_then_free(store, extra, fresh_results, cli, monkeypatch.undo)
        release(store / "chroma")


def _fill_then_free(
    store: Path, extra: Path, fresh_results: Any, cli: Callable[..., tuple[int, str]], free: Callable[[], None]
) -> None:
    env = {"store_dir": store, "seeds_dir": SEEDS}
    committed = IndexStore(load_settings(**env)).open_info().generation
    code, out = cli("ingest", str(SEEDS), str(extra), **env)
    line = out.strip().splitlines()[-1]
    assert code == 2 and line.startswith("error: no space left on the disk of the index"), out
    assert str(store) in line and "free space, then run `assistant ingest` again" in line and "--rebuild" not in out
    assert IndexStore(load_settings(**env)).open_info().generation == committed  # nothing committed
    settings = load_settings(**env)
    assert results(settings) == fresh_results  # search (and so ask) still answer from the committed index
    problems, _ = diagnose(settings)
    assert problems and not any("--rebuild" in p for p in problems), problems  # doctor works, names no damage
    free()
    code, out = cli("ingest", str(SEEDS), str(extra), **env)
    assert code == 0, out
    assert diagnose(settings)[1] is not None  # ok


# --- batch output on a full or read-only disk -----------------------------------------------------------


class BigAnswers:
    """An engine whose answers are big lines (about 8 KB each), so that a small disk fills in a few."""

    def answer(self, question: str, **_: Any) -> Any:
        return _Answer({"question": question, "answer": question + " " + "x" * 8000, "refused": False})


class _Answer:
    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    def to_json(self) -> dict[str, Any]:
        return self.data


ITEMS = [BatchItem(id=f"q{i:02d}", question=f"pertanyaan {i}", line=i + 1) for i in range(24)]


def complete_lines(path: Path) -> list[str]:
    data = path.read_bytes()
    assert data == b"" or data.endswith(b"\n"), "the last line is torn"
    return [json.loads(line)["id"] for line in data.decode("utf-8").splitlines()]


@pytest.mark.parametrize("mechanism", ["tmpfs", "patched"])
def test_batch_on_a_full_disk_ends_in_one_line_without_a_torn_line_and_resumes(
    mechanism: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    needs(mechanism)
    if mechanism == "tmpfs":
        with tmpfs(tmp_path / "disk", 64 << 10) as disk:
            _fill_batch_then_resume(disk / "answers.jsonl", lambda: resize(disk, 4 << 20))
    else:
        real = os.write
        budget = {"left": 60_000}

        def write(fd: int, data: Any) -> int:  # the disk takes 60 KB, then half of one more line, then nothing
            if budget["left"] <= 0:
                raise OSError(errno.ENOSPC, "No space left on device")
            part = bytes(data)[: max(1, min(len(data), budget["left"]))]
            budget["left"] -= len(data) if len(part) == len(data) else budget["left"]
            return real(fd, part)

        monkeypatch.setattr(os, "write", write)
        _fill_batch_then_resume(tmp_path / "answers.jsonl", monkeypatch.undo)


def _fill_batch_then_resume(out: Path, free: Callable[[], None]) -> None:
    with pytest.raises(DiskError) as err:
        run_batch(BigAnswers(), ITEMS, out, {"backend": "test"}, concurrency=2)
    assert str(err.value).startswith("no space left on the disk of the answers file") and "--resume" in str(err.value)
    assert "\n" not in str(err.value)
    written = complete_lines(out)
    assert 0 < len(written) < len(ITEMS) and written == [item.key for item in ITEMS[: len(written)]]
    free()
    summary = run_batch(BigAnswers(), ITEMS, out, {"backend": "test"}, resume=True, concurrency=2)
    assert summary.skipped == len(written) and not summary.interrupted
    assert complete_lines(out) == [item.key for item in ITEMS]


@pytest.mark.parametrize("mechanism", ["mount", "chmod"])
def test_batch_to_a_read_only_folder_is_one_line(mechanism: str, tmp_path: Path) -> None:
    needs(mechanism)
    folder = tmp_path / "out"
    folder.mkdir()
    if mechanism == "mount":
        with read_only_view(folder, tmp_path / "ro") as ro, pytest.raises(DiskError) as err:
            run_batch(BigAnswers(), ITEMS, ro / "answers.jsonl", {"backend": "test"})
        assert "read-only file system" in str(err.value)
    else:
        make_read_only(folder)
        try:
            with pytest.raises(DiskError) as err:
                run_batch(BigAnswers(), ITEMS, folder / "answers.jsonl", {"backend": "test"})
        finally:
            make_writable(folder)
        assert "no permission to write" in str(err.value)
    assert "\n" not in str(err.value) and "-o PATH" in str(err.value)


# --- the chat database ----------------------------------------------------------------------------------


@pytest.mark.parametrize("mechanism", ["tmpfs", "patched"])
def test_the_chat_database_on_a_full_disk_says_so(
    mechanism: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    needs(mechanism)
    if mechanism == "tmpfs":
        with tmpfs(tmp_path / "disk", 256 << 10) as disk:
            store = ConversationStore(disk / "chats.sqlite3")
            cid = store.create()
            (disk / "filler").write_bytes(b"\0" * (disk_free(disk) - 4096))
            with pytest.raises(ConversationError) as err:
                for i in range(200):
                    store.add_question(cid, f"pertanyaan {i} " + "x" * 2000)
    else:
        store = ConversationStore(tmp_path / "chats.sqlite3")
        cid = store.create()

        def full(*_args: Any, **_kwargs: Any) -> Any:
            raise sqlite3.OperationalError("database or disk is full")

        monkeypatch.setattr(store, "_connect", full)
        with pytest.raises(ConversationError) as err:
            store.add_question(cid, "pertanyaan")
    assert str(err.value).startswith("no space left on the disk of the conversation database"), err.value


def disk_free(path: Path) -> int:
    stat = os.statvfs(path)
    return stat.f_bavail * stat.f_frsize
