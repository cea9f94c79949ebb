"""Saved conversations in the app: reopen (with sources and history), new chat, delete, export."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import OptionList

from assistant.conversations import ConversationStore
from assistant.tui.screens.conversations import ConversationsScreen
from assistant.tui.screens.passage import PassageScreen
from assistant.tui.widgets.sources import SourcesPanel
from assistant.tui.widgets.transcript import AnswerMessage, QuestionMessage

from .conftest import QUESTION, SIZE, SUPPORTED, ask, make_app, notifications, wait_ready

FOLLOW_UP = "Kapan dia tiba di sana?"
STANDALONE = "Kapan Putin tiba di Bandara Internasional Pyongyang?"


async def test_reopen_saved_conversation_in_a_new_app(serve: Callable, make_settings: Callable) -> None:
    srv, _ = serve(SUPPORTED)
    first = make_app(make_settings(srv.url))
    async with first.run_test(size=SIZE) as pilot:
        await ask(first, pilot)
        answer = first.query_one(AnswerMessage).answer
    assert answer is not None and answer.citations

    srv2, script = serve("NO_ANSWER", "NO_ANSWER", condensed=STANDALONE)  # the follow-up: a try and the one retry
    second = make_app(make_settings(srv2.url))
    async with second.run_test(size=SIZE) as pilot:
        await wait_ready(second, pilot)
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(second.screen, ConversationsScreen)
        assert len(second.screen.summaries) == 1
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(second.screen, ConversationsScreen)
        assert [q.question for q in second.query(QuestionMessage)] == [QUESTION]
        reopened = second.query_one(AnswerMessage).answer
        assert reopened is not None and reopened.answer == answer.answer
        panel = second.query_one(SourcesPanel)
        assert [(c.n, c.passage.file, c.passage.lines, c.quote) for c in panel.citations] == [
            (c.n, c.passage.file, c.passage.lines, c.quote) for c in answer.citations
        ]
        second.query_one(AnswerMessage).focus()
        await pilot.press("1")
        await pilot.pause()
        assert isinstance(second.screen, PassageScreen)
        await pilot.press("escape")
        await pilot.pause()

        # a follow-up continues the conversation, condensed with its history
        await ask(second, pilot, FOLLOW_UP)
        assert len(script.condense_prompts) == 1
        assert QUESTION in script.condense_prompts[0] and FOLLOW_UP in script.condense_prompts[0]
        latest = second.query(AnswerMessage).last().answer
        assert latest is not None and latest.standalone_question == STANDALONE
        assert notifications(second) == []

    store = ConversationStore(second.settings.chat_db)
    [summary] = store.list_conversations()
    assert [t.question for t in store.load(summary.id).turns] == [QUESTION, FOLLOW_UP]


async def test_new_chat_starts_a_new_conversation(serve: Callable, make_settings: Callable) -> None:
    srv, script = serve(SUPPORTED, SUPPORTED)
    app = make_app(make_settings(srv.url))
    async with app.run_test(size=SIZE) as pilot:
        await ask(app, pilot)
        first_id = app.conversation_id
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert not app.query(AnswerMessage) and app.conversation_id is None
        assert app.query_one(SourcesPanel).citations == []
        await ask(app, pilot)
        assert app.conversation_id not in (None, first_id)
        assert script.condense_prompts == []  # no history carried over
    assert len(ConversationStore(app.settings.chat_db).list_conversations()) == 2


async def test_delete_a_saved_conversation(serve: Callable, make_settings: Callable) -> None:
    srv, _ = serve(SUPPORTED)
    app = make_app(make_settings(srv.url))
    async with app.run_test(size=SIZE) as pilot:
        await ask(app, pilot)
        await pilot.press("ctrl+o")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ConversationsScreen)
        await pilot.press("d")
        await pilot.pause()
        assert screen.summaries == []
        assert not screen.query_one(OptionList).display
        await pilot.press("escape")
        await pilot.pause()
    assert ConversationStore(app.settings.chat_db).list_conversations() == []


async def test_export_to_markdown(
    serve: Callable, make_settings: Callable, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    srv, _ = serve(SUPPORTED)
    app = make_app(make_settings(srv.url))
    async with app.run_test(size=SIZE) as pilot:
        await ask(app, pilot)
        answer = app.query_one(AnswerMessage).answer
        app.action_export()
        await pilot.pause()
        [exported] = list(tmp_path.glob("conversation-*.md"))
        assert str(exported) in notifications(app)[-1]
    assert answer is not None
    text = exported.read_text(encoding="utf-8")
    assert f"## {QUESTION}" in text
    assert answer.answer in text
    citation = answer.citations[0]
    where = f"({citation.outlet}) lines {citation.passage.lines[0]}-{citation.passage.lines[1]}"
    assert citation.outlet == "BaperaNews" and f"1. `{citation.passage.file}` {where}" in text
