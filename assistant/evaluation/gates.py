"""Gates over the metric registry: ``--min METRIC=VALUE`` (at least), ``--max METRIC=VALUE`` (at most; the older
``--min METRIC<=VALUE`` says the same)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from assistant.errors import AssistantError
from assistant.evaluation.metrics import METRIC_BY_NAME, METRICS, MetricValue


class ThresholdError(AssistantError):
    """A --min or --max argument is malformed or names an unknown metric."""


@dataclass(frozen=True)
class Threshold:
    metric: str
    value: float
    at_most: bool = False
    """``METRIC<=VALUE``: an upper bound (for lower-is-better metrics such as latency)."""

    def __str__(self) -> str:
        return f"{self.metric}{'<=' if self.at_most else '>='}{self.value:g}"


def known_metrics_text() -> str:
    return ", ".join(m.name for m in METRICS if m.gated)


def parse_threshold(spec: str, maximum: bool = False) -> Threshold:
    """``--min METRIC=VALUE`` (at least VALUE), ``--min METRIC<=VALUE`` or ``--max METRIC=VALUE`` (at most
    VALUE; ``maximum`` says the spec came from ``--max``). Count metrics compare their count."""
    option = "--max" if maximum else "--min"
    at_most = maximum or "<=" in spec
    name, sep, raw = spec.partition("<=" if "<=" in spec else "=")
    name = name.strip()
    if not sep or not name or not raw.strip():
        example = "lies_shown=5" if maximum else "hit@3=0.9"
        raise ThresholdError(f"{option} {spec!r}: write METRIC=VALUE, e.g. {option} {example}")
    metric = METRIC_BY_NAME.get(name)
    if metric is None or not metric.gated:
        raise ThresholdError(f"{option} {spec!r}: unknown metric {name!r}; known metrics: {known_metrics_text()}")
    try:
        value = float(raw)
    except ValueError:
        raise ThresholdError(f"{option} {spec!r}: {raw.strip()!r} is not a number") from None
    if not math.isfinite(value):
        raise ThresholdError(f"{option} {spec!r}: the value must be a finite number")
    if not at_most and not metric.higher_is_better:
        raise ThresholdError(
            f"--min {spec!r}: {name} is better when lower; give an upper bound: --max '{name}={raw.strip()}'"
        )
    return Threshold(metric=name, value=value, at_most=at_most)


def failed_thresholds(
    metrics: Mapping[str, MetricValue], thresholds: Sequence[Threshold]
) -> list[tuple[Threshold, str]]:
    """Each threshold the metrics do not meet, with one line saying by how much."""
    failures = []
    for t in thresholds:
        value = metrics[t.metric]
        got = value.value
        if got is None:
            failures.append((t, f"{t.metric}: not measured (no question it applies to), required {t}"))
        elif (got > t.value) if t.at_most else (got < t.value):
            shown = f"{got:.0f} of {value.n}" if METRIC_BY_NAME[t.metric].count else f"{got:.3f}"
            failures.append((t, f"{t.metric} = {shown}, required {t}"))
    return failures


def check_thresholds(metrics: Mapping[str, MetricValue], thresholds: Sequence[Threshold]) -> list[str]:
    """One line per threshold the metrics do not meet."""
    return [line for _, line in failed_thresholds(metrics, thresholds)]
