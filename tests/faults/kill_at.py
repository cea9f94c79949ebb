"""``python -m tests.faults.kill_at STEP``: run `assistant ingest`, and end the process abruptly (os._exit, no
cleanup, as a kill would) at one step of a commit. The settings come from ASSISTANT_* variables."""

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


def _instead(module: Any, name: str) -> None:
    def die(*args: Any, **kwargs: Any) -> Any:
        os._exit(KILLED)

    setattr(module, name, die)


def main(step: str) -> int:
    import assistant.ingest.commit as commit
    import assistant.ingest.sync as sync
    from assistant.cli import main as cli
    from assistant.store.writer import IndexWriter

    if step == "embedded":  # the new vectors are in the database's pending table; Chroma and the index are as they were
        _after(IndexWriter, "add_pending")
    elif step == "upserted":  # Chroma holds the new vectors; the index does not list them
        _after(commit, "upsert")
    elif step == "in-transaction":  # the batch's rows are written inside the transaction, not committed
        _after(IndexWriter, "put_article")
    elif step == "committed":  # the batch is committed; nothing is cleaned up
        _instead(sync, "cleanup")
    else:
        raise SystemExit(f"unknown step {step}")
    cli(["ingest"])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
