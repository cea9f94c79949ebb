"""The self-check every ingest makes counts rows from indexes, never by reading a table that holds vectors
(at 10,000 articles the sentences' vectors are 160 MB: read at every ingest, they made a run with nothing
changed grow with the archive). Counted by SQLite's query plans, not timed."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from assistant.store.checks import counts
from assistant.store.reader import IndexReader
from assistant.store.writer import IndexWriter


def test_the_quick_checks_counts_read_indexes_not_the_vectors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "index.sqlite3"
    IndexWriter(path).close()
    reader = IndexReader(path)
    plans: dict[str, str] = {}
    real = IndexReader.rows

    def rows(self: IndexReader, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        if sql.startswith("SELECT count(*)"):
            plans[sql] = " ".join(str(r[-1]) for r in real(self, f"EXPLAIN QUERY PLAN {sql}", params))
        return real(self, sql, params)

    monkeypatch.setattr(IndexReader, "rows", rows)
    counts(reader)
    reader.close()
    assert len(plans) == 4
    for table in ("chunks", "sentences"):  # the tables holding vectors
        (plan,) = [p for sql, p in plans.items() if sql.endswith(f"FROM {table}")]
        assert "COVERING INDEX" in plan, plan
