"""Opening the index database, and its failures as one line that names the fix."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from assistant.errors import StoreError
from assistant.store.chroma import one_line
from assistant.store.schema import configure

REBUILD = "run `assistant ingest --rebuild`"
BATCH = 500
"""Ids per ``IN (...)`` list (SQLite allows 32766 parameters; smaller lists keep statements cheap)."""


def marks(n: int) -> str:
    """``?,?,?`` for an ``IN (...)`` list of ``n`` values."""
    return ",".join("?" * n)


def article_filter_sql(outlets: Sequence[str], low_day: int | None, high_day: int | None) -> tuple[str, list[Any]]:
    """An SQL condition on ``articles a`` for an outlet and publication-day filter ("1" when there is none)."""
    parts: list[str] = []
    params: list[Any] = []
    if outlets:
        parts.append(f"a.outlet IN ({marks(len(outlets))})")
        params.extend(outlets)
    if low_day is not None or high_day is not None:
        parts.append("a.published_day >= ?")
        params.append(max(low_day or 0, 0))
    if high_day is not None:
        parts.append("a.published_day <= ?")
        params.append(high_day)
    return (" AND ".join(parts) or "1"), params


def damaged(path: Path, exc: BaseException) -> StoreError:
    return StoreError(f"the index database {path} is damaged ({one_line(exc)}): {REBUILD}")


def unreadable(path: Path, exc: BaseException) -> StoreError:
    detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else one_line(exc)
    return StoreError(
        f"cannot read the index database {path} ({detail}): make the store readable and writable for this user "
        f"(e.g. `chmod -R u+rwX {path.parent}`)"
    )


def failure(path: Path, exc: BaseException) -> StoreError:
    """A one-line StoreError for an sqlite3 error on the index database at ``path``."""
    if isinstance(exc, StoreError):
        return exc
    text = str(exc).lower()
    if isinstance(exc, OSError) or "unable to open" in text or "readonly" in text or "permission" in text:
        return unreadable(path, exc)
    if "full" in text:
        return StoreError(
            f"the disk holding the index database {path} is full ({one_line(exc)}): free some space, then run this "
            "again (the index is as it was before this run)"
        )
    if "i/o error" in text:
        return StoreError(
            f"reading or writing the index database {path} failed ({one_line(exc)}): check the disk, then run this again"
        )
    if "locked" in text or "busy" in text:
        return StoreError(
            f"the index database {path} is locked by another process ({one_line(exc)}): let it finish, then run "
            "this again"
        )
    return damaged(path, exc)


def connect(path: Path, write: bool = False) -> sqlite3.Connection:
    """A connection to the database at ``path`` (StoreError, one line, when it cannot be opened). The writer
    (ingest, under the store's lock) creates it when it is not there yet. Readers never write rows; they
    open it read-write where they may, so that the last one to close folds the WAL file back into the
    database (SQLite's checkpoint) and removes it, and read-only where they may not."""
    mode = "rwc"
    if not write:
        try:
            with open(path, "rb"):  # says "Permission denied" where SQLite would only say "unable to open"
                pass
        except OSError as exc:
            raise unreadable(path, exc) from exc
        mode = "rw" if os.access(path, os.W_OK) and os.access(path.parent, os.W_OK) else "ro"
    uri = f"{path.resolve().as_uri()}?mode={mode}"
    try:
        con = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
        configure(con)
    except sqlite3.Error as exc:
        raise failure(path, exc) from exc
    return con
