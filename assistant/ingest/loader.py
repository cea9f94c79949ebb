"""Reading article files (decoding: decoding.py), skips with reasons (finding them: roots.py).

A file name that is not valid UTF-8 is skipped with one line that shows it escaped (``safe_text``): the
index keeps paths as text. A mostly-UTF-8 file with bad bytes is read with U+FFFD in their place, and says so
in ``ArticleFile.notes``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.ingest.decoding import decode_bytes
from assistant.safe_text import safe

if TYPE_CHECKING:
    from assistant.ingest.html import HtmlArticle

HTML_SUFFIXES = frozenset({".html", ".htm"})
ARTICLE_SUFFIXES = frozenset({".txt", ".md"}) | HTML_SUFFIXES


@dataclass(frozen=True)
class ArticleFile:
    """An article file as read from disk."""

    path: Path
    """Absolute path."""
    name: str
    """The article's id (see roots.py)."""
    text: str
    """What is indexed and cited: the file's text, or for an HTML page the article extracted from it."""
    encoding: str
    page: HtmlArticle | None = None
    """For an HTML page: what was extracted from it (its metadata included)."""
    notes: tuple[str, ...] = ()
    """One line per thing the user should know (bytes that were not UTF-8)."""


UNREADABLE = "unreadable"
"""A read failed (permissions, I/O): what the index holds of it is kept."""
CONTENT = "content"
"""Read, but not an article (binary, empty)."""
NOT_ARTICLE = "type"
MISSING = "missing"
LINK = "link"
DUPLICATE = "duplicate"


@dataclass(frozen=True)
class Skipped:
    """A path ingest did not index, why (one line), and the kind of reason (UNREADABLE, CONTENT, ...)."""

    path: Path
    reason: str
    kind: str = NOT_ARTICLE

    def __str__(self) -> str:
        return safe(f"skipped {self.path}: {self.reason}")


def name_problem(path: Path) -> str | None:
    """Why a path cannot be indexed as it is named (None when it can): a name that is not valid UTF-8."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        return "its name is not valid UTF-8: give it a UTF-8 name to index it"
    return None


def read_article(path: Path, name: str) -> ArticleFile | Skipped:
    """Read one article, or say in one line why it was skipped."""
    problem = name_problem(path)
    if problem is not None:
        return Skipped(path, problem, CONTENT)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Skipped(path, f"unreadable ({exc.strerror or exc})", UNREADABLE)
    is_html = path.suffix.lower() in HTML_SUFFIXES
    decoded = decode_bytes(data, html=is_html)
    if decoded is None:
        return Skipped(path, "binary or undecodable content", CONTENT)
    notes = tuple(n for n in (decoded.note(safe(str(path))),) if n)
    if not decoded.text.strip():
        return Skipped(path, "empty file", CONTENT)
    if is_html:
        from assistant.ingest.html import extract_html

        page = extract_html(decoded.text)
        if page is None:
            return Skipped(
                path, "no extractable article (a page without article text: login, index or empty page)", CONTENT
            )
        return ArticleFile(path=path, name=name, text=page.text, encoding=decoded.encoding, page=page, notes=notes)
    return ArticleFile(path=path, name=name, text=decoded.text, encoding=decoded.encoding, notes=notes)


def article_text(path: Path) -> str | None:
    """The text an article's citations point into (line numbers and character spans): the decoded file, or
    for an HTML page the article extracted from it; None when the file cannot be read as an article."""
    article = read_article(path, path.name)
    return None if isinstance(article, Skipped) else article.text
