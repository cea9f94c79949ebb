"""What is not the article: teasers, comment-form footers, repeated title and caption lines.

The patterns are data, kept here in one place; cleaning works line by line so every kept
line still knows its line number in the original file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Whole lines that are not article text (matched case-insensitively against the stripped line).
NOISE_LINE_PATTERNS: tuple[str, ...] = (
    r"^baca juga\s*:?.*",  # related-article teasers
    r"^baca (selengkapnya|lainnya)\b.*",
    r"^membaca\s{1,}\S.*",  # "MEMBACA  Maskapai ..." teaser
    r"^(lihat|simak) juga\s*:.*",
    r"^read (more|also)\s*:.*",
    r"^tinggalkan balasan\b.*",  # comment form
    r"^alamat email anda tidak akan dipublikasikan\b.*",
    r"^ruas yang wajib ditandai\b.*",
    r"^\d+\s+komentar\s*$",  # "0 Komentar"
    r"^(leave a (reply|comment)|your email address will not be published)\b.*",
    r"^sumber\s*:?\s*$",  # a dangling "Sumber:" with nothing after it
    r"^(advertisement|iklan|scroll to continue.*)$",
)

# Trailing teaser text glued onto an article line (kept line, cut text).
TRAILING_TEASERS: tuple[str, ...] = (r"baca selengkapnya di sini!?\s*$",)
r"""Matched from where their words start, and the whitespace before them stripped after: a pattern that
starts with ``\s*`` would rescan every whitespace run of a long line (quadratic)."""

_NOISE = [re.compile(p, re.IGNORECASE) for p in NOISE_LINE_PATTERNS]
_TRAILING = [re.compile(p, re.IGNORECASE) for p in TRAILING_TEASERS]
_CAPTION_TAIL = re.compile(r"(/[\w .]+|--)\s*$")


@dataclass(frozen=True)
class Line:
    """A kept line of an article and its 1-based number in the original file."""

    number: int
    text: str


@dataclass(frozen=True)
class CleanArticle:
    title: str
    lines: list[Line]
    """Body lines after cleaning (the title line excluded)."""


def _normalize(s: str) -> str:
    s = s.replace("\\'", "'").replace('\\"', '"')
    return re.sub(r"\W+", " ", s.casefold()).strip()


def is_noise(line: str) -> bool:
    """True when a whole line is a teaser, a comment-form footer or a counter."""
    stripped = line.strip()
    return any(p.match(stripped) for p in _NOISE)


def _is_caption(line: str, title_norm: str) -> bool:
    """A short caption line: a photo credit (".../CNN Indonesia", "...--") or a restated title."""
    norm = _normalize(line)
    if not norm:
        return False
    if norm == title_norm:
        return True
    words = norm.split()
    return len(words) <= 16 and bool(_CAPTION_TAIL.search(line.strip())) and not line.strip().endswith(".")


def clean_article(text: str) -> CleanArticle:
    """Split an article into its title (first non-empty line) and cleaned body lines (the title line too when
    it is the only line, so that a one-line article is searchable)."""
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    title = ""
    title_norm = ""
    title_line = 0
    seen: set[str] = set()
    kept: list[Line] = []
    for number, line in enumerate(raw, start=1):
        stripped = line.strip().lstrip("\ufeff")
        if not stripped:
            continue
        if not title:
            title, title_norm, title_line = stripped, _normalize(stripped), number
            continue
        if is_noise(stripped) or _is_caption(stripped, title_norm):
            continue
        for pattern in _TRAILING:
            stripped = pattern.sub("", stripped).rstrip()
        norm = _normalize(stripped)
        if not norm or norm in seen:  # repeated caption/title lines
            continue
        seen.add(norm)
        kept.append(Line(number, stripped))
    if not kept and title:  # a one-line article: its only line is the text as well as the title
        kept.append(Line(title_line, title))
    return CleanArticle(title=title, lines=kept)
