"""Calibrated scores: a logistic model that turns an embedder's raw signals into a probability.

Raw cosines mean different things for different embedders (the 4-bit multilingual e5 puts unrelated
sentences at 0.75, a MiniLM model near 0.1), so no cosine threshold is written in code. Each check that
combines an embedder's similarity with other signals (evidence ranking, support, "does it answer?") has a
``Calibration``: logistic weights over named features and a decision threshold, fitted on labelled
examples with that embedder (``fit``) and stored with the index that embedder built
(``assistant.answering.calibrate``). Pure functions and data; no I/O.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

RIDGE = 1.0
"""L2 penalty of the fit: few features, a few hundred examples; keeps weights finite on separable data."""


@dataclass(frozen=True)
class Calibration:
    """A logistic model over named features, and the probability at which its check says yes."""

    features: tuple[str, ...]
    weights: tuple[float, ...]
    bias: float
    threshold: float = 0.5
    info: Mapping[str, Any] = field(default_factory=dict)
    """How it was fitted (examples, embedder, accuracy): shown by `assistant doctor`, never used to score."""

    def logit(self, values: Mapping[str, float]) -> float:
        return self.bias + sum(
            w * float(values.get(name, 0.0)) for name, w in zip(self.features, self.weights, strict=True)
        )

    def probability(self, values: Mapping[str, float]) -> float:
        """P(yes) for one example's feature values (a missing feature counts as 0)."""
        z = self.logit(values)
        return 1.0 / (1.0 + math.exp(-z)) if z > -60 else 0.0

    def decides(self, values: Mapping[str, float]) -> bool:
        return self.probability(values) >= self.threshold

    def to_json(self) -> dict[str, Any]:
        return {
            "features": list(self.features),
            "weights": [round(w, 6) for w in self.weights],
            "bias": round(self.bias, 6),
            "threshold": round(self.threshold, 6),
            "info": dict(self.info),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Calibration:
        """The calibration of ``to_json`` output; ValueError when it is not one."""
        try:
            features = tuple(str(f) for f in data["features"])
            weights = tuple(float(w) for w in data["weights"])
            bias, threshold = float(data["bias"]), float(data.get("threshold", 0.5))
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"not a calibration ({exc})") from None
        if len(features) != len(weights) or not 0.0 < threshold < 1.0:
            raise ValueError("not a calibration (features and weights differ in number, or a bad threshold)")
        return cls(features, weights, bias, threshold, dict(data.get("info") or {}))


def fit(
    rows: Sequence[Mapping[str, float]],
    labels: Sequence[bool],
    features: Sequence[str],
    *,
    weights: Sequence[float] | None = None,
    ridge: float = RIDGE,
    iterations: int = 50,
) -> Calibration:
    """Fit a logistic model to labelled feature rows by Newton's method, on standardised features with an
    L2 penalty (bias not penalised); the weights returned apply to the raw features. ``weights``: per-example weights (e.g. to give every question the same say). The threshold
    is 0.5; ``choose_threshold`` picks another for a check with a cost on each side."""
    if not rows or len(rows) != len(labels):
        raise ValueError("fit needs as many labels as rows, and at least one row")
    raw = np.array([[float(r.get(f, 0.0)) for f in features] for r in rows], dtype=np.float64)
    mean = raw.mean(axis=0)
    scale = raw.std(axis=0)
    scale[scale < 1e-9] = 1.0  # a constant feature: left as it is (its weight stays 0 under the penalty)
    x = np.hstack([(raw - mean) / scale, np.ones((len(rows), 1))])  # fitted on standardised features
    y = np.array([1.0 if label else 0.0 for label in labels])
    w_ex = np.ones(len(rows)) if weights is None else np.asarray(weights, dtype=np.float64)
    penalty = np.full(x.shape[1], ridge)
    penalty[-1] = 0.0
    beta = np.zeros(x.shape[1])
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ beta, -60, 60)))
        gradient = x.T @ (w_ex * (p - y)) + penalty * beta
        hessian = (x * (w_ex * p * (1 - p))[:, None]).T @ x + np.diag(penalty) + 1e-9 * np.eye(x.shape[1])
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if float(np.max(np.abs(step))) < 1e-8:
            break
    coefficients = beta[:-1] / scale
    bias = float(beta[-1] - np.sum(beta[:-1] * mean / scale))
    predicted = 1.0 / (1.0 + np.exp(-np.clip(x @ beta, -60, 60))) >= 0.5
    accuracy = float(np.average(predicted == (y > 0.5), weights=w_ex))
    info = {"examples": len(rows), "positives": int(y.sum()), "accuracy": round(accuracy, 4)}
    return Calibration(tuple(features), tuple(float(c) for c in coefficients), bias, 0.5, info)


def choose_threshold(
    calibration: Calibration,
    rows: Sequence[Mapping[str, float]],
    labels: Sequence[bool],
    *,
    false_yes_cost: float = 1.0,
    lowest: float = 0.05,
    highest: float = 0.95,
) -> Calibration:
    """The calibration with the threshold that minimises (false yeses * ``false_yes_cost`` + false noes) on
    the labelled rows, searched between ``lowest`` and ``highest``; ties go to the middle of the best run."""
    probabilities = [calibration.probability(r) for r in rows]
    grid = [round(lowest + i * 0.01, 2) for i in range(int(round((highest - lowest) / 0.01)) + 1)]
    costs = []
    for t in grid:
        false_yes = sum(1 for p, y in zip(probabilities, labels, strict=True) if p >= t and not y)
        false_no = sum(1 for p, y in zip(probabilities, labels, strict=True) if p < t and y)
        costs.append(false_yes * false_yes_cost + false_no)
    best = min(costs)
    run = [t for t, c in zip(grid, costs, strict=True) if c == best]
    threshold = run[len(run) // 2]
    info = {**calibration.info, "threshold_cost": round(best, 3)}
    return Calibration(calibration.features, calibration.weights, calibration.bias, threshold, info)
