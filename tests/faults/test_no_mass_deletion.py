"""Nothing is removed by accident: a missing root is an error, an unreadable file or folder keeps what was
indexed from it, and removing more than half of the index needs --prune (or --yes)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import assistant.ingest.roots as roots
from assistant.ingest.sync import RemovalRefused, ingest
from assistant.settings import Settings, load_settings
from assistant.store import IndexStore
from tests.conftest import SEEDS, chroma_ids, committed
from tests.faults.test_identity import article
from tests.ingest.test_roots import deny_listing

AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


class Recorder:
    """Ingest progress that keeps the lines it is told."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def start(self, files: int) -> None:
        pass

    def file_done(self, name: str, status: str, chunks: int) -> None:
        self.lines.append(f"{status} {name}")

    def chunks_embedded(self, n: int) -> None:
        pass

    def message(self, text: str) -> None:
        self.lines.append(text)


def snapshot(settings: Settings) -> tuple[Any, dict[str, list[str]], set[str]]:
    """The index's commit stamp, its articles' chunks and the ids Chroma holds."""
    return IndexStore(settings).stamp(), committed(settings), chroma_ids(settings)


@pytest.fixture()
def folder_settings(tmp_path: Path) -> Settings:
    folder = tmp_path / "articles"
    for topic in ("Hanoi", "Seoul", "Yakutsk"):
        article(folder, f"{topic.lower()}.txt", topic)
    settings = load_settings(store_dir=tmp_path / "store", seeds_dir=folder)
    ingest(settings)
    return settings


def test_a_missing_root_exits_2_with_one_line_and_removes_nothing(
    store_copy: Path, tmp_path: Path, cli: Callable[..., tuple[int, str]]
) -> None:
    settings = load_settings(store_dir=store_copy, seeds_dir=SEEDS)
    before = snapshot(settings)
    code, out = cli("ingest", str(tmp_path / "seedz"), store_dir=store_copy, seeds_dir=SEEDS)
    assert code == 2 and out.strip().count("\n") == 0 and "seedz does not exist" in out, out
    code, out = cli("ingest", store_dir=store_copy, seeds_dir=tmp_path / "seedz")  # a typo in the setting
    assert code == 2 and out.strip().count("\n") == 0 and "nothing was changed" in out, out
    assert snapshot(settings) == before


def test_an_unmounted_folder_is_an_error_and_its_articles_stay_until_pruned(store_copy: Path, tmp_path: Path) -> None:
    clips = tmp_path / "clips"
    article(clips, "hanoi.txt", "Hanoi")
    article(clips, "seoul.txt", "Seoul")
    settings = load_settings(store_dir=store_copy, seeds_dir=SEEDS)
    ingest(settings, [clips])
    for path in clips.iterdir():
        path.unlink()
    clips.rmdir()  # as if its disk were not mounted
    before = snapshot(settings)
    with pytest.raises(roots.RootError):
        ingest(settings, [clips])
    progress = Recorder()
    report = ingest(settings, progress=progress)  # the seeds only: the clips are outside it
    assert report.removed == [] and report.files_total == 7 and snapshot(settings) == before
    assert any("kept 2 indexed articles whose files are gone" in line and "--prune" in line for line in progress.lines)
    pruned = ingest(settings, prune=True)
    assert len(pruned.removed) == 2 and pruned.files_total == 5


def _unreadable(path: Path, mechanism: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make reading ``path`` fail with EACCES: chmod 000, or (as root, where chmod does not stop reads) the reader."""
    if mechanism == "chmod":
        if AS_ROOT:
            pytest.skip("chmod 000 does not stop root from reading: the patched mechanism covers this")
        path.chmod(0)
        return
    stat = path.stat()  # as a chmod would, make the file look changed, so that ingest reads it again
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)


@pytest.mark.parametrize("mechanism", ["chmod", "patched"])
def test_an_unreadable_file_keeps_its_chunks_and_is_reported(
    folder_settings: Settings, mechanism: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = folder_settings.seeds_dir
    before = snapshot(folder_settings)
    _unreadable(folder / "hanoi.txt", mechanism, monkeypatch)
    progress = Recorder()
    report = ingest(folder_settings, progress=progress)
    assert report.kept == ["hanoi.txt"] and report.removed == [] and report.files_total == 3
    assert any(line.startswith("kept hanoi.txt as indexed") and "Permission denied" in line for line in progress.lines)
    assert "1 unreadable (kept)" in report.summary()
    assert snapshot(folder_settings) == before

    monkeypatch.undo()
    (folder / "hanoi.txt").chmod(0o644)
    again = ingest(folder_settings)
    assert len(again.unchanged) == 3 and again.chunks_embedded == 0 and not again.kept


def test_an_unreadable_subfolder_keeps_what_was_indexed_from_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "articles"
    article(folder, "a.txt", "Hanoi")
    article(folder / "2024", "b.txt", "Seoul")
    settings = load_settings(store_dir=tmp_path / "store", seeds_dir=folder)
    ingest(settings)
    locked = folder.resolve() / "2024"
    deny_listing(monkeypatch, locked)
    progress = Recorder()
    report = ingest(settings, progress=progress)
    assert report.removed == [] and report.files_total == 2
    assert any(line.startswith(f"skipped {locked}: unreadable folder") for line in progress.lines)


def test_removing_more_than_half_needs_prune_or_yes(
    folder_settings: Settings, cli: Callable[..., tuple[int, str]]
) -> None:
    folder = folder_settings.seeds_dir
    (folder / "hanoi.txt").unlink()
    (folder / "seoul.txt").unlink()
    before = snapshot(folder_settings)
    env = {"store_dir": folder_settings.store_dir, "seeds_dir": folder}
    code, out = cli("ingest", **env)
    assert code == 2 and out.strip().count("\n") == 0, out
    assert "remove 2 of the 3 indexed articles" in out and "--prune" in out
    assert snapshot(folder_settings) == before

    asked: list[str] = []
    with pytest.raises(RemovalRefused):
        ingest(folder_settings, confirm=lambda question: asked.append(question) or False)
    assert asked and snapshot(folder_settings) == before
    code, out = cli("ingest", "--yes", **env)
    assert code == 0 and "1 unchanged, 0 added, 0 updated, 2 removed" in out, out


def test_prune_removes_even_the_whole_index(folder_settings: Settings, cli: Callable[..., tuple[int, str]]) -> None:
    for path in folder_settings.seeds_dir.iterdir():
        path.unlink()
    env = {"store_dir": folder_settings.store_dir, "seeds_dir": folder_settings.seeds_dir}
    assert cli("ingest", **env)[0] == 2
    code, out = cli("ingest", "--prune", **env)
    assert code == 0 and "3 removed" in out and "(0 articles, 0 chunks in the index)" in out, out
