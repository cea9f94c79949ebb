"""`--min` gates: METRIC=VALUE (at least) and METRIC<=VALUE (at most) over the metric registry."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from assistant.errors import AssistantError
from assistant.evaluation.metrics import METRIC_BY_NAME, METRICS, MetricValue


class ThresholdError(AssistantError):
    """A --min argument is malformed or names an unknown metric."""


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


def parse_threshold(spec: str) -> Threshold:
    """``METRIC=VALUE`` (at least VALUE) or ``METRIC<=VALUE`` (at most VALUE)."""
    at_most = "<=" in spec
    name, sep, raw = spec.partition("<=" if at_most else "=")
    name = name.strip()
    if not sep or not name or not raw.strip():
        raise ThresholdError(
            f"--min {spec!r}: write METRIC=VALUE (at least) or METRIC<=VALUE (at most), e.g. hit@3=0.9"
        )
    metric = METRIC_BY_NAME.get(name)
    if metric is None or not metric.gated:
        raise ThresholdError(f"--min {spec!r}: unknown metric {name!r}; known metrics: {known_metrics_text()}")
    try:
        value = float(raw)
    except ValueError:
        raise ThresholdError(f"--min {spec!r}: {raw.strip()!r} is not a number") from None
    if not math.isfinite(value):
        raise ThresholdError(f"--min {spec!r}: the value must be a finite number")
    if not at_most and not metric.higher_is_better:
        raise ThresholdError(
            f"--min {spec!r}: {name} is better when lower; give an upper bound: --min '{name}<={raw.strip()}'"
        )
    return Threshold(metric=name, value=value, at_most=at_most)


def check_thresholds(metrics: Mapping[str, MetricValue], thresholds: Sequence[Threshold]) -> list[str]:
    """One line per threshold the metrics do not meet."""
    failures = []
    for t in thresholds:
        got = metrics[t.metric].value
        if got is None:
            failures.append(f"{t.metric}: not measured (no question it applies to), required {t}")
        elif (got > t.value) if t.at_most else (got < t.value):
            failures.append(f"{t.metric} = {got:.3f}, required {t}")
    return failures
