"""The transcript: questions and (streamed, then checked) answers, newest at the bottom."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.events import Focus, Key
from textual.widgets import Label, Markdown, Static

from assistant.render import answer_markdown, answer_notes, heading
from assistant.tui.messages import AnswerSelected, CitationRequested, MissingCitation

if TYPE_CHECKING:
    from assistant.types import Answer

WELCOME = (
    "Ask a question about the news articles, in Indonesian or English.\n"
    "Answers cite their sources [n]: focus an answer and type a number, or pick a source on the right, "
    "to read the article."
)
class QuestionMessage(Static):
    """A question the user sent (marked failed, with the reason, when it could not be answered)."""

    def __init__(self, question: str) -> None:
        super().__init__(Content.assemble(("You  ", "bold"), question), classes="question")
        self.question = question

    def mark_failed(self, reason: str) -> None:
        self.add_class("failed")
        self.update(
            Content.assemble(("You  ", "bold"), self.question, "\n", (f"✗ not answered: {reason}", "italic"))
        )


class AnswerMessage(Vertical, can_focus=True):
    """One answer: a header, the Markdown body (streamed, then replaced by the checked text) and notes.

    While focused, typing a digit opens that citation's article.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "neighbour(-1)", "Previous answer", show=False),
        Binding("down", "neighbour(1)", "Next answer", show=False),
    ]

    def __init__(self, answer: Answer | None = None) -> None:
        super().__init__(classes="answer")
        self.answer: Answer | None = None
        self._initial = answer

    def compose(self) -> ComposeResult:
        yield Label("Assistant", classes="answer-header")
        yield Markdown("", classes="answer-body")
        yield Static("", classes="answer-notes")

    async def on_mount(self) -> None:
        if self._initial is not None:
            await self.show_answer(self._initial)
        else:
            self.add_class("pending")
            self.query_one(".answer-notes", Static).update(
                Content.styled("searching the articles, then waiting for the model… (Esc stops)", "italic")
            )

    @property
    def body(self) -> Markdown:
        return self.query_one(".answer-body", Markdown)

    def streaming(self) -> None:
        """The first token arrived."""
        self.query_one(".answer-notes", Static).update(Content.styled("answering… (Esc stops)", "italic"))

    def cancelling(self) -> None:
        self.add_class("cancelled")
        self.query_one(".answer-notes", Static).update(Content.styled("stopping…", "italic"))

    async def show_answer(self, answer: Answer) -> None:
        """Replace the streamed text by the checked answer and style it by kind."""
        self.answer = answer
        self.remove_class("pending")
        self.set_class(answer.cancelled, "cancelled")
        self.set_class(answer.refused and not answer.cancelled, "refused")
        self.set_class(answer.extractive and not answer.refused, "extractive")
        self.set_class(any(not s.supported for s in answer.sentences), "has-unverified")
        self.set_class(answer.quoted and not answer.extractive and not answer.refused, "quoted")
        kind = heading(answer)
        self.query_one(".answer-header", Label).update(Content("Assistant" + (f" · {kind}" if kind else "")))
        await self.body.update(answer_markdown(answer))
        notes = answer_notes(answer)
        self.query_one(".answer-notes", Static).update(Content("\n".join(notes)))
        self.query_one(".answer-notes", Static).display = bool(notes)

    async def show_failed(self, reason: str) -> None:
        """Generation failed: keep whatever streamed, say why."""
        self.remove_class("pending")
        self.add_class("failed")
        self.query_one(".answer-header", Label).update(Content("Assistant · failed"))
        self.query_one(".answer-notes", Static).update(Content.styled(f"✗ {reason}", "italic"))

    def on_focus(self, event: Focus) -> None:
        self.post_message(AnswerSelected(self))

    def on_key(self, event: Key) -> None:
        if event.character and event.character.isdigit() and event.character != "0":
            event.stop()
            n = int(event.character)
            citations = self.answer.citations if self.answer else []
            match = next((c for c in citations if c.n == n), None)
            self.post_message(CitationRequested(match) if match else MissingCitation(n))

    def action_neighbour(self, step: int) -> None:
        """Focus the previous (-1) or next (+1) answer."""
        answers = list(self.screen.query(AnswerMessage))
        index = answers.index(self) + step
        if 0 <= index < len(answers):
            answers[index].focus()


class Transcript(VerticalScroll, can_focus=False):
    """The scrolling list of questions and answers."""

    def compose(self) -> ComposeResult:
        yield Static(WELCOME, classes="welcome", markup=False)

    async def add_exchange(self, question: str) -> tuple[QuestionMessage, AnswerMessage]:
        """Append a question and an empty answer to stream into."""
        q, a = QuestionMessage(question), AnswerMessage()
        await self.mount_all([q, a])
        self.call_after_refresh(self.follow)
        return q, a

    async def add_saved(self, question: str, answer: Answer | None, failed: str | None) -> AnswerMessage | None:
        """Append a saved exchange (an unanswered question is shown as failed)."""
        q = QuestionMessage(question)
        if answer is None:
            await self.mount(q)
            q.mark_failed(failed or "no answer was saved")
            return None
        a = AnswerMessage(answer)
        await self.mount_all([q, a])
        return a

    def follow(self) -> None:
        """Keep the newest text in view once the transcript overflows (until the user scrolls up)."""
        if not self.is_anchored and self.virtual_size.height > self.scrollable_content_region.height:
            self.anchor()

    async def clear(self) -> None:
        self.anchor(False)
        await self.query("QuestionMessage, AnswerMessage").remove()
        self.query_one(".welcome").display = True

    def hide_welcome(self) -> None:
        self.query_one(".welcome").display = False
