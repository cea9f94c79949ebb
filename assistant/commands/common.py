"""What the commands share: the settings of a run, the backend options, notes on stderr."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from assistant.settings import Settings, load_settings

if TYPE_CHECKING:
    from assistant.retrieval.filters import FilterRequest

F = TypeVar("F", bound=Callable[..., Any])


def backend_options(command: F) -> F:
    """--backend and --model, for the commands that answer."""
    command = click.option("--model", help="model name (Ollama) or GGUF path (llamacpp)")(command)
    return click.option("--backend", type=click.Choice(["ollama", "llamacpp", "extractive"]), help="answer backend")(
        command
    )


def filter_options(command: F) -> F:
    """--outlet, --since and --until, for the commands that search."""
    command = click.option("--until", metavar="DATE", help="only articles published on or before DATE (YYYY-MM-DD)")(
        command
    )
    command = click.option("--since", metavar="DATE", help="only articles published on or after DATE (YYYY-MM-DD)")(
        command
    )
    return click.option(
        "--outlet", "outlets", multiple=True, metavar="NAME", help="only articles from this outlet (repeatable)"
    )(command)


def filter_request(outlets: tuple[str, ...], since: str | None, until: str | None) -> FilterRequest:
    """The filters the options ask for (an outlet named in the question is added when none is given)."""
    from assistant.retrieval.filters import FilterRequest, parse_day

    return FilterRequest(
        outlets=outlets,
        since=parse_day(since, "--since") if since else None,
        until=parse_day(until, "--until") if until else None,
    )


def settings_of(ctx: click.Context, backend: str | None = None, model: str | None = None, **overrides: Any) -> Settings:
    """The run's settings: defaults < assistant.toml (or --config) < ASSISTANT_* < these flags."""
    values: dict[str, Any] = dict(overrides)
    if backend:
        values["backend"] = backend
    if model:
        if (backend or "") == "llamacpp" or model.endswith(".gguf"):
            values["llamacpp_model_path"] = Path(model)
        else:
            values["ollama_model"] = model
    config = (ctx.find_root().obj or {}).get("config")
    return load_settings(config, **values)


def note(text: str) -> None:
    """A note for the user on stderr (stdout stays the command's output)."""
    print(f"note: {text}", file=sys.stderr, flush=True)
