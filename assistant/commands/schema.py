"""`assistant schema`: the JSON Schema of what the assistant writes (an answer, a batch line)."""

from __future__ import annotations

import json

import click


@click.command()
@click.argument("what", type=click.Choice(["answer", "batch-line", "question"]), default="answer")
def schema(what: str) -> int:
    """Print the JSON Schema of `ask --json` answers, of batch output lines, or of question lines."""
    from pydantic import BaseModel

    from assistant.batch.records import AnswerLine, QuestionLine
    from assistant.types import Answer

    models: dict[str, type[BaseModel]] = {"answer": Answer, "batch-line": AnswerLine, "question": QuestionLine}
    model = models[what]
    print(json.dumps(model.model_json_schema(mode="serialization"), indent=2, ensure_ascii=False))
    return 0
