"""Question analysis: language, the kind of answer asked for, and the terms the answer must be about.

``analyse_question`` is a pure function of the question text, analysed as it is matched
(``normalize.matching_text``: a zero-width space inside a word does not split it). ``check_question`` refuses
a question longer than ``MAX_QUESTION_CHARS``, with one line; every face asks it first. The answer type comes from the question
word (Indonesian and English), or from the noun after "which/what/apa/mana" ("which minister" -> person,
"negara mana" -> place, "tahun berapa" -> time). Focus terms are the question's content tokens without
question words; names are its capitalised words (not sentence-initial) and acronyms.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from typing import Any

from assistant.errors import AssistantError
from assistant.language import detect_language, question_language
from assistant.lexical import ClaimToken, claim_tokens
from assistant.normalize import matching_text
from assistant.vocabulary import (
    AUXILIARIES,
    GENERIC_NOUNS,
    MODIFIERS,
    NOUN_TYPES,
    NUMBER_WORDS,
    PARTICLES,
    QUESTION_WORDS,
)

MAX_QUESTION_CHARS = 1000
"""The longest question answered (a long news question is about 200 characters): analysing, retrieving and
prompting cost grows with its length."""


class QuestionTooLong(AssistantError):
    """A question over ``MAX_QUESTION_CHARS``; the message says to shorten it."""


def question_problem(question: str) -> str | None:
    """The one line that refuses ``question`` before any work (too long: shorten it), or None."""
    if len(question) > MAX_QUESTION_CHARS:
        return (
            f"the question is {len(question):,} characters long: shorten it to {MAX_QUESTION_CHARS:,} characters "
            "or fewer"
        )
    return None


def check_question(question: str) -> None:
    """Raise ``QuestionTooLong`` (``question_problem``'s line) when ``question`` is refused before any work."""
    problem = question_problem(question)
    if problem is not None:
        raise QuestionTooLong(problem)


class AnswerType(str, Enum):  # noqa: UP042 - members format as their names in messages
    """What kind of thing answers the question."""

    PERSON = "person"
    PLACE = "place"
    TIME = "time"
    NUMBER = "number"
    DURATION = "duration"
    ORGANISATION = "organisation"
    REASON = "reason"
    DESCRIPTION = "description"
    YESNO = "yesno"
    THING = "thing"


TYPED = frozenset({AnswerType.PERSON, AnswerType.PLACE, AnswerType.TIME, AnswerType.NUMBER, AnswerType.DURATION,
                   AnswerType.ORGANISATION})  # fmt: skip
"""Answer types a candidate can be found for in a sentence (a name, a date, a number)."""

NOUN_TYPE: dict[str, AnswerType] = {w: AnswerType(t) for t, ws in NOUN_TYPES.items() for w in ws.split()}
"""Head nouns that say what kind of thing a "which/what/apa/mana" question asks for."""

_RULES: tuple[tuple[str, AnswerType], ...] = (
    (
        r"\bhow (?:long|many (?:days|hours|years|months|weeks))\b|\bberapa lama\b|\bberapa (?:hari|jam|tahun|bulan|minggu)\b(?! (?:yang lalu|lalu))",
        AnswerType.DURATION,
    ),  # noqa: E501
    (
        r"\bwhat time\b|\bat what time\b|\b(?:pukul|jam) berapa\b|\b(?:tahun|tanggal|bulan|hari) (?:berapa|apa)\b|\bkapan(?:kah)?\b|\bwhen\b|\bin (?:which|what) (?:year|month|day)\b",
        AnswerType.TIME,
    ),  # noqa: E501
    (r"\bhow (?:many|much|old)\b|\bberapa(?:kah)?\b", AnswerType.NUMBER),
    (
        r"\bwh(?:y|at for)\b|\bmengapa\b|\bkenapa\b|\b(?:apa|what(?:'s| is| was)?(?: the)?) (?:sebab|alasan|reason|cause)",
        AnswerType.REASON,
    ),  # noqa: E501
    (r"\bwho(?:m|se)?\b|\bsiapa(?:kah)?\b", AnswerType.PERSON),
    (r"\bwhere\b|\b(?:di|ke|dari) ?mana(?:kah)?\b|\bdimana\b|\bkemana\b|\bdarimana\b", AnswerType.PLACE),
    (r"\bhow\b|\bbagaimana(?:kah)?\b", AnswerType.DESCRIPTION),
)

_YESNO_START = re.compile(
    r"^(?:is|are|was|were|did|does|do|has|have|had|can|could|will|would|should|apakah|benarkah|betulkah|adakah)\b",
    re.IGNORECASE,
)
_YESNO_TAG = re.compile(r"\b(?:atau )?(?:nggak|enggak|ngga|gak|ga|tidak|tak|belum|bukan)\s*\?\s*$")
"""A question that ends by asking "or not?" ("Gempanya berpotensi tsunami nggak?", "... sudah dibayar belum?")."""
_WHICH = re.compile(r"\b(?:which|what)\s+((?:[\w-]+\s+){0,3}?[\w-]+)\s*$|\b(?:which|what)\s+([\w-]+)", re.IGNORECASE)
_ID_AFTER = re.compile(r"\b(?:([\w-]+)\s+)?([\w-]+)\s+(?:apa|mana|siapa)\b", re.IGNORECASE)


SUPPORTED_LANGUAGES = ("id", "en")


@dataclass(frozen=True)
class QuestionAnalysis:
    """What a question asks: its language, the answer type and the terms the answer must be about."""

    text: str
    language: str
    """"id" or "en" (the answer's language); "en" when undecided."""
    answer_type: AnswerType
    focus: tuple[ClaimToken, ...]
    """Content tokens of the question that are not question words."""
    names: tuple[str, ...]
    """Capitalised words and acronyms of the question (lower-cased): a candidate answer is none of these."""
    type_noun: str = ""
    """The noun that set the answer type ("minister" in "which minister"), "" when the question word did."""
    problem: str = ""
    """Why the question cannot be answered at all ("" when it can): no content, unsupported language."""

    @property
    def typed(self) -> bool:
        return self.answer_type in TYPED

    @property
    def critical(self) -> tuple[ClaimToken, ...]:
        """Focus tokens answering evidence must hold: the noun that names what is asked ("dishes" in
        "what dishes", "harga" in "berapa harga"), unless it only names the answer's type ("which year")."""
        if not self.type_noun or self.type_noun in GENERIC_NOUNS or self.answer_type in _TITLED:
            return ()
        return tuple(t for t in self.focus if t.word == self.type_noun)


def _letters(text: str) -> list[str]:
    return [ch for ch in text if ch.isalpha()]


def unsupported_script(text: str) -> bool:
    """True when most letters are not Latin (Chinese, Cyrillic, Arabic, ...): not Indonesian or English."""
    letters = _letters(text)
    if not letters:
        return False
    latin = sum(1 for ch in letters if unicodedata.name(ch, "").startswith("LATIN"))
    return latin < len(letters) / 2


_TITLED = frozenset({AnswerType.PERSON, AnswerType.ORGANISATION})
"""Types whose noun is a title that other outlets and languages word differently ("Secretary of State" is
"Menteri Luar Negeri"): the candidate's type, and for people the role check, stand in for it."""


def _type_from_noun(question: str) -> tuple[AnswerType | None, str]:
    """The answer type a "which/what <noun>" or "<noun> apa/mana" phrase names, and that noun.

    The noun is one of the two words right after "which/what" (an adjective may come first: "which
    Russian minister"), or the word right before "apa/mana/siapa" ("negara mana"). A noun outside
    NOUN_TYPE makes the question a THING question ("merek HP apa", "what car").
    """
    for m in _ID_AFTER.finditer(question):
        noun = m.group(2).lower()
        for word in (m.group(1) or "").lower(), noun:
            if word in NOUN_TYPE:
                return NOUN_TYPE[word], word
        if noun not in QUESTION_WORDS and noun not in ("yang", "saja", "hal", "di", "ke", "dari"):
            return AnswerType.THING, noun
    phrase = re.search(
        r"\b(?:which|what)\s+([\w-]+)(?:\s+([\w-]+))?(?:\s+([\w-]+))?(?:\s+([\w-]+))?(?:\s+([\w-]+))?",
        question,
        re.IGNORECASE,
    )
    if phrase is None:
        return None, ""
    words = [w.lower() for w in phrase.groups() if w]
    if words[0] in _COPULAS:  # "what was the inflation rate", "what is the name of the court"
        return _copula_noun(re.findall(r"[\w'-]+", question[phrase.start(1) :].lower())[1:])
    if words[0] in AUXILIARIES:
        return None, ""
    for word in words:
        if word in AUXILIARIES:
            break
        if word in NOUN_TYPE:
            return NOUN_TYPE[word], word
    nouns = [w for w in words if w not in MODIFIERS and w not in NUMBER_WORDS]
    return AnswerType.THING, nouns[0] if nouns else ""


_COPULAS = frozenset("is was are were 's".split())
_PHRASE_ENDS = frozenset(
    "of in on at for to by from with that which who whom when where during after before along across through into "
    "about over under between against near around".split()
)


def _copula_noun(words: list[str]) -> tuple[AnswerType | None, str]:
    """The type of "what is/was <the noun phrase>": its last typed noun ("the inflation rate" -> number), or
    after "the name of" the noun that follows; None when the phrase holds no typed noun."""
    phrase: list[str] = []
    for word in words:
        if word in ("the", "a", "an"):
            continue
        if word in _PHRASE_ENDS:
            if phrase == ["name"] and word == "of":
                phrase = []
                continue
            break
        phrase.append(word)
    for word in reversed(phrase):
        if word in NOUN_TYPE:
            return NOUN_TYPE[word], word
    return None, ""


def answer_type(question: str) -> tuple[AnswerType, str]:
    """The kind of answer ``question`` asks for, and the noun that said so ("" when a question word did).

    The first question word decides ("In which city was Blinken when he spoke" asks for a city): a
    "which/what <noun>" or "<noun> apa/mana" phrase gives its noun's type, any other question word its own.
    """
    text = " ".join(question.split())
    low = text.lower()
    if (_YESNO_START.match(low) and not re.match(r"^apakah\s+(?:yang|nama)\b", low)) or _YESNO_TAG.search(low):
        return AnswerType.YESNO, ""
    named = re.search(r"\b(?:the )?names? of (?:the |a |an )?(?:[\w-]+ ){0,2}?([\w-]+)\b|\bnama ([\w-]+)", low)
    if named and NOUN_TYPE.get(named.group(1) or named.group(2) or "") is AnswerType.PERSON:
        return AnswerType.PERSON, ""
    found: list[tuple[int, AnswerType]] = []
    for pattern, kind in _RULES:
        m = re.search(pattern, low)
        if m:
            found.append((m.start(), kind))
    noun_type, noun = _type_from_noun(text)
    phrase = re.search(r"\b(?:which|what)\b|\b[\w-]+\s+(?:apa|mana)\b", low)
    if noun_type is not None and phrase is not None:
        earlier = [kind for at, kind in found if at < phrase.start()]
        if not earlier or noun_type is AnswerType.TIME:
            return noun_type, noun
    opening = _WHAT_AUXILIARY.match(low)
    if opening and not any(at < opening.end() for at, _ in found):
        # "What did KCNA compare it to when ...": a later "when" or "where" opens a clause, not the question
        return AnswerType.DESCRIPTION, ""
    if found:
        at, kind = min(found, key=lambda f: f[0])
        return kind, _noun_after(low, at)
    return AnswerType.DESCRIPTION, ""


_WHAT_AUXILIARY = re.compile(rf"^(?:what|which)\s+(?:{'|'.join(sorted(AUXILIARIES))})\b")
"""A question opening with "what" and an auxiliary ("what did", "what was"): "what" is its question word."""
_NOT_NOUNS = frozenset("yang saja lama banyak the a an of is are was were did does do has have had".split())


def _noun_after(low: str, at: int) -> str:
    """The word right after the question word at ``at`` when it is a noun ("berapa harga", "how many
    soldiers"), else ""."""
    m = re.match(r"(how (?:many|much)|berapa(?:kah)?|what|which)((?:\s+[\w-]+){1,3})", low[at:])
    if m is None:
        return ""
    words = m.group(2).split()
    while len(words) > 1 and m.group(1).startswith("berapa") and (words[0] in PARTICLES or words[0] == "banyak"):
        words.pop(0)  # a particle or "banyak" first: "berapa sih rumah", "berapa banyak warga"
    word = words[0]
    return "" if word in _NOT_NOUNS or word in AUXILIARIES or word in QUESTION_WORDS else word


def analyse_question(question: str) -> QuestionAnalysis:
    """Analyse a question (see the module docstring); ``problem`` says when it has nothing to answer."""
    text = " ".join(matching_text(question).split())
    language = question_language(text)
    kind, noun = answer_type(text)
    tokens = [t for t in claim_tokens(text) if t.word not in QUESTION_WORDS]
    names = tuple(dict.fromkeys(t.word for t in tokens if t.is_name))
    problem = ""
    if not tokens:
        problem = "the question has no words to look up: ask about something in the articles"
    elif unsupported_script(text) or (detect_language(text) != "id" and _foreign_latin(text)):
        problem = "questions must be in Indonesian or English"
    return QuestionAnalysis(text, language, kind, tuple(tokens), names, noun, problem)


FOREIGN_LANGUAGE_CONFIDENCE = 0.85
"""py3langid probability above which a Latin-script question counts as another language (on the dev and
tuning questions, Indonesian and English ones never reach it for another language)."""


@lru_cache(maxsize=1)
def _language_identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _foreign_latin(text: str) -> bool:
    """A Latin-script question in a language other than Indonesian or English (French, Spanish, ...), when
    the language identifier says so with confidence; short or name-only questions get the benefit of the doubt."""
    if len([w for w in re.findall(r"[^\W\d_]+", text) if w.islower()]) < 3:
        return False
    lang, prob = _language_identifier().classify(text)
    return lang not in ("id", "ms", "en") and prob >= FOREIGN_LANGUAGE_CONFIDENCE
