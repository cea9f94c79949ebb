"""Progress output of long commands: a rich bar on a terminal, one plain line per step otherwise."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, Protocol, TextIO

if TYPE_CHECKING:
    from assistant.batch.inputs import BatchItem


def outcome(record: dict[str, Any]) -> str:
    """A few words on one batch output line: "answered", "refused" or the error."""
    if "error" in record:
        return f"failed: {record['error']}"
    return "refused" if record.get("refused") else "answered"


class BatchProgress(Protocol):
    def start(self, total: int, done: int) -> None: ...
    def item_done(self, item: BatchItem, record: dict[str, Any], seconds: float) -> None: ...
    def close(self) -> None: ...


class BatchLines:
    """One plain line per finished question (for logs, pipes and CI)."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.total = 0
        self.done = 0

    def start(self, total: int, done: int) -> None:
        self.total, self.done = total, done
        print(f"batch: {total} question(s), {done} already answered", file=self.stream, flush=True)

    def item_done(self, item: BatchItem, record: dict[str, Any], seconds: float) -> None:
        self.done += 1
        width = len(str(self.total))
        print(
            f"[{self.done:>{width}}/{self.total}] {item.key} {outcome(record)} ({seconds:.1f}s)",
            file=self.stream,
            flush=True,
        )

    def close(self) -> None:
        pass


class BatchBar:
    """A rich progress bar on the terminal; failures are printed above it."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.progress = Progress(
            TextColumn("[bold]answering"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[failed]} failed"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=False,
        )
        self.task: Any = None
        self.failed = 0

    def start(self, total: int, done: int) -> None:
        self.progress.start()
        self.task = self.progress.add_task("answering", total=total, completed=done, failed=0)

    def item_done(self, item: BatchItem, record: dict[str, Any], seconds: float) -> None:
        if "error" in record:
            self.failed += 1
            self.progress.console.print(f"{item.key}: {outcome(record)}", markup=False)
        self.progress.update(self.task, advance=1, failed=self.failed)

    def close(self) -> None:
        self.progress.stop()


class QuietBatch:
    """No batch progress output."""

    def start(self, total: int, done: int) -> None:
        pass

    def item_done(self, item: BatchItem, record: dict[str, Any], seconds: float) -> None:
        pass

    def close(self) -> None:
        pass


def batch_progress(stream: TextIO | None = None) -> BatchProgress:
    """Batch progress: a bar on a terminal, plain lines otherwise."""
    stream = stream or sys.stderr
    return BatchBar() if stream.isatty() else BatchLines(stream)


