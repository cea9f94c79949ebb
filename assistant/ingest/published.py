"""An article's own publication date, from its text. Pure functions.

The date is the one the article states as its own, not one it only mentions:

* a labelled date: "Published: April 22, 2025", "Diterbitkan 22 April 2025" (at the start of a line or after
  a "|" or "·");
* the dateline's date: "Jakarta, Selasa (22/4/2025) - ...", "WASHINGTON, April 22 (Reuters) - ...";
* a byline line of its own near the top: "KOMPAS.com, 22 April 2025", "Rabu, 19 Juni 2024 10:15 WIB".

Only when none is stated is it inferred from the dates the text mentions (``dates.py``), and then marked as
inferred:

* a date said to lie ahead ("akan digelar pada 20 Mei", "will meet on May 20", "20 Mei mendatang") is never
  the publication date;
* a reporting day ("kata Perry, Selasa (22/4/2025)", "dikutip pada Selasa (18/6)", "said on Tuesday, April
  22") is preferred: it is the day the news was gathered; the latest one, as a report is published on or
  after every statement it quotes;
* else the latest other date: an article is published on or after every past event it reports.

No date after the reference day (the file's modification day) is used.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence

from assistant.ingest.dates import Mention, date_mentions, day_month

FUTURE_BEFORE = frozenset(
    """akan bakal hendak dijadwalkan terjadwal dijadwal direncanakan rencananya berencana merencanakan
    diagendakan diperkirakan diprediksi mendatang will shall scheduled schedule planned plans plan planning
    due expected expects upcoming next slated set""".split()
)
"""Words that put a date they come shortly before in the future ("akan digelar pada", "will meet on")."""
FUTURE_AFTER = frozenset("mendatang nanti depan ahead".split())
"""Words that put a date they directly follow in the future ("20 Mei mendatang")."""
REPORTING = frozenset(
    """kata ujar ucap tutur jelas jelasnya ungkap ungkapnya terang terangnya papar tegas tegasnya sebut
    sebutnya katanya ujarnya ucapnya tuturnya mengatakan menyatakan menjelaskan mengungkapkan menegaskan
    menyebutkan menuturkan memaparkan menerangkan menyampaikan disampaikan dikutip mengutip dilansir melansir
    dilaporkan melaporkan diberitakan memberitakan wartawan konferensi jumpa keterangan said says told
    announced reported stated added quoted according statement reporters conference briefing""".split()
)
"""Words that make a date near them the day something was said or reported."""
LABELS = (
    r"published|first\s+published|posted(?:\s+on)?|date|dated|diterbitkan|dipublikasikan|dipublikasi|terbit"
    r"|tanggal|diposting|dimuat|dirilis"
)
"""Labels of a publication date ("Published:", "Diterbitkan")."""

_LABEL = re.compile(rf"(?:^|[|·•])\s*(?:{LABELS})\b\s*(?:on\s+)?[:：\-–—]?\s*$", re.IGNORECASE)
_DATELINE_HEAD = re.compile(r"^[\w.&'’/ -]{0,60}?,?\s*$")
_DATELINE_TAIL = re.compile(r"\s*(?:\([^()\n]{1,30}\))?\s*(?:--|[-–—])\s")
_TIME = re.compile(r"\b\d{1,2}[.:]\d{2}(?:[.:]\d{2})?\s*(?:WIB|WITA|WIT|GMT|UTC|[AP]\.?M\.?)?\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+(?:[.'’-][^\W\d_]+)*", re.UNICODE)
_CLAUSE_END = re.compile(r"[.;!?:,\n](?=\s|$)")
_SENTENCE_END = re.compile(r"[.;!?\n](?=\s|$)")

HEADER_LINES = 6
"""How many lines after the title may hold the byline or the dateline."""
PARAGRAPH_WORDS = 15
"""A line of at least this many words is a paragraph: the header ends with the first one."""
BYLINE_OTHER_WORDS = 5
"""At most this many words besides the date (outlet, author, city, time zone) on a byline line."""
CUE_WORDS = 8
"""How many words before a date are searched for a future or reporting cue."""


def _lines(text: str) -> list[tuple[int, str]]:
    """(offset, line) of every non-empty line."""
    out, at = [], 0
    for line in text.splitlines(keepends=True):
        if line.strip():
            out.append((at, line.rstrip("\r\n")))
        at += len(line)
    return out


def _header(text: str) -> list[tuple[int, str]]:
    """The first line (the title, or a paragraph that opens with the dateline) and the lines after it up to
    and including the first paragraph (at most ``HEADER_LINES``), less repeats of the first line."""
    lines = _lines(text)
    out: list[tuple[int, str]] = []
    for at, line in lines[: 1 + HEADER_LINES]:
        if out and line.strip() == out[0][1].strip():
            continue
        out.append((at, line))
        if len(_WORD.findall(line)) >= PARAGRAPH_WORDS:
            break
    return out


def _labelled(text: str, mentions: Sequence[Mention]) -> Mention | None:
    for m in mentions:
        line_start = text.rfind("\n", 0, m.start) + 1
        if _LABEL.search(text[line_start : m.start]):
            return m
    return None


def _dateline(
    text: str, header: Sequence[tuple[int, str]], mentions: Sequence[Mention], reference: datetime.date
) -> Mention | None:
    for at, line in header:
        for m in mentions:
            if at <= m.start < at + len(line) and _DATELINE_HEAD.match(text[at : m.start]):
                if _DATELINE_TAIL.match(text, m.end):
                    return m
        head = re.match(r"[\w.&'’/ -]{0,60}?,\s*", line)  # WASHINGTON, April 22 (Reuters) -
        if head:
            start = at + head.end()
            bare = day_month(text[start : at + len(line)], reference)
            if bare is not None and _DATELINE_TAIL.match(text, start + bare.end):
                return Mention(bare.date, start + bare.start, start + bare.end, bare.year_basis)
    return None


def _byline(text: str, header: Sequence[tuple[int, str]], mentions: Sequence[Mention]) -> Mention | None:
    for at, line in header[1:]:  # not the title: a short title with a date would pass for a byline
        inside = [m for m in mentions if at <= m.start < at + len(line)]
        if len(inside) != 1 or len(_WORD.findall(line)) >= PARAGRAPH_WORDS:
            continue
        m = inside[0]
        rest = _TIME.sub(" ", text[at : m.start] + " " + text[m.end : at + len(line)])
        if len(_WORD.findall(rest)) <= BYLINE_OTHER_WORDS:
            return m
    return None


def _words_before(text: str, m: Mention) -> list[str]:
    """The words of the clause a date ends (or, right after a comma, of the clause before), lower-cased."""
    sentence = text[: m.start]
    cut = max((s.end() for s in _SENTENCE_END.finditer(sentence)), default=0)
    sentence = sentence[cut:]
    clauses = _CLAUSE_END.split(sentence)
    clause = clauses[-1] if clauses[-1].strip() or len(clauses) == 1 else clauses[-2]
    return [w.lower() for w in _WORD.findall(clause)][-CUE_WORDS:]


def _words_after(text: str, m: Mention, n: int) -> list[str]:
    rest = text[m.end :]
    end = _SENTENCE_END.search(rest)
    return [w.lower() for w in _WORD.findall(rest[: end.start() if end else len(rest)])][:n]


def ahead(text: str, m: Mention) -> bool:
    """Whether the text puts the date in the future ("akan digelar pada 20 Mei", "20 Mei mendatang")."""
    return bool(
        FUTURE_BEFORE.intersection(_words_before(text, m)) or FUTURE_AFTER.intersection(_words_after(text, m, 1))
    )


def reporting_day(text: str, m: Mention) -> bool:
    """Whether the date is the day something was said or reported ("kata Perry, Selasa (22/4/2025)")."""
    return bool(REPORTING.intersection(_words_before(text, m)) or REPORTING.intersection(_words_after(text, m, 6)))


def _basis(kind: str, text: str, m: Mention) -> str:
    return f"{kind} {m.quoted(text)}" + (f": {m.year_basis}" if m.year_basis else "")


def published_from_text(text: str, reference: datetime.date) -> tuple[str, bool, str]:
    """(iso_date, inferred, basis): the date the article states as its own, else one inferred from the dates
    it mentions (see the module docstring); ("", False, "") when there is none, up to ``reference``."""
    mentions = date_mentions(text, reference)
    header = _header(text)
    stated = (
        ("labelled", _labelled(text, mentions)),
        ("dateline", _dateline(text, header, mentions, reference)),
        ("byline", _byline(text, header, mentions)),
    )
    for kind, own in stated:
        if own is not None:
            return own.date.isoformat(), bool(own.year_basis), _basis(kind, text, own)
    past = [m for m in mentions if not ahead(text, m)]
    if not past:
        return "", False, ""
    pool = [m for m in past if reporting_day(text, m)] or past
    best = max(pool, key=lambda m: (m.date, not m.year_basis))  # latest; a written year beats an inferred one
    return best.date.isoformat(), True, _basis("inferred from", text, best)
