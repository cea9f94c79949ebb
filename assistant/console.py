"""Terminal output for the CLI: a progress bar on a terminal, plain lines otherwise."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, TextIO


class LineProgress:
    """Ingest progress as plain lines (for logs, pipes and CI)."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr

    def start(self, files: int) -> None:
        print(f"ingesting {files} article(s)", file=self.stream, flush=True)

    def file_done(self, name: str, status: str, chunks: int) -> None:
        if status != "unchanged":
            suffix = f" ({chunks} chunks)" if status in ("added", "updated", "renamed") else ""
            print(f"{status} {name}{suffix}", file=self.stream, flush=True)

    def chunks_embedded(self, n: int) -> None:
        pass

    def message(self, text: str) -> None:
        print(text, file=self.stream, flush=True)


class BarProgress:
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
            self.progress.console.print(f"{status} {name}" + (f" ({chunks} chunks)" if chunks else ""))

    def chunks_embedded(self, n: int) -> None:
        self.chunks += n
        self.progress.update(self.task, chunks=self.chunks)

    def message(self, text: str) -> None:
        self.progress.console.print(text, markup=False)

    def close(self) -> None:
        self.progress.stop()


def ingest_progress(stream: TextIO | None = None) -> LineProgress | BarProgress:
    stream = stream or sys.stderr
    return BarProgress() if stream.isatty() else LineProgress(stream)


def ask_yes_no(stdin: TextIO | None = None, stream: TextIO | None = None) -> Callable[[str], bool] | None:
    """A yes/no question on the terminal; None when there is no terminal to ask on (the caller then refuses)."""
    stdin, stream = stdin or sys.stdin, stream or sys.stderr
    if not (stdin.isatty() and stream.isatty()):
        return None

    def confirm(question: str) -> bool:
        print(f"{question} [y/N] ", end="", file=stream, flush=True)
        return stdin.readline().strip().lower() in ("y", "yes")

    return confirm
