"""`assistant articles`: the indexed articles with their outlet, date, language and chunk count, and the
passages flagged at ingest as instructions to an AI model."""

from __future__ import annotations

from typing import Any

import click

from assistant.commands.common import settings_of


def article_rows(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per indexed article, by id (``entries``: ``IndexReader.article_rows()``)."""
    return [
        {
            "file": entry["id"],
            "outlet": entry.get("outlet", ""),
            "published": entry.get("published", ""),
            "published_inferred": bool(entry.get("published_inferred", False)),
            "language": entry.get("language", ""),
            "chunks": int(entry.get("n_chunks", 0)),
            "title": entry.get("title", ""),
            "flagged": list(entry.get("flagged") or []),
        }
        for entry in sorted(entries, key=lambda e: str(e["id"]))
    ]


def date_cell(row: dict[str, Any]) -> str:
    """The date as the table shows it: "2024-06-18 (inferred)", or "unknown"."""
    if not row["published"]:
        return "unknown"
    return row["published"] + (" (inferred)" if row["published_inferred"] else "")


@click.command()
@click.option("--json", "as_json", is_flag=True, help="print one JSON object")
@click.pass_context
def articles(ctx: click.Context, as_json: bool) -> int:
    """List the indexed articles: outlet, publication date, language, chunks."""
    from assistant.safe_text import safe, safe_json
    from assistant.store import IndexStore

    store = IndexStore(settings_of(ctx))
    try:
        store.open_info()
        rows = article_rows(store.reader().article_rows())
    finally:
        store.close()
    if as_json:
        print(safe_json({"articles": rows}))
        return 0
    header = ("file", "outlet", "published", "lang", "chunks", "title")
    table = [header] + [
        (r["file"], r["outlet"] or "unknown", date_cell(r), r["language"] or "?", str(r["chunks"]), r["title"][:60])
        for r in rows
    ]
    widths = [max(len(safe(row[i])) for row in table) for i in range(len(header) - 1)]
    for row in table:
        print("  ".join(safe(cell).ljust(w) for cell, w in zip(row, widths, strict=False)) + "  " + safe(row[-1]))
    flagged = [(r["file"], phrase) for r in rows for phrase in r["flagged"]]
    if flagged:
        print(f"\n{len(flagged)} passage(s) hold instructions to an AI model and are never used as evidence:")
        for file, phrase in flagged:
            print(f"  {safe(file)}: {safe(phrase)!r}")
    return 0
