"""Progress output of long commands: a rich bar on a terminal, one plain line per step otherwise."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TextIO

from assistant.safe_text import safe

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
            safe(f"[{self.done:>{width}}/{self.total}] {item.key} {outcome(record)} ({seconds:.1f}s)"),
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
            self.progress.console.print(safe(f"{item.key}: {outcome(record)}"), markup=False)
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


# --- ingest ------------------------------------------------------------------------------------


EMBED_LINE_EVERY = 2000
"""Plain ingest progress says how many chunks are embedded each time this many more are (a huge article
takes minutes to embed: the user sees it move)."""


class IngestLines:
    """Ingest progress as plain lines (for logs, pipes and CI)."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.embedded = 0

    def start(self, files: int) -> None:
        print(f"ingesting {files} article(s)", file=self.stream, flush=True)

    def file_done(self, name: str, status: str, chunks: int) -> None:
        if status != "unchanged":
            suffix = f" ({chunks} chunks)" if status in ("added", "updated", "renamed") else ""
            print(safe(f"{status} {name}{suffix}"), file=self.stream, flush=True)

    def chunks_embedded(self, n: int) -> None:
        before, self.embedded = self.embedded, self.embedded + n
        if self.embedded // EMBED_LINE_EVERY > before // EMBED_LINE_EVERY:
            print(f"{self.embedded:,} chunks embedded so far", file=self.stream, flush=True)

    def message(self, text: str) -> None:
        print(safe(text), file=self.stream, flush=True)


class IngestBar:
    """Ingest progress as a rich progress bar: files done and chunks embedded."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.console = Console(stderr=True)
        self.progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[chunks]} chunks embedded"),
            TimeElapsedColumn(),
            console=self.console,
            transient=True,
        )
        self.task: Any = None
        self.chunks = 0

    def start(self, files: int) -> None:
        self.progress.start()
        self.task = self.progress.add_task("articles", total=files, chunks=0)

    def file_done(self, name: str, status: str, chunks: int) -> None:
        if status != "removed":
            self.progress.advance(self.task)
        if status != "unchanged":
            line = f"{status} {name}" + (f" ({chunks} chunks)" if chunks else "")
            self.progress.console.print(safe(line), markup=False)

    def chunks_embedded(self, n: int) -> None:
        self.chunks += n
        self.progress.update(self.task, chunks=self.chunks)

    def message(self, text: str) -> None:
        self.progress.console.print(safe(text), markup=False)

    def close(self) -> None:
        self.progress.stop()


def ingest_progress(stream: TextIO | None = None) -> IngestLines | IngestBar:
    """Ingest progress: a bar on a terminal, plain lines otherwise."""
    stream = stream or sys.stderr
    return IngestBar() if stream.isatty() else IngestLines(stream)


def ask_yes_no(stdin: TextIO | None = None, stream: TextIO | None = None) -> Callable[[str], bool] | None:
    """A yes/no question on the terminal; None when there is no terminal to ask on (the caller then refuses)."""
    stdin, stream = stdin or sys.stdin, stream or sys.stderr
    if not (stdin.isatty() and stream.isatty()):
        return None

    def confirm(question: str) -> bool:
        print(f"{question} [y/N] ", end="", file=stream, flush=True)
        return stdin.readline().strip().lower() in ("y", "yes")

    return confirm
