"""An article's news metadata as ingest records it: derived from its text (``news.py``), then from an HTML
page's metadata, then from a Markdown article's front matter, then from a ``NAME.meta.toml`` sidecar next
to the file; a later source overrides an earlier one, field by field.

A broken sidecar or front matter never loses the article: it is indexed with what its text says, and the
run prints one line saying what to fix.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.ingest.news import (
    ArticleMeta,
    ArticleMetaError,
    derive_meta,
    parse_sidecar,
    split_front_matter,
    validate_fields,
)

if TYPE_CHECKING:
    from assistant.ingest.html import HtmlArticle

SIDECAR_SUFFIX = ".meta.toml"


def sidecar_path(path: Path) -> Path:
    """Where an article's sidecar is: ``a.txt`` -> ``a.meta.toml``."""
    return path.with_name(path.stem + SIDECAR_SUFFIX)


def _reference(path: Path) -> date:
    """The date a weekday and day/month without a year is resolved against: the file's modification day."""
    try:
        return date.fromtimestamp(path.stat().st_mtime)
    except OSError:
        return date.today()


def article_meta(path: Path, text: str, page: HtmlArticle | None = None) -> tuple[ArticleMeta, str, list[str]]:
    """(metadata, the text to index, one line per problem). The text to index is ``text`` with a Markdown
    front-matter block replaced by empty lines, so every other line keeps its number."""
    notes: list[str] = []
    front: dict[str, str] = {}
    if path.suffix.lower() == ".md":
        front, text, unclosed = split_front_matter(text)
        if unclosed:
            notes.append(
                f"{path}: its front matter opens with --- but is never closed: indexed it as text "
                "(add the closing --- line to use its fields)"
            )
    meta = derive_meta(text, _reference(path))
    found = (
        {"title": page.title, "outlet": page.outlet, "author": page.author, "published": page.published} if page else {}
    )
    overrides: list[tuple[str, dict[str, str] | Path]] = [
        ("page", {k: v for k, v in found.items() if v}),
        ("front matter", front),
    ]
    if sidecar_path(path).is_file():
        overrides.append(("sidecar", sidecar_path(path)))
    for source, fields in overrides:
        try:
            if isinstance(fields, Path):
                fields = parse_sidecar(fields.read_text(encoding="utf-8"), str(fields))
            elif source == "front matter" and fields:
                fields = validate_fields(fields, str(path), strict=False)
            if fields:
                meta = meta.merged(fields, source)
        except (ArticleMetaError, OSError, UnicodeDecodeError) as exc:
            problem = (
                str(exc) if isinstance(exc, ArticleMetaError) else f"{fields}: unreadable ({exc}): fix or delete it"
            )
            notes.append(f"{problem} (indexed {path.name} with the metadata its text gives)")
    return meta, text, notes
