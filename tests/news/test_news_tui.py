"""The chat app over the news index: a disagreement is shown apart from the answer, each side with its outlet."""

from __future__ import annotations

from textual.widgets import Static

from assistant.settings import Settings
from assistant.tui.widgets.transcript import AnswerMessage
from tests.tui.conftest import SIZE, ask, make_app, screen_text


async def test_a_disagreement_is_shown_distinctly(news_settings: Settings) -> None:
    app = make_app(news_settings.model_copy(update={"backend": "extractive"}))
    async with app.run_test(size=SIZE) as pilot:
        await ask(app, pilot, "How long was the visit planned to last?")
        [view] = app.query(AnswerMessage)
        box = view.query_one(".answer-disagreement", Static)
        assert view.has_class("disagrees") and box.display
        shown = str(box.render())
        assert "KABARDUNIA.ID" in shown and "BaperaNews" in shown and "tiga hari" in shown and "dua hari" in shown
        assert "tiga hari" in screen_text(app) and "dua hari" in screen_text(app)  # on screen, not only in the widget

        await ask(app, pilot, "Siapa yang menyambut Putin di Bandara Internasional Pyongyang?")
        second = list(app.query(AnswerMessage))[-1]
        assert not second.has_class("disagrees") and not second.query_one(".answer-disagreement", Static).display
