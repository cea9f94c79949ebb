"""Negation: a claim that says the opposite of its source ("there was no incident at the border" where the
passage reports one, "relations were not a concern" where the passage voices concern).

``flipped`` aligns the claim with the clause of the passages that holds most of its words (across
languages, as lexical support matches them) and compares their polarity: an odd number of negations in one
and not in the other. Phrases that look negative but are not ("not only", "tidak hanya", "tak lama
kemudian") do not count. Pure functions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.citations import split_sentences
from assistant.lexical import TokenIndex, claim_tokens, weighted_share
from assistant.vocabulary import NEGATIONS, NOT_NEGATING

MIN_ALIGNMENT = 0.5
"""Share of the claim's words the aligned clause must hold for its polarity to be compared."""

_NOT_NEGATING = re.compile(
    r"\b(?:" + "|".join(re.escape(p) for p in sorted(NOT_NEGATING, key=len, reverse=True)) + r")\b", re.IGNORECASE
)
_CLAUSE = re.compile(
    r"\s*[;:]\s*|,\s+|\s+[–—]\s+|\s+(?=(?:but|while|whereas|although|namun|tetapi|sedangkan|sementara|meskipun|padahal)\b)",
    re.IGNORECASE,
)


def negations(text: str) -> int:
    """How many negating words ``text`` holds ("n't" counts; "not only", "tidak hanya" do not)."""
    text = _NOT_NEGATING.sub(" ", text.lower())
    words = re.findall(r"[^\W\d_]+(?:'t)?", text)
    return sum(1 for w in words if w in NEGATIONS or w.endswith("n't"))


def negative(text: str) -> bool:
    return negations(text) % 2 == 1


def passage_clauses(passages: Sequence[str]) -> list[tuple[str, str]]:
    """(clause, the sentence it belongs to) for every clause of the passages' sentences."""
    return [(c, s) for p in passages for s in split_sentences(p) for c in _CLAUSE.split(s) if c and c.strip()]


def aligned_clause(claim: str, passages: Sequence[str]) -> tuple[str, str, float] | None:
    """The passage clause that holds the largest weighted share of the claim's words, its sentence, and that
    share; a clause that negates wins a tie (its polarity is what a flip is checked against)."""
    tokens = [t for t in claim_tokens(claim) if t.word not in NEGATIONS]
    if not tokens:
        return None
    best: tuple[str, str, float] | None = None
    for clause, sentence in passage_clauses(passages):
        share = weighted_share(tokens, TokenIndex([clause]))[0]
        if best is None or share > best[2] or (share == best[2] and negative(clause) and not negative(best[0])):
            best = (clause, sentence, share)
    return best


def flipped(claim: str, passages: Sequence[str]) -> str | None:
    """The passage clause one of the claim's clauses negates (or that negates what it affirms), else None."""
    for part in _CLAUSE.split(claim):
        if not part or len(claim_tokens(part)) < 2:
            continue
        found = aligned_clause(part, passages)
        if found is None or found[2] < MIN_ALIGNMENT:
            continue
        clause, sentence, _ = found
        denied = negative(part) and not negative(clause) and not negative(sentence)  # the negation may sit
        affirmed = not negative(part) and negative(clause)  # in a neighbouring clause ("..., yang tidak ...")
        if denied or affirmed:
            return " ".join(clause.split())
    return None
