"""Canonical, comparable values of candidate answers; ``conflicts`` compares them.

``canonical(text, kind)`` reads a candidate's text as a ``Value`` (None when it cannot); ``conflict(a, b)``
is True only when both are readable values of the same kind that cannot both be right (values of other
kinds never conflict); ``distinct_values`` groups values that agree. Pure functions, Indonesian and English.

- NUMBER: digits, number words (``assistant.vocabulary.NUMBER_WORDS`` plus puluh/belas/ratus/hundred
  compounds), scales (ribu/thousand, juta/million, miliar/billion, triliun/trillion), setengah/half. A
  separator followed by exactly three digits groups thousands ("1.000" and "1,000" are 1000, "1.000.000"),
  any other single separator is the decimal point ("1,5" and "1.5" are 1.5); with both, the last one is the
  decimal point ("1.000,5"). A leading "0" always makes a decimal ("0,250"). The first number counts, words
  after it are ignored ("24 orang" is 24). Percentages ("%", persen) are only compared with percentages. Vague counts (beberapa, ribuan, several) and approximate or ranged ones
  (sekitar, lebih dari, about, "2-3") are not exact and never conflict.
- DURATION: a count and a unit, key ISO-8601 in the written unit ("P2D", "PT48H", "P0.5D", "P?D" when
  vague). Day units (minute..week) compare in seconds, calendar units (month..century) in months; across the
  two a month is 30.44 days and 5% apart counts as equal. Exact durations of different length conflict.
- TIME: weekday, date (19/6, 19/6/2024, 19 Juni 2024, June 19, 2024, Juni 2024), year, clock (pukul 21.00,
  pukul 3 pagi, 3 a.m., 21:00 WIB; a 1-12 hour is read with its part of day: "pukul 8 malam" is 20:00,
  "pukul 2 malam" 02:00) and part of day with a range in minutes (``PART_RANGES``). Two values conflict
  when both give a weekday and they differ (a weekday is also checked against a full date), when both give
  a day, month or year and they differ, when both clocks are more than ``CLOCK_SLACK`` minutes apart, when
  a clock lies more than ``PART_SLACK`` minutes outside the other's part of day (unless the clock was
  written with a part of day that overlaps it: "pukul 3 pagi" agrees with "pagi"), or when two parts of day
  do not overlap even when one is widened by ``PART_SLACK``. Time zones (WIB, waktu setempat) are ignored;
  relative times (tahun lalu, kemarin, hari kedua) are not read (None).
- PERSON / PLACE / ORGANISATION: key = case-folded name without accents, punctuation, possessive "'s" and
  (people) leading titles; aliases (Korut) expanded for places and organisations. Two names agree when one's
  words are among the other's ("Kim" / "Kim Jong Un"), a word matching when equal after transliteration
  folding (y/i, w/v, kh/h, c/k, doubled letters) or an English gloss (north/utara); generic place and
  organisation words (bandara, airport, international) are ignored for places and organisations. They also
  agree when the keys, or their folded forms, have a difflib ratio >= ``NAME_RATIO``. Otherwise they conflict.
- Other kinds (REASON, DESCRIPTION, YESNO, THING): ``canonical`` returns None.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.answering.question import AnswerType
from assistant.vocabulary import (
    ALIASES,
    DURATION_UNITS,
    HONORIFICS,
    MONTHS,
    MORE_NUMBER_WORDS,
    MULTIPLIERS,
    NUMBER_WORDS,
    PART_WORDS,
    ROLE_WORDS,
    SCALES,
    VAGUE_COUNTS,
    WEEKDAYS,
)
from assistant.vocabulary import APPROXIMATE as APPROXIMATE_WORDS

PART_RANGES: dict[str, tuple[int, int]] = {
    "dawn": (180, 360), "morning": (240, 659), "midday": (660, 899), "afternoon": (720, 1139),
    "evening": (1080, 1439), "night": (1080, 1439), "midnight": (1380, 60),
}  # fmt: skip
"""Part of day -> (first, last) minute after midnight, inclusive; a range may wrap past midnight."""
UNITS: dict[str, tuple[str, str, int, float]] = {
    w: (prefix, designator, int(per), float(size))
    for prefix, designator, per, size, *words in (spec.split() for spec in DURATION_UNITS)
    for w in words
}
"""Duration unit -> (ISO-8601 prefix, designator, count per unit, size): seconds for day units (second..week),
months for calendar units (month..century)."""
VAGUE = re.compile(rf"\b(?:{VAGUE_COUNTS.replace(chr(10), '')}|ber(?:detik|menit|jam|hari|minggu|bulan|tahun))\b")
APPROXIMATE = re.compile(rf"\b(?:{APPROXIMATE_WORDS.replace(chr(10), '')})\b|\d\s*[-–]\s*\d|\b(?:atau|or|to)\s+\d")
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|%|[^\W\d_]+")
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_DATES = (  # (pattern, group of day, month, year)
    (re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b"), (3, 2, 1)),
    (re.compile(r"\b(\d{1,2})/(\d{1,2})(?:/(\d{2}|\d{4}))?\b"), (1, 2, 3)),
    (re.compile(rf"\b(\d{{1,2}})\s+({_MONTH})\.?(?:,?\s+(\d{{4}}))?\b"), (1, 2, 3)),
    (re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}})\b)?"), (2, 1, 3)),
    (re.compile(rf"\b({_MONTH})\b\.?(?:\s+(\d{{4}})\b)?"), (0, 1, 2)),
)
_CLOCK = re.compile(
    r"(?:\b(?P<pre>pukul|jam|pk|at)\.?\s*)?\b(?P<h>\d{1,2})(?:(?P<sep>[.:])(?P<m>\d{2}))?\b\s*"
    r"(?P<ap>[ap]\.?\s?m\b\.?)?(?P<tz>\s*(?:wib|wita|wit|waktu|local|gmt|utc|o'?clock))?"
)


@dataclass(frozen=True)
class Value:
    """A candidate answer read as a canonical value; TIME values also carry their parts."""

    kind: AnswerType
    key: str  # canonical: "P2D", "24", "1500000", "24%", "--06-19 wed 03:00", "kim jong un"
    display: str  # the candidate text as written (whitespace normalised)
    exact: bool = True  # False for vague or approximate counts ("beberapa hari", "sekitar 1.000")
    amount: float | None = None  # NUMBER: the number; DURATION: seconds (day units) or months (calendar units)
    unit: str = ""  # NUMBER: "%" or ""; DURATION: "s" or "mo"
    weekday: int | None = None  # 0 = Monday
    day: int | None = None
    month: int | None = None
    year: int | None = None
    clock: int | None = None  # minutes after midnight
    part: str | None = None  # a key of PART_RANGES


def _fmt(x: float) -> str:
    return str(int(x)) if x == int(x) else repr(round(x, 6))


def _digits(token: str) -> float:
    """A digit token with Indonesian or English separators (rules in the module docstring)."""
    if "." in token and "," in token:
        decimal = max(token.rfind("."), token.rfind(","))
        return float(re.sub(r"[.,]", "", token[:decimal]) + "." + token[decimal + 1 :])
    groups = re.split(r"[.,]", token)
    if len(groups) == 1 or (groups[0] != "0" and all(len(g) == 3 for g in groups[1:])):
        return float("".join(groups))
    return float(groups[0] + "." + "".join(groups[1:]))


def _tokens(text: str) -> list[str]:
    low = re.sub(r"\band a half\b", "setengah", text.lower().replace("satu-satunya", "1").replace("the only", "1"))
    return _TOKEN.findall(re.sub(r"\bhalf an?\b", "setengah", low))


def _amount(tokens: Sequence[str]) -> tuple[float | None, int]:
    """The number the tokens start with, and how many tokens it takes (None, 0 when none)."""
    total, cur, last, i, seen = 0.0, 0.0, 0.0, 0, False
    while i < len(tokens):
        t = tokens[i]
        if _DIGITS.fullmatch(t) and not (i and _DIGITS.fullmatch(tokens[i - 1])):
            last = _digits(t)
            cur += last
        elif t in MULTIPLIERS and seen:
            cur, last = (
                (cur + 10, last + 10) if t == "belas" else (cur + last * (MULTIPLIERS[t] - 1), last * MULTIPLIERS[t])
            )
        elif t in NUMBER_WORDS or t in MORE_NUMBER_WORDS:
            last = float(NUMBER_WORDS[t]) if t in NUMBER_WORDS else MORE_NUMBER_WORDS[t]
            cur += last
        elif t in SCALES:
            total, cur, last = total + (cur if seen else 1) * SCALES[t], 0.0, 0.0
        elif not (t == "and" and seen and i + 1 < len(tokens) and _amount(tokens[i + 1 :])[0] is not None):
            break
        seen, i = True, i + 1
    return (total + cur if seen else None), i


def _first_number(tokens: Sequence[str]) -> tuple[float | None, int, int]:
    """The first number among the tokens: (value, index, tokens taken), (None, len, 0) when there is none."""
    for i in range(len(tokens)):
        value, used = _amount(tokens[i:])
        if value is not None and tokens[i] not in ("a", "an"):
            return value, i, used
    return None, len(tokens), 0


def _number(text: str, display: str) -> Value | None:
    low, tokens = text.lower(), _tokens(text)
    value, at, used = _first_number(tokens)
    if value is None:
        return Value(AnswerType.NUMBER, "?", display, exact=False) if VAGUE.search(low) else None
    percent = "%" if {"%", "persen", "percent"} & set(tokens[at + used : at + used + 2]) else ""
    exact = not (VAGUE.search(low) or APPROXIMATE.search(low))
    return Value(AnswerType.NUMBER, _fmt(value) + percent, display, bool(exact), value, percent)


def _duration(text: str, display: str) -> Value | None:
    low = re.sub(r"\bse(detik|menit|jam|hari|minggu|pekan|bulan|tahun|dekade|abad)\b", r"1 \1", text.lower())
    tokens = _tokens(re.sub(r"(?<!half )\ban? (day|week|month|year|decade|century|hour|minute)\b", r"1 \1", low))
    at = next((i for i, t in enumerate(tokens) if t in UNITS), None)
    if at is None:
        return None
    prefix, designator, per_unit, size = UNITS[tokens[at]]
    value, start, used = _first_number(tokens[:at])
    unit = "s" if prefix == "PT" or designator in "DW" else "mo"
    if value is None:
        return Value(AnswerType.DURATION, f"{prefix}?{designator}", display, False, unit=unit)
    exact = start + used == at and not (VAGUE.search(low) or APPROXIMATE.search(low))
    key = f"{prefix}{_fmt(value * per_unit)}{designator}"
    return Value(AnswerType.DURATION, key, display, exact, value * size, unit)


def _to_24(hour: int, minute: int, ampm: str, part: str | None) -> int:
    """Minutes after midnight of a written hour, read with its a.m./p.m. or part of day."""
    if ampm:
        hour = hour % 12 + (12 if ampm == "p" else 0)
    elif 1 <= hour <= 12 and part in ("dawn", "morning", "midnight"):
        hour %= 12
    elif 1 <= hour <= 12 and part == "midday":
        hour += 12 if hour < 10 else 0
    elif 1 <= hour <= 12 and part == "afternoon":
        hour += 12 if hour < 12 else 0
    elif 1 <= hour <= 12 and part in ("evening", "night"):
        hour = 0 if hour == 12 else hour + 12 if hour >= 5 else hour
    return hour % 24 * 60 + minute


def _time(text: str, display: str) -> Value | None:
    low = text.lower()
    day = month = year = None
    for pattern, (d, m, y) in _DATES:
        match = pattern.search(low)
        if match:
            mo = match.group(m)
            month = MONTHS[mo] if mo in MONTHS else int(mo)
            day = int(match.group(d)) if d else None
            year = int(match.group(y)) if match.group(y) else None
            year = year + 2000 if year is not None and year < 100 else year
            low = low[: match.start()] + " " + low[match.end() :]
            if not 1 <= month <= 12 or not 1 <= (day or 1) <= 31:
                return None
            break
    found = None if year else re.search(r"\b(1[89]\d\d|20\d\d)\b", low)
    if found:
        year, low = int(found.group(1)), low[: found.start()] + " " + low[found.end() :]
    part = next((p for words, p in PART_WORDS if re.search(rf"\b(?:{words})\b", low)), None)
    clock = None
    for c in _CLOCK.finditer(low):
        hour, minute = int(c.group("h")), int(c.group("m") or 0)
        if (c.group("pre") or c.group("ap") or c.group("sep") == ":" or c.group("tz")) and hour <= 24 and minute < 60:
            clock = _to_24(hour, minute, (c.group("ap") or " ")[0].strip(), part)
            break
    names = [w for w in re.findall(r"[\w']+", low) if w in WEEKDAYS]
    weekday = next((WEEKDAYS[w] for w in names if not re.search(rf"\b{w}\s+(?:lalu|depan|ini|ke)\b", low)), None)
    if (weekday, day, month, year, clock, part) == (None,) * 6:
        return None
    date = "-".join(f"{x:02d}" if x else "" for x in (month, day)).rstrip("-")
    pieces = [(str(year) if year else "-") + ("-" + date if date else "") if year or month else ""]
    pieces += ["mon tue wed thu fri sat sun".split()[weekday] if weekday is not None else ""]
    pieces += [f"{clock // 60:02d}:{clock % 60:02d}" if clock is not None else part or ""]
    return Value(AnswerType.TIME, " ".join(p for p in pieces if p), display, True, None, "", weekday, day, month, year,
                 clock, part)  # fmt: skip


def _name_words(text: str, kind: AnswerType) -> list[str]:
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()
    words = re.sub(r"[^\w\s]", " ", re.sub(r"['’]s\b", "", plain)).split()
    if kind is AnswerType.PERSON:
        while words and (words[0] in ROLE_WORDS or words[0] in HONORIFICS):
            words = words[1:]
    else:
        words = [x for w in words for x in ALIASES.get(w, w).split()]
    return words


def canonical(text: str, kind: AnswerType) -> Value | None:
    """``text`` read as a value of ``kind``; None when it cannot be (or ``kind`` has no values: REASON, ...)."""
    display = " ".join(text.split())
    if kind is AnswerType.NUMBER:
        return _number(display, display)
    if kind is AnswerType.DURATION:
        return _duration(display, display)
    if kind is AnswerType.TIME:
        return _time(display, display)
    if kind in (AnswerType.PERSON, AnswerType.PLACE, AnswerType.ORGANISATION):
        words = _name_words(display, kind)
        return Value(kind, " ".join(words), display) if words else None
    return None
