"""A damaged conversation database: the app shows what can be read, names what cannot (one notification),
and leaves the file as it is."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from assistant.conversations import ConversationStore
from assistant.tui.screens.conversations import ConversationsScreen
from assistant.tui.widgets.transcript import AnswerMessage, QuestionMessage
from tests.store.test_conversations import sample_answer

from .conftest import SIZE, make_app, notifications, wait_ready

QUESTIONS = ["Siapa menyambut Putin?", "Kapan dia tiba?", "Di mana mereka bertemu?"]


async def open_list(app: Any, pilot: Any) -> ConversationsScreen:
    """Wait for the app to start, press Ctrl+O, return the conversations screen it opens."""
    await wait_ready(app, pilot)
    await pilot.press("ctrl+o")
    await pilot.pause()
    assert isinstance(app.screen, ConversationsScreen)
    return app.screen


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


async def test_a_database_full_of_garbage_is_named_once_and_left_as_it_is(
    serve: Callable, make_settings: Callable, chat_db: Path
) -> None:
    chat_db.write_bytes(os.urandom(20_000))
    before = digest(chat_db)
    srv, _ = serve()
    app = make_app(make_settings(srv.url))
    async with app.run_test(size=SIZE) as pilot:
        assert (await open_list(app, pilot)).summaries == []
        [message] = notifications(app)
        assert str(chat_db) in message and "chat_db" in message and "\n" not in message
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+o")  # opened again: said again, once
        await pilot.pause()
        assert isinstance(app.screen, ConversationsScreen) and notifications(app) == [message, message]
    assert digest(chat_db) == before
    assert sorted(p.name for p in chat_db.parent.iterdir() if p.name.startswith(chat_db.name)) == [chat_db.name]


def damaged_conversation(path: Path) -> int:
    """A saved conversation of three answered turns; the second's answer JSON and the third's status are damaged."""
    store = ConversationStore(path)
    cid = store.create()
    for question in QUESTIONS:
        store.save_answer(store.add_question(cid, question), sample_answer(question))
    with sqlite3.connect(path) as db:
        db.execute('UPDATE turns SET answer_json = \'{"question": "Kapan\' WHERE position = 1')
        db.execute("UPDATE turns SET status = 'exploded' WHERE position = 2")
    return cid


def saved_rows(path: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as db:
        return db.execute(
            "SELECT position, question, answer, answer_json, status FROM turns ORDER BY position"
        ).fetchall()


async def test_a_conversation_with_damaged_turns_shows_what_can_be_read(
    serve: Callable, make_settings: Callable, chat_db: Path
) -> None:
    damaged_conversation(chat_db)
    before = saved_rows(chat_db)
    srv, _ = serve()
    app = make_app(make_settings(srv.url))
    async with app.run_test(size=SIZE) as pilot:
        assert len((await open_list(app, pilot)).summaries) == 1
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, ConversationsScreen)
        assert [q.question for q in app.query(QuestionMessage)] == QUESTIONS
        answers = [view.answer for view in app.query(AnswerMessage)]
        assert [a.answer if a else None for a in answers] == [sample_answer().answer] * 3  # every text is shown
        assert answers[0] is not None and answers[0].citations and answers[2] is not None and answers[2].citations
        assert answers[1] is not None and not answers[1].citations  # its JSON is lost: the text alone
        [message] = notifications(app)
        assert "2 saved turn(s) cannot be read" in message and "turn 2" in message and "turn 3" in message
        assert "exploded" in message
    assert saved_rows(chat_db) == before
