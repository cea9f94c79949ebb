"""`assistant search`: the passages retrieved for a question, with their scores."""

from __future__ import annotations

import click

from assistant.commands.common import filter_options, filter_request, settings_of
from assistant.errors import UsageError


@click.command()
@click.argument("question")
@click.option("-k", type=int, default=None, help="how many passages (default: top_k setting)")
@filter_options
@click.option("--json", "as_json", is_flag=True, help="print one JSON object")
@click.pass_context
def search(
    ctx: click.Context,
    question: str,
    k: int | None,
    outlets: tuple[str, ...],
    since: str | None,
    until: str | None,
    as_json: bool,
) -> int:
    """Print the passages retrieved for a question."""
    from assistant.answering.question import check_question
    from assistant.render import passage_text
    from assistant.retrieval import Searcher
    from assistant.safe_text import safe, safe_json

    if k is not None and k < 1:
        raise UsageError(f'-k must be 1 or more (got {k}): e.g. `assistant search "QUESTION" -k 5`')
    check_question(question)
    request = filter_request(outlets, since, until)
    searcher = Searcher(settings_of(ctx))
    found = searcher.resolve(request, question)
    passages = searcher.search(question, k, found)
    if as_json:
        out = {
            "question": question,
            "filters": found.to_json() if found else None,
            "passages": [p.to_json() for p in passages],
        }
        print(safe_json(out))
        return 0
    print(f"Q: {safe(question)}")
    if found:
        print(f"(only {safe(found.describe())})")
    for i, p in enumerate(passages, start=1):
        print(passage_text(p, i))
    return 0
