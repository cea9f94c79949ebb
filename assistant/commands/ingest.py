"""`assistant ingest` and `assistant doctor`: sync articles into the index, check the index."""

from __future__ import annotations

from pathlib import Path

import click

from assistant.commands.common import settings_of


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--rebuild", is_flag=True,
    help="build the index again from the article files (vectors it holds for the same text are reused)",
)  # fmt: skip
@click.option(
    "--prune", is_flag=True,
    help="remove indexed articles whose files are gone, wherever they were (even more than half of the index)",
)  # fmt: skip
@click.option("--yes", is_flag=True, help="do not ask before removing more than half of the index")
@click.pass_context
def ingest(ctx: click.Context, paths: tuple[Path, ...], rebuild: bool, prune: bool, yes: bool) -> int:
    """Add, update and remove articles in the index."""
    from assistant.ingest.sync import ingest as sync
    from assistant.progress import IngestBar, ask_yes_no, ingest_progress

    progress = ingest_progress()
    confirm = (lambda _question: True) if yes else ask_yes_no()
    try:
        report = sync(
            settings_of(ctx), list(paths) or None, rebuild=rebuild, progress=progress, prune=prune, confirm=confirm
        )
    finally:
        if isinstance(progress, IngestBar) and progress.task is not None:
            progress.close()
    print(report.summary())
    return 0


@click.command()
@click.pass_context
def doctor(ctx: click.Context) -> int:
    """Check the index (its database, BM25, Chroma's vectors) and say what fixes it."""
    from assistant.ingest.doctor import run_doctor

    return run_doctor(settings_of(ctx))
