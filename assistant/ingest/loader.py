"""Reading article files: UTF-8 first, a fallback for other encodings, skips with reasons (finding them: roots.py)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.ingest.html import HtmlArticle

HTML_SUFFIXES = frozenset({".html", ".htm"})
ARTICLE_SUFFIXES = frozenset({".txt", ".md"}) | HTML_SUFFIXES
FALLBACK_ENCODINGS = ("utf-16", "cp1252", "latin-1")


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
        return f"skipped {self.path}: {self.reason}"


def decode(data: bytes) -> tuple[str, str] | None:
    """Decode article bytes; None when the data looks binary."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            return None
    if b"\x00" in data[:8192]:
        return None
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    for encoding in FALLBACK_ENCODINGS[1:]:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _mostly_text(text):
            return text, encoding
    return None


def _mostly_text(text: str) -> bool:
    sample = text[:8192]
    if not sample:
        return True
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\n\r\t\f") or 0x7F <= ord(ch) < 0xA0)
    return bad / len(sample) < 0.01


def read_article(path: Path, name: str) -> ArticleFile | Skipped:
    """Read one article, or say in one line why it was skipped."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Skipped(path, f"unreadable ({exc.strerror or exc})", UNREADABLE)
    decoded = decode(data)
    if decoded is None:
        return Skipped(path, "binary or undecodable content", CONTENT)
    text, encoding = decoded
    if not text.strip():
        return Skipped(path, "empty file", CONTENT)
    if path.suffix.lower() in HTML_SUFFIXES:
        from assistant.ingest.html import extract_html

        page = extract_html(text)
        if page is None:
            return Skipped(
                path, "no extractable article (a page without article text: login, index or empty page)", CONTENT
            )
        return ArticleFile(path=path, name=name, text=page.text, encoding=encoding, page=page)
    return ArticleFile(path=path, name=name, text=text, encoding=encoding)


def article_text(path: Path) -> str | None:
    """The text an article's citations point into (line numbers and character spans): the decoded file, or
    for an HTML page the article extracted from it; None when the file cannot be read as an article."""
    article = read_article(path, path.name)
    return None if isinstance(article, Skipped) else article.text
