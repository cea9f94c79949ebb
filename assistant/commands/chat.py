"""`assistant chat` (the default command): the chat TUI."""

from __future__ import annotations

import click

from assistant.commands.common import backend_options, settings_of


@click.command()
@backend_options
@click.pass_context
def chat(ctx: click.Context, backend: str | None, model: str | None) -> int:
    """Open the chat TUI (the default command)."""
    from assistant.tui.app import run

    return run(settings_of(ctx, backend, model), explicit_backend=backend is not None)
