"""With no reachable model the chat starts on the extractive backend (the rule `assistant ask` applies), says
so in the status bar, and offers Ollama once it answers."""

from __future__ import annotations

import socket
from collections.abc import Callable

from assistant.testing.ollama_server import OllamaProtocolServer, ScriptedResponder
from assistant.testing.scripts import Script
from assistant.tui.palette import chat_commands
from assistant.tui.widgets.transcript import AnswerMessage, QuestionMessage

from .conftest import SIZE, SUPPORTED, ask, make_app, notifications, wait_ready


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_no_model_starts_extractive_and_offers_ollama_when_it_appears(make_settings: Callable) -> None:
    port = free_port()
    app = make_app(make_settings(f"http://127.0.0.1:{port}"))
    app.poll_seconds = 0.1
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(app, pilot)
        assert (app.status.backend, app.status.reachability) == ("extractive", "ready")
        assert "answering extractively" in app.status.note and "ollama" in app.status.note
        assert notifications(app) == []  # said in the status bar, not as an error
        await ask(app, pilot)
        first = app.query_one(AnswerMessage).answer
        assert first is not None and first.extractive and first.citations  # answered, by quoting
        assert "failed" not in app.query_one(QuestionMessage).classes
        assert not any(c.title.startswith("Answer with") for c in chat_commands(app))

        with OllamaProtocolServer(ScriptedResponder(Script(SUPPORTED)), port=port):
            for _ in range(400):  # the app asks every 0.1 s; 40 s is a generous bound on a loaded machine
                if app.offered and notifications(app):  # (a notification is a message: it comes after)
                    break
                await pilot.pause(0.1)
            assert app.offered == "ollama"
            [offer] = notifications(app)
            assert "ollama is ready" in offer and "Ctrl+P" in offer
            [command] = [c for c in chat_commands(app) if c.title == "Answer with ollama"]
            command.run()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert (app.status.backend, app.status.note) == ("ollama", "")
            await ask(app, pilot)
            latest = app.query(AnswerMessage).last().answer
            assert latest is not None and latest.backend == "ollama" and not latest.extractive
