"""Each file of a seeds index damaged in turn (cut short, overwritten with garbage, deleted): search works
or fails with one actionable line, `assistant doctor` names the damage, and the command doctor prints
restores search results (dense and BM25 scores) equal to those of a freshly built index."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from assistant.ingest.doctor import diagnose
from assistant.settings import load_settings
from assistant.store import StoreError
from tests.conftest import SEEDS
from tests.faults.conftest import one_actionable_line, results

BM25_FILES = [
    "corpus.jsonl",
    "corpus.mmindex.json",
    "data.csc.index.npy",
    "indices.csc.index.npy",
    "indptr.csc.index.npy",
    "params.index.json",
    "retriever.json",
    "vocab.index.json",
]
HNSW_FILES = ["data_level0.bin", "header.bin", "length.bin", "link_lists.bin"]
# What doctor must say about each file: the part of the index it belongs to.
NAMED = {"index.json": "manifest", "docstore.json": "document store", "chroma.sqlite3": "Chroma"}
FILES = ["index.json", "docstore.json", "chroma/chroma.sqlite3", *(f"bm25/{n}" for n in BM25_FILES)]
MODES = ["truncate", "garbage", "delete"]


def locate(store: Path, name: str) -> Path:
    """The store file a logical name stands for ("bm25/X" lives in the committed bm25-* folder, "hnsw/X" in Chroma's segment)."""
    if name.startswith("bm25/"):
        (folder,) = store.glob("bm25-*")
        return folder / name.removeprefix("bm25/")
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
    on_disk = {p for p in seeds_store.rglob("*") if p.is_file() and p.name not in (".ingest.lock", "calibration.json")}
    assert on_disk == named


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name", FILES)
def test_damage_is_named_by_doctor_and_its_command_restores_the_index(
    name: str, mode: str, store_copy: Path, fresh_results: Any, cli: Callable[..., tuple[int, str]]
) -> None:
    settings = load_settings(store_dir=store_copy, seeds_dir=SEEDS)
    damage(locate(store_copy, name), mode)

    try:
        assert results(settings) == fresh_results  # the damage does not reach search (document store)
    except StoreError as exc:
        assert one_actionable_line(str(exc)), str(exc)

    problems, ok = diagnose(settings)
    assert ok is None and problems
    assert all(one_actionable_line(line) for line in problems), problems
    part = NAMED.get(Path(name).name, "BM25")
    assert any(part in line for line in problems), problems
    if part == "BM25":
        assert any(Path(name).name in line for line in problems), problems

    code, out = cli(*fix_command(problems), store_dir=store_copy, seeds_dir=SEEDS)
    assert code == 0, out
    assert "Traceback" not in out
    assert results(settings) == fresh_results
    assert diagnose(settings)[1] is not None  # healthy again


@pytest.mark.parametrize("mode", MODES)
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
