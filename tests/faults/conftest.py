"""Shared by the fault tests: one embedder per session, private copies of the seeds index, search results
to compare with a freshly built index, and the CLI run in-process."""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable, Iterator
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import pytest

from assistant.embeddings import make_embedder
from assistant.retrieval import Searcher
from assistant.settings import Settings, load_settings
from assistant.store.chroma import release
from tests.conftest import SEEDS

QUESTIONS = [
    "Siapa ajudan Putin yang ikut dalam kunjungan?",
    "Where did Putin stop on his way to Pyongyang?",
    "Apa yang akan dibahas Putin di Vietnam?",
]


@pytest.fixture(scope="session")
def embedder() -> Any:
    """The default embedder, loaded once (loading it costs more than most of these tests)."""
    return make_embedder(load_settings().embed_model)


@pytest.fixture(autouse=True)
def _shared_embedder(embedder: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import assistant.ingest.sync
    import assistant.retrieval.searcher

    monkeypatch.setattr(assistant.ingest.sync, "make_embedder", lambda _name: embedder)
    monkeypatch.setattr(assistant.retrieval.searcher, "make_embedder", lambda _name: embedder)


def results(settings: Settings) -> list[list[tuple[Any, ...]]]:
    """What search returns for QUESTIONS: chunk, file, lines, fused and per-retriever (dense, BM25) scores."""
    searcher = Searcher(settings)
    return [
        [
            (
                p.chunk_id,
                p.file,
                p.lines,
                round(p.score, 5),
                tuple(sorted((k, round(v, 4)) for k, v in p.scores.items())),
            )
            for p in searcher.search(q)
        ]
        for q in QUESTIONS
    ]


@pytest.fixture(scope="session")
def fresh_results(seeds_store: Path) -> list[list[tuple[Any, ...]]]:
    """Search results of the freshly built seeds index (the session's ``seeds_store``)."""
    return results(load_settings(store_dir=seeds_store, seeds_dir=SEEDS))


@pytest.fixture()
def store_copy(seeds_store: Path, tmp_path: Path) -> Iterator[Path]:
    """A private copy of the seeds index (released from this process's Chroma cache afterwards)."""
    store = tmp_path / "store"
    shutil.copytree(seeds_store, store)
    yield store
    release(store / "chroma")


@pytest.fixture()
def cli(monkeypatch: pytest.MonkeyPatch) -> Callable[..., tuple[int, str]]:
    """Run ``assistant ARGS`` in this process with ``ASSISTANT_*`` settings; returns (exit code, stdout+stderr)."""
    from assistant.cli import main

    def run(*args: str, **env: Any) -> tuple[int, str]:
        for key, value in env.items():
            monkeypatch.setenv(f"ASSISTANT_{key.upper()}", str(value))
        out = io.StringIO()
        with redirect_stdout(out), redirect_stderr(out):
            code = main(list(args))
        return code, out.getvalue()

    return run


def one_actionable_line(message: str) -> bool:
    """One line that names a command to run (or a setting to change)."""
    return "\n" not in message.strip() and ("run `assistant" in message or "set " in message)
