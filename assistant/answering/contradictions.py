"""Value contradictions: a time, date, duration or number in an answer sentence that the passage sentence it
rests on gives differently ("3 p.m." where the article says "pukul 3 pagi", "the past few years" where it
says "beberapa bulan terakhir").

The sentence an answer sentence rests on is the passage sentence holding most of its words (across
languages, as lexical support matches them). Values are read and compared with ``values.canonical`` and
``conflicts.conflict``, the rules the disagreement finder uses: when that sentence gives values of a kind,
a claim value of that kind that agrees with none of the cited passages' values is a contradiction, unless it
is a count the passages write elsewhere (the "10" of "10 hingga 16 Maret"). A kind
the sentence gives no value of is left to the support check (a number in no passage is already flagged).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.answering.candidates import find_candidates, place_tokens
from assistant.answering.conflicts import conflict
from assistant.answering.question import AnswerType
from assistant.answering.slots import Fact, same_slot, sentence_facts
from assistant.answering.values import Value, canonical
from assistant.citations import split_sentences, strip_markers
from assistant.lexical import TokenIndex, claim_tokens, numbers, weighted_share

KINDS = (AnswerType.TIME, AnswerType.DURATION, AnswerType.NUMBER)
NAMED = (AnswerType.PLACE, AnswerType.PERSON, AnswerType.ORGANISATION)
"""Kinds compared by slot (``slots.same_slot``): the same relation to the same event."""
MIN_ALIGNMENT = 0.4
"""Share of the claim's words (numbers aside) a passage sentence must hold to be one it rests on."""
RESTING_MARGIN = 0.25
"""How far below the best sentence's share another sentence may hold the claim's words and still be one it
rests on (a value written only in a sentence about something else is not the claim's)."""


def comparable(a: Value, b: Value) -> bool:
    """Whether two values say something about the same facet (two weekdays, two dates, two clock times or
    parts of day, two years); values of other kinds than time always are."""
    if a.kind is not AnswerType.TIME:
        return True
    facets = (
        (a.weekday, b.weekday),
        (a.day, b.day),
        (a.month, b.month),
        (a.year, b.year),
        (a.clock if a.clock is not None else a.part, b.clock if b.clock is not None else b.part),
    )
    return any(x is not None and y is not None for x, y in facets)


def _values(text: str, kind: AnswerType) -> list[Value]:
    found = (canonical(c.text, kind) for c in find_candidates(text, kind))
    return [v for v in found if v is not None and v.exact]


def resting_sentences(claim: str, passages: Sequence[str]) -> list[str]:
    """The passage sentences the claim can rest on, the likeliest first: those holding at least MIN_ALIGNMENT
    of its words (numbers aside) and within RESTING_MARGIN of the sentence that holds most; [] when none."""
    tokens = [t for t in claim_tokens(claim) if not t.is_number]
    if not tokens:
        return []
    scored = [
        (weighted_share(tokens, TokenIndex([sentence]))[0], sentence)
        for passage in passages
        for sentence in split_sentences(passage)
    ]
    best = max((share for share, _ in scored), default=0.0)
    floor = max(MIN_ALIGNMENT, best - RESTING_MARGIN)
    return [s for share, s in sorted(scored, key=lambda x: -x[0]) if share >= floor]


def value_conflict(claim: str, passages: Sequence[str]) -> str | None:
    """Why the claim contradicts the sentence it rests on by a value ("" never): None when it does not.

    The one value of a kind a claim gives counts as the passages' own only where the claim can rest
    (``resting_sentences``): "74 ton" written of September is no support for "74 ton in October" where the
    sentence about October says 186."""
    claim = strip_markers(claim)
    resting = resting_sentences(claim, passages)
    if not resting:
        return None
    sentence = resting[0]
    for kind in KINDS:
        theirs = _values(sentence, kind)
        if not theirs:
            continue
        mine = _values(claim, kind)
        # one value of a kind is the claim's fact, and must be the passages' where the claim rests; a claim
        # giving several ("in October, twice September's") may take each from a sentence of its own. Facets
        # of one time are one value ("Jumat (1/8/2025)"); two years are two ("sebelum 2023, pada April 2019").
        one = all(not comparable(a, b) for i, a in enumerate(mine) for b in mine[i + 1 :])
        where = resting if one else [s for p in passages for s in split_sentences(p)]
        written = numbers(" ".join(where))
        anywhere = [v for s in where for v in _values(s, kind)]
        for value in mine:
            if kind is AnswerType.NUMBER and numbers(value.display) <= written:
                continue  # written there (in a date, a time, another count): not another value
            same = [other for other in theirs if comparable(value, other)]
            if same and all(conflict(value, other) for other in anywhere if comparable(value, other)):
                said = " ".join(same[0].display.split())
                return f'a different {kind.value}: "{value.display}" where the passage says "{said}"'
    return named_conflict(claim, sentence, passages)


def apposed(fact: Fact, other: Fact) -> bool:
    """Whether the sentence names ``fact``'s value right after ``other``'s, set off by a comma: the same
    place or body named twice ("singgah di Yakutsk, Siberia Timur" for "in Eastern Siberia")."""
    after = other.sentence[other.end :]
    if not after.lstrip().startswith(","):
        return False
    apposition = re.split(r"[,;.]", after.lstrip()[1:], maxsplit=1)[0]
    tokens = claim_tokens(fact.value.display)
    return bool(tokens) and all(TokenIndex([apposition]).has(t) for t in tokens)


def named_conflict(claim: str, sentence: str, passages: Sequence[str]) -> str | None:
    """A place, person or organisation the claim gives in a slot (``slots.same_slot``: "tiba di X") that the
    sentence it rests on fills with another, and that no sentence of the passages gives in that slot."""
    places = place_tokens([claim, *passages])
    mine = sentence_facts(claim, places, NAMED)
    if not mine:
        return None
    theirs = sentence_facts(sentence, places, NAMED)
    everywhere = [f for p in passages for s in split_sentences(p) for f in sentence_facts(s, places, NAMED)]
    for fact in mine:
        same = [other for other in theirs if same_slot(fact, other, wide=True) and not apposed(fact, other)]
        if same and all(conflict(fact.value, other.value) for other in everywhere if same_slot(fact, other, True)):
            said = " ".join(same[0].value.display.split())
            return f'a different {fact.kind.value}: "{fact.value.display}" where the passage says "{said}"'
    return None
