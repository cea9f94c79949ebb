"""Fixtures shared by every test layer: the repository paths and an ingested index of the seeds."""

from __future__ import annotations

import os
import shutil
import signal
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from assistant.settings import Settings, load_settings
from assistant.testing.ollama_server import DEFAULT_MODEL, OllamaProtocolServer, Reply, ScriptedResponder
from assistant.testing.scripts import Cited, Script

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
DEV_SET = REPO / "tests" / "answers" / "dev.jsonl"


if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    # Started in the background (`nohup ... &`): the commands the tests spawn would inherit an ignored Ctrl-C,
    # and the tests that press it (batch, watch) would wait in vain. A caught signal is reset at exec.
    signal.signal(signal.SIGINT, signal.default_int_handler)

NETGUARD = Path(__file__).resolve().parent / "netguard"
sys.path.insert(0, str(NETGUARD))
import sitecustomize as netguard  # noqa: E402  (tests/netguard: the network guard)


@pytest.fixture(autouse=True)
def no_network(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test, and every Python process it starts, fails on a connection beyond loopback (the privacy
    guarantee: this also catches Chroma telemetry and model-hub downloads). Yields the log of blocked attempts."""
    log = tmp_path_factory.mktemp("netguard") / "blocked.log"
    log.touch()
    monkeypatch.setenv(netguard.LOG_ENV, str(log))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(NETGUARD), os.environ.get("PYTHONPATH")])))
    netguard.install()
    yield log
    blocked = log.read_text(encoding="utf-8").strip()
    if blocked:
        pytest.fail(f"the test reached beyond this machine:\n{blocked}", pytrace=False)


def committed(settings: Settings) -> dict[str, list[str]]:
    """The committed index as article id -> its chunk ids in order (read from the index database)."""
    from assistant.store import IndexStore

    reader = IndexStore(settings).reader()
    try:
        return {doc_id: reader.chunk_ids(doc_id) for doc_id in sorted(reader.known_articles())}
    finally:
        reader.close()


def article_entries(settings: Settings) -> dict[str, dict[str, object]]:
    """The committed articles by id: title, news metadata, chunk count, flagged phrases."""
    from assistant.store import IndexStore

    store = IndexStore(settings)
    try:
        return {str(row["id"]): row for row in store.reader().article_rows()}
    finally:
        store.close()


def chunk_texts(settings: Settings, doc_id: str) -> list[str]:
    """The texts of an article's committed chunks, in order."""
    from assistant.store import IndexStore

    store = IndexStore(settings)
    try:
        reader = store.reader()
        rows = reader.chunks(reader.chunk_ids(doc_id))
        return [row.text for row in sorted(rows.values(), key=lambda r: r.ordinal)]
    finally:
        store.close()


def committed_ids(settings: Settings) -> set[str]:
    """Every chunk id the committed index lists."""
    return {cid for ids in committed(settings).values() for cid in ids}


def chroma_ids(settings: Settings) -> set[str]:
    """Every id the index's Chroma collection holds."""
    from assistant.ingest.vectors import vector_ids
    from assistant.store import IndexStore

    store = IndexStore(settings)
    try:
        info = store.read_info()
        assert info is not None
        return vector_ids(store.collection(info.collection))
    finally:
        store.close()


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


def llm_selected(config: pytest.Config) -> bool:
    """True when the run asked for the real-model tests (``-m llm``, or ASSISTANT_LLM_TESTS=1)."""
    expression = config.getoption("markexpr") or ""
    return os.environ.get("ASSISTANT_LLM_TESTS") == "1" or ("llm" in expression and "not llm" not in expression)


@pytest.fixture(scope="session")
def llm_server(request: pytest.FixtureRequest) -> Iterator[OllamaProtocolServer]:
    """The real small GGUF model behind the loopback Ollama-protocol server (skips unless selected or available)."""
    if not llm_selected(request.config):
        pytest.skip("real-model tests are slow: select them with -m llm")
    pytest.importorskip("llama_cpp", reason="llama-cpp-python is not installed: pip install -e '.[llamacpp]'")
    from assistant.testing.gguf import ensure_test_gguf
    from assistant.testing.ollama_server import LlamaCppResponder

    try:
        gguf = ensure_test_gguf()
    except RuntimeError as exc:
        pytest.skip(f"the test model is not available: {exc}")
    with OllamaProtocolServer(LlamaCppResponder(gguf, n_ctx=4096), context_length=4096) as server:
        yield server


@pytest.fixture
def serve() -> Iterator[Callable[..., tuple[OllamaProtocolServer, Script]]]:
    """Start scripted servers: ``srv, script = serve(SUPPORTED, ...)`` (stopped after the test)."""
    started: list[OllamaProtocolServer] = []

    def start(
        *answers: Cited | Reply | str,
        models: tuple[str, ...] = (DEFAULT_MODEL,),
        condensed: str | None = None,
        translated: str | None = None,
    ) -> tuple[OllamaProtocolServer, Script]:
        script = Script(*answers, condensed=condensed, translated=translated)
        srv = OllamaProtocolServer(ScriptedResponder(script), models=models).start()
        started.append(srv)
        return srv, script

    yield start
    for srv in started:
        srv.stop()
