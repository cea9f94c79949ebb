"""Asking, the transcript, the sources panel and the article viewer, against the scripted server."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import OptionList

from assistant.conversations import ConversationStore, make_title
from assistant.tui.screens.passage import PassageScreen
from assistant.tui.widgets.sources import SourcesPanel
from assistant.tui.widgets.transcript import AnswerMessage, QuestionMessage

from .conftest import NEEDLE, QUESTION, SIZE, SUPPORTED, WITH_UNVERIFIED, ask, make_app, notifications, screen_text


async def test_ask_shows_checked_answer_and_sources(serve: Callable, make_settings: Callable) -> None:
    srv, script = serve(SUPPORTED)
    app = make_app(make_settings(srv.url))
    async with app.run_test(size=SIZE) as pilot:
        await ask(app, pilot)
        assert app.status.reachability == "reachable"
        assert app.status.index.endswith("chunks")
        assert [q.question for q in app.query(QuestionMessage)] == [QUESTION]
        view = app.query_one(AnswerMessage)
        assert view.answer is not None and not view.answer.refused
        assert view.answer.answer.endswith("[1].")
        assert view.body.source == view.answer.answer  # the checked text replaced the streamed one
        assert "selected" in view.classes
        panel = app.query_one(SourcesPanel)
        assert [c.n for c in panel.citations] == [1]
        assert NEEDLE in panel.citations[0].passage.text
        text = screen_text(app)
        assert "Bandara Internasional Pyongyang [1]." in text
        assert f"[1] {panel.citations[0].passage.file}" in text
        assert notifications(app) == []
    # the question and the answer (with its citations) were saved
    store = ConversationStore(app.settings.chat_db)
    [summary] = store.list_conversations()
    assert summary.title == make_title(QUESTION)
    [turn] = store.load(summary.id).turns
    assert turn.question == QUESTION and turn.status == "answered"
    saved = turn.to_answer()
    assert saved is not None and saved.answer == view.answer.answer
    assert [(c.n, c.passage.path, c.passage.lines) for c in saved.citations] == [
        (c.n, c.passage.path, c.passage.lines) for c in view.answer.citations
    ]


async def test_unverified_sentence_is_marked(serve: Callable, make_settings: Callable) -> None:
    srv, _ = serve(WITH_UNVERIFIED)
    app = make_app(make_settings(srv.url))
    async with app.run_test(size=SIZE) as pilot:
        await ask(app, pilot)
        view = app.query_one(AnswerMessage)
        assert view.answer is not None
        assert [s.supported for s in view.answer.sentences] == [True, False]
        assert "has-unverified" in view.classes
        assert "⚠ *Putin membawa sepuluh ekor gajah" in view.body.source
        assert "1 sentence is not supported by the cited passages" in screen_text(app)


async def test_refusal_is_styled(serve: Callable, make_settings: Callable) -> None:
    srv, script = serve("NO_ANSWER", "NO_ANSWER")  # the model finds no answer, nor on its focused retry
    app = make_app(make_settings(srv.url))
    async with app.run_test(size=SIZE) as pilot:
        await ask(app, pilot, "Siapa pemenang Piala Dunia sepak bola 2022?")
        assert script.prompts and "Piala Dunia" in script.prompts[0]
        view = app.query_one(AnswerMessage)
        assert view.answer is not None and view.answer.refused
        assert "refused" in view.classes
        assert app.query_one(SourcesPanel).citations == []
        assert "This answer cites no sources." in screen_text(app)


async def test_extractive_backend_is_styled(make_settings: Callable) -> None:
    app = make_app(make_settings(backend="extractive"))
    async with app.run_test(size=SIZE) as pilot:
        await ask(app, pilot)
        view = app.query_one(AnswerMessage)
        assert view.answer is not None and view.answer.extractive
        assert "extractive" in view.classes
        assert app.status.reachability == "ready"


async def test_typing_a_number_opens_the_cited_article(serve: Callable, make_settings: Callable) -> None:
    srv, _ = serve(SUPPORTED)
    app = make_app(make_settings(srv.url))
    async with app.run_test(size=SIZE) as pilot:
        await ask(app, pilot)
        view = app.query_one(AnswerMessage)
        view.focus()
        await pilot.press("1")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PassageScreen)
        first, last = screen.citation.passage.lines
        cited = [row.number for row in screen.query(".article-line.cited")]
        assert cited == list(range(first, last + 1))
        article_lines = Path(screen.citation.passage.path).read_text(encoding="utf-8").splitlines()
        assert len(screen.query(".article-line")) == len(article_lines)
        text = screen_text(app)
        quoted = next(n for n, line in enumerate(article_lines, 1) if screen.citation.quote[:40] in line)
        assert first <= quoted <= last and f"{quoted:>4} " in text  # the line of the quote is in view
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, PassageScreen)
        await pilot.press("9")  # no such source: a warning, no viewer
        await pilot.pause()
        assert not isinstance(app.screen, PassageScreen)
        assert "this answer has no source [9]" in notifications(app)


async def test_selecting_a_source_opens_the_article(serve: Callable, make_settings: Callable) -> None:
    srv, _ = serve(SUPPORTED)
    app = make_app(make_settings(srv.url))
    async with app.run_test(size=SIZE) as pilot:
        await ask(app, pilot)
        app.query_one(SourcesPanel).query_one(OptionList).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PassageScreen)
        assert app.screen.citation.n == 1


async def test_missing_article_file_is_a_notification(serve: Callable, make_settings: Callable, tmp_path: Path) -> None:
    srv, _ = serve(SUPPORTED)
    app = make_app(make_settings(srv.url))
    async with app.run_test(size=SIZE) as pilot:
        await ask(app, pilot)
        citation = app.query_one(SourcesPanel).citations[0]
        citation.path = str(tmp_path / "gone" / citation.file)  # as if it had been deleted
        app.query_one(AnswerMessage).focus()
        await pilot.press("1")
        await pilot.pause()
        assert not isinstance(app.screen, PassageScreen)
        [message] = notifications(app)
        assert "no longer exists" in message and "re-ingest" in message
