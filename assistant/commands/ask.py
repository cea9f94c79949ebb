"""`assistant ask`: one question, a streamed answer, its checked citations (or one JSON object)."""

from __future__ import annotations

import sys

import click

from assistant.commands.common import backend_options, filter_options, filter_request, note, settings_of


@click.command()
@click.argument("question")
@backend_options
@filter_options
@click.option("--json", "as_json", is_flag=True, help="print one JSON object")
@click.pass_context
def ask(
    ctx: click.Context,
    question: str,
    backend: str | None,
    model: str | None,
    outlets: tuple[str, ...],
    since: str | None,
    until: str | None,
    as_json: bool,
) -> int:
    """Answer a question with citations."""
    from assistant.answering.build import build_engine
    from assistant.answering.question import check_question
    from assistant.llms import ready_backend
    from assistant.render import answer_text
    from assistant.safe_text import safe, safe_json

    check_question(question)
    request = filter_request(outlets, since, until)
    settings = settings_of(ctx, backend, model)
    engine = build_engine(settings, backend=ready_backend(settings, backend is not None, note))
    engine.searcher.resolve(request, question)  # a filter that matches no article fails before any output
    if as_json:
        print(safe_json(engine.answer(question, filters=request).to_json()))
        return 0
    print(f"Q: {safe(question)}\n", flush=True)
    if sys.stdout.isatty() and engine.backend.generative:
        answer = engine.answer(question, on_token=lambda t: print(t, end="", flush=True), filters=request)
        print("\n\n--- checked answer ---", flush=True)
    else:
        answer = engine.answer(question, filters=request)
    print(answer_text(answer))
    return 0
