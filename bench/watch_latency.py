"""How soon `assistant watch` makes a newly copied article searchable (issue 11: within 5 s).

    python bench/watch_latency.py [--runs 5]

Watches a copy of the seeds with the default debounce, copies in one new article per run (a seed under
another name, so its text is new to search only by name: the vectors are reused, as for any copy), and
times from the copy to the moment a fresh search returns it.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.ingest.watch import Watcher  # noqa: E402
from assistant.retrieval import Searcher  # noqa: E402
from assistant.settings import load_settings  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        shutil.copytree(ROOT / "seeds", folder)
        settings = load_settings(store_dir=Path(tmp) / "store", seeds_dir=folder)
        watcher = Watcher(settings, on_line=lambda _line: None)
        threading.Thread(target=watcher.run, daemon=True).start()
        watcher.ready.wait()
        embedder = Searcher(settings).embedder
        times = []
        for run in range(args.runs):
            name = f"new_{run}.txt"
            body = f"Berita baru {run}\n\nSeekor zebra ungu nomor {run} menari di Pyongyang pada pagi hari.\n"
            started = time.perf_counter()
            (folder / name).write_text(body, encoding="utf-8")
            while True:
                try:
                    found = [p.file for p in Searcher(settings, embedder=embedder).search(f"zebra ungu nomor {run}")]
                except Exception:  # noqa: BLE001 - the index is being replaced: try again
                    found = []
                if name in found:
                    break
                time.sleep(0.05)
            times.append(time.perf_counter() - started)
            print(f"run {run}: searchable after {times[-1]:.2f} s")
        watcher.stop()
    print(f"median {statistics.median(times):.2f} s, max {max(times):.2f} s over {len(times)} runs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
