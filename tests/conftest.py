"""Fixtures shared by every test layer: the repository paths and an ingested index of the seeds."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from assistant.settings import Settings, load_settings
from assistant.testing.ollama_server import DEFAULT_MODEL, OllamaProtocolServer, Reply, ScriptedResponder
from assistant.testing.scripts import Cited, Script

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
DEV_SET = REPO / "tests" / "answers" / "dev.jsonl"


@pytest.fixture(scope="session")
def seeds_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with the seed articles ingested once per test session (read-only: copy it to change it)."""
    from assistant.ingest.sync import ingest

    store = tmp_path_factory.mktemp("seeds-store")
    ingest(load_settings(store_dir=store, seeds_dir=SEEDS))
    return store


@pytest.fixture()
def seeds_settings(seeds_store: Path, tmp_path: Path) -> Settings:
    """Settings that read the shared seeds index; anything a test writes (chat db) goes to tmp_path."""
    return load_settings(store_dir=seeds_store, seeds_dir=SEEDS, chat_db=tmp_path / "chats.sqlite3")


@pytest.fixture()
def writable_seeds_settings(seeds_store: Path, tmp_path: Path) -> Settings:
    """Settings over a private copy of the seeds index, for tests that ingest or change it."""
    store = tmp_path / "store"
    shutil.copytree(seeds_store, store)
    return load_settings(store_dir=store, seeds_dir=SEEDS, chat_db=tmp_path / "chats.sqlite3")


@pytest.fixture
def serve() -> Iterator[Callable[..., tuple[OllamaProtocolServer, Script]]]:
    """Start scripted servers: ``srv, script = serve(SUPPORTED, ...)`` (stopped after the test)."""
    started: list[OllamaProtocolServer] = []

    def start(
        *answers: Cited | Reply | str, models: tuple[str, ...] = (DEFAULT_MODEL,), condensed: str | None = None
    ) -> tuple[OllamaProtocolServer, Script]:
        script = Script(*answers, condensed=condensed)
        srv = OllamaProtocolServer(ScriptedResponder(script), models=models).start()
        started.append(srv)
        return srv, script

    yield start
    for srv in started:
        srv.stop()
