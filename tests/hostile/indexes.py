"""Indexes of the seeds plus hostile articles, and engines over them, for the hostile tests."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from assistant.answering.build import build_engine
from assistant.answering.engine import AnswerEngine
from assistant.llms import make_backend
from assistant.settings import load_settings

REPO = Path(__file__).resolve().parents[2]
HOSTILE = REPO / "tests" / "fixtures" / "hostile"


def hostile_index(tmp_path_factory: pytest.TempPathFactory, names: Sequence[str]) -> tuple[Path, Path]:
    """(store, folder): the seeds plus the hostile articles ``names`` (copied one by one: the folder's README
    quotes the payloads), ingested; each of them has a passage flagged as an instruction to an AI model."""
    from assistant.ingest.sync import ingest

    folder = tmp_path_factory.mktemp("hostile") / "articles"
    shutil.copytree(REPO / "seeds", folder)
    for name in names:
        shutil.copy2(HOSTILE / name, folder / name)
    store = tmp_path_factory.mktemp("hostile-store")
    report = ingest(load_settings(store_dir=store, seeds_dir=folder))
    assert {line.split(":")[0] for line in report.flagged} == set(names)
    return store, folder


def engine(store: Path, folder: Path, **overrides: Any) -> AnswerEngine:
    settings = load_settings(store_dir=store, seeds_dir=folder, **overrides)
    return build_engine(settings, backend=make_backend(settings))
