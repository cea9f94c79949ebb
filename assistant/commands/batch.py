"""`assistant batch`: answer a question file (JSONL, text or CSV) into JSONL, resumably (see assistant.batch)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

import click

from assistant.commands.common import backend_options, filter_options, filter_request, settings_of
from assistant.progress import BatchProgress

EXIT_OK = 0
EXIT_FAILED_QUESTIONS = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


@click.command()
@click.argument("input", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="the answers (JSONL)")
@click.option("--concurrency", type=int, default=1, help="questions answered at once")
@click.option("--resume", is_flag=True, help="skip ids already answered in OUTPUT")
@backend_options
@filter_options
@click.pass_context
def batch(
    ctx: click.Context,
    input: Path,
    output: Path,
    concurrency: int,
    resume: bool,
    backend: str | None,
    model: str | None,
    outlets: tuple[str, ...],
    since: str | None,
    until: str | None,
) -> int:
    """Answer a file of questions (JSONL, text or CSV) into JSONL."""
    settings = settings_of(ctx, backend, model)
    request = filter_request(outlets, since, until)
    return run_batch_cli(
        settings,
        input,
        output,
        concurrency=concurrency,
        resume=resume,
        explicit_backend=backend is not None,
        filters=request if (outlets or since or until) else None,
    )


def run_batch_cli(
    settings: Any,
    input: Path,
    output: Path,
    concurrency: int = 1,
    resume: bool = False,
    explicit_backend: bool = False,
    err: TextIO | None = None,
    progress_factory: Callable[[], BatchProgress] | None = None,
    filters: Any = None,
) -> int:
    """`assistant batch`: 0 when every question was answered or refused, 1 when some failed, 2 on bad input."""
    from assistant.batch import InputError, build_batch_engine, read_questions, run_batch, run_info
    from assistant.progress import batch_progress

    err = err or sys.stderr
    if concurrency < 1:
        print(f"error: --concurrency must be at least 1 (got {concurrency})", file=err)
        return EXIT_USAGE
    try:
        if output.resolve() == input.resolve():
            raise InputError(f"{output}: OUTPUT is the input file: write the answers to another file")
        items = read_questions(input)
    except InputError as exc:
        print(f"error: {exc}", file=err)
        return EXIT_USAGE
    if output.is_dir():
        print(f"error: {output} is a folder: pass a file path to -o", file=err)
        return EXIT_USAGE
    engine = build_batch_engine(settings, explicit_backend, err=err)
    run = run_info(settings, engine)
    if filters is not None:
        engine.searcher.resolve(filters, "")  # a filter that matches no article fails here, in one line
        run["filters"] = filters.to_json()
    progress = progress_factory() if progress_factory else batch_progress(err)
    summary = run_batch(
        engine, items, output, run, concurrency=concurrency, resume=resume, progress=progress, err=err, filters=filters
    )
    print(summary.line(output), file=err, flush=True)
    if summary.interrupted:
        print(f"resume with: assistant batch {input} -o {output} --resume", file=err)
        return EXIT_INTERRUPTED
    if summary.failed:
        print(
            f'{summary.failed} question(s) failed (their lines carry an "error"): '
            f"fix the cause, then rerun with --resume to retry only those",
            file=err,
        )
        return EXIT_FAILED_QUESTIONS
    return EXIT_OK
