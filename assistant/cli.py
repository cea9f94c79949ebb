"""The `assistant` command line: one click group, one module per command under assistant/commands/.

`assistant` alone opens the chat. Every user-facing error derives from ``AssistantError`` and ends the
command with its one line on stderr and exit code 2.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import click

from assistant.commands.articles import articles
from assistant.commands.ask import ask
from assistant.commands.batch import batch
from assistant.commands.chat import chat
from assistant.commands.eval import eval_command
from assistant.commands.ingest import doctor, ingest
from assistant.commands.schema import schema
from assistant.commands.search import search
from assistant.commands.watch import watch
from assistant.errors import AssistantError
from assistant.safe_text import safe

EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--config", type=click.Path(path_type=Path), help="settings file (default: ./assistant.toml if present)")
@click.pass_context
def assistant(ctx: click.Context, config: Path | None) -> int | None:
    """Ask questions about your news articles; answers cite their sources."""
    ctx.obj = {"config": config}
    if ctx.invoked_subcommand is None:
        return ctx.invoke(chat)
    return None


for command in (ingest, doctor, articles, search, ask, chat, batch, eval_command, schema, watch):
    assistant.add_command(command)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 1 a command's own failure, 2 usage or error)."""
    try:
        result = assistant.main(
            args=list(argv) if argv is not None else None, prog_name="assistant", standalone_mode=False
        )
    except click.exceptions.Exit as exc:  # --help
        return int(exc.exit_code)
    except click.ClickException as exc:
        print(safe(f"error: {exc.format_message()}"), file=sys.stderr)
        return EXIT_USAGE
    except click.exceptions.Abort:
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except AssistantError as exc:
        print(safe(f"error: {exc}"), file=sys.stderr)
        return EXIT_USAGE
    return int(result or 0)
