"""An ingest killed at each step of its commit leaves a usable index (the previous one, or the new one once
the transaction is committed), doctor names what it left, and the next ingest completes without embedding
again. (A kill while chunks are being embedded: tests/ingest/test_sync.py.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from assistant.ingest.doctor import diagnose
from assistant.ingest.sync import ingest
from assistant.settings import Settings, load_settings
from assistant.store import IndexStore
from tests.conftest import REPO, SEEDS, chroma_ids, committed_ids
from tests.faults.conftest import one_actionable_line, results
from tests.faults.kill_at import KILLED
from tests.faults.test_identity import article


def _settings(store: Path, wires: Path) -> Settings:
    return load_settings(store_dir=store, seeds_dir=SEEDS, article_roots=[wires])


@pytest.fixture(scope="module")
def grown_results(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """Search results of a freshly built index of the seeds plus one new article."""
    base = tmp_path_factory.mktemp("grown")
    article(base / "wires", "hanoi.txt", "Hanoi")
    settings = _settings(base / "store", base / "wires")
    ingest(settings)
    return results(settings)


@pytest.mark.parametrize("step", ["embedded", "upserted", "in-transaction", "committed"])
def test_a_kill_at_each_commit_step(
    step: str, store_copy: Path, tmp_path: Path, fresh_results: Any, grown_results: Any
) -> None:
    wires = tmp_path / "wires"
    article(wires, "hanoi.txt", "Hanoi")
    settings = _settings(store_copy, wires)
    before = IndexStore(settings).stamp()
    env = {
        **os.environ,
        "ASSISTANT_STORE_DIR": str(store_copy),
        "ASSISTANT_SEEDS_DIR": str(SEEDS),
        "ASSISTANT_ARTICLE_ROOTS": json.dumps([str(wires)]),
    }
    proc = subprocess.run(
        [sys.executable, "-m", "tests.faults.kill_at", step],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == KILLED, proc.stdout + proc.stderr

    committed = step == "committed"
    assert (IndexStore(settings).stamp() == before) is not committed
    assert results(settings) == (grown_results if committed else fresh_results)  # usable as it is
    problems, ok = diagnose(settings)
    assert ok is None and all(one_actionable_line(line) for line in problems), problems
    assert any("interrupted ingest" in line for line in problems), problems

    report = ingest(settings)
    assert report.chunks_embedded == 0  # the killed run's vectors are reused, not embedded again
    assert results(settings) == grown_results
    assert diagnose(settings)[1] is not None
    assert chroma_ids(settings) == committed_ids(settings)
