"""Snapshots at 100x32 (no cursor blink, no animations): the empty screen, an answer with sources, an article."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from assistant.testing.scripts import cited
from assistant.tui.widgets.transcript import AnswerMessage

from .conftest import SIZE, WITH_UNVERIFIED, ask, make_app, wait_ready


def test_empty_screen(snap_compare: Callable[..., bool], serve: Callable, make_settings: Callable) -> None:
    srv, _ = serve()
    app = make_app(make_settings(srv.url))

    async def ready(pilot: Any) -> None:
        await wait_ready(app, pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=ready)


def test_answer_with_sources(snap_compare: Callable[..., bool], serve: Callable, make_settings: Callable) -> None:
    srv, _ = serve(WITH_UNVERIFIED)
    app = make_app(make_settings(srv.url))

    async def answered(pilot: Any) -> None:
        await ask(app, pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=answered)


def test_passage_view(snap_compare: Callable[..., bool], serve: Callable, make_settings: Callable) -> None:
    srv, _ = serve(WITH_UNVERIFIED)
    app = make_app(make_settings(srv.url))

    async def opened(pilot: Any) -> None:
        await ask(app, pilot)
        app.query_one(AnswerMessage).focus()
        await pilot.press("1")
        await pilot.pause()
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=opened)


ONE_LINE = cited("Putin mendarat di ibu kota Korea Utara sebelum fajar pada Rabu pagi [{a}].", a="sebelum fajar")


def test_passage_view_highlights_the_quote_inside_a_one_line_article(
    snap_compare: Callable[..., bool], serve: Callable, make_settings: Callable
) -> None:
    """Seed 004 is one 4,700-character line: the quote is highlighted inside it and scrolled into view."""
    srv, _ = serve(ONE_LINE)
    app = make_app(make_settings(srv.url))

    async def opened(pilot: Any) -> None:
        await ask(app, pilot, "Kapan Putin mendarat di ibu kota Korea Utara?")
        answer = app.query_one(AnswerMessage)
        assert answer.answer is not None and answer.answer.citations[0].file == "004_00032e31b8a57b46.txt"
        answer.focus()
        await pilot.press("1")
        await pilot.pause()
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=opened)
