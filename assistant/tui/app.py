"""The chat app: a thin view over ``assistant.session.ChatSession`` (transcript, input, sources, status).

Fast start: this module imports only Textual and light project modules; the index, the embedder,
LlamaIndex and Chroma load in thread workers after the first screen has painted. Answers stream inside
their own widget (``AnswerMessage.generate``); the app saves questions before they are answered, so
nothing typed is lost when an answer fails or the app is closed.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Input

from assistant.conversations import ConversationError, ConversationStore, conversation_markdown
from assistant.session import ChatSession
from assistant.tui.palette import chat_commands
from assistant.tui.screens.conversations import ConversationsScreen
from assistant.tui.screens.help import HelpScreen
from assistant.tui.screens.passage import ArticleUnavailable, PassageScreen, read_article_lines
from assistant.tui.widgets.input_bar import InputBar
from assistant.tui.widgets.sources import CitationRequested, MissingCitation, SourcesPanel
from assistant.tui.widgets.status_bar import IngestActivity, StatusBar, model_label
from assistant.tui.widgets.transcript import AnswerMessage, QuestionMessage, Transcript

if TYPE_CHECKING:
    from assistant.settings import Settings
    from assistant.types import Answer, Citation

ERROR_TIMEOUT = 12.0


def error_line(exc: BaseException) -> str:
    """One line for a notification: the project's errors already say what to do; others get their type."""
    from assistant.errors import AssistantError

    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    if isinstance(exc, AssistantError) and text:
        return text
    return f"unexpected error ({type(exc).__name__}{': ' + text if text else ''})"


def is_store_error(exc: BaseException) -> bool:
    """A missing or unusable index."""
    from assistant.store import StoreError

    return isinstance(exc, StoreError)


