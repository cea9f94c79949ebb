"""Condensing a follow-up into a standalone question: the model's rewrite when it keeps the follow-up's ask,
else the deterministic rewrite (``followups.rewrite``).

A model's rewrite is kept only when

* it asks the same question: the follow-up's question words are in it and, when either asks for a name, a
  time or a number, it asks for the same kind of answer (``analyse_question``);
* it keeps every content word of the follow-up (pronouns, demonstratives and openers aside): the word itself,
  a form of it (stems, spelling), a gloss, a word the glossary gives the same meaning ("cemas" as
  "dikhawatirkan", ``lexical.meanings``), or a word the multilingual embedder puts next to it;
* every name it adds comes from the conversation's *checked* text (the earlier questions and the supported
  sentences of answers that were neither refused nor flagged, ``checked_text``): a referent is never taken
  from an unchecked sentence nor from the model's memory;
* when the deterministic rewrite resolved a pronoun, it names one of the entities that pronoun can stand for;
* it is at most ``MAX_EXTRA_WORDS`` longer than the deterministic rewrite.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assistant.answering.followups import Entities, resolve, rewrite
from assistant.answering.question import analyse_question
from assistant.lexical import ClaimToken, TokenIndex, claim_tokens, meanings
from assistant.types import Answer
from assistant.vocabulary import (
    BARE_REFERENCES,
    DEMONSTRATIVES_AFTER,
    DEMONSTRATIVES_BEFORE,
    GROUP_PRONOUNS,
    LIGHT_WORDS,
    PERSON_PRONOUNS,
    PLACE_PRONOUNS,
    QUESTION_WORDS,
    TOPIC_OPENERS,
)

MAX_EXTRA_WORDS = 8
"""How many words longer than the deterministic rewrite a model's rewrite may be."""
ASKING_WORDS = frozenset(
    "who whom whose what which when where why how siapa apa kapan mengapa kenapa bagaimana berapa mana dimana "
    "kemana darimana".split()
)
"""The words that say what is asked (a rewrite must keep them); "di mana" and "dimana" are one word here."""
_REFERRING = (
    PERSON_PRONOUNS
    | GROUP_PRONOUNS
    | BARE_REFERENCES
    | DEMONSTRATIVES_BEFORE
    | DEMONSTRATIVES_AFTER
    | LIGHT_WORDS
    | frozenset(w for phrase in (*PLACE_PRONOUNS, *TOPIC_OPENERS) for w in phrase.split())
)

Similar = Callable[[list[str], list[str]], dict[str, str]]
"""(words, pool) -> each word's nearest pool word when close enough in meaning (``WordMatcher.translations``)."""


@dataclass(frozen=True)
class Condensed:
    """The standalone question, which rewrite it is, and why a model's rewrite was not used."""

    question: str
    by: str
    """"model" or "rules"."""
    rejected: str = ""


def checked_text(answer: Answer) -> str:
    """What a follow-up may take its referent from: the supported sentences of an answer that was accepted
    (neither refused nor flagged: every sentence supported and ``answers_question``), without the names of
    the outlets it cites; "" otherwise."""
    if answer.refused or answer.cancelled or not answer.answers_question:
        return ""
    own = [s for s in answer.sentences if s.role is None]
    if not own or not all(s.supported for s in own):
        return ""
    text = " ".join(s.text for s in own)
    for outlet in {c.outlet for c in answer.citations if c.outlet}:  # a dateline's outlet is no referent
        text = text.replace(outlet, " ")
    return text


def asking_words(question: str) -> set[str]:
    """The question words of ``question`` ("di mana" counts as "dimana")."""
    low = re.sub(r"\b(di|ke|dari)\s+mana\b", r"\1mana", question.lower())
    return set(re.findall(r"[^\W\d_]+", low)) & ASKING_WORDS


def content(followup: str) -> list[ClaimToken]:
    """The follow-up's own content words: not a pronoun, a demonstrative, an opener or a question word."""
    skip = _REFERRING | QUESTION_WORDS
    return [t for t in claim_tokens(followup) if t.word not in skip]


def problem(
    rewritten: str,
    followup: str,
    entities: Entities,
    grounded: Sequence[str],
    similar: Similar | None = None,
) -> str:
    """Why a model's rewrite does not keep the follow-up's ask ("" when it does; see the module docstring)."""
    if not rewritten or "\n" in rewritten:
        return "empty"
    wanted = asking_words(followup)
    if wanted - asking_words(rewritten):
        return "changes the question word"
    asked, kept = analyse_question(followup), analyse_question(rewritten)
    if wanted and asked.answer_type is not kept.answer_type and (asked.typed or kept.typed):
        return f"asks for a {kept.answer_type.value}, not a {asked.answer_type.value}"
    index = TokenIndex([rewritten])
    missing = [t for t in content(followup) if not index.has(t)]
    if missing:  # a word the glossary gives one meaning with ("cemas" kept as "dikhawatirkan")
        said = [meanings(w) for w in re.findall(r"[^\W\d_]+", rewritten.lower())]
        missing = [t for t in missing if not any(meanings(t.word) & m for m in said)]
    if missing and similar is not None:
        pool = [w.lower() for w in re.findall(r"[^\W\d_]+", rewritten)]
        near = similar([t.word for t in missing], pool)
        missing = [t for t in missing if t.word not in near]
    if missing:
        return "drops " + ", ".join(t.word for t in missing)
    own, known = TokenIndex([followup]), TokenIndex(grounded)
    added = [t for t in claim_tokens(rewritten) if t.is_name and not own.has(t) and not known.has(t)]
    if added:
        return "adds names the conversation did not check: " + ", ".join(t.word for t in added)
    expected, kinds = resolve(followup, entities)
    if not _names_referent(rewritten, kinds, entities):
        return "does not name what the pronoun refers to"
    if len(rewritten.split()) > len(expected.split()) + MAX_EXTRA_WORDS:
        return "much longer than the follow-up"
    return ""


def _names_referent(rewritten: str, kinds: frozenset[str], entities: Entities) -> bool:
    """For each kind of reference the deterministic rewrite resolved, the rewrite names an entity it can
    stand for (an elliptical follow-up's previous question is not checked: the model may word it anew)."""
    low = rewritten.lower()

    def named(entity: str) -> bool:
        return all(w in low for w in entity.lower().split() if len(w) > 2)

    options = {
        "person": entities.people + entities.group,
        "group": entities.group + entities.people,
        "place": entities.places,
        "thing": entities.things,
    }
    return all(any(named(e) for e in options[k]) for k in kinds if k in options)


def choose(
    followup: str,
    entities: Entities,
    model_rewrite: str | None,
    grounded: Sequence[str],
    similar: Similar | None = None,
) -> Condensed:
    """The standalone question: the model's rewrite when it keeps the ask, else the deterministic one."""
    fallback = rewrite(followup, entities)
    if model_rewrite is None:
        return Condensed(fallback, "rules")
    reply = clean_rewrite(model_rewrite)
    why = problem(reply, followup, entities, grounded, similar)
    return Condensed(reply, "model") if not why else Condensed(fallback, "rules", why)


def clean_rewrite(reply: str) -> str:
    """The rewritten question in a model's reply: its first non-empty line, without a label or quotes."""
    for line in reply.strip().splitlines():
        text = re.sub(r"^\s*(?:standalone question|pertanyaan mandiri|question|pertanyaan)\s*:\s*", "", line,
                      flags=re.IGNORECASE)  # fmt: skip
        text = text.strip().strip("\"'“”«»").strip()
        if text:
            return text
    return ""
