"""`assistant search`: the passages retrieved for a question, with their scores."""

from __future__ import annotations

import json

import click

from assistant.commands.common import settings_of
from assistant.errors import UsageError


@click.command()
@click.argument("question")
@click.option("-k", type=int, default=None, help="how many passages (default: top_k setting)")
@click.option("--json", "as_json", is_flag=True, help="print one JSON object")
@click.pass_context
def search(ctx: click.Context, question: str, k: int | None, as_json: bool) -> int:
    """Print the passages retrieved for a question."""
    from assistant.render import passage_text
    from assistant.retrieval import Searcher
    from assistant.safe_text import safe

    if k is not None and k < 1:
        raise UsageError(f'-k must be 1 or more (got {k}): e.g. `assistant search "QUESTION" -k 5`')
    passages = Searcher(settings_of(ctx)).search(question, k)
    if as_json:
        print(json.dumps({"question": question, "passages": [p.to_json() for p in passages]}, ensure_ascii=False))
        return 0
    print(f"Q: {safe(question)}")
    for i, p in enumerate(passages, start=1):
        print(passage_text(p, i))
    return 0
