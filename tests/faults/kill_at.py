"""``python -m tests.faults.kill_at STEP``: run `assistant ingest`, and end the process abruptly (os._exit, no
cleanup, as a kill would) at one step of the commit. The settings come from ASSISTANT_* variables."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any

KILLED = 137


def _after(module: Any, name: str) -> None:
    real: Callable[..., Any] = getattr(module, name)

    def then_die(*args: Any, **kwargs: Any) -> Any:
        real(*args, **kwargs)
        os._exit(KILLED)

    setattr(module, name, then_die)


def _instead(module: Any, name: str, when: Callable[..., bool] = lambda *a, **k: True) -> None:
    real: Callable[..., Any] = getattr(module, name)

    def die(*args: Any, **kwargs: Any) -> Any:
        if when(*args, **kwargs):
            os._exit(KILLED)
        return real(*args, **kwargs)

    setattr(module, name, die)


def main(step: str) -> int:
    import assistant.ingest.commit as commit
    import assistant.ingest.sync as sync
    from assistant.cli import main as cli
    from assistant.store import IndexStore

    if step == "bm25-written":  # the new BM25 folder is in place; document store and manifest are the old ones
        _after(commit, "write_bm25")
    elif step == "docstore-replaced":  # the document store is the new one; the manifest is not
        _instead(IndexStore, "write_manifest")
    elif step == "manifest-half-written":  # the new manifest is written to its temporary file, not renamed
        _instead(os, "replace", lambda src, dst, *a, **k: str(dst).endswith("index.json"))
    elif step == "committed":  # the manifest is committed; nothing is cleaned up
        _instead(sync, "cleanup")
    else:
        raise SystemExit(f"unknown step {step}")
    cli(["ingest"])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
