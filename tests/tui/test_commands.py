"""The command palette (switch model/backend, re-ingest) and the keys (F1, ?, F2)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from textual.command import CommandPalette

from assistant.testing.ollama_server import DEFAULT_MODEL
from assistant.tui.screens.help import HelpScreen
from assistant.tui.widgets.sources import SourcesPanel
from assistant.tui.widgets.transcript import AnswerMessage

from .conftest import SEEDS, SIZE, SUPPORTED, ask, make_app, notifications, wait_ready


async def run_command(app: object, pilot: object, text: str) -> None:
    """Open the palette, type ``text``, run the first hit."""
    await pilot.press("ctrl+p")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    assert isinstance(app.screen, CommandPalette)  # type: ignore[attr-defined]
    await pilot.press(*text)  # type: ignore[attr-defined]
    await pilot.pause(0.3)  # type: ignore[attr-defined]  # the palette searches in a worker
    await pilot.press("enter")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]


async def test_switch_backend_to_extractive(serve: Callable, make_settings: Callable) -> None:
    srv, _ = serve()
    app = make_app(make_settings(srv.url))
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(app, pilot)
        await run_command(app, pilot, "backend: extractive")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert (app.status.backend, app.status.model, app.status.reachability) == ("extractive", "no LLM", "ready")
        assert app.settings.backend == "extractive"
        await ask(app, pilot)
        answer = app.query_one(AnswerMessage).answer
        assert answer is not None and answer.extractive and answer.backend == "extractive"
        assert srv.responder.requests == []  # type: ignore[attr-defined]


async def test_switch_to_an_unusable_backend_keeps_the_current_one(serve: Callable, make_settings: Callable) -> None:
    srv, _ = serve()
    app = make_app(make_settings(srv.url, llamacpp_model_path=None))
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(app, pilot)
        await run_command(app, pilot, "backend: llamacpp")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.status.backend == "ollama" and app.settings.backend == "ollama"
        assert "kept ollama" in notifications(app)[-1]


async def test_switch_model_from_the_server_list(serve: Callable, make_settings: Callable) -> None:
    srv, _ = serve(SUPPORTED, models=(DEFAULT_MODEL, "llama3.2:1b"))
    app = make_app(make_settings(srv.url))
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(app, pilot)
        await run_command(app, pilot, "switch model")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)  # now listing the server's models
        await pilot.press(*"llama")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.status.model == "llama3.2:1b" and app.settings.ollama_model == "llama3.2:1b"
        await ask(app, pilot)
        assert srv.responder.requests[-1].model == "llama3.2:1b"  # type: ignore[attr-defined]


async def test_reingest_reports_progress_and_reloads(
    serve: Callable, make_settings: Callable, seeds_store: Path, tmp_path: Path
) -> None:
    store = tmp_path / "store"
    shutil.copytree(seeds_store, store)
    srv, _ = serve()
    app = make_app(make_settings(srv.url, store_dir=store))
    progress: list[str] = []
    async with app.run_test(size=SIZE, message_hook=lambda m: progress.append(getattr(m, "text", ""))) as pilot:
        await wait_ready(app, pilot)
        before = app.status.index
        await run_command(app, pilot, "re-ingest")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert any(text.startswith("ingesting") for text in progress)
        assert app.status.activity == ""
        assert app.status.index == before
        assert "unchanged" in notifications(app)[-1]


async def test_keys_screen_and_sources_toggle(make_settings: Callable) -> None:
    app = make_app(make_settings(backend="extractive"))
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(app, pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        app.set_focus(None)
        await pilot.press("question_mark")  # ? opens the keys when not typing
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        app.input.focus()
        await pilot.press("question_mark")  # ... and is just a character in the input
        await pilot.pause()
        assert app.input.value == "?"
        panel = app.query_one(SourcesPanel)
        await pilot.press("f2")
        await pilot.pause()
        assert not panel.display
        await pilot.press("f2")
        await pilot.pause()
        assert panel.display


async def test_watching_the_articles_folder_picks_up_a_new_article(make_settings: Callable, tmp_path: Path) -> None:
    import time

    from assistant.ingest.sync import ingest

    folder = tmp_path / "articles"
    shutil.copytree(SEEDS, folder)
    settings = make_settings(backend="extractive", store_dir=tmp_path / "store", seeds_dir=folder)
    ingest(settings)
    app = make_app(settings)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(app, pilot)
        assert app.status.index.startswith("5 articles")
        await run_command(app, pilot, "watch the article")
        assert app.watching and app._watcher is not None
        deadline = time.monotonic() + 90
        while not app._watcher.ready.is_set():
            assert time.monotonic() < deadline, "the watcher did not start"
            await pilot.pause(0.05)
        (folder / "zebra.txt").write_text(
            "Zebra Ungu di Pyongyang\n\nSeekor zebra ungu menari di alun-alun Kim Il Sung.\n"
        )
        while not any("1 new article" in n for n in notifications(app)):
            assert time.monotonic() < deadline, "no notification of the new article"
            await pilot.pause(0.05)
        assert "zebra.txt" in notifications(app)[-1] and app.status.index.startswith("6 articles")
        await run_command(app, pilot, "stop watching")
        assert not app.watching
        await ask(app, pilot, "Apa yang menari di alun-alun Kim Il Sung?")
        [view] = app.query(AnswerMessage)
        assert view.answer is not None and view.answer.citations[0].file == "zebra.txt"
