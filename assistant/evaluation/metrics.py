"""The metric registry: every metric `assistant eval` reports, what it means, and how it is computed.

Each metric is computed from the scored questions (``QuestionResult``) by its own function; the report,
the gates (``--min``) and the printed table all read this one list.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from assistant.evaluation.outcomes import WRONG_KINDS, Outcome
from assistant.evaluation.scoring import QuestionResult

Results = Sequence[QuestionResult]


@dataclass(frozen=True)
class MetricValue:
    """A metric's value (None when nothing could be measured) over ``n`` questions or answers."""

    value: float | None
    n: int


def rate(flags: Sequence[bool]) -> MetricValue:
    return MetricValue(sum(flags) / len(flags) if flags else None, len(flags))


def tally(flags: Sequence[bool]) -> MetricValue:
    """How many of ``flags`` hold (a count metric: ``value`` of ``n``)."""
    return MetricValue(float(sum(flags)) if flags else None, len(flags))


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
    """Whether --min / --max may name it."""
    count: bool = False
    """The value is a count of the ``n`` questions it is over (shown as "3/72"), not a rate."""


def _gold(results: Results) -> list[QuestionResult]:
    return [r for r in results if r.has_gold]


def _answered_answerable(results: Results) -> list[QuestionResult]:
    return [r for r in results if r.answerable and r.status == "answered" and r.facts_ok is not None]


def _cited(results: Results) -> list[Any]:
    return [r.citation for r in results if r.citation is not None and r.citation.sentences]


def _latencies(results: Results) -> list[float]:
    return [r.latency for r in results if r.latency is not None]


def _generative_answerable(results: Results) -> list[Outcome]:
    return [r.outcome for r in results if r.answerable and r.outcome is not None and r.outcome.generative]


def _lies(results: Results, kind: str | None = None) -> list[str]:
    """The outcomes of the scripted liar's lies ("shown", "flagged", "blocked"), of one ``wrong_kind``."""
    return [
        r.outcome.lie
        for r in results
        if r.outcome is not None and r.outcome.lie is not None and kind in (None, r.outcome.wrong_kind)
    ]


def _lie_metric(name: str, description: str, outcome: str = "shown", kind: str | None = None) -> Metric:
    """A count of the scripted liar's lies (of one ``wrong_kind``) that ended as ``outcome``."""
    return Metric(
        name,
        description,
        lambda rs: tally([lie == outcome for lie in _lies(rs, kind)]),
        higher_is_better=outcome != "shown",
        count=True,
    )


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
    Metric(
        "accepted_right",
        "answerable questions answered in the model's own words (not quoted, not refused) with every fact",
        lambda rs: tally(
            [bool(r.outcome and r.outcome.own_text and r.facts_ok) for r in rs if r.answerable and r.facts]
        ),
        count=True,
    ),
    Metric(
        "replaced_by_quote",
        "answerable questions whose generated answer was replaced by a quote of the article",
        lambda rs: tally([o.quoted for o in _generative_answerable(rs)]),
        higher_is_better=False,
        count=True,
    ),
    Metric(
        "refused_answerable",
        "answerable questions refused",
        lambda rs: tally([r.status == "refused" for r in rs if r.answerable]),
        higher_is_better=False,
        count=True,
    ),
    Metric(
        "refused_before_model",
        "answerable questions refused before the model was asked for an answer (generative backends)",
        lambda rs: tally([o.refused_before_model for o in _generative_answerable(rs)]),
        higher_is_better=False,
        count=True,
    ),
    _lie_metric(
        "lies_shown", "the scripted liar's lies shown as checked (every sentence supported, answers_question true)"
    ),
    *(
        _lie_metric(
            f"lies_shown_{kind.replace('-', '_')}", f"the scripted liar's {kind} lies shown as checked", kind=kind
        )
        for kind in WRONG_KINDS
    ),
    _lie_metric(
        "lies_flagged",
        "the scripted liar's lies shown with a flag (a sentence unsupported, or answers_question false)",
        "flagged",
    ),
    _lie_metric(
        "lies_blocked",
        "the scripted liar's lies kept from the reader (refused, replaced by a quote, or left out)",
        "blocked",
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
