"""Which attribute of which event a value in a sentence gives: its *slot*. Pure functions.

A disagreement is only between values of the same slot: the same kind (time, duration, number, place,
person, organisation), the same relation to the event (``VALUE_RELATIONS``: "ke Vietnam" is where he goes
next, "di Ukraina" where a war is; "selama dua hari" how long, "dalam 24 tahun" within what span), and the
same event, read from the words around the value (``WINDOW`` words each side): both hold a word of what
happens (not a name, a number, nor a word of attribution such as "kata", "said"), and when both name someone
or somewhere, a name in common. A person is compared only as a name (no dictionary word in it: never
"Kemitraan Strategis") given the same relation or the same role ("Menteri Pertahanan ..."); a number only
with the same noun after it ("24 orang" vs "30 orang").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from assistant.answering.candidates import find_candidates
from assistant.answering.question import AnswerType
from assistant.answering.values import Value, canonical
from assistant.language import dictionary_word, function_word
from assistant.lexical import ClaimToken, TokenIndex, claim_tokens
from assistant.text import stem
from assistant.vocabulary import (
    APPROXIMATE,
    DETERMINERS,
    HONORIFICS,
    NOT_EVENT_WORDS,
    REPORTING_WORDS,
    ROLE_WORDS,
    UNIQUE_MARKERS,
    VALUE_RELATIONS,
)

WINDOW = 10
"""Words on each side of a value read as its event."""
HEADS = 2
"""Event words of a value's phrase (``Fact.phrase``): the last two before it."""
RUN_GAP = 20
"""Characters at most between time candidates that are read as one time ("Rabu (19/6) pukul 3 pagi")."""
COMPARED = (
    AnswerType.TIME,
    AnswerType.DURATION,
    AnswerType.NUMBER,
    AnswerType.PLACE,
    AnswerType.PERSON,
    AnswerType.ORGANISATION,
)
_WORD = re.compile(r"[\w'’.-]+")
_CLAUSE = re.compile(r"[,;:–—]|\s-\s")
_SKIPPED = (
    DETERMINERS
    | HONORIFICS
    | NOT_EVENT_WORDS
    | frozenset(w for p in APPROXIMATE.replace("\n", "").split("|") for w in p.split())
)


@lru_cache(maxsize=1)
def _relations() -> dict[AnswerType, dict[str, str]]:
    out: dict[AnswerType, dict[str, str]] = {}
    for kind, table in VALUE_RELATIONS.items():
        out[AnswerType(kind)] = {w: relation for relation, words in table.items() for w in words.split()}
    return out


@dataclass(frozen=True)
class Fact:
    """A value a sentence gives, and the slot it fills."""

    value: Value
    sentence: str
    start: int
    end: int
    relation: str
    """The value's relation to the event ("to", "at", "for", ...; "" when none is written)."""
    role: str
    """A person's role title ("menteri pertahanan"), a number's noun ("orang"); "" when none."""
    window: str
    """The words around the value (the value left out)."""
    heads: tuple[str, ...] = ()
    """The words of the event the value attaches to: the nearest before it in its clause ("tiba" in "tiba di
    Pyongyang pada Selasa malam"), or, for a value put first ("Pada Rabu pukul 3 pagi, Putin disambut ...
    saat tiba ..."), those of the clause it stands before."""
    names: tuple[str, ...] = ()
    """The names in the window (capitalised words not starting the sentence, acronyms)."""
    phrase: tuple[str, ...] = ()
    """The last ``HEADS`` event words before the value, for a claim matched across languages."""

    @property
    def kind(self) -> AnswerType:
        return self.value.kind


def runs(sentence: str, texts: Iterable[str], kind: AnswerType) -> list[tuple[int, int]]:
    """The spans of ``texts`` in ``sentence``; time candidates written together make one run."""
    spans = sorted({(at, at + len(t)) for t in texts if (at := sentence.find(t)) >= 0})
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if out and start <= out[-1][1] or (out and kind is AnswerType.TIME and start - out[-1][1] <= RUN_GAP):
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    return out


def person_name(text: str) -> bool:
    """Whether a PERSON candidate reads as a person's name: at most four words, none a dictionary word."""
    words = re.findall(r"[^\W\d_]+", text)
    return 0 < len(words) <= 4 and not any(dictionary_word(w.lower()) for w in words)


def sentence_facts(
    sentence: str, places: frozenset[str] = frozenset(), kinds: Iterable[AnswerType] = COMPARED
) -> list[Fact]:
    """The values of ``kinds`` the sentence gives, each with its slot."""
    out: list[Fact] = []
    taken: list[tuple[int, int]] = []  # spans of times and durations: a number inside one is not a count
    for kind in sorted(kinds, key=lambda k: k is AnswerType.NUMBER):
        texts = [c.text for c in find_candidates(sentence, kind, places)]
        for start, end in runs(sentence, texts, kind):
            if kind is AnswerType.NUMBER and any(a < end and start < b for a, b in taken):
                continue
            if kind in (AnswerType.TIME, AnswerType.DURATION):
                taken.append((start, end))
            fact = make_fact(sentence, start, end, kind)
            if fact is not None:
                out.append(fact)
    return out


