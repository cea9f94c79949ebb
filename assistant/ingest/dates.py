"""Publication dates in news text: dates stated in full ("Rabu (19/6/2024)", "19 Juni 2024", parsed with
``dateparser``, which knows Indonesian) and a weekday with a day and month ("Selasa (18/6)"), whose year is
inferred as the latest one in which that day falls on that weekday. Pure functions."""

from __future__ import annotations

import datetime
import re

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


def _quote(span: str) -> str:
    return '"' + " ".join(span.split()) + '"'


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


def _infer_year(day: int, month: int, weekday: int, reference: datetime.date) -> datetime.date | None:
    """The latest date on or before ``reference`` that is ``day``/``month`` and falls on ``weekday``."""
    for year in range(reference.year, reference.year - INFERENCE_YEARS, -1):
        try:
            candidate = datetime.date(year, month, day)
        except ValueError:
            continue
        if candidate <= reference and candidate.weekday() == weekday:
            return candidate
    return None


def published_from_text(text: str, reference: datetime.date) -> tuple[str, bool, str]:
    """(iso_date, inferred, basis) of the latest date the text states or implies, on or before ``reference``."""
    found: list[tuple[datetime.date, bool, str]] = []
    for pattern, order in STATED_PATTERNS:
        for m in pattern.finditer(text):
            date = _parse_stated(m["date"], order, reference)
            if date:
                found.append((date, False, f"stated {_quote(m.group(0))}"))
    for pattern in INFERRED_PATTERNS:
        for m in pattern.finditer(text):
            day = int(m["d"])
            month = MONTHS[m["mon"].lower().rstrip(".")] if "mon" in pattern.groupindex else int(m["m"])
            weekday = WEEKDAYS[re.sub("['’]", "", m["wd"].lower())]
            date = _infer_year(day, month, weekday, reference) if 1 <= month <= 12 else None
            if date:
                why = f"{day} {MONTH_NAMES[month]} is a {WEEKDAY_NAMES[weekday]} in {date.year}"
                found.append((date, True, f"inferred from {_quote(m.group(0))}: {why}"))
    found = [f for f in found if f[0] <= reference]
    if not found:
        return "", False, ""
    date, inferred, basis = max(found, key=lambda f: (f[0], not f[1]))  # latest; stated beats inferred
    return date.isoformat(), inferred, basis
