"""Dates that news text mentions, with where they are. Pure functions.

Dates written in full ("Rabu (19/6/2024)", "19 Juni 2024", "June 19, 2024", "2024-06-19") are parsed with
``dateparser``, which knows Indonesian; a weekday with a day and month ("Selasa (18/6)", "Tuesday, June 18")
has its year inferred as the latest one, up to the reference day, in which that day falls on that weekday.
Which of them is the article's own date is decided in ``published.py``.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

MONTHS: dict[str, int] = {
    **dict.fromkeys(("januari", "january", "jan"), 1),
    **dict.fromkeys(("februari", "pebruari", "february", "feb"), 2),
    **dict.fromkeys(("maret", "march", "mar"), 3),
    **dict.fromkeys(("april", "apr"), 4),
    **dict.fromkeys(("mei", "may"), 5),
    **dict.fromkeys(("juni", "june", "jun"), 6),
    **dict.fromkeys(("juli", "july", "jul"), 7),
    **dict.fromkeys(("agustus", "august", "agu", "agt", "aug"), 8),
    **dict.fromkeys(("september", "sept", "sep"), 9),
    **dict.fromkeys(("oktober", "october", "okt", "oct"), 10),
    **dict.fromkeys(("november", "nov", "nop"), 11),
    **dict.fromkeys(("desember", "december", "des", "dec"), 12),
}
"""Month names and abbreviations (Indonesian and English) that ``dateparser`` also knows."""

WEEKDAYS: dict[str, int] = {
    **{d: i for i, d in enumerate(("senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu"))},
    "ahad": 6,
    **{d: i for i, d in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))},
}
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = ("", *"January February March April May June July August September October November December".split())

INFERENCE_YEARS = 40
"""How many years back from the reference year a weekday + day/month is looked up."""

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_WD = "|".join(w.replace("jumat", "jum['’]?at") for w in sorted(WEEKDAYS, key=len, reverse=True))
_WD_PREFIX = rf"(?:\b(?P<wd>{_WD})\s*,?\s*)?(?P<open>\()?\s*"
_STATED: tuple[tuple[str, str], ...] = (  # (date regex, dateparser DATE_ORDER)
    (r"(?<![\d-])\d{4}-\d{2}-\d{2}(?![\d-])", "YMD"),
    (r"(?<![\d/.-])\d{1,2}(?P<sep>[/.-])\d{1,2}(?P=sep)\d{4}(?!\d)", "DMY"),
    (rf"\b\d{{1,2}}\s+(?:{_MONTH})\b\.?,?\s+\d{{4}}\b", "DMY"),
    (rf"\b(?:{_MONTH})\b\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b", "MDY"),
)
STATED_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(rf"{_WD_PREFIX}(?P<date>{p})\s*(?(open)\))", re.IGNORECASE), order) for p, order in _STATED
)
INFERRED_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(rf"\b(?P<wd>{_WD})\s*{p}", re.IGNORECASE)
    for p in (
        r",?\s*\(\s*(?P<d>\d{1,2})/(?P<m>\d{1,2})\s*\)",  # Selasa (18/6)
        r",\s*(?P<d>\d{1,2})/(?P<m>\d{1,2})(?![/.\-\d])",  # Selasa, 18/6
        rf",?\s*(?P<d>\d{{1,2}})\s+(?P<mon>{_MONTH})\b(?!\.?,?\s*\d)",  # Selasa, 18 Juni
        rf",?\s*(?P<mon>{_MONTH})\b\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?!,?\s*\d)",  # Tuesday, June 18
    )
)
DAY_MONTH_PATTERN = re.compile(
    rf"\b(?:(?P<mon>{_MONTH})\.?\s+(?P<d>\d{{1,2}})|(?P<d2>\d{{1,2}})\s+(?P<mon2>{_MONTH}))\b(?!\.?,?\s*\d)",
    re.IGNORECASE,
)
"""A day and month with neither year nor weekday ("April 22", "22 April"): read only where a dateline puts
it ("WASHINGTON, April 22 (Reuters) -"), since elsewhere any year would do."""


@dataclass(frozen=True)
class Mention:
    """A date the text mentions: where (``start``/``end`` in the text) and, when its year is not written,
    why that year (``year_basis``: "18 June is a Tuesday in 2024")."""

    date: datetime.date
    start: int
    end: int
    year_basis: str = ""

    def quoted(self, text: str) -> str:
        return '"' + " ".join(text[self.start : self.end].split()) + '"'


def _parse_stated(date_text: str, order: str, reference: datetime.date) -> datetime.date | None:
    import dateparser  # slow to import: only when a date is actually found

    parsed = dateparser.parse(
        date_text,
        languages=["id", "en"],
        settings={
            "DATE_ORDER": order,
            "RELATIVE_BASE": datetime.datetime.combine(reference, datetime.time()),
            "PREFER_DATES_FROM": "past",
            "REQUIRE_PARTS": ["day", "month", "year"],
            "PARSERS": ["absolute-time"],
        },
    )
    return parsed.date() if parsed else None


def _infer_year(day: int, month: int, weekday: int | None, reference: datetime.date) -> datetime.date | None:
    """The latest date on or before ``reference`` that is ``day``/``month`` (and falls on ``weekday``)."""
    for year in range(reference.year, reference.year - INFERENCE_YEARS, -1):
        try:
            candidate = datetime.date(year, month, day)
        except ValueError:
            continue
        if candidate <= reference and (weekday is None or candidate.weekday() == weekday):
            return candidate
    return None


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def date_mentions(text: str, reference: datetime.date) -> list[Mention]:
    """Every date written in full or as a weekday with day/month, in text order, none after ``reference``."""
    found: list[Mention] = []
    for pattern, order in STATED_PATTERNS:
        for m in pattern.finditer(text):
            date = _parse_stated(m["date"], order, reference)
            if date:
                found.append(Mention(date, m.start(), m.end()))
    for pattern in INFERRED_PATTERNS:
        for m in pattern.finditer(text):
            day = int(m["d"])
            month = _month(m["mon"]) if "mon" in pattern.groupindex else int(m["m"])
            weekday = WEEKDAYS[re.sub("['’]", "", m["wd"].lower())]
            date = _infer_year(day, month, weekday, reference) if 1 <= month <= 12 else None
            if date:
                why = f"{day} {MONTH_NAMES[month]} is a {WEEKDAY_NAMES[weekday]} in {date.year}"
                found.append(Mention(date, m.start(), m.end(), why))
    return sorted((f for f in found if f.date <= reference), key=lambda f: (f.start, -f.end))


def day_month(text: str, reference: datetime.date) -> Mention | None:
    """A day and month without a year at the start of ``text``, dated to the latest such day up to
    ``reference``."""
    m = DAY_MONTH_PATTERN.match(text)
    if not m:
        return None
    day, month = int(m["d"] or m["d2"]), _month(m["mon"] or m["mon2"])
    date = _infer_year(day, month, None, reference)
    if date is None:
        return None
    why = f"the year is the latest in which {day} {MONTH_NAMES[month]} is not after {reference.isoformat()}"
    return Mention(date, m.start(), m.end(), why)
