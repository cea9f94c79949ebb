"""The chat app: a thin view over ``assistant.session.ChatSession`` (transcript, input, sources, status).

Fast start: this module imports only Textual and light project modules; the index, the embedder,
LlamaIndex and Chroma load in thread workers after the first screen has painted. Answers stream inside
their own widget (``AnswerMessage.generate``); the app saves questions before they are answered, so
nothing typed is lost when an answer fails or the app is closed.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer

from assistant.conversations import ConversationError
from assistant.tui.backend_actions import BackendActions
from assistant.tui.base import error_line, is_store_error
from assistant.tui.conversation_actions import ConversationActions
from assistant.tui.palette import chat_commands
from assistant.tui.screens.help import HelpScreen
from assistant.tui.screens.passage import ArticleUnavailable, PassageScreen, read_article
from assistant.tui.watch_actions import WatchActions
from assistant.tui.widgets.input_bar import InputBar
from assistant.tui.widgets.sources import CitationRequested, MissingCitation, SourcesPanel
from assistant.tui.widgets.status_bar import StatusBar, model_label
from assistant.tui.widgets.transcript import AnswerMessage, Transcript

if TYPE_CHECKING:
    from assistant.settings import Settings
    from assistant.types import Answer, Citation


class ChatApp(ConversationActions, BackendActions, WatchActions):
    """Ask questions about the indexed articles; answers stream in and cite their sources."""

    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "News assistant"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Stop answer"),
        Binding("ctrl+n", "new_chat", "New chat"),
        Binding("ctrl+o", "open_conversations", "Conversations"),
        Binding("f2", "toggle_sources", "Sources"),
        Binding("f1", "help", "Keys"),
        Binding("question_mark", "help", "Keys", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")
        with Horizontal(id="main"):
            yield Transcript(id="transcript")
            yield SourcesPanel(id="sources")
        yield InputBar(cursor_blink=self._cursor_blink, id="input-bar")
        yield Footer()

    def on_mount(self) -> None:
        self.status.backend = self.settings.backend
        self.status.model = model_label(self.settings)
        self.input.focus()
        self.check_backend()
        self.load_index()
        if self.settings.watch:
            self.start_watching()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """ "Stop answer" is only enabled while an answer is being generated."""
        return (True if self.answering else None) if action == "cancel" else True

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for command in chat_commands(self):
            yield SystemCommand(command.title, command.help, command.run)

    # --- startup work (thread workers) -----------------------------------------------------------

    @work(thread=True, exclusive=True, group="engine", exit_on_error=False, name="load index")
    def load_index(self) -> None:
        """Open the index, the embedder and the prompts in the background; report problems."""
        try:
            self.session.engine()
        except Exception as exc:  # noqa: BLE001 - every failure becomes a notification
            self.call_from_thread(self._index_failed, error_line(exc), is_store_error(exc))
            return
        self.call_from_thread(self.status.show_index, self.session.index_size())

    def _index_failed(self, message: str, missing: bool) -> None:
        self.status.show_index(None, missing=missing, failed=not missing)
        self.error(message, title="Cannot answer yet")

    # --- asking --------------------------------------------------------------------------------

    @on(InputBar.Submitted)
    async def _question_submitted(self, message: InputBar.Submitted) -> None:
        question = message.text.strip()
        if not question:
            return
        from assistant.answering.question import question_problem

        problem = question_problem(question)
        if problem is not None:
            self.error(problem, title="Question")  # the input keeps the text, to shorten it
            return
        if self.answering:
            self.notify("an answer is still being generated: press Esc to stop it first", severity="warning")
            return
        turn_id: int | None = None
        try:
            if self.conversation_id is None:
                self.conversation_id = self.store.create()
            turn_id = self.store.add_question(self.conversation_id, question)
        except ConversationError as exc:
            self.error(f"{exc} (the question is not saved)", title="Conversations")
        self.input.value = ""
        self.transcript.hide_welcome()
        _, view = await self.transcript.add_exchange(question)
        self._turn_ids[view] = turn_id
        self.active = view
        self.refresh_bindings()
        view.generate(self.session, question)

    @on(AnswerMessage.Finished)
    async def _answer_finished(self, message: AnswerMessage.Finished) -> None:
        view, answer = message.view, message.answer
        turn_id = self._done(view)
        if view.is_attached:
            await view.show_answer(answer)
            self.select_answer(view)
            self.transcript.call_after_refresh(self.transcript.follow)
        self._save(turn_id, answer)
        if answer.backend == "ollama" and not answer.cancelled:
            self.status.reachability = "reachable"
        self.status.show_index(self.session.index_size())

    @on(AnswerMessage.Failed)
    async def _answer_failed(self, message: AnswerMessage.Failed) -> None:
        """Keep the question (marked failed, saved, back in the input) and say what to do."""
        view = message.view
        if view.cancel.is_set():  # stopping failed after the user pressed Esc: what was shown is the answer
            await self._answer_finished(AnswerMessage.Finished(view, self._cancelled_answer(view)))
            return
        turn_id = self._done(view)
        reason = error_line(message.error)
        self._save_failure(turn_id, reason)
        self.error(reason, title="Could not answer")
        question = view.query_ancestor(Transcript).question_of(view) if view.is_attached else None
        if question is None:  # the user has moved on to another conversation
            return
        question.mark_failed(reason)
        if message.streamed:
            await view.show_failed(reason)
        else:
            await view.remove()
        if not self.input.value:
            self.input.value = question.question
            self.input.cursor_position = len(question.question)
        if is_store_error(message.error):
            self.status.show_index(None, missing=True)
        elif self.settings.backend == "ollama":
            self.check_backend(quiet=True)

    def _cancelled_answer(self, view: AnswerMessage) -> Answer:
        from assistant.language import question_language
        from assistant.types import Answer

        question = self.transcript.question_of(view)
        text = question.question if question else ""
        return Answer(
            question=text,
            answer=view.streamed,
            language=question_language(text),
            refused=False,
            backend=self.settings.backend,
            model=model_label(self.settings),
            cancelled=True,
        )

    def _save(self, turn_id: int | None, answer: Answer) -> None:
        if turn_id is not None:
            try:
                self.store.save_answer(turn_id, answer)
            except ConversationError as exc:
                self.error(str(exc), title="Conversations")

    def _save_failure(self, turn_id: int | None, message: str) -> None:
        if turn_id is not None:
            try:
                self.store.mark_failed(turn_id, message)
            except ConversationError as exc:
                self.error(str(exc), title="Conversations")

    def action_cancel(self) -> None:
        """Stop the answer being generated; what came so far stays, marked cancelled."""
        view = self.active
        if view is not None and not view.cancel.is_set():
            view.cancel.set()
            view.cancelling()

    # --- sources and articles ------------------------------------------------------------------

    @on(AnswerMessage.Selected)
    def _answer_selected(self, message: AnswerMessage.Selected) -> None:
        self.select_answer(message.view)

    @on(CitationRequested)
    def _citation_requested(self, message: CitationRequested) -> None:
        self.open_citation(message.citation)

    @on(MissingCitation)
    def _missing_citation(self, message: MissingCitation) -> None:
        self.notify(f"this answer has no source [{message.n}]", severity="warning", markup=False)

    def open_citation(self, citation: Citation) -> None:
        """Open the cited article with the cited lines highlighted (or say why it cannot be opened)."""
        try:
            text = read_article(citation.passage.path)
        except ArticleUnavailable as exc:
            self.error(str(exc), title="Cannot open the source")
            return
        self.push_screen(PassageScreen(citation, text))

    def action_toggle_sources(self) -> None:
        self.sources.display = not self.sources.display

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())


def run(settings: Settings, explicit_backend: bool = False) -> int:
    """Run the chat app until the user quits; returns the exit code. ``explicit_backend``: chosen on the
    command line, so it is kept even when it is not ready (no extractive fallback)."""
    app = ChatApp(settings, explicit_backend=explicit_backend)
    app.run()
    return int(app.return_code or 0)
