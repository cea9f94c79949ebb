"""An article's news metadata as ingest records it: derived from its text (``news.py``), then from an HTML
page's metadata, then from a Markdown article's front matter, then from a ``NAME.meta.toml`` sidecar next
to the file; a later source overrides an earlier one, field by field.

A broken sidecar or front matter never loses the article: it is indexed with what its text says, and the
run prints one line saying what to fix. A publication date after today (a day's grace for time zones), from
a sidecar, front matter or a page's metadata, is not used and is reported the same way.
"""

from __future__ import annotations

from datetime import date, timedelta
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
FUTURE_GRACE = timedelta(days=1)
"""How far after today a given publication date may be (time zones) before it is refused."""


def sidecar_path(path: Path) -> Path:
    """Where an article's sidecar is: ``a.txt`` -> ``a.meta.toml``."""
    return path.with_name(path.stem + SIDECAR_SUFFIX)


def _reference(path: Path, today: date) -> date:
    """The last day a date inferred from the text may be (a weekday and day/month is resolved against it):
    the file's modification day, never after today."""
    try:
        return min(date.fromtimestamp(path.stat().st_mtime), today)
    except (OSError, ValueError, OverflowError):
        return today


def _future_published(fields: dict[str, str], today: date) -> str:
    """The ``published`` of validated ``fields`` when it is after today (with ``FUTURE_GRACE``), else ""."""
    value = fields.get("published", "")
    return value if value and date.fromisoformat(value) > today + FUTURE_GRACE else ""


def article_meta(
    path: Path, text: str, page: HtmlArticle | None = None, today: date | None = None
) -> tuple[ArticleMeta, str, list[str]]:
    """(metadata, the text to index, one line per problem). The text to index is ``text`` with a Markdown
    front-matter block replaced by empty lines, so every other line keeps its number."""
    today = today or date.today()
    notes: list[str] = []
    front: dict[str, str] = {}
    if path.suffix.lower() == ".md":
        front, text, unclosed = split_front_matter(text)
        if unclosed:
            notes.append(
                f"{path}: its front matter opens with --- but is never closed: indexed it as text "
                "(add the closing --- line to use its fields)"
            )
    meta = derive_meta(text, _reference(path, today))
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
            where = f"{fields}" if isinstance(fields, Path) else f"{path} ({source})"
            if isinstance(fields, Path):
                fields = parse_sidecar(fields.read_text(encoding="utf-8"), str(fields))
            elif fields:
                fields = validate_fields(fields, str(path), strict=False)
            if future := _future_published(fields, today):
                fields = {k: v for k, v in fields.items() if k != "published"}
                kept = f"published {meta.published}" if meta.published else "no publication date"
                notes.append(f"{where}: published {future!r} is after today: fix it (indexed {path.name} with {kept})")
            if fields:
                meta = meta.merged(fields, source)
        except (ArticleMetaError, OSError, UnicodeDecodeError) as exc:
            problem = (
                str(exc) if isinstance(exc, ArticleMetaError) else f"{fields}: unreadable ({exc}): fix or delete it"
            )
            notes.append(f"{problem} (indexed {path.name} with the metadata its text gives)")
    return meta, text, notes
