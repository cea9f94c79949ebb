"""`ingest --rebuild` starts over for real: unreadable Chroma files are moved aside (and kept), and no
article is lost, not even one ingested from outside the declared folders, nor when the manifest is gone."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

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


@pytest.mark.parametrize("manifest", ["readable", "deleted"])
def test_a_rebuild_keeps_articles_from_outside_the_declared_folders(
    store_copy: Path, tmp_path: Path, manifest: str
) -> None:
    clips = tmp_path / "clips"
    article(clips, "hanoi.txt", "Hanoi")
    settings = load_settings(store_dir=store_copy, seeds_dir=SEEDS)
    ingest(settings, [clips])
    (clips / "hanoi.txt").unlink()  # gone since: the stored copy is what is left of it
    article(clips, "seoul.txt", "Seoul")
    ingest(settings, [clips / "seoul.txt"])
    if manifest == "deleted":
        (store_copy / "index.json").unlink()  # the document store still knows every article
    report = ingest(settings, rebuild=True)
    assert report.files_total == 7 and report.removed == []
    assert report.chunks_embedded == report.chunks_total
