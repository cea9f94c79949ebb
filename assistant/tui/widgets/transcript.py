"""The transcript: questions and (streamed, then checked) answers, newest at the bottom."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.events import Focus, Key
from textual.message import Message
from textual.widgets import Label, Markdown, Static

from assistant.render import answer_markdown, answer_notes, disagreement_line, heading, reported_lines
from assistant.safe_text import safe
from assistant.tui.widgets.sources import request_citation

if TYPE_CHECKING:
    from assistant.session import ChatSession
    from assistant.types import Answer

WELCOME = (
    "Ask a question about the news articles, in Indonesian or English.\n"
    "Answers cite their sources [n]: focus an answer and type a number, or pick a source on the right, "
    "to read the article."
)


class QuestionMessage(Static):
    """A question the user sent (marked failed, with the reason, when it could not be answered)."""

    def __init__(self, question: str) -> None:
        super().__init__(Content.assemble(("You  ", "bold"), safe(question)), classes="question")
        self.question = question

    def mark_failed(self, reason: str) -> None:
        self.add_class("failed")
        self.update(
            Content.assemble(
                ("You  ", "bold"), safe(self.question), "\n", (f"✗ not answered: {safe(reason)}", "italic")
            )
        )


class AnswerMessage(Vertical, can_focus=True):
    """One answer: a header, the Markdown body (streamed, then replaced by the checked text) and notes.

    ``generate`` streams the answer in a thread worker: the session answers in the worker's thread and each
    token is written to the body's ``Markdown.get_stream``; Esc sets the cancel event the engine checks after
    every token. While focused, typing a digit opens that citation's article.
    """

    @dataclass
    class Selected(Message):
        """The answer got focus: the sources panel should show its citations."""

        view: AnswerMessage

    @dataclass
    class Finished(Message):
        """The checked answer is shown (``answer.cancelled`` when the user stopped it)."""

        view: AnswerMessage
        answer: Answer

    @dataclass
    class Failed(Message):
        """Answering failed; ``streamed`` says whether some text was shown before."""

        view: AnswerMessage
        error: BaseException
        streamed: bool

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "neighbour(-1)", "Previous answer", show=False),
        Binding("down", "neighbour(1)", "Next answer", show=False),
    ]

    def __init__(self, answer: Answer | None = None) -> None:
        super().__init__(classes="answer")
        self.answer: Answer | None = None
        self._initial = answer
        self.cancel = threading.Event()
        self._pieces: list[str] = []
        """The streamed tokens (a list: appending stays cheap however long the answer grows)."""

    @property
    def streamed(self) -> str:
        """What streamed so far."""
        return "".join(self._pieces)

    def compose(self) -> ComposeResult:
        yield Label("Assistant", classes="answer-header")
        yield Markdown("", classes="answer-body")
        yield Static("", classes="answer-notes")
        yield Static("", classes="answer-disagreement")

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

    @work(thread=True, exclusive=True, exit_on_error=False, name="answer")
    def generate(self, session: ChatSession, question: str) -> None:
        """Answer ``question`` in this view, streaming; posts Finished or Failed."""
        app = self.app
        stream = app.call_from_thread(Markdown.get_stream, self.body)

        def on_token(token: str) -> None:
            if not self.cancel.is_set():
                if not self._pieces:
                    app.call_from_thread(self.streaming)
                self._pieces.append(token)
                app.call_from_thread(stream.write, token)  # type: ignore[arg-type]  # textual types miss async callbacks

        try:
            answer = session.ask(question, on_token=on_token, cancel=self.cancel)
        except Exception as exc:  # noqa: BLE001 - handed to the app, which says what to do
            app.call_from_thread(stream.stop)  # type: ignore[arg-type]
            self.post_message(self.Failed(self, exc, bool(self._pieces)))
            return
        app.call_from_thread(stream.stop)  # type: ignore[arg-type]
        self.post_message(self.Finished(self, answer))

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
        notes = answer_notes(answer) + reported_lines(answer)
        self.query_one(".answer-notes", Static).update(Content("\n".join(notes)))
        self.query_one(".answer-notes", Static).display = bool(notes)
        disagreement = self.query_one(".answer-disagreement", Static)
        disagreement.update(Content("\n".join(disagreement_line(d) for d in answer.disagreements)))
        disagreement.display = bool(answer.disagreements)
        self.set_class(bool(answer.disagreements), "disagrees")

    async def show_failed(self, reason: str) -> None:
        """Generation failed: keep whatever streamed, say why."""
        self.remove_class("pending")
        self.add_class("failed")
        self.query_one(".answer-header", Label).update(Content("Assistant · failed"))
        self.query_one(".answer-notes", Static).update(Content.styled(f"✗ {reason}", "italic"))

    def on_focus(self, event: Focus) -> None:
        self.post_message(self.Selected(self))

    def on_key(self, event: Key) -> None:
        if event.character and event.character.isdigit() and event.character != "0":
            event.stop()
            self.post_message(request_citation(self.answer.citations if self.answer else [], int(event.character)))

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

    def question_of(self, view: AnswerMessage) -> QuestionMessage | None:
        """The question an answer view answers (the message right before it), None once it is gone."""
        children = list(self.children)
        if view not in children:
            return None
        before = children[: children.index(view)]
        return next((c for c in reversed(before) if isinstance(c, QuestionMessage)), None)

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
