"""Candidate answers of a given type in a sentence: names of people, places and organisations, times and
dates, numbers, durations. Pure functions over text, Indonesian and English.

Names are runs of capitalised words ("Kim Jong Un", "Bandara Internasional Pyongyang", "Nilsson-Wright"); a
run is a place when it is led by a place word (Bandara, Gereja, Kota, ...) or follows a place preposition
(di, ke, dari, in, to, at), an organisation when it holds an organisation word (Kantor Berita, Dewan,
Universitas, ...) or is an acronym (KCNA, NATO), and a person otherwise, with leading titles stripped
("Menteri Luar Negeri Sergey Lavrov" -> "Sergey Lavrov"). The word lists are general Indonesian and English
news vocabulary.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from assistant.answering.question import AnswerType
from assistant.language import dictionary_word, function_word
from assistant.text import stem, stopwords
from assistant.vocabulary import (
    COUNTRIES,
    DURATION_UNITS,
    MONTH_NAMES,
    NUMBER_WORDS,
    ORG_WORDS,
    PLACE_PREPOSITIONS,
    PLACE_WORDS,
    ROLE_WORDS,
    WEEKDAYS,
)

_MONTHS = frozenset(MONTH_NAMES)
_DAYS = frozenset(w for w in WEEKDAYS if "'" not in w)
_UNITS = "(?:" + "|".join(sorted({w for spec in DURATION_UNITS for w in spec.split()[4:]}, key=len, reverse=True)) + ")"
_NUMBER_WORD = (
    "(?:" + "|".join(sorted((w for w in NUMBER_WORDS if w not in ("nol", "zero")), key=len, reverse=True)) + ")"
)
_COUNT = rf"(?:\d+(?:[.,]\d+)?|{_NUMBER_WORD}|beberapa|several|a few|setengah|half)"

_TIME_PATTERNS = (
    rf"\b(?:\d{{1,2}}\s+)?(?:{'|'.join(sorted(_MONTHS, key=len, reverse=True))})(?:\s+\d{{4}})?\b",
    r"\b(?:19|20)\d{2}\b",
    rf"\b(?:{'|'.join(sorted(_DAYS, key=len, reverse=True))})\b(?:\s+(?:pagi|siang|sore|malam|morning|evening|night))?",
    r"\(\d{1,2}/\d{1,2}(?:/(?:\d{4}|\d{2}))?\)",
    r"\b(?:pukul|jam)\s+\d{1,2}(?:[.:]\d{2})?(?:\s+(?:pagi|siang|sore|malam|wib|waktu setempat))?",
    r"\b\d{1,2}(?::\d{2})?\s*(?:a\.?m\.?|p\.?m\.?|o'clock)",
    r"\b(?:sebelum |before )?(?:fajar|dawn|subuh|midnight|tengah malam)\b",
    r"\b(?:tahun|bulan|minggu|pekan) (?:lalu|depan)\b|\b(?:last|next) (?:year|month|week)\b",
    r"\bhari (?:pertama|kedua|ketiga|terakhir|ke-\d+)\b|\b(?:first|second|third|last|final) day\b|\bday (?:one|two|three)\b",
)
_TIME = re.compile("|".join(_TIME_PATTERNS), re.IGNORECASE)
_DURATION = re.compile(
    rf"\b(?:selama\s+|for\s+)?(?:{_COUNT}\s+{_UNITS}|ber(?:tahun|bulan|minggu|hari|jam)-(?:tahun|bulan|minggu|hari|jam)"
    rf"|(?:many|several) {_UNITS}|{_UNITS} (?:terakhir|long))\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(
    rf"\b(?:\d+(?:[.,]\d+)*(?:\s*(?:persen|percent|%|juta|million|ribu|thousand|miliar|billion))?|satu-satunya"
    rf"|the only|{_NUMBER_WORD})\b",
    re.IGNORECASE,
)
_INITIALS = re.compile(r"[A-Z]{1,3}\b(?=\s*\(\d{1,2}(?:\s*tahun)?\))|(?<=inisial )[A-Z]{1,3}\b")
"""A person the news names by initials: with the age after them ("FZ (38)") or after "(ber)inisial"."""
_RUN = re.compile(
    r"(?<![\w-])[A-Z][\w'’]*(?:-[\w]+)*(?:\s+(?:[A-Z][\w'’]*(?:-[\w]+)*|(?:de|bin|van|al)\b(?=\s+[A-Z])))*"
)


@dataclass(frozen=True)
class Candidate:
    """A possible answer found in a sentence."""

    text: str
    kind: AnswerType
    start: int
    end: int


@lru_cache(maxsize=20_000)
def _common_word(word: str) -> bool:
    """A dictionary or function word: a capitalised one at a sentence start is not a name."""
    return word.lower() in stopwords() or function_word(word) or dictionary_word(word)


def _derived_or_function(word: str) -> bool:
    """A stopword, a function word, or an affixed form of a dictionary root ("Kedatangan"): not part of a name."""
    low = word.lower()
    return low in stopwords() or function_word(low) or (stem(low) != low and dictionary_word(stem(low)))


def name_runs(sentence: str) -> list[tuple[str, int, int]]:
    """(text, start, end) of the capitalised runs that can be names; a lone sentence-initial common word
    ("Kedatangan", "Pada") is not one, and neither are runs of months and days only."""
    out: list[tuple[str, int, int]] = []
    for m in _RUN.finditer(sentence):
        text, start = m.group(0), m.start()
        if sentence[max(0, start - 1) : start] == ".":  # "PERSPEKTIF.CO.ID": part of a web address
            continue
        words = text.split()
        initial = not sentence[:start].strip(" \"'“‘([-")
        head = words[0].lower() in ORG_WORDS or words[0].lower() in PLACE_WORDS  # "Pengadilan Negeri Jakarta"
        if initial and _common_word(words[0]) and (len(words) == 1 or (_derived_or_function(words[0]) and not head)):
            if len(words) == 1:
                continue
            start += len(words[0]) + 1
            text = text[len(words[0]) + 1 :]
            words = words[1:]
        if all(w.lower().strip("'’") in _MONTHS | _DAYS for w in words):
            continue
        out.append((text, start, start + len(text)))
    return out


def place_tokens(texts: Iterable[str]) -> frozenset[str]:
    """Lower-cased capitalised words that follow a place preposition somewhere in ``texts`` ("ke Korea
    Utara", "di Rusia"), unless a title leads them: the places of these texts, so that "Presiden Rusia
    Vladimir Putin" names a person."""
    out: set[str] = set()
    for text in texts:
        for m in re.finditer(rf"\b(?:{'|'.join(PLACE_PREPOSITIONS)})\s+((?:[A-Z][\w'’-]*\s*){{1,3}})", text):
            words = [w.lower() for w in m.group(1).split()]
            if words[0] not in ROLE_WORDS:  # "dari Menteri Perdagangan Budi Santoso" names a person
                out.update(words)
    return frozenset(out - ROLE_WORDS)


def _name_kind(sentence: str, text: str, start: int, places: frozenset[str]) -> tuple[AnswerType, str, int]:
    """The kind of a capitalised run, and the part of it that names the thing (titles and places stripped)."""
    words = text.split()
    lowered = [w.lower().strip("'’") for w in words]
    before = re.findall(r"[\w]+", sentence[:start].lower())[-1:]
    if " ".join(lowered) in COUNTRIES:
        return AnswerType.PLACE, text, start
    if len(words) == 1 and _INITIALS.match(sentence, start):  # "FZ (38)", "berinisial YK": a person
        return AnswerType.PERSON, text, start
    if len(words) == 1 and len(words[0]) >= 2 and words[0].isupper():
        return AnswerType.ORGANISATION, text, start
    if before and before[0] in PLACE_PREPOSITIONS and lowered[0] not in ROLE_WORDS:  # not "dari Menteri ..."
        return AnswerType.PLACE, text, start
    if lowered[0] in ORG_WORDS or lowered[-1] in ORG_WORDS:  # "Pengadilan Negeri Jakarta", "Jakarta District Court"
        return AnswerType.ORGANISATION, text, start
    if any(w in PLACE_WORDS for w in lowered):
        return AnswerType.PLACE, text, start
    if any(w in ORG_WORDS for w in lowered):
        return AnswerType.ORGANISATION, text, start
    if all(w in places for w in lowered):
        return AnswerType.PLACE, text, start
    lead = 0
    while lead < len(words) - 1 and (lowered[lead] in ROLE_WORDS or lowered[lead] in places or words[lead].isupper()):
        lead += 1
    stripped = " ".join(words[lead:])
    if all(w in places or w in ROLE_WORDS for w in lowered[lead:]):
        return AnswerType.PLACE, stripped, start + text.index(stripped)
    return AnswerType.PERSON, stripped, start + text.index(stripped)


def find_candidates(
    sentence: str, kind: AnswerType, places: frozenset[str] = frozenset(), any_name: bool = False
) -> list[Candidate]:
    """The candidate answers of ``kind`` in ``sentence``, in order; empty for untyped kinds (reason, ...).

    ``places``: known place words (``place_tokens`` of the surrounding texts); ``any_name``: for a name
    type, accept a name of any kind (the question's own noun, "which monument", already says what it is)."""
    if kind is AnswerType.TIME:
        return [Candidate(m.group(0), kind, m.start(), m.end()) for m in _TIME.finditer(sentence)]
    if kind is AnswerType.DURATION:
        return [Candidate(m.group(0), kind, m.start(), m.end()) for m in _DURATION.finditer(sentence)]
    if kind is AnswerType.NUMBER:
        years = {(m.start(), m.end()) for m in _TIME.finditer(sentence)}
        found = [m for m in _NUMBER.finditer(sentence) if not any(a <= m.start() < b for a, b in years)]
        return [Candidate(m.group(0), kind, m.start(), m.end()) for m in found]
    if kind in (AnswerType.PERSON, AnswerType.PLACE, AnswerType.ORGANISATION):
        out = []
        for text, start, _ in name_runs(sentence):
            named, name, at = _name_kind(sentence, text, start, places)
            if (
                named is kind
                or any_name
                or (kind is AnswerType.PLACE and named is AnswerType.PERSON and _place_like(name))
            ):
                out.append(Candidate(name, kind, at, at + len(name)))
        return out
    return []


def _place_like(name: str) -> bool:
    """A single capitalised word that is not a role word can be a place as well as a person ("Vietnam")."""
    return len(name.split()) == 1 and name.lower() not in ROLE_WORDS
