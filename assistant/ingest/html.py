"""Saved news pages (.html/.htm): the article's main text and metadata, with trafilatura and htmldate.

The text comes out in the shape of the seeds' .txt files (title line, blank line, one paragraph per
line, paragraphs separated by blank lines), so the rest of ingest (cleaning, chunking) treats an HTML
page like any other article. Pages without an article (login pages, index pages, empty pages) give
None, and ingest skips them as "no extractable article".

Nothing here touches the network: the page is parsed once by trafilatura's ``load_html`` (which only
parses, unlike htmldate's loader, which downloads a string that looks like a URL) and that parsed
tree is what trafilatura and htmldate see. Both libraries are imported inside ``extract_html``: they
are slow to import and the chat app must start fast.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from assistant.ingest.decoding import decode_bytes

HTML_SUFFIXES = frozenset({".html", ".htm"})

MIN_ARTICLE_CHARS = 200
"""Fewest characters of extracted body text (title excluded) that count as an article: a short
two-sentence news brief has more; the nav and form labels of a login page (about 170 characters,
what trafilatura's recall fallbacks return for ``empty_page.html``) have fewer."""

MIN_SENTENCE_LINES = 2
"""Fewest sentence-like lines (see ``_sentence_like``) an article must have."""

MIN_SENTENCE_WORDS = 5
"""Fewest words in a sentence-like line; link lists, menus and labels have fewer or no full stop."""

TRAFILATURA_OPTIONS: dict[str, Any] = {
    "output_format": "txt",
    "favor_precision": True,  # drops nav/form fallbacks: a login page gives None, not its labels
    "include_comments": False,  # reader comments are not the article
    "include_tables": False,  # tables on news pages are mostly layout, scores or ads
    "with_metadata": False,  # metadata is read separately (extract_metadata, htmldate)
}
"""Keyword arguments of ``trafilatura.extract``. ``fast`` stays False, so trafilatura can compare
its result with its fallback extractors on pages its own heuristics get wrong."""

DATE_OPTIONS: dict[str, Any] = {
    "original_date": True,  # publication date, not "last modified"/"updated"
    "extensive_search": False,  # markup only (meta tags, JSON-LD, <time>, URL, timestamps): no guessing
    # from free text, which turns a footer's "© 2024" into 2024-01-01
    "outputformat": "%Y-%m-%d",
    "min_date": "1995-01-01",  # htmldate's own default lower bound, written out
    "max_date": "2099-12-31",  # fixed, not htmldate's default (the end of today), so the same page
    # gives the same date whenever it is ingested; a mistyped future date is kept as written
}
"""Keyword arguments of ``htmldate.find_date`` (also given to trafilatura's metadata extraction)."""

_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*(?:\s|$)")
_CODE_OPEN = re.compile(r"<(script|style)\b([^>]*)>", re.IGNORECASE)

MAX_METADATA_SCRIPT_CHARS = 100_000
"""Longest JSON-LD block kept for its metadata (title, author, date); a longer one is emptied like code."""


def without_code(page: str) -> str:
    """The page with the content of every ``<script>`` and ``<style>`` element removed (the tags stay), except
    a JSON-LD metadata block of at most ``MAX_METADATA_SCRIPT_CHARS``. A 10 MB inline script would otherwise
    break parsing and lose the article. One pass: linear in the page."""
    low = page.lower()
    out: list[str] = []
    pos = 0
    while (m := _CODE_OPEN.search(page, pos)) is not None:
        close = low.find(f"</{m.group(1).lower()}", m.end())
        close = len(page) if close < 0 else close
        out.append(page[pos : m.end()])
        if "ld+json" in m.group(2).lower() and close - m.end() <= MAX_METADATA_SCRIPT_CHARS:
            out.append(page[m.end() : close])
        pos = close
    out.append(page[pos:])
    return "".join(out)


@dataclass(frozen=True)
class HtmlArticle:
    """The article of a news page."""

    text: str
    """Title line, blank line, then one paragraph per line separated by blank lines (like the seeds)."""
    title: str
    outlet: str
    """Site name (og:site_name, JSON-LD publisher, or trafilatura's guess); "" when none."""
    author: str
    published: str
    """ISO date (YYYY-MM-DD) of the original publication, from htmldate; "" when none."""
    url: str
    """The page's canonical or og:url address when it has a valid absolute one, else ""."""


def decode_page(data: bytes) -> str | None:
    """Decode a saved page (``decoding.decode_bytes``: the charset the page declares comes before the
    legacy guesses); None for binary data."""
    decoded = decode_bytes(data, html=True)
    return None if decoded is None else decoded.text


def _clean(text: str | None) -> str:
    """One line with every run of whitespace (no-break spaces included) as one space."""
    return " ".join((text or "").replace("\xa0", " ").split())


def _sentence_like(line: str) -> bool:
    """A line that reads like prose: enough words and a sentence end."""
    return len(line.split()) >= MIN_SENTENCE_WORDS and bool(_SENTENCE_END.search(line))


def _paragraphs(extracted: str, title: str) -> list[str]:
    """The non-empty lines of trafilatura's text output, normalised; a leading copy of the title goes."""
    lines = [_clean(line) for line in extracted.splitlines()]
    lines = [line for line in lines if line]
    if lines and title and lines[0].casefold() == title.casefold():
        lines = lines[1:]
    return lines


def is_article(paragraphs: list[str]) -> bool:
    """Whether extracted paragraphs are an article: long enough and with enough sentence-like lines."""
    chars = sum(len(p) for p in paragraphs)
    sentences = sum(1 for p in paragraphs if _sentence_like(p))
    return chars >= MIN_ARTICLE_CHARS and sentences >= MIN_SENTENCE_LINES


def extract_html(data: bytes | str) -> HtmlArticle | None:
    """The main text and metadata of a news page; None when the page has no extractable article
    (login pages, index pages, empty pages).

    Bytes are decoded with ``decode_page``; binary data gives None. Without a title the text starts
    with the first paragraph.
    """
    page = decode_page(data) if isinstance(data, bytes) else data
    if page is None or not page.strip():
        return None

    import htmldate
    import trafilatura
    from trafilatura.utils import load_html

    tree = load_html(without_code(page))  # parses only; never downloads
    if tree is None:
        return None
    # Metadata and date first: ``extract`` works on copies, but it runs last in any case.
    meta = trafilatura.extract_metadata(tree, date_config=dict(DATE_OPTIONS))
    url = meta.url or ""
    published = htmldate.find_date(tree, url=url or None, **DATE_OPTIONS) or ""
    extracted = trafilatura.extract(tree, **TRAFILATURA_OPTIONS)
    if not extracted:
        return None
    title = _clean(meta.title)
    paragraphs = _paragraphs(extracted, title)
    if not is_article(paragraphs):
        return None
    body = "\n\n".join(paragraphs)
    text = f"{title}\n\n{body}" if title else body
    return HtmlArticle(
        text=text,
        title=title,
        outlet=_clean(meta.sitename),
        author=_clean(meta.author),
        published=published,
        url=url,
    )
