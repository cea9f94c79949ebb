"""`assistant watch`: keep the index in sync with the article folders as files come and go."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

import click

from assistant.commands.common import settings_of


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--debounce", default=400, show_default=True, metavar="MS", help="wait for changes to settle this long")
@click.pass_context
def watch(ctx: click.Context, paths: tuple[Path, ...], debounce: int) -> int:
    """Sync the article folders now and after every change (Ctrl+C stops)."""
    from assistant.ingest.watch import Watcher
    from assistant.safe_text import safe

    def line(text: str, stream: TextIO = sys.stdout) -> None:
        print(safe(text), file=stream, flush=True)

    watcher = Watcher(settings_of(ctx), list(paths) or None, on_line=line, debounce_ms=max(debounce, 50))
    line(f"watching {', '.join(str(p) for p in watcher.paths)} (Ctrl+C stops)", sys.stderr)
    try:
        watcher.run()
    except KeyboardInterrupt:
        watcher.stop()
    return 0
