"""Time to first paint of `assistant chat`, and to the index being loaded behind it.

    python bench/tui_first_paint.py                  # 5 fresh processes, headless 100x32, median and each run
    python bench/tui_first_paint.py --runs 10 --store /tmp/tuistore

Each run spawns a new interpreter (so imports are cold for Python, warm for the OS file cache) that
runs the chat app headless. Reported from the moment the process is spawned:

- ``import``: ``import assistant.tui.app`` finished;
- ``first paint``: the app's ``Ready`` event (Textual posts it right after the first frame is drawn);
- ``index loaded``: the status bar shows the index size (LlamaIndex, Chroma and the embedder loaded in a worker).

Also prints the cumulative ``python -X importtime`` figure for ``assistant.tui.app``. Asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, sys, time
from pathlib import Path
marks = {}
from assistant.settings import load_settings
from assistant.tui.app import ChatApp
marks["import"] = time.time()

class Timed(ChatApp):
    def on_ready(self) -> None:
        marks["first_paint"] = time.time()
        self.set_interval(0.02, self._poll)

    def _poll(self) -> None:
        if self.status.index != "loading…":
            marks["index_loaded"] = time.time()
            marks["index"] = self.status.index
            self.exit()

settings = load_settings(store_dir=Path(sys.argv[1]), chat_db=Path(sys.argv[2]), backend="extractive")
Timed(settings).run(headless=True, size=(100, 32))
print(json.dumps(marks))
"""


def one_run(store: Path, chat_db: Path) -> dict[str, float | str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TEXTUAL_ANIMATIONS": "none"}
    spawned = time.time()
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(store), str(chat_db)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        cwd=ROOT,
    ).stdout
    marks = json.loads(out.strip().splitlines()[-1])
    result: dict[str, float | str] = {k: marks[k] - spawned for k in ("import", "first_paint", "index_loaded")}
    result["index"] = marks["index"]
    return result


def import_time() -> float:
    """Cumulative microseconds of ``import assistant.tui.app`` from ``python -X importtime``, in seconds."""
    err = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import assistant.tui.app"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=True,
    ).stderr
    for line in err.splitlines():
        m = re.match(r"import time:\s+\d+ \|\s+(\d+) \| assistant\.tui\.app$", line)
        if m:
            return int(m.group(1)) / 1e6
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--store", type=Path, default=ROOT / "store", help="an ingested index (default ./store)")
    args = parser.parse_args()
    heavy = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, assistant.tui.app; "
            "print(sorted(m for m in ('llama_index.core', 'chromadb', 'assistant.answering.engine', 'assistant.retrieval') "
            "if m in sys.modules))",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=True,
    ).stdout.strip()
    print(f"python -X importtime: import assistant.tui.app = {import_time() * 1000:.0f} ms (cumulative)")
    print(f"heavy modules imported by assistant.tui.app: {heavy}")
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.runs):
            r = one_run(args.store, Path(tmp) / f"chats-{i}.sqlite3")
            runs.append(r)
            ms = {k: float(r[k]) * 1000 for k in ("import", "first_paint", "index_loaded")}
            print(
                f"run {i + 1}: import {ms['import']:.0f} ms, first paint {ms['first_paint']:.0f} ms, "
                f"index loaded {ms['index_loaded']:.0f} ms ({r['index']})"
            )
    for key in ("import", "first_paint", "index_loaded"):
        values = [float(r[key]) for r in runs]
        print(f"median {key.replace('_', ' ')}: {statistics.median(values) * 1000:.0f} ms (from process spawn)")


if __name__ == "__main__":
    main()
