"""Streaming token by token, and Escape cancelling mid-stream (the partial text stays, marked cancelled)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from textual.widgets import Label

from assistant.conversations import ConversationStore
from assistant.testing.ollama_server import Reply
from assistant.tui.widgets.sources import SourcesPanel
from assistant.tui.widgets.transcript import AnswerMessage

from .conftest import QUESTION, SIZE, make_app, notifications, screen_text, wait_ready

SLOW = Reply(
    text="Kedatangan Putin disambut langsung oleh Kim Jong Un di Bandara Internasional Pyongyang [1]. " * 6,
    delay_per_chunk=0.15,
)


async def wait_for(condition: Callable[[], bool], pilot: object, timeout: float = 30.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        assert loop.time() < deadline, "timed out waiting"
        await pilot.pause(0.05)  # type: ignore[attr-defined]


async def test_tokens_stream_into_the_transcript(serve: Callable, make_settings: Callable) -> None:
    srv, _ = serve(Reply(text=SLOW.text, delay_per_chunk=0.1))
    app = make_app(make_settings(srv.url))
    seen: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(app, pilot)
        app.input.value = QUESTION
        await pilot.press("enter")
        view = app.query_one(AnswerMessage)
        while app.answering:
            source = view.body.source
            if source and (not seen or seen[-1] != source):
                seen.append(source)
            await pilot.pause(0.02)
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert len(seen) >= 3, seen  # the text grew piece by piece
    assert all(b.startswith(a) for a, b in zip(seen, seen[1:], strict=False))


async def test_escape_cancels_and_keeps_the_partial_answer(serve: Callable, make_settings: Callable) -> None:
    srv, script = serve(SLOW)
    app = make_app(make_settings(srv.url))
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(app, pilot)
        app.input.value = QUESTION
        await pilot.press("enter")
        view = app.query_one(AnswerMessage)
        await wait_for(lambda: len(view.body.source.split()) >= 3, pilot)
        assert app.answering
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not app.answering
        assert view.answer is not None and view.answer.cancelled, notifications(app)
        partial = view.answer.answer
        assert 3 <= len(partial.split()) < len(SLOW.text.split())
        assert SLOW.text.startswith(partial)
        assert view.body.source == partial
        assert "cancelled" in view.classes
        text = screen_text(app)
        assert "Assistant · cancelled" in text and "cancelled: the answer stops where you pressed Esc" in text
        panel = app.query_one(SourcesPanel)
        assert panel.citations == []
        assert "cancelled before its sources were checked" in str(panel.query_one(".sources-hint", Label).content)
    store = ConversationStore(app.settings.chat_db)
    [summary] = store.list_conversations()
    [turn] = store.load(summary.id).turns
    assert turn.status == "cancelled" and turn.answer == partial
