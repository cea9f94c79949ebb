"""Who did it to whom: a claim that puts two named parties on the other sides of what the passage says one did
to the other ("Kim Jong Un thanked Putin" where the passage says Putin thanked Kim; "Moskow menuduh Washington"
where Washington accused Moscow). Every word of such a claim is in the passage; only the order is wrong.

The passage sentence the claim rests on must name both parties and write the claim's verb (its first word
after who does it; across languages, as lexical support matches words) between them, with the parties the
other way round. Not read as a swap: a passive on either side ("oleh", "by", "was ... by", an Indonesian
"di-" verb), and what two parties do together whichever way it is written (``vocabulary.SYMMETRIC``: "met",
"bertemu", "with"). Pure functions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.citations import split_sentences
from assistant.language import function_word
from assistant.lexical import TokenIndex, claim_tokens, weighted_share
from assistant.vocabulary import ROLE_WORDS, SYMMETRIC

_NAME_RUN = re.compile(r"(?<![\w-])[A-Z][\w-]*(?:['’]s)?(?:\s+[A-Z][\w-]*(?:['’]s)?)*")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_PASSIVE = re.compile(r"\b(?:oleh|by)\b|\b(?:was|were|been|being|is|are)\s+\w+(?:ed|en)\b", re.IGNORECASE)
MIN_ALIGNMENT = 0.6
"""Share of the claim's words the passage sentence must hold to be the one it restates."""


def _parties(text: str) -> list[tuple[str, int, int]]:
    """(key, start, end) of each named party: a capitalised run, its last word that is not a role word as key
    ("Kim Jong Un" -> "un"; "Presiden Putin" -> "putin"), possessive "'s" dropped."""
    out = []
    for m in _NAME_RUN.finditer(text):
        words = [re.sub(r"['’]s$", "", w).lower() for w in m.group(0).split()]
        people = [w for w in words if w not in ROLE_WORDS and not function_word(w)]
        if people:
            out.append((people[-1], m.start(), m.end()))
    return out


def _first(key: str, words: Sequence[tuple[str, int]]) -> int | None:
    """The position of the first word of ``words`` that is the name ``key`` (exactly, by alias or fuzzily)."""
    return next((at for w, at in words if w.lower() == key or TokenIndex([w]).has_name(key)), None)


def _restated(claim: str, passages: Sequence[str]) -> str | None:
    """The passage sentence that holds the largest share of the claim's words, when it holds MIN_ALIGNMENT."""
    tokens = claim_tokens(claim)
    scored = [(weighted_share(tokens, TokenIndex([s]))[0], s) for p in passages for s in split_sentences(p)]
    share, sentence = max(scored, default=(0.0, ""))
    return sentence if tokens and share >= MIN_ALIGNMENT else None


def swapped_parties(claim: str, passages: Sequence[str]) -> str | None:
    """The passage sentence in which the claim's first two parties (who does it, and to whom) stand the other
    way round about what the claim says between them, else None."""
    parties = _parties(claim)
    if len(parties) < 2:
        return None
    sentence = _restated(claim, passages)
    if sentence is None:
        return None
    words = [(m.group(0), m.start()) for m in _WORD.finditer(sentence)]
    (a, _, a_end), (b, b_start, _) = parties[0], parties[1]  # who does it, and to whom
    between = claim[a_end:b_start]
    said = [t for t in claim_tokens(between) if not t.is_name and not t.is_number][:1]  # the verb after "who"
    if a == b or not said or _PASSIVE.search(between) or _symmetric(between):
        return None
    at_a, at_b = _first(a, words), _first(b, words)
    if at_a is None or at_b is None or at_b >= at_a:
        return None
    theirs = sentence[at_b:at_a]
    if _PASSIVE.search(theirs) or _symmetric(theirs):
        return None
    inside = [w for w, at in words if at_b < at < at_a and w.islower() and not w.startswith("di")]
    return " ".join(sentence.split()) if any(TokenIndex([w]).has(t) for t in said for w in inside) else None


def _symmetric(text: str) -> bool:
    return any(w.lower() in SYMMETRIC for w in _WORD.findall(text))
