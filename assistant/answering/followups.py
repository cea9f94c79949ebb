"""Follow-up questions: what a pronoun refers to, and the deterministic standalone question that names it.

A follow-up refers back with a pronoun ("he", "they", "there", "dia", "mereka", "di sana", "ajudannya"), a
demonstrative on a noun of the previous turn ("that agency", "badan tersebut"), or it is elliptical ("Kalau
Lavrov?", "What about Kim?"). What it can refer to is the previous turn's *checked* text: the supported
sentences of its answer, or its question alone when the answer was refused or flagged (``Turn.checked``).

Which person a singular pronoun stands for: the first person the answer names, since an answer's subject is
what a reader goes on asking about ("Yuri Ushakov said ..." -> "his remarks" is Ushakov's); but the previous
question's own person when the answer is a list of people (the list is no "he"), or when the follow-up asks the
same thing again for another answer ("Who else accompanied him?": "him" keeps its role). A plural pronoun
stands for the turn's people together (or, when it names none, the countries and bodies it names that the
follow-up does not: "Menurut Korea Selatan, kenapa mereka melintas?" after an answer about North Korean
soldiers). A place pronoun takes the answer's new place when the previous
question asked where, else the question's own place first.

``rewrite`` replaces each reference by what it refers to and changes nothing else, so every content word of
the follow-up stays.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.answering.candidates import find_candidates, name_runs, place_tokens
from assistant.answering.question import AnswerType, analyse_question
from assistant.citations import strip_markers
from assistant.language import dictionary_word
from assistant.vocabulary import (
    ANOTHER_WORDS,
    BARE_REFERENCES,
    COUNTRIES,
    DEMONSTRATIVES_AFTER,
    DEMONSTRATIVES_BEFORE,
    GROUP_PRONOUNS,
    NOT_POSSESSIVE_NYA,
    PERSON_PRONOUNS,
    PLACE_PRONOUNS,
    POSSESSIVE_PRONOUNS,
    QUESTION_WORDS,
    TOPIC_OPENERS,
)

_PERSON = "|".join(sorted(PERSON_PRONOUNS))
_GROUP = "|".join(sorted(GROUP_PRONOUNS))
_PLACE = "|".join(sorted(PLACE_PRONOUNS, key=len, reverse=True))
_OPENER = re.compile(rf"^\s*(?:{'|'.join(sorted(TOPIC_OPENERS, key=len, reverse=True))})\b\s*", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_BARE = re.compile(rf"\bit\b|\b(?:{'|'.join(sorted(BARE_REFERENCES - {'hal'}))})\b(?=\s*[?.!,]|\s*$)", re.IGNORECASE)


@dataclass(frozen=True)
class Entities:
    """What the previous turns talked about, by kind, the likeliest referent first."""

    people: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    things: tuple[str, ...] = ()
    group: tuple[str, ...] = ()
    """The people a plural pronoun ("they", "mereka") stands for."""
    question: str = ""
    """The previous turn's question (its standalone form), for elliptical follow-ups."""

    @property
    def person(self) -> str | None:
        return self.people[0] if self.people else None

    @property
    def place(self) -> str | None:
        return self.places[0] if self.places else None

    @property
    def thing(self) -> str | None:
        return self.things[0] if self.things else None

    def merged(self, earlier: Entities) -> Entities:
        """These entities, then an earlier turn's of each kind (used when this turn names none of a kind)."""

        def join(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
            return a or b

        return Entities(
            join(self.people, earlier.people),
            join(self.places, earlier.places),
            join(self.things, earlier.things),
            join(self.group, earlier.group),
            self.question or earlier.question,
        )


def _name(text: str) -> str:
    """A candidate as a referent: without a possessive ending ("Putin's" -> "Putin")."""
    return re.sub(r"['’]s$", "", text.strip())


def _unique(items: list[str]) -> tuple[str, ...]:
    out: list[str] = []
    for item in items:
        if item and not any(item.lower() == o.lower() for o in out):
            out.append(item)
    return tuple(out)


def focus_entities(question: str, answer: str, followup: str = "") -> Entities:
    """The entities of a finished turn (its question, its checked answer text) a follow-up can refer to, in
    the order the module docstring gives."""
    analysis = analyse_question(question)
    text = strip_markers(answer)
    places = place_tokens([text, question])
    low_question = question.lower()
    said = [_name(c.text) for c in find_candidates(text, AnswerType.PERSON, places)]
    own = [_name(c.text) for c in find_candidates(question, AnswerType.PERSON, places)]
    fresh = [p for p in said if p.lower() not in low_question]
    again = bool(set(re.findall(r"[\w-]+", followup.lower())) & ANOTHER_WORDS)
    listed = analysis.answer_type is AnswerType.PERSON and len(_unique(fresh)) > 1
    people = _unique(own + said) if again or listed or not said else _unique(said + own)
    found: dict[AnswerType, list[str]] = {}
    fresh_any: list[str] = []
    for kind in (AnswerType.PLACE, AnswerType.ORGANISATION, AnswerType.TIME):
        asked = [_name(c.text) for c in find_candidates(text, kind, places)]
        mine = [_name(c.text) for c in find_candidates(question, kind, places)]
        new = [c for c in asked if c.lower() not in low_question]
        fresh_any += [c for c in new if c not in fresh_any]
        found[kind] = list(_unique(new + mine if analysis.answer_type is kind else mine + new))
    found[AnswerType.PERSON] = list(people)
    place_list = [p for p in found[AnswerType.PLACE] if p not in people]
    answered = found.get(analysis.answer_type, []) if analysis.typed else fresh + fresh_any
    things = _unique(answered + [_name(n) for n, _, _ in name_runs(question)])
    named_here = followup.lower()
    nations = [e for e in found[AnswerType.PLACE] if e.lower() in COUNTRIES and e.lower() not in named_here]
    bodies = [e for e in found[AnswerType.ORGANISATION] if e.lower() not in named_here]
    group = _unique(own + said) or _unique(nations + bodies)  # "mereka" may be a country or a body
    return Entities(people, tuple(place_list), things, group, question)


def _join(names: tuple[str, ...], language: str) -> str:
    if len(names) <= 1:
        return names[0] if names else ""
    return f"{', '.join(names[:-1])} {'dan' if language == 'id' else 'and'} {names[-1]}"


def topic_phrase(followup: str) -> tuple[str, str]:
    """(the follow-up's own topic put first, the rest): "Kalau pakar dari Cambridge itu, apa pendapatnya?" ->
    ("pakar dari Cambridge itu", "apa pendapatnya?"); ("", followup) when it has none."""
    opener = _OPENER.match(followup)
    if opener is None:
        return "", followup
    head, comma, rest = followup[opener.end() :].partition(",")
    if comma and rest.strip():
        return head.strip(), rest
    return "", followup


def references(followup: str) -> bool:
    """Whether the follow-up points back at the conversation: a pronoun, a demonstrative, -nya, or it is
    elliptical (no question word of its own)."""
    low = followup.lower()
    words = set(_WORD.findall(low))
    if words & (PERSON_PRONOUNS | GROUP_PRONOUNS | BARE_REFERENCES | DEMONSTRATIVES_BEFORE):
        return True
    if re.search(rf"(?<![\w-])(?:{_PLACE})(?![\w-])", low) or any(_nya_root(w) for w in words):
        return True
    return elliptical(followup)


def elliptical(followup: str) -> bool:
    """A follow-up without a question of its own: "Kalau Lavrov?", "And Kim?", "What about the second day?"."""
    body = _OPENER.sub("", followup, count=1)
    if body == followup or "," in followup:
        return False
    return len(_WORD.findall(body)) <= 4 and not analyse_question(body).typed and "?" in followup


def _nya_root(word: str) -> str | None:
    """The noun of a possessive -nya ("ajudannya" -> "ajudan"); None for words that merely end in -nya."""
    if not word.endswith("nya") or len(word) < 6 or word in NOT_POSSESSIVE_NYA or word.startswith("se"):
        return None
    root = word[:-3]
    return root if dictionary_word(root) else None


def rewrite(followup: str, entities: Entities) -> str:
    """``followup`` with each reference replaced by what it refers to (unchanged when it has none)."""
    return resolve(followup, entities)[0]


def resolve(followup: str, entities: Entities) -> tuple[str, frozenset[str]]:
    """``rewrite``, and the kinds of reference it resolved ("person", "group", "place", "thing", "event" (a
    bare "that" given the previous question's words), "ellipsis")."""
    if elliptical(followup) and entities.question:
        return _fill_in(followup, entities), frozenset({"ellipsis"})
    language = analyse_question(followup).language
    topic, rest = topic_phrase(followup)
    head = followup[: len(followup) - len(rest)]
    text, kinds = rest, set()
    person, group = entities.person, _join(entities.group or entities.people[:1], language)
    if person and not topic:

        def person_for(m: re.Match[str]) -> str:
            return f"{person}'s" if m.group(0).lower() in POSSESSIVE_PRONOUNS else person

        before = text
        text = re.sub(rf"(?<![\w-])(?:{_PERSON})(?![\w-])", person_for, text, flags=re.IGNORECASE)
        text = re.sub(r"\b[^\W\d_]{6,}\b", lambda m: _nya(m.group(0), person), text)
        kinds |= {"person"} if text != before else set()
    if group:

        def group_for(m: re.Match[str]) -> str:
            return f"{group}'s" if m.group(0).lower() in POSSESSIVE_PRONOUNS else group

        before = text
        text = re.sub(rf"(?<![\w-])(?:{_GROUP})(?![\w-])", group_for, text, flags=re.IGNORECASE)
        kinds |= {"group"} if text != before else set()
    if entities.place:
        place, before = entities.place, text
        text = re.sub(rf"(?<![\w-])({_PLACE})(?![\w-])", lambda m: _place_phrase(m.group(1), place), text,
                      flags=re.IGNORECASE)  # fmt: skip
        kinds |= {"place"} if text != before else set()
    if entities.thing and text == rest and not topic:
        text = _demonstrative(text, entities)
        kinds |= {"thing"} if text != rest else set()
    if not kinds and not topic and entities.question and _BARE.search(text):
        text = _with_context(text, entities.question)
        kinds.add("event")
    return head + text, frozenset(kinds)


def _with_context(text: str, previous: str) -> str:
    """A follow-up whose "that"/"it" points at the previous question as a whole, with that question's words
    (not its question words) added: "Where exactly was that?" -> "Where exactly was that, Putin and Kim last
    meet?"."""
    words = previous.rstrip("?").split()
    while words and words[0].lower().strip(",") in QUESTION_WORDS:
        words = words[1:]
    context = " ".join(words)
    body = text.rstrip().rstrip("?").rstrip()
    return f"{body}, {context}?" if context else text


def _nya(word: str, person: str) -> str:
    """ "ajudannya" -> "ajudan Putin"; words that merely end in -nya stay."""
    root = _nya_root(word.lower())
    return f"{word[: len(root)]} {person}" if root else word


def _place_phrase(pronoun: str, place: str) -> str:
    low = pronoun.lower()
    for preposition in ("ke", "dari", "di"):
        if low.startswith(preposition + " "):
            return f"{preposition} {place}"
    return f"in {place}"


def _demonstrative(text: str, entities: Entities) -> str:
    """ "that agency" -> "agency KCNA", "badan tersebut" -> "badan KCNA": only for a noun the previous turn
    used (else the demonstrative points into the articles, not at the conversation)."""
    thing = entities.thing or ""
    said = entities.question.lower() + " " + " ".join(entities.things).lower()

    def known(noun: str) -> bool:
        return noun.lower() in said

    before = rf"\b(?:{'|'.join(DEMONSTRATIVES_BEFORE)})\s+([a-z][\w-]*)"
    found = re.search(before, text, flags=re.IGNORECASE)
    if found and known(found.group(1)):
        return text[: found.start()] + f"{found.group(1)} {thing}" + text[found.end() :]
    after = rf"\b([a-z][\w-]*)\s+(?:{'|'.join(DEMONSTRATIVES_AFTER)})\b"
    found = re.search(after, text)
    if found and known(found.group(1)):
        return text[: found.start()] + f"{found.group(1)} {thing}" + text[found.end() :]
    return text


def _fill_in(followup: str, entities: Entities) -> str:
    """An elliptical follow-up as the previous question asked about its new topic: the previous question's
    entity of the same kind replaced by it ("Siapa yang mendampingi Putin?" + "Kalau Kim?" -> "Siapa yang
    mendampingi Kim?"), or the topic added to the previous question."""
    topic = _OPENER.sub("", followup, count=1).strip().rstrip("?").strip()
    previous = entities.question.strip()
    places = place_tokens([previous, topic])
    for kind in (AnswerType.PERSON, AnswerType.PLACE, AnswerType.ORGANISATION, AnswerType.TIME):
        if find_candidates(topic, kind, places) and (mine := find_candidates(previous, kind, places)):
            old = mine[0]
            return previous[: old.start] + topic + previous[old.end :]
    return f"{previous.rstrip('?').rstrip()} ({topic})?"
