"""Follow-up questions: which entity a pronoun refers to, and a standalone question that names it.

A follow-up refers back with a pronoun ("he", "there", "dia", "di sana", "ajudannya", "tersebut"). The
previous turn's *focus entities* are what it can refer to: the answer's candidate of the type the previous
question asked for (the person a "who" question got), then the previous question's own names. A person
pronoun takes the first person among them, a place pronoun the first place, "it/that/tersebut" the answer's
candidate ("that agency" -> "agency KCNA"). ``rewrite`` puts the entity in the pronoun's place; ``names_entity`` tells whether a model's
rewrite kept it (otherwise the deterministic rewrite takes over).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.answering.candidates import find_candidates, name_runs, place_tokens
from assistant.answering.question import AnswerType, analyse_question
from assistant.citations import strip_markers
from assistant.language import dictionary_word

_PERSON = r"he|she|him|his|her|hers|they|them|their|dia|ia|beliau|mereka"
_PLACE = r"there|di sana|ke sana|dari sana|di situ|ke situ|di tempat itu|di kota itu|di negara itu"
_THING_BEFORE = r"that|this|the same"
_THING_AFTER = r"tersebut|itu|ini"
_POSSESSIVE = frozenset({"his", "her", "their", "its"})
_NOT_POSSESSIVE_NYA = frozenset(
    "hanya punya bertanya tanya nyanya sebelumnya selanjutnya lainnya akhirnya biasanya sesungguhnya".split()
)


@dataclass(frozen=True)
class Entities:
    """What the previous turn talked about, by kind; the first of each kind is the likeliest referent."""

    people: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    things: tuple[str, ...] = ()

    @property
    def person(self) -> str | None:
        return self.people[0] if self.people else None

    @property
    def place(self) -> str | None:
        return self.places[0] if self.places else None

    @property
    def thing(self) -> str | None:
        return self.things[0] if self.things else None


def focus_entities(question: str, answer: str) -> Entities:
    """The entities of a finished turn a follow-up can refer to (see the module docstring)."""
    analysis = analyse_question(question)
    text = strip_markers(answer)
    places = place_tokens([text, question])
    found: dict[AnswerType, list[str]] = {}
    fresh_any: list[str] = []
    for kind in (AnswerType.PERSON, AnswerType.PLACE, AnswerType.ORGANISATION, AnswerType.TIME):
        asked = [c.text for c in find_candidates(text, kind, places)]
        own = [c.text for c in find_candidates(question, kind, places)]
        fresh = [c for c in asked if c.lower() not in question.lower()]
        fresh_any += [c for c in fresh if c not in fresh_any]
        ordered = fresh + own if analysis.answer_type is kind else own + fresh
        found[kind] = list(dict.fromkeys(ordered))
    found[AnswerType.PLACE] = [p for p in found[AnswerType.PLACE] if p not in found[AnswerType.PERSON]]
    answered = found.get(analysis.answer_type, []) if analysis.typed else fresh_any
    things = answered + [n for n, _, _ in name_runs(question) if n not in answered]
    return Entities(tuple(found[AnswerType.PERSON]), tuple(found[AnswerType.PLACE]), tuple(things))


def rewrite(followup: str, entities: Entities) -> str:
    """``followup`` with its pronouns replaced by the entities they refer to (unchanged when it has none)."""
    text = followup
    if entities.person:
        person = entities.person

        def person_for(m: re.Match[str]) -> str:
            return f"{person}'s" if m.group(0).lower() in _POSSESSIVE else person

        text = re.sub(rf"(?<![\w-])(?:{_PERSON})(?![\w-])", person_for, text, flags=re.IGNORECASE)
        text = re.sub(r"\b(\w{3,})nya\b", lambda m: _nya(m, person), text)
    if entities.place:
        text = re.sub(
            rf"(?<![\w-])({_PLACE})(?![\w-])",
            lambda m: _place_phrase(m.group(1), entities.place or ""),
            text,
            flags=re.IGNORECASE,
        )
    if entities.thing and text == followup:
        text = re.sub(
            rf"\b(?:{_THING_BEFORE})\s+([a-z][\w-]*)", rf"\1 {entities.thing}", text, count=1, flags=re.IGNORECASE
        )
    if entities.thing and text == followup:
        text = re.sub(rf"\b([a-z][\w-]*)\s+(?:{_THING_AFTER})\b", rf"\1 {entities.thing}", text, count=1)
    return text


def _nya(m: re.Match[str], person: str) -> str:
    """ "ajudannya" -> "ajudan Putin"; words that merely end in -nya stay."""
    word, root = m.group(0), m.group(1)
    if word.lower() in _NOT_POSSESSIVE_NYA or word.lower().startswith("se") or not dictionary_word(root):
        return word
    return f"{root} {person}"


def _place_phrase(pronoun: str, place: str) -> str:
    low = pronoun.lower()
    if low.startswith("ke "):
        return f"ke {place}"
    if low.startswith("dari "):
        return f"dari {place}"
    if low.startswith("di "):
        return f"di {place}"
    return f"in {place}"


def names_entity(rewritten: str, entities: Entities, followup: str) -> bool:
    """Whether a rewritten follow-up names an entity of each kind its pronouns refer to (any of the previous
    turn's people for "he", ...) and is not much longer than the deterministic rewrite, as a rewrite that
    pulled in a whole sentence would be."""
    expected = rewrite(followup, entities)
    low = rewritten.lower()

    def named(entity: str) -> bool:
        return all(w in low for w in entity.lower().split() if len(w) > 2)

    for first, options in (
        (entities.person, entities.people),
        (entities.place, entities.places),
        (entities.thing, entities.things),
    ):
        resolved = first and first.lower() in expected.lower() and first.lower() not in followup.lower()
        if resolved and not any(named(e) for e in options):
            return False
    return len(rewritten.split()) <= len(expected.split()) + MAX_EXTRA_WORDS


MAX_EXTRA_WORDS = 6
"""How many words longer than the deterministic rewrite a model's rewrite may be."""
