"""The metric registry: every metric `assistant eval` reports, what it means, and how it is computed.

Each metric is computed from the scored questions (``QuestionResult``) by its own function; the report,
the gates (``--min``) and the printed table all read this one list.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from assistant.evaluation.scoring import QuestionResult

Results = Sequence[QuestionResult]


@dataclass(frozen=True)
class MetricValue:
    """A metric's value (None when nothing could be measured) over ``n`` questions or answers."""

    value: float | None
    n: int


def rate(flags: Sequence[bool]) -> MetricValue:
    return MetricValue(sum(flags) / len(flags) if flags else None, len(flags))


def mean(values: Sequence[float]) -> MetricValue:
    return MetricValue(sum(values) / len(values) if values else None, len(values))


def percentile(values: Sequence[float], q: int) -> MetricValue:
    """The q-th percentile (linear interpolation, as numpy's default); None for no values."""
    if not values:
        return MetricValue(None, 0)
    if len(values) == 1:
        return MetricValue(float(values[0]), 1)
    return MetricValue(statistics.quantiles(values, n=100, method="inclusive")[q - 1], len(values))


@dataclass(frozen=True)
class Metric:
    name: str
    description: str
    compute: Callable[[Results], MetricValue]
    higher_is_better: bool = True
    unit: str = ""
    gated: bool = True
    """Whether --min may name it."""


def _gold(results: Results) -> list[QuestionResult]:
    return [r for r in results if r.has_gold]


def _answered_answerable(results: Results) -> list[QuestionResult]:
    return [r for r in results if r.answerable and r.status == "answered" and r.facts_ok is not None]


def _cited(results: Results) -> list[Any]:
    return [r.citation for r in results if r.citation is not None and r.citation.sentences]


def _latencies(results: Results) -> list[float]:
    return [r.latency for r in results if r.latency is not None]


def _language(results: Results, scopes: tuple[str, ...]) -> MetricValue:
    return rate([bool(r.language_ok) for r in results if r.language_ok is not None and r.language_scope in scopes])


METRICS: tuple[Metric, ...] = (
    Metric("hit@1", "a gold source is the first retrieved passage", lambda rs: rate([r.hit(1) for r in _gold(rs)])),
    Metric(
        "hit@3", "a gold source is in the first 3 retrieved passages", lambda rs: rate([r.hit(3) for r in _gold(rs)])
    ),
    Metric(
        "hit@5", "a gold source is in the first 5 retrieved passages", lambda rs: rate([r.hit(5) for r in _gold(rs)])
    ),
    Metric(
        "mrr", "mean reciprocal rank of the first gold passage", lambda rs: mean([r.reciprocal_rank for r in _gold(rs)])
    ),
    Metric(
        "citation_recall",
        "answer sentences supported by their citations (ALCE, per answer)",
        lambda rs: mean([c.recall for c in _cited(rs) if c.recall is not None]),
    ),
    Metric(
        "citation_precision",
        "citations needed for their sentence's support (ALCE, per answer)",
        lambda rs: mean([c.precision for c in _cited(rs) if c.precision is not None]),
    ),
    Metric(
        "fact_recall",
        "answerable questions whose answer contains every fact",
        lambda rs: rate([bool(r.facts_ok) for r in rs if r.facts_ok is not None]),
    ),
    Metric(
        "refusal_accuracy",
        "unanswerable questions refused",
        lambda rs: rate([r.status == "refused" for r in rs if not r.answerable]),
    ),
    Metric(
        "wrong_refusal_rate",
        "answerable questions refused",
        lambda rs: rate([r.status == "refused" for r in rs if r.answerable]),
        higher_is_better=False,
    ),
    Metric(
        "cites_gold_rate",
        "answerable questions answered citing a gold source",
        lambda rs: rate([bool(r.cites_gold) for r in _gold(rs)]),
    ),
    Metric(
        "answers_question_rate",
        "answers the assistant itself says answer their question",
        lambda rs: rate(
            [bool(r.answers_question) for r in rs if r.status == "answered" and r.answers_question is not None]
        ),
    ),
    Metric(
        "wrong_flagged",
        "answers with wrong facts that the assistant flagged (unsupported sentence or answers_question false)",
        lambda rs: rate([r.flagged for r in _answered_answerable(rs) if not r.facts_ok]),
    ),
    Metric(
        "right_flagged",
        "answers with the right facts that the assistant flagged anyway",
        lambda rs: rate([r.flagged for r in _answered_answerable(rs) if r.facts_ok]),
        higher_is_better=False,
    ),
    Metric(
        "followup_accuracy",
        "follow-up turns (turn 2 and later of a conversation) answered with every fact",
        lambda rs: rate([bool(r.facts_ok) for r in rs if r.turn > 1 and r.facts_ok is not None]),
    ),
    Metric(
        "disagreement_recall",
        "questions with expect_disagreement whose answer reports a disagreement with every expected value",
        lambda rs: rate([bool(r.disagreement_ok) for r in rs if r.disagreement_ok is not None]),
    ),
    Metric(
        "false_disagreement_rate",
        "answers reporting a disagreement the question file does not expect",
        lambda rs: rate([bool(r.false_disagreement) for r in rs if r.false_disagreement is not None]),
        higher_is_better=False,
    ),
    Metric(
        "outlet_recall",
        "expected outlets (expect_outlets) the answer names as citing or corroborating, per question",
        lambda rs: mean([r.outlet_recall for r in rs if r.outlet_recall is not None]),
    ),
    Metric(
        "language_match",
        "generated answers and refusals in the question's language",
        lambda rs: _language(rs, ("generative", "refusal")),
    ),
    Metric(
        "language_match_extractive",
        "quoted answers in the question's language (quotes of the articles: informational)",
        lambda rs: _language(rs, ("extractive",)),
        gated=False,
    ),
    Metric(
        "error_rate",
        "questions without an answer (failed or missing)",
        lambda rs: rate([r.status in ("error", "missing") for r in rs]),
        higher_is_better=False,
    ),
    Metric("latency_p50", "median answer time", lambda rs: percentile(_latencies(rs), 50), False, "s"),
    Metric("latency_p95", "95th percentile answer time", lambda rs: percentile(_latencies(rs), 95), False, "s"),
    Metric(
        "prompt_tokens_p50",
        "median prompt tokens the model read per answer (all tries)",
        lambda rs: percentile([r.prompt_tokens for r in rs if r.prompt_tokens is not None], 50),
        higher_is_better=False,
        unit=" tok",
        gated=False,
    ),
)
METRIC_BY_NAME: dict[str, Metric] = {m.name: m for m in METRICS}


def summarize(results: Results) -> dict[str, MetricValue]:
    """Every metric of the registry over scored questions."""
    return {m.name: m.compute(results) for m in METRICS}
