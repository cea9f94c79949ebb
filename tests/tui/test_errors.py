"""Errors become notifications that say what to do; the app keeps working and no typed question is lost."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from assistant.conversations import ConversationStore
from assistant.tui.widgets.transcript import AnswerMessage, QuestionMessage

from .conftest import QUESTION, REPO, SIZE, SUPPORTED, ask, make_app, notifications, wait_ready


def saved_turns(app: object) -> list[tuple[str, str, str]]:
    store = ConversationStore(app.settings.chat_db)  # type: ignore[attr-defined]
    return [
        (t.question, t.status, t.error) for summary in store.list_conversations() for t in store.load(summary.id).turns
    ]


async def test_server_stopped_keeps_the_question(serve: Callable, make_settings: Callable) -> None:
    srv, _ = serve(SUPPORTED)
    app = make_app(make_settings(srv.url))
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(app, pilot)
        assert app.status.reachability == "reachable"
        srv.stop()
        await ask(app, pilot)
        [message] = notifications(app)
        assert "ollama serve" in message
        question = app.query_one(QuestionMessage)
        assert "failed" in question.classes
        assert not app.query(AnswerMessage)  # nothing streamed: no empty answer left behind
        assert app.input.value == QUESTION  # back in the input: Enter retries
        assert app.status.reachability == "unreachable"
        assert not app.answering
    [(text, status, error)] = saved_turns(app)
    assert (text, status) == (QUESTION, "failed") and error == message


async def test_server_down_at_start_is_reported_when_ollama_was_chosen_explicitly(make_settings: Callable) -> None:
    app = make_app(make_settings("http://127.0.0.1:9"), explicit_backend=True)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(app, pilot)
        assert app.status.reachability == "unreachable"
        [message] = notifications(app)
        assert "not reachable" in message and "ollama serve" in message
        assert app.status.index.endswith("chunks")  # the index still loaded


async def test_model_not_served_when_ollama_was_chosen_explicitly(serve: Callable, make_settings: Callable) -> None:
    srv, _ = serve(SUPPORTED, models=("llama3.2:1b",))
    app = make_app(make_settings(srv.url), explicit_backend=True)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(app, pilot)
        assert app.status.reachability == "model missing"
        [message] = notifications(app)
        assert "ollama pull qwen2.5:1.5b" in message and "llama3.2:1b" in message
        await ask(app, pilot)
        assert len(notifications(app)) == 2
        assert "ollama pull" in notifications(app)[-1]
        assert "failed" in app.query_one(QuestionMessage).classes
        assert app.input.value == QUESTION


async def test_no_index_yet(serve: Callable, make_settings: Callable, tmp_path: Path) -> None:
    srv, _ = serve(SUPPORTED)
    app = make_app(make_settings(srv.url, store_dir=tmp_path / "empty-store"))
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(app, pilot)
        [message] = notifications(app)
        assert "no index" in message and "assistant ingest" in message
        assert app.status.index.startswith("none")
        await ask(app, pilot, "Apa kata NATO?")
        assert "failed" in app.query_one(QuestionMessage).classes
        assert app.input.value == "Apa kata NATO?"
    assert saved_turns(app)[0][:2] == ("Apa kata NATO?", "failed")


async def test_bad_prompt_override(serve: Callable, make_settings: Callable, tmp_path: Path) -> None:
    prompts = tmp_path / "prompts"
    prompts.mkdir()
    body = (REPO / "prompts" / "answer.md").read_text(encoding="utf-8").replace("{question}", "{questoin}")
    (prompts / "answer.md").write_text(body, encoding="utf-8")
    srv, _ = serve(SUPPORTED)
    app = make_app(make_settings(srv.url, prompts_dir=prompts))
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(app, pilot)
        [message] = notifications(app)
        assert "answer.md" in message
        await ask(app, pilot)
        assert "failed" in app.query_one(QuestionMessage).classes
        assert app.input.value == QUESTION


async def test_an_over_long_question_is_refused_with_a_notification_and_stays_in_the_input(
    make_settings: Callable,
) -> None:
    from assistant.answering.question import MAX_QUESTION_CHARS

    long = "Siapa ajudan Putin yang ikut dalam kunjungan? " * (MAX_QUESTION_CHARS // 40)
    app = make_app(make_settings(backend="extractive"))
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(app, pilot)
        app.input.focus()
        app.input.value = long
        await pilot.press("enter")
        await pilot.pause()
        [message] = notifications(app)
        assert "shorten it" in message and "\n" not in message
        assert app.input.value == long and not app.answering
        assert not app.query(QuestionMessage)
