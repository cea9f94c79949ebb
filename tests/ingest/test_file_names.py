"""A file name that is not valid UTF-8 (as a real archive may hold) neither crashes ingest nor blocks the index:
it is skipped with one line that shows the name escaped, and later ingests work."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from assistant.store import DIRTY
from tests.conftest import SEEDS


def ingest_cli(env: dict[str, str]) -> str:
    done = subprocess.run([sys.executable, "-m", "assistant", "ingest"], env=env, capture_output=True, timeout=600)
    out = (done.stdout + done.stderr).decode("utf-8")
    assert done.returncode == 0 and "Traceback" not in out, out
    return out


def test_a_file_name_that_is_not_utf8_is_skipped_with_one_escaped_line_and_the_index_stays_usable(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "000.txt").write_bytes((SEEDS / "000_f3b0780ee10127ff.txt").read_bytes())
    latin1_name = os.fsencode(folder) + b"/caf\xe9 berita.txt"  # "café" in Latin-1: not UTF-8
    with open(latin1_name, "wb") as fh:
        fh.write((SEEDS / "004_00032e31b8a57b46.txt").read_bytes())
    store = tmp_path / "store"
    env = {**os.environ, "ASSISTANT_STORE_DIR": str(store), "ASSISTANT_SEEDS_DIR": str(folder)}

    first = ingest_cli(env)
    skipped = [line for line in first.splitlines() if line.startswith("skipped")]
    assert len(skipped) == 1 and "caf\\xe9 berita.txt" in skipped[0] and "not valid UTF-8" in skipped[0], first
    assert "0 unchanged, 1 added" in first
    assert not (store / DIRTY).exists()

    second = ingest_cli(env)  # a later ingest works, and says the same once more
    assert "1 unchanged, 0 added" in second and "caf\\xe9 berita.txt" in second
    assert not (store / DIRTY).exists()
