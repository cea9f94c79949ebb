"""`assistant eval`: answer a question file (or read its answers), score it, print and write the report."""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

import click

from assistant.commands.common import backend_options, settings_of
from assistant.evaluation import Evaluation, evaluate
from assistant.evaluation.gates import ThresholdError, failed_thresholds, parse_threshold
from assistant.evaluation.outcomes import SCRIPTS
from assistant.verification import SupportJudge


@click.command(name="eval")
@click.argument("questions", type=click.Path(path_type=Path))
@click.option(
    "--answers", type=click.Path(path_type=Path), help="answers JSONL from `assistant batch` (default: run the batch)"
)
@click.option("--report", type=click.Path(path_type=Path), help="write a Markdown report here")
@click.option("--html", type=click.Path(path_type=Path), help="also write an HTML report here")
@click.option("--min", "minimums", multiple=True, metavar="METRIC=VALUE", help="fail below this (METRIC<=VALUE: above)")
@click.option("--max", "maximums", multiple=True, metavar="METRIC=VALUE", help="fail above this")
@click.option(
    "--script",
    type=click.Choice(SCRIPTS),
    help="the answers are the scripted model's (default: read from the answer lines' model name)",
)
@click.option("--concurrency", type=int, default=1, help="questions answered at once")
@backend_options
@click.pass_context
def eval_command(
    ctx: click.Context,
    questions: Path,
    answers: Path | None,
    report: Path | None,
    html: Path | None,
    minimums: tuple[str, ...],
    maximums: tuple[str, ...],
    script: str | None,
    concurrency: int,
    backend: str | None,
    model: str | None,
) -> int:
    """Score answers and citations against a question file."""
    settings = settings_of(ctx, backend, model)
    return run_eval_cli(
        settings, questions, answers=answers, report=report, html=html, minimums=minimums, maximums=maximums,
        script=script, concurrency=concurrency, explicit_backend=backend is not None,
    )  # fmt: skip


EXIT_OK = 0
EXIT_BELOW_MINIMUM = 1
EXIT_USAGE = 2


def scoring_judge(settings: Any) -> SupportJudge:
    """The support judge the engine uses, over the configured embedder (no index or LLM needed)."""
    from assistant.answering.calibrate import calibrations_for
    from assistant.answering.judging import make_judge
    from assistant.embeddings import make_embedder

    embedder = make_embedder(settings.embed_model)
    return make_judge(calibrations_for(settings.embed_model, embedder), embedder)


def _answer(settings: Any, items: list[Any], report: Path | None, concurrency: int, explicit: bool, err: TextIO):
    """Run the batch for ``items``: (answers path, temporary folder to remove or None, engine), or None when
    the run was interrupted."""
    from assistant.batch import build_batch_engine, run_batch, run_info
    from assistant.progress import batch_progress

    engine = build_batch_engine(settings, explicit, err=err)
    tmp = None
    if report is not None:
        path = report.with_name(report.stem + ".answers.jsonl")
    else:
        tmp = tempfile.TemporaryDirectory(prefix="assistant-eval-")
        path = Path(tmp.name) / "answers.jsonl"
    summary = run_batch(
        engine, items, path, run_info(settings, engine), concurrency=concurrency, progress=batch_progress(err), err=err
    )
    print(summary.line(path), file=err, flush=True)
    if summary.interrupted:
        if tmp is not None:
            tmp.cleanup()
        return None
    return path, tmp, engine


def write_reports(evaluation: Evaluation, report: Path | None, html: Path | None, out: TextIO) -> None:
    from assistant.evaluation.report import format_metrics, render_html, render_markdown

    print(format_metrics(evaluation), file=out)
    for path, render, label in ((report, render_markdown, "report"), (html, render_html, "html report")):
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(render(evaluation), encoding="utf-8")
            print(f"{label}: {path}", file=out)


def run_eval_cli(  # noqa: PLR0913 - the command's options
    settings: Any,
    questions: Path,
    answers: Path | None = None,
    report: Path | None = None,
    html: Path | None = None,
    minimums: Sequence[str] = (),
    maximums: Sequence[str] = (),
    script: str | None = None,
    concurrency: int = 1,
    explicit_backend: bool = False,
    judge: SupportJudge | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """`assistant eval`: 0 when every --min and --max holds, 1 when one does not, 2 on bad arguments or files;
    ``script`` ("honest", "liar") says which scripted model wrote the answers."""
    from assistant.batch import InputError, parse_output, read_questions
    from assistant.commands.batch import EXIT_INTERRUPTED

    out = out or sys.stdout
    err = err or sys.stderr
    try:
        thresholds = [parse_threshold(spec) for spec in minimums]
        thresholds += [parse_threshold(spec, maximum=True) for spec in maximums]
        items = read_questions(questions)
    except (ThresholdError, InputError) as exc:
        print(f"error: {exc}", file=err)
        return EXIT_USAGE
    if concurrency < 1:
        print(f"error: --concurrency must be at least 1 (got {concurrency})", file=err)
        return EXIT_USAGE
    if answers is not None and not answers.is_file():
        print(f"error: {answers}: answers file not found: pass the OUTPUT of `assistant batch`", file=err)
        return EXIT_USAGE
    rows = [{"id": item.id, "question": item.question, **item.extra} for item in items]
    tmp = None
    engine = None
    if answers is None:
        ran = _answer(settings, items, report, concurrency, explicit_backend, err)
        if ran is None:
            return EXIT_INTERRUPTED
        answers_path, tmp, engine = ran
    else:
        answers_path = answers
    try:
        records = parse_output(answers_path.read_bytes()).records
        judge = judge or (engine.judge if engine is not None else scoring_judge(settings))
        shown = None if tmp is not None else answers_path
        evaluation = evaluate(rows, records, judge, questions_path=questions, answers_path=shown, script=script)
    finally:
        if tmp is not None:
            tmp.cleanup()
    write_reports(evaluation, report, html, out)
    if evaluation.answers_path is not None and answers is None:
        print(f"answers: {evaluation.answers_path}", file=out)
    failures = failed_thresholds(evaluation.metrics, thresholds)
    for threshold, line in failures:
        print(f"{'above maximum' if threshold.at_most else 'below minimum'}: {line}", file=err)
    return EXIT_BELOW_MINIMUM if failures else EXIT_OK
