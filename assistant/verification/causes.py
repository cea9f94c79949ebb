"""A claim that gives a cause ("X because Y", "X karena Y") must rest on a passage that gives it as a cause:
both facts being true is not enough. A fluent answer can join two true sentences with "because"; the
passages then hold every word of it and the link is still invented."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.citations import split_sentences
from assistant.lexical import TokenIndex, claim_tokens, weighted_share
from assistant.vocabulary import CAUSAL_MARKERS, CAUSE_CONNECTIVES

_CONNECTIVE = re.compile(rf"\b(?:{'|'.join(re.escape(c) for c in CAUSE_CONNECTIVES)})\b", re.IGNORECASE)
_SCHEDULED = re.compile(
    r"\b(?i:is|are|was|were|be|been|being)\s+due\s+to\s+[a-z]+(?<!ing)(?<!s)"
    r"(?=\s+(?:(?i:the|a|an|on|in|at|to|with|for|from|by|his|her|its|their|this|that)\b|[A-Z])|\s*[,.;]|\s*$)"
)
"""English "due to" before a verb says when something is set to happen ("the visit was due to begin on
Tuesday", "due to meet Kim"), not why; a cause follows as a noun phrase ("due to the storm", "due to heavy
rain", "due to rising prices")."""
MIN_CAUSE_TOKENS = 2
"""A cause of fewer content words than this is not located (the support check has the last word on it)."""
OPENING_WORDS = 3
"""A consequence the next sentence opens with ("Akibatnya,", "Karena itu", "As a result") links it to this one."""
FOUND_SHARE = 0.5
"""The share of the cause's words a passage sentence must hold to be where the claim's cause is stated."""


def _marked(sentence: str) -> bool:
    words = {w.lower() for w in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", sentence)}
    return bool(words & CAUSAL_MARKERS)


def _scheduled(claim: str, connective: re.Match[str]) -> bool:
    """Whether the connective found is the "due to" of a schedule (``_SCHEDULED``)."""
    return any(m.start() < connective.start() < m.end() for m in _SCHEDULED.finditer(claim))


def unstated_cause(claim: str, passages: Sequence[str]) -> str | None:
    """The cause ``claim`` gives when the passage sentence stating it gives no cause, consequence or purpose
    (nor does the next sentence open with a consequence and hold the claim's effect); None when the claim
    gives no cause, the cause is not located in the passages (the support check judges that), or the passages
    link it."""
    found = next((m for m in _CONNECTIVE.finditer(claim) if not _scheduled(claim, m)), None)
    if found is None:
        return None
    cause, effect = claim[found.end() :].strip(" ,."), claim[: found.start()]
    tokens, effect_tokens = claim_tokens(cause), claim_tokens(effect)
    if len(tokens) < MIN_CAUSE_TOKENS:
        return None
    located = False
    for passage in passages:
        sentences = split_sentences(passage)
        shares = [weighted_share(tokens, TokenIndex([s]))[0] for s in sentences]
        for i, share in enumerate(shares):
            if share < FOUND_SHARE or share < max(shares):
                continue
            located = True
            if _marked(sentences[i]):
                return None
            after = sentences[i + 1] if i + 1 < len(sentences) else ""
            if (
                _marked(" ".join(after.split()[:OPENING_WORDS]))
                and weighted_share(effect_tokens, TokenIndex([after]))[0]
            ):
                return None  # "Omzet turun 70 persen. Akibatnya, pedagang berjualan di jalan."
    return cause if located else None
