"""What a support judge is, its verdicts, and attributing a claim to the passage that supports it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable


@runtime_checkable
class SupportJudge(Protocol):
    """Scores how well passages, taken together, support a claim (0..1); supported means >= threshold."""

    threshold: float

    def score(self, claim: str, passages: Sequence[str]) -> float:
        """How well ``passages`` together support ``claim``, 0..1."""
        ...


@dataclass(frozen=True)
class SupportVerdict:
    """A judged claim: its score, whether that is support, and why not ("" when supported)."""

    score: float
    supported: bool
    reason: str = ""
    contradicted: bool = False
    """The passages state otherwise (a negation flipped, a role given to someone else, another value for the
    same thing): such a claim is not re-cited to another passage."""


def verdict(judge: SupportJudge, claim: str, passages: Sequence[str]) -> SupportVerdict:
    """The judge's verdict on ``claim``, with a reason when the judge can give one."""
    explain = getattr(judge, "verdict", None)
    if callable(explain):
        result = explain(claim, passages)
        assert isinstance(result, SupportVerdict)
        return result
    score = judge.score(claim, passages)
    ok = score >= judge.threshold
    return SupportVerdict(score, ok, "" if ok else f"support {score:.2f} is below {judge.threshold:.2f}")


def attribute(claim: str, passages: Sequence[str], judge: SupportJudge) -> tuple[int | None, float]:
    """(index of the single passage that best supports ``claim`` if it reaches the threshold, its score).

    The score is the best single-passage score, returned also when no passage reaches the threshold.
    """
    warm = getattr(judge, "warm", None)
    if callable(warm):
        warm([claim], passages)
    best_i: int | None = None
    best = 0.0
    for i, p in enumerate(passages):
        s = judge.score(claim, [p])
        if best_i is None or s > best:
            best_i, best = i, s
    if best_i is None or best < judge.threshold:
        return None, best
    return best_i, best
