"""`assistant eval`: score answers and their citations against a question file.

* ``scoring``: one question against its answer line (retrieval rank, facts, refusal, language, flags);
* ``alce``: ALCE citation recall and precision on the passage texts the answer lines carry;
* ``outcomes``: what became of an answer (shown as written, quoted, refused) and of a scripted liar's lie;
* ``metrics``: the metric registry (what each metric means and how it is computed);
* ``gates``: ``--min`` / ``--max`` thresholds over the registry;
* ``report``: the metrics as text, a Markdown report and an HTML page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.evaluation.alce import alce_answer, alce_sentence
from assistant.evaluation.gates import Threshold, ThresholdError, check_thresholds, parse_threshold
from assistant.evaluation.metrics import METRIC_BY_NAME, METRICS, Metric, MetricValue, summarize
from assistant.evaluation.scoring import QuestionResult, citation_resolution_problems, question_key, score_question
from assistant.verification import SupportJudge


@dataclass
class Evaluation:
    """A scored question file: per-question results, overall metrics and where things came from."""

    questions_path: Path
    answers_path: Path | None
    results: list[QuestionResult]
    metrics: dict[str, MetricValue]
    run: dict[str, Any] | None = None
    judge: str = ""
    extra_answers: int = 0
    """Answer lines whose ids are not in the question file (ignored)."""


def index_answers(records: Sequence[Mapping[str, Any]]) -> dict[str, Mapping[str, Any]]:
    """Answer lines by id; a later line for the same id wins (as with ``batch --resume``)."""
    return {str(r["id"]): r for r in records if "id" in r}


def turn_numbers(questions: Sequence[Mapping[str, Any]]) -> list[int]:
    """Each question's 1-based turn in its conversation (file order), 1 for standalone questions."""
    seen: dict[str, int] = {}
    out = []
    for q in questions:
        key = q.get("conversation")
        if key in (None, ""):
            out.append(1)
            continue
        seen[str(key)] = seen.get(str(key), 0) + 1
        out.append(seen[str(key)])
    return out


def evaluate(
    questions: Sequence[Mapping[str, Any]],
    answers: Sequence[Mapping[str, Any]],
    judge: SupportJudge,
    questions_path: Path = Path("questions.jsonl"),
    answers_path: Path | None = None,
    script: str | None = None,
) -> Evaluation:
    """Score every question against the answer line with its id; ``script`` ("honest", "liar") says which
    scripted model wrote the answers when their lines do not name it."""
    by_id = index_answers(answers)
    turns = turn_numbers(questions)
    results = [
        score_question(q, by_id.get(question_key(q)), judge, t, script) for q, t in zip(questions, turns, strict=True)
    ]
    runs = [a.get("run") for a in answers if isinstance(a.get("run"), dict)]
    keys = {question_key(q) for q in questions}
    return Evaluation(
        questions_path=questions_path,
        answers_path=answers_path,
        results=results,
        metrics=summarize(results),
        run=runs[0] if runs else None,
        judge=f"{type(judge).__name__} (threshold {getattr(judge, 'threshold', float('nan')):.2f})",
        extra_answers=sum(1 for k in by_id if k not in keys),
    )


__all__ = [
    "METRICS",
    "METRIC_BY_NAME",
    "Evaluation",
    "Metric",
    "MetricValue",
    "QuestionResult",
    "Threshold",
    "ThresholdError",
    "alce_answer",
    "alce_sentence",
    "check_thresholds",
    "citation_resolution_problems",
    "evaluate",
    "index_answers",
    "parse_threshold",
    "score_question",
    "summarize",
]
