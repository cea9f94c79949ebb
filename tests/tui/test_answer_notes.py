"""The notes under an answer: each thing is said once."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static

from assistant.render import answer_text
from assistant.tui.widgets.transcript import AnswerMessage
from assistant.types import Answer, AnswerSentence, Citation, Passage


def two_sentence_answer() -> Answer:
    """An answer of two supported sentences, each reported by its own outlet only, of 4 outlets read."""
    passage = Passage(chunk_id="c1", file="a.txt", path="/x/a.txt", title="T", outlet="BaperaNews", lines=(1, 2),
                      text="Kim menyambut Putin. Putin tiba Rabu.", score=0.5)  # fmt: skip
    return Answer(
        question="Siapa menyambut Putin?",
        answer="Kim menyambut Putin [1]. Putin tiba Rabu [1].",
        language="id",
        citations=[Citation.of(1, passage, "Kim menyambut Putin.")],
        sentences=[
            AnswerSentence(text="Kim menyambut Putin.", citations=[1], supported=True, outlets=1),
            AnswerSentence(text="Putin tiba Rabu.", citations=[1], supported=True, outlets=1),
        ],
        sources=4,
    )


class OneAnswer(App[None]):
    def __init__(self, answer: Answer) -> None:
        super().__init__()
        self.answer = answer

    def compose(self) -> ComposeResult:
        yield AnswerMessage(self.answer)


async def test_reported_by_is_said_once_under_an_answer() -> None:
    app = OneAnswer(two_sentence_answer())
    async with app.run_test(size=(100, 20)) as pilot:
        await pilot.pause()
        notes = str(app.query_one(".answer-notes", Static).render())
    assert notes.count("reported by 1 of 4 outlets") == 1, notes


def test_the_cli_says_it_once_too() -> None:
    assert answer_text(two_sentence_answer()).count("reported by 1 of 4 outlets") == 1
