"""Ingest in proportion to the change, counted (not timed): a run with nothing changed opens no article file
and writes nothing; a run after one article changed opens, parses and writes that article only, and the
same whether the archive holds 4 articles or 24."""

from __future__ import annotations

import builtins
import io
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from assistant.ingest.chunking import ArticleChunker
from assistant.ingest.sync import ingest
from assistant.settings import Settings, load_settings
from assistant.store import IndexStore
from assistant.store.writer import IndexWriter

TOPICS = ["Hanoi", "Seoul", "Yakutsk", "Vladivostok", "Pyongyang", "Moskow"]


def write(folder: Path, i: int, extra: str = "") -> Path:
    topic = TOPICS[i % len(TOPICS)]
    path = folder / f"{i:03d}.txt"
    path.write_text(
        f"Kabar {i} dari {topic}\n\nWarga {topic} menyambut rombongan ke-{i} pada pagi hari. "
        f"Pertemuan di {topic} membahas kerja sama ekonomi.{extra}\n\nPelabuhan baru {topic} dibuka tahun depan.\n",
        encoding="utf-8",
    )
    return path


@dataclass
class Counts:
    opened: list[str] = field(default_factory=list)
    """Article files opened (any way of opening them)."""
    parsed: list[str] = field(default_factory=list)
    """Articles chunked."""
    written: list[str] = field(default_factory=list)
    """Articles whose rows were written."""
    changes: int = 0
    """Rows the database says were inserted, updated or deleted."""

    def reset(self) -> None:
        self.opened, self.parsed, self.written, self.changes = [], [], [], 0


@pytest.fixture()
def counting(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Counts]:
    counts = Counts()
    folder = str(tmp_path)

    def watch_open(real: Any) -> Any:
        def opening(file: Any, *args: Any, **kwargs: Any) -> Any:
            name = os.fspath(file) if isinstance(file, str | os.PathLike) else ""
            if name.startswith(folder) and name.endswith(".txt"):
                counts.opened.append(name)
            return real(file, *args, **kwargs)

        return opening

    monkeypatch.setattr(builtins, "open", watch_open(builtins.open))
    monkeypatch.setattr(io, "open", watch_open(io.open))  # what pathlib opens files with
    real_chunks = ArticleChunker.chunks
    monkeypatch.setattr(
        ArticleChunker, "chunks", lambda self, doc: (counts.parsed.append(doc.id_), real_chunks(self, doc))[1]
    )
    real_put = IndexWriter.put_article
    monkeypatch.setattr(
        IndexWriter,
        "put_article",
        lambda self, r, *a, **k: (counts.written.append(r.id), real_put(self, r, *a, **k))[1],
    )
    real_close = IndexWriter.close

    def close(self: IndexWriter) -> None:
        counts.changes += self.con.total_changes
        real_close(self)

    monkeypatch.setattr(IndexWriter, "close", close)
    yield counts


def _archive(tmp_path: Path, n: int) -> Settings:
    folder = tmp_path / "articles"
    folder.mkdir(parents=True)
    for i in range(n):
        write(folder, i)
    settings = load_settings(store_dir=tmp_path / "store", seeds_dir=folder)
    ingest(settings)
    return settings


def _one_change(tmp_path: Path, n: int, counts: Counts) -> tuple[Counts, Counts]:
    """What a run with nothing changed and a run after article 002 changed did, on an archive of ``n``."""
    settings = _archive(tmp_path, n)
    before = IndexStore(settings).stamp()
    counts.reset()
    report = ingest(settings)
    assert report.opened == 0 and len(report.unchanged) == n
    assert IndexStore(settings).stamp() == before  # nothing was committed
    quiet = Counts(list(counts.opened), list(counts.parsed), list(counts.written), counts.changes)

    write(settings.seeds_dir, 2, extra=" Sebuah kalimat baru ditambahkan.")
    counts.reset()
    report = ingest(settings)
    assert report.updated == ["002.txt"] and len(report.unchanged) == n - 1 and report.opened == 1
    return quiet, counts


def test_no_change_opens_nothing_and_one_change_reads_parses_and_writes_only_that_article(
    tmp_path: Path, counting: Counts
) -> None:
    quiet, changed = _one_change(tmp_path / "small", 4, counting)
    assert quiet == Counts()  # nothing opened, parsed or written
    assert changed.opened == [str(tmp_path / "small" / "articles" / "002.txt")]
    assert changed.parsed == ["002.txt"] and changed.written == ["002.txt"]
    small = changed.changes

    quiet, changed = _one_change(tmp_path / "large", 24, counting)
    assert quiet == Counts()
    assert changed.opened == [str(tmp_path / "large" / "articles" / "002.txt")]
    assert changed.parsed == ["002.txt"] and changed.written == ["002.txt"]
    assert changed.changes == small > 0  # the same rows written, whatever the size of the archive


def test_a_touched_file_is_read_once_then_skipped_again(tmp_path: Path, counting: Counts) -> None:
    settings = _archive(tmp_path, 3)
    path = settings.seeds_dir / "001.txt"
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000))  # same text, new time
    counting.reset()
    report = ingest(settings)
    assert report.opened == 1 and len(report.unchanged) == 3 and report.chunks_embedded == 0
    assert counting.written == [] and counting.parsed == []  # the hash says unchanged: nothing rewritten
    assert ingest(settings).opened == 0


def test_an_unchanged_file_that_cannot_be_read_is_not_opened_and_stays_indexed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = _archive(tmp_path, 3)
    real = Path.read_bytes
    monkeypatch.setattr(
        Path, "read_bytes", lambda self: pytest.fail(f"opened {self}") if self.suffix == ".txt" else real(self)
    )
    report = ingest(settings)
    assert report.opened == 0 and len(report.unchanged) == 3 and report.files_total == 3


def test_a_scan_resolves_the_paths_named_and_links_not_every_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Resolving a path costs a system call per folder of it: done for every file, it made a run with nothing
    changed grow with the archive. Only named paths and files found through a link are resolved."""
    resolved: list[str] = []
    real = os.path.realpath

    def realpath(path: Any, *args: Any, **kwargs: Any) -> Any:
        resolved.append(os.fspath(path))
        return real(path, *args, **kwargs)

    calls = []
    for n in (4, 24):
        settings = _archive(tmp_path / str(n), n)
        (settings.seeds_dir / "link.txt").symlink_to(settings.seeds_dir / "001.txt")
        ingest(settings)
        monkeypatch.setattr(os.path, "realpath", realpath)
        resolved.clear()
        report = ingest(settings)
        monkeypatch.setattr(os.path, "realpath", real)
        assert report.opened == 0 and len(report.unchanged) == n
        assert [p for p in resolved if p.endswith("link.txt")] == [str(settings.seeds_dir / "link.txt")]
        calls.append(len(resolved))
    assert calls[0] == calls[1]