def make_fact(sentence: str, start: int, end: int, kind: AnswerType) -> Fact | None:
    """The fact of the value at ``sentence[start:end]`` (None when it reads as no value of ``kind``)."""
    text = sentence[start:end]
    value = canonical(text, kind)
    if value is None or (kind is AnswerType.PERSON and not person_name(text)):
        return None
    before = [w.lower().strip(".,;:()\"'“”") for w in _WORD.findall(sentence[:start])]
    after = [w.lower().strip(".,;:()\"'“”") for w in _WORD.findall(sentence[end:])]
    relation = _relation([text.split()[0].lower()] + before[::-1], kind, first_is_value=True)
    role = ""
    if kind in (AnswerType.PERSON, AnswerType.ORGANISATION):
        titles = []
        for w in reversed(before):
            if w not in ROLE_WORDS:
                break
            titles.append(w)
        role = " ".join(reversed(titles))
    elif kind is AnswerType.NUMBER:
        role = stem(after[0]) if after and not after[0][:1].isdigit() else ""
    if kind is AnswerType.PLACE and not relation:
        return None  # a place named with no relation ("Putin", "Rusia" as a subject) is no attribute
    left, right = clause_window(sentence, start, end)
    before_words, after_words = _words(sentence, *left)[-WINDOW:], _words(sentence, *right)[:WINDOW]
    events = [w for w, name in before_words if not name]
    heads = events[-1:] or [w for w, name in after_words if not name]
    names = tuple(dict.fromkeys(w for w, name in before_words + after_words if name))
    window = " ".join(w for w, _ in before_words) + " … " + " ".join(w for w, _ in after_words)
    return Fact(value, sentence, start, end, relation, role, window, tuple(heads), names, tuple(events[-HEADS:]))


def clause_window(sentence: str, start: int, end: int) -> tuple[tuple[int, int], tuple[int, int]]:
    """The spans of the value's clause before and after it; a clause with no word of an event (a fronted
    "Pada Rabu (19/6) pukul 3 pagi,") reads on into the next one."""
    cuts = [0] + [m.end() for m in _CLAUSE.finditer(sentence)] + [len(sentence)]
    first = max(c for c in cuts if c <= start)
    last = min((c for c in cuts if c >= end), default=len(sentence))
    if not any(not name for w, name in _words(sentence, first, start) + _words(sentence, end, last)):
        last = min((c for c in cuts if c > last), default=len(sentence))
    return (first, start), (end, last)


def _words(sentence: str, start: int, end: int) -> list[tuple[str, bool]]:
    """(word, is a name) for the words of ``sentence[start:end]`` that say
    what happens or who: function words, role titles, words of attribution and of times left out. A
    capitalised word is a name unless it starts the sentence."""
    out: list[tuple[str, bool]] = []
    for m in re.finditer(r"[^\W\d_]+(?:-[^\W\d_]+)*", sentence[start:end]):
        w, low = m.group(0), m.group(0).lower()
        if function_word(low) or low in NOT_EVENT_WORDS or low in ROLE_WORDS or len(low) < 3:
            continue
        if low in REPORTING_WORDS or stem(low) in REPORTING_WORDS:
            continue
        initial = not sentence[: start + m.start()].strip(" \"'“‘([-")
        name = (w[0].isupper() and not (initial and dictionary_word(low))) or (len(w) > 1 and w.isupper())
        out.append((low, name))
    return out


def _relation(words: list[str], kind: AnswerType, first_is_value: bool = False) -> str:
    """The relation word among the value's first word and the few words before it (titles, determiners and
    "sekitar"/"about" skipped)."""
    table = _relations().get(kind, {})
    for i, w in enumerate(words[:4]):
        if w in table:
            return table[w]
        if i == 0 and first_is_value:
            continue
        if w not in _SKIPPED and w not in ROLE_WORDS:
            return ""
    return ""


def _matches(word: str, texts: Sequence[str]) -> bool:
    return bool(word) and TokenIndex(texts).has(ClaimToken(stem(word), word, False, False))


def same_event(a: Fact, b: Fact, wide: bool = False) -> bool:
    """Whether two values' surroundings describe the same event: a word of the event both attach to (``heads``,
    or with ``wide`` their ``phrase``) in common, and a name in common (or neither names anyone)."""
    ha, hb = ((a.phrase or a.heads), (b.phrase or b.heads)) if wide else (a.heads, b.heads)
    if not any(_matches(h, hb) for h in ha):
        return False
    if bool(a.names) != bool(b.names):
        return False
    return not a.names or any(_matches(n, b.names) for n in a.names)


def same_slot(a: Fact, b: Fact, wide: bool = False) -> bool:
    """Whether two facts give the same attribute of the same event (see the module docstring); ``wide``: by the
    event words of the value's phrase, for a claim and a passage in two languages ("weapons tests" and "uji coba
    senjata" share a word where "tests" and "senjata" do not)."""
    if a.kind is not b.kind or a.relation != b.relation:
        return False
    if a.kind in (AnswerType.PERSON, AnswerType.ORGANISATION):
        if (a.role or b.role) and a.role != b.role:
            return False  # "Menteri Pertahanan X" and "Menteri Luar Negeri Y" are two people
        if not a.role and not a.relation:
            return False  # two people named as subjects are two people, not two answers
    if a.kind is AnswerType.NUMBER and a.role != b.role:
        return False
    return same_event(a, b, wide)


def described_alike(a: Fact, b: Fact) -> bool:
    """Two names given the same one-of-a-kind description ("satu-satunya gereja Ortodoks di Korea Utara") name
    the same thing, however differently they are written."""
    da, db = _unique_description(a), _unique_description(b)
    if not da or not db:
        return False
    ta = claim_tokens(da)
    found = sum(TokenIndex([db]).has(t) for t in ta)
    return bool(ta) and found / len(ta) >= 0.8


def _unique_description(fact: Fact) -> str:
    """The words after a one-of-a-kind marker that follows the name closely (""  when none)."""
    tail = fact.sentence[fact.end : fact.end + 120]
    for marker in UNIQUE_MARKERS:
        at = tail.lower().find(marker)
        if 0 <= at <= 3:
            words = tail[at + len(marker) :].split()
            return " ".join(words[:6])
    return ""