class ChatApp(App[int]):
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

    def __init__(self, settings: Settings, store: ConversationStore | None = None, cursor_blink: bool = True) -> None:
        super().__init__()
        self.session = ChatSession(settings)
        self.store = store or ConversationStore(settings.chat_db)
        self._cursor_blink = cursor_blink
        self.conversation_id: int | None = None
        self.selected: AnswerMessage | None = None
        self.active: AnswerMessage | None = None
        """The answer being generated (one at a time)."""
        self._turn_ids: dict[AnswerMessage, int | None] = {}

    @property
    def settings(self) -> Settings:
        return self.session.settings

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

    @property
    def status(self) -> StatusBar:
        return self.query_one("#status", StatusBar)

    @property
    def transcript(self) -> Transcript:
        return self.query_one("#transcript", Transcript)

    @property
    def sources(self) -> SourcesPanel:
        return self.query_one("#sources", SourcesPanel)

    @property
    def input(self) -> Input:
        return self.query_one("#input-bar", InputBar).input

    @property
    def answering(self) -> bool:
        return self.active is not None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """"Stop answer" is only enabled while an answer is being generated."""
        return (True if self.answering else None) if action == "cancel" else True

    def error(self, message: str, title: str = "") -> None:
        """An error notification that stays long enough to read."""
        self.notify(message, title=title, severity="error", timeout=ERROR_TIMEOUT, markup=False)

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

    @work(thread=True, exclusive=True, group="backend", exit_on_error=False, name="check backend")
    def check_backend(self, quiet: bool = False) -> None:
        """Ask the backend how it stands, for the status bar (and a notification unless ``quiet``)."""
        try:
            status = self.session.backend_status()
        except Exception as exc:  # noqa: BLE001
            self.call_from_thread(self._backend_state, "unavailable", None if quiet else error_line(exc))
            return
        self.call_from_thread(self._backend_state, status.state, None if quiet or status.ok else status.problem)

    def _backend_state(self, state: str, problem: str | None) -> None:
        self.status.reachability = state
        if problem:
            self.error(problem, title=f"{self.settings.backend} backend")

    # --- asking --------------------------------------------------------------------------------

    @on(InputBar.Submitted)
    async def _question_submitted(self, message: InputBar.Submitted) -> None:
        question = message.text.strip()
        if not question:
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

    def _done(self, view: AnswerMessage) -> int | None:
        if self.active is view:
            self.active = None
            self.refresh_bindings()
        return self._turn_ids.pop(view, None)

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

    def select_answer(self, view: AnswerMessage) -> None:
        """Show ``view``'s citations in the sources panel."""
        if self.selected is not None and self.selected is not view:
            self.selected.remove_class("selected")
        self.selected = view
        view.add_class("selected")
        self.sources.show(view.answer)

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
            lines = read_article_lines(citation.passage.path)
        except ArticleUnavailable as exc:
            self.error(str(exc), title="Cannot open the source")
            return
        self.push_screen(PassageScreen(citation, lines))

    def action_toggle_sources(self) -> None:
        self.sources.display = not self.sources.display

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    # --- conversations -------------------------------------------------------------------------

    def _detach_active(self) -> None:
        """Stop the running answer (it is still saved) and start a fresh conversation context."""
        if self.active is not None:
            self.active.cancel.set()
            self._done(self.active)
        self.session.restart()

    async def action_new_chat(self) -> None:
        self._detach_active()
        self.conversation_id = None
        self.selected = None
        await self.transcript.clear()
        self.sources.show(None)
        self.input.focus()

    def action_open_conversations(self) -> None:
        try:
            screen = ConversationsScreen(self.store, self.conversation_id)
        except ConversationError as exc:
            self.error(str(exc), title="Conversations")
            return
        self.push_screen(screen, callback=self._conversation_chosen)

    async def _conversation_chosen(self, conversation_id: int | None) -> None:
        if conversation_id is not None:
            await self.open_conversation(conversation_id)

    async def open_conversation(self, conversation_id: int) -> None:
        """Show a saved conversation; follow-up questions continue it (with its history)."""
        from assistant.answering.chat import Turn

        try:
            conversation = self.store.load(conversation_id)
        except ConversationError as exc:
            self.error(str(exc), title="Conversations")
            return
        self._detach_active()
        self.selected = None
        await self.transcript.clear()
        self.sources.show(None)
        if conversation.turns:
            self.transcript.hide_welcome()
        last: AnswerMessage | None = None
        for turn in conversation.turns:
            reason = turn.error or "no answer was saved (the app was closed while answering)"
            last = await self.transcript.add_saved(turn.question, turn.to_answer(), reason) or last
        self.conversation_id = conversation.id
        answered = [t for t in conversation.turns if t.answer_data is not None]
        self.session.restart([Turn(t.question, t.answer, (t.answer_data or {}).get("standalone_question")) for t in answered])
        if last is not None:
            self.select_answer(last)
        self.transcript.scroll_end(animate=False)
        self.transcript.call_after_refresh(self.transcript.follow)
        self.input.focus()

    def action_export(self) -> None:
        """Write the open conversation to a Markdown file in the working directory."""
        if self.conversation_id is None:
            self.notify("nothing to export yet: ask a question first", severity="warning")
            return
        try:
            conversation = self.store.load(self.conversation_id)
            path = Path.cwd() / f"conversation-{conversation.id}-{time.strftime('%Y%m%d-%H%M%S')}.md"
            path.write_text(conversation_markdown(conversation), encoding="utf-8")
        except (ConversationError, OSError) as exc:
            self.error(f"could not export the conversation: {exc}", title="Export")
            return
        self.notify(f"exported the conversation to {path}", title="Export", markup=False)

    # --- backend, model, index -----------------------------------------------------------------

    def action_pick_model(self) -> None:
        self.list_models()

    @work(thread=True, exclusive=True, group="models", exit_on_error=False, name="list models")
    def list_models(self) -> None:
        """Ask the Ollama server for its models, then offer them in the command palette."""
        from assistant.llms.ollama import OllamaBackend

        try:
            names = OllamaBackend(self.settings.ollama_model, url=self.settings.ollama_url).list_models()
        except Exception as exc:  # noqa: BLE001
            self.call_from_thread(self.error, error_line(exc), "Switch model")
            return
        self.call_from_thread(self._offer_models, names)

    def _offer_models(self, names: list[str]) -> None:
        if not names:
            self.error(f"the Ollama server at {self.settings.ollama_url} has no models: `ollama pull` one first")
            return
        current = self.settings.ollama_model
        items = [
            (name, partial(self.switch_model, name), "current model" if name == current else "switch to this model")
            for name in sorted(names)
        ]
        self.search_commands(items, placeholder="Switch to model…")

    def switch_model(self, name: str) -> None:
        self.switch_to(self.settings.model_copy(update={"backend": "ollama", "ollama_model": name}))

    def switch_backend(self, name: str) -> None:
        self.switch_to(self.settings.model_copy(update={"backend": name}))

    @work(thread=True, exclusive=True, group="backend", exit_on_error=False, name="switch backend")
    def switch_to(self, settings: Settings) -> None:
        """Make and check the backend ``settings`` ask for; on success answer with it from now on."""
        try:
            backend = self.session.switch(settings)
        except Exception as exc:  # noqa: BLE001
            self.call_from_thread(self.error, f"{error_line(exc)} (kept {self.settings.backend})", "Switch backend")
            return
        self.call_from_thread(self._switched, backend.name)

    def _switched(self, backend: str) -> None:
        status = self.status
        status.backend = backend
        status.model = model_label(self.settings)
        status.reachability = "reachable" if backend == "ollama" else "ready"
        self.notify(f"answering with {backend} · {model_label(self.settings)}", markup=False)

    def action_reingest(self) -> None:
        if any(w.group == "ingest" and w.is_running for w in self.workers):
            self.notify("the seeds are already being re-ingested", severity="warning")
            return
        self.reingest()

    @work(thread=True, exclusive=True, group="ingest", exit_on_error=False, name="re-ingest")
    def reingest(self) -> None:
        """Sync the seeds folder into the index, then reopen the index (the app stays usable meanwhile)."""
        self.call_from_thread(setattr, self.status, "activity", "ingesting…")
        try:
            report = self.session.reingest(IngestActivity(self.status))
        except Exception as exc:  # noqa: BLE001
            self.call_from_thread(self._reingested, None, error_line(exc))
            return
        self.call_from_thread(self._reingested, report.summary(), "")

    def _reingested(self, summary: str | None, problem: str) -> None:
        self.status.activity = ""
        if summary is None:
            self.error(problem, title="Re-ingest")
            return
        self.status.show_index(self.session.index_size())
        self.notify(summary, title="Re-ingest done", markup=False)


def run(settings: Settings) -> int:
    """Run the chat app until the user quits; returns the exit code."""
    app = ChatApp(settings)
    app.run()
    return int(app.return_code or 0)
