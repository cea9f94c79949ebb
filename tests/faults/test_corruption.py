"""A seeds index damaged in every way we know of, in turn: its files (cut short, overwritten with garbage,
deleted, pages overwritten) and, inside the index database, each kind of row (BM25 documents and pages,
chunks, sentences, articles, vectors, meta). Search works or fails with one actionable line, `assistant
doctor` names the damage, and the command doctor prints restores search results (dense and BM25 scores)
equal to those of a freshly built index."""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from assistant.ingest.doctor import diagnose
from assistant.settings import load_settings
from assistant.store import StoreError
from tests.conftest import SEEDS
from tests.faults.conftest import one_actionable_line, results

HNSW_FILES = ["data_level0.bin", "header.bin", "length.bin", "link_lists.bin"]
# What doctor must say about each file: the part of the index it belongs to.
NAMED = {"index.sqlite3": "index database", "chroma.sqlite3": "Chroma"}
FILES = ["index.sqlite3", "chroma/chroma.sqlite3"]
MODES = ["truncate", "garbage", "delete", "pages"]
ARTICLE = "001_1d4b5249daf8730a.txt"
# Damage done inside the database with SQL: what doctor must name, for each.
ROWS = {
    "bm25 pages garbled": ("UPDATE bm25_data SET block = randomblob(length(block)) WHERE id > 10", "BM25"),
    "bm25 document deleted": ("DELETE FROM bm25 WHERE rowid = (SELECT min(rowid) FROM chunks)", "BM25"),
    "chunks deleted": (f"DELETE FROM chunks WHERE article = '{ARTICLE}'", "lack chunks"),
    "sentences deleted": (
        f"DELETE FROM sentences WHERE chunk IN (SELECT rowid FROM chunks WHERE article = '{ARTICLE}')",
        "lack chunks or sentences",
    ),
    "article deleted": (f"DELETE FROM articles WHERE id = '{ARTICLE}'", "no article"),
    "chunk vector garbled": ("UPDATE chunks SET vector = randomblob(768) WHERE rowid = 5", "damaged vectors"),
    "sentence vector garbled": (
        "UPDATE sentences SET vector = randomblob(768) WHERE chunk = 7 AND ordinal = 0",
        "damaged vectors",
    ),
    "meta deleted": ("DELETE FROM meta WHERE key = 'embedder'", "index database"),
}


def locate(store: Path, name: str) -> Path:
    """The store file a logical name stands for ("hnsw/X" lives in Chroma's segment folder)."""
    if name.startswith("hnsw/"):
        (segment,) = [p for p in (store / "chroma").iterdir() if p.is_dir()]
        return segment / name.removeprefix("hnsw/")
    return store / name


def damage(path: Path, mode: str) -> None:
    assert path.is_file(), path
    data = path.read_bytes()
    if mode == "truncate":
        path.write_bytes(data[: len(data) // 2])
    elif mode == "garbage":
        path.write_bytes(os.urandom(max(64, len(data))))
    elif mode == "pages":  # the header and first pages intact, the rest overwritten
        path.write_bytes(data[: len(data) // 4] + os.urandom(len(data) - len(data) // 4))
    else:
        path.unlink()


def fix_command(problems: list[str]) -> list[str]:
    """The arguments of the strongest command doctor prints (a rebuild covers what plain ingest does)."""
    commands = {c for line in problems for c in re.findall(r"run `assistant (ingest[^`]*)`", line)}
    assert commands, problems
    return ["ingest", "--rebuild"] if "ingest --rebuild" in commands else ["ingest"]


def test_the_cases_cover_every_file_of_the_store(seeds_store: Path) -> None:
    named = {locate(seeds_store, n) for n in [*FILES, *(f"hnsw/{h}" for h in HNSW_FILES)]}
    # calibration.json is derived data, rebuilt when damaged (tests/unit/test_calibration.py)
    on_disk = {
        p
        for p in seeds_store.rglob("*")
        if p.is_file() and p.name not in (".ingest.lock", "calibration.json") and not p.name.endswith(("-wal", "-shm"))
    }
    assert on_disk == named


def _fixed(settings: Any, store: Path, fresh_results: Any, cli: Callable[..., tuple[int, str]], part: str) -> None:
    """Doctor names ``part`` in actionable lines, and the command it prints restores the index."""
    problems, ok = diagnose(settings)
    assert ok is None and problems
    assert all(one_actionable_line(line) for line in problems), problems
    assert any(part in line for line in problems), problems

    code, out = cli(*fix_command(problems), store_dir=store, seeds_dir=SEEDS)
    assert code == 0, out
    assert "Traceback" not in out
    assert results(settings) == fresh_results
    assert diagnose(settings)[1] is not None, diagnose(settings)  # healthy again


def _search_works_or_says_what_to_do(settings: Any, fresh_results: Any) -> None:
    try:
        results(settings)
    except StoreError as exc:
        assert one_actionable_line(str(exc)), str(exc)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name", FILES)
def test_damage_is_named_by_doctor_and_its_command_restores_the_index(
    name: str, mode: str, store_copy: Path, fresh_results: Any, cli: Callable[..., tuple[int, str]]
) -> None:
    settings = load_settings(store_dir=store_copy, seeds_dir=SEEDS)
    damage(locate(store_copy, name), mode)
    _search_works_or_says_what_to_do(settings, fresh_results)
    _fixed(settings, store_copy, fresh_results, cli, NAMED[Path(name).name])


@pytest.mark.parametrize("case", sorted(ROWS))
def test_damaged_rows_are_named_by_doctor_and_its_command_restores_the_index(
    case: str, store_copy: Path, fresh_results: Any, cli: Callable[..., tuple[int, str]]
) -> None:
    settings = load_settings(store_dir=store_copy, seeds_dir=SEEDS)
    sql, part = ROWS[case]
    con = sqlite3.connect(store_copy / "index.sqlite3")
    assert con.execute(sql).rowcount > 0
    con.commit()
    con.close()
    _search_works_or_says_what_to_do(settings, fresh_results)
    _fixed(settings, store_copy, fresh_results, cli, part)


@pytest.mark.parametrize("mode", ["truncate", "garbage", "delete"])
@pytest.mark.parametrize("name", HNSW_FILES)
def test_damaged_hnsw_files_of_a_small_collection_change_nothing(
    name: str, mode: str, store_copy: Path, fresh_results: Any
) -> None:
    # Below 1000 vectors Chroma keeps the vectors in its log and rebuilds these files when it opens the
    # collection, so damaging them has no effect: search is unchanged and doctor rightly reports no problem.
    settings = load_settings(store_dir=store_copy, seeds_dir=SEEDS)
    damage(locate(store_copy, f"hnsw/{name}"), mode)
    assert results(settings) == fresh_results
    problems, ok = diagnose(settings)
    assert ok is not None, problems
