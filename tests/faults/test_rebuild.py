"""`ingest --rebuild` starts over for real: unreadable Chroma files, and an index database that cannot be read,
are moved aside (and kept), and no article the index holds is lost, not even one ingested from outside the
declared folders whose file is gone; vectors the index holds for the same text are not embedded again."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from assistant.ingest.sync import ingest
from assistant.settings import load_settings
from tests.conftest import SEEDS
from tests.faults.conftest import results
from tests.faults.test_identity import article


def test_unreadable_chroma_files_are_moved_aside_and_kept(
    store_copy: Path, fresh_results: Any, cli: Callable[..., tuple[int, str]]
) -> None:
    garbage = os.urandom(4096)
    (store_copy / "chroma" / "chroma.sqlite3").write_bytes(garbage)
    env = {"store_dir": store_copy, "seeds_dir": SEEDS}
    code, out = cli("ingest", **env)
    assert code == 2 and out.count("\n") == 1 and "ingest --rebuild" in out and "moves them aside" in out, out
    code, out = cli("ingest", "--rebuild", **env)
    assert code == 0, out
    (aside,) = store_copy.glob("chroma.broken-*")
    assert f"moved them to {aside} (kept for inspection)" in out
    assert (aside / "chroma.sqlite3").read_bytes() == garbage
    assert results(load_settings(**env)) == fresh_results


def test_a_rebuild_keeps_articles_from_outside_the_declared_folders(store_copy: Path, tmp_path: Path) -> None:
    clips = tmp_path / "clips"
    article(clips, "hanoi.txt", "Hanoi")
    settings = load_settings(store_dir=store_copy, seeds_dir=SEEDS)
    ingest(settings, [clips])
    (clips / "hanoi.txt").unlink()  # gone since: the stored copy is what is left of it
    article(clips, "seoul.txt", "Seoul")
    ingest(settings, [clips / "seoul.txt"])
    report = ingest(settings, rebuild=True)
    assert report.files_total == 7 and report.removed == []
    assert report.chunks_embedded == 0 and report.chunks_reused == report.chunks_total


def test_an_unreadable_index_database_is_moved_aside_and_the_rebuild_starts_from_the_files(
    store_copy: Path, fresh_results: Any, cli: Callable[..., tuple[int, str]]
) -> None:
    garbage = os.urandom(8192)
    (store_copy / "index.sqlite3").write_bytes(garbage)
    env = {"store_dir": store_copy, "seeds_dir": SEEDS}
    code, out = cli("ingest", **env)
    assert code == 2 and out.count("\n") == 1 and "ingest --rebuild" in out, out
    code, out = cli("ingest", "--rebuild", **env)
    assert code == 0, out
    (aside,) = [p for p in store_copy.glob("index.sqlite3.broken-*") if not p.name.endswith(("-wal", "-shm"))]
    assert f"moved it to {aside} (kept for inspection)" in out and aside.read_bytes() == garbage
    assert results(load_settings(**env)) == fresh_results
