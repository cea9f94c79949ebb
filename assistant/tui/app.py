"""The chat app: transcript, input bar, sources panel and status bar.

Fast start: this module imports only Textual and light project modules. The index, the embedder,
LlamaIndex and Chroma load in thread workers after the first screen has painted.

Streaming: ``ask`` is an exclusive async worker. It runs the blocking ``AnswerChatEngine.ask`` in a
daemon thread; the thread's ``on_token`` callback feeds an ``asyncio.Queue`` through
``loop.call_soon_threadsafe``, and the worker writes the queue into ``Markdown.get_stream``. Escape sets
the ``threading.Event`` the engine checks after each token; the engine then returns the partial answer
marked ``cancelled``. The finished answer replaces the streamed text with the checked one.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Footer, Input, Markdown

from assistant.conversations import ConversationError, ConversationStore, conversation_markdown
from assistant.tui.commands import ChatCommands
from assistant.tui.messages import (
    AnswerSelected,
    CitationRequested,
    IngestProgressed,
    IngestReporter,
    MissingCitation,
    QuestionSubmitted,
)
from assistant.tui.screens.conversations import ConversationsScreen
from assistant.tui.screens.help import HelpScreen
from assistant.tui.screens.passage import ArticleUnavailable, PassageScreen, read_article_lines
from assistant.tui.widgets.input_bar import InputBar
from assistant.tui.widgets.sources import SourcesPanel
from assistant.tui.widgets.status_bar import StatusBar, model_label
from assistant.tui.widgets.transcript import AnswerMessage, QuestionMessage, Transcript

if TYPE_CHECKING:
    from assistant.engine import AnswerEngine
    from assistant.llms.base import Backend
    from assistant.retrieval import Searcher
    from assistant.settings import Settings
    from assistant.types import Answer, Citation

ERROR_TIMEOUT = 12.0


def error_line(exc: BaseException) -> str:
    """One line for a notification: the project's errors already say what to do; others get their type."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    if type(exc).__module__.startswith("assistant.") and text:
        return text
    return f"unexpected error ({type(exc).__name__}{': ' + text if text else ''})"


@dataclass
class ActiveAnswer:
    """The answer being generated: its view, its cancel flag and the conversation it belongs to."""

    view: AnswerMessage
    cancel: threading.Event
    generation: int


class ChatApp(App[int]):
    """Ask questions about the indexed articles; answers stream in and cite their sources."""

    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "News assistant"
    COMMANDS = App.COMMANDS | {ChatCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Stop answer"),
        Binding("ctrl+n", "new_chat", "New chat"),
        Binding("ctrl+o", "open_conversations", "Conversations"),
        Binding("f2", "toggle_sources", "Sources"),
        Binding("f1", "help", "Keys"),
        Binding("question_mark", "help", "Keys", show=False),
    ]

    def __init__(
        self,
        settings: Settings,
        store: ConversationStore | None = None,
        cursor_blink: bool = True,
    ) -> None:
        super().__init__()
        self.settings = settings
        self.store = store or ConversationStore(settings.chat_db)
        self._cursor_blink = cursor_blink
        self.conversation_id: int | None = None
        self.selected: AnswerMessage | None = None
        self._history: list[tuple[str, str]] = []
        """(question, answer) turns of the open conversation, for follow-ups."""
        self._generation = 0
        """Bumped on new chat / reopen so a late answer does not join the wrong conversation."""
        self._active: ActiveAnswer | None = None
        self._lock = threading.Lock()
        """Guards the index and the engine, which thread workers build and replace (taken before _backend_lock)."""
        self._backend_lock = threading.Lock()
        self._searcher: Searcher | None = None
        self._backend: Backend | None = None
        self._engine: AnswerEngine | None = None

    # --- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")
        with Horizontal(id="main"):
            yield Transcript(id="transcript")
            yield SourcesPanel(id="sources")
        yield InputBar(cursor_blink=self._cursor_blink, id="input-bar")
        yield Footer()

    def on_mount(self) -> None:
        status = self.status
        status.backend = self.settings.backend
        status.model = model_label(self.settings)
        self.input.focus()
        self.check_backend(self.settings)
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
        return self._active is not None

    def _set_active(self, active: ActiveAnswer | None) -> None:
        self._active = active
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """"Stop answer" is only enabled while an answer is being generated."""
        if action == "cancel":
            return True if self.answering else None
        return True

    def error(self, message: str, title: str = "") -> None:
        """An error notification that stays long enough to read."""
        self.notify(message, title=title, severity="error", timeout=ERROR_TIMEOUT, markup=False)

    # --- the engine (built lazily in threads) ---------------------------------------------------

    def get_backend(self) -> Backend:
        """The answer backend, made on first use (call in a thread: it may import LlamaIndex)."""
        from assistant.llms import make_backend

        with self._backend_lock:
            if self._backend is None:
                self._backend = make_backend(self.settings)
            return self._backend

    def prepare_engine(self) -> AnswerEngine:
        """The answer engine, opening the index and making the backend first if needed (call in a thread)."""
        from assistant.engine import build_engine
        from assistant.retrieval import Searcher

        with self._lock:
            if self._engine is None:
                if self._searcher is None:
                    self._searcher = Searcher(self.settings)
                self._engine = build_engine(self.settings, backend=self.get_backend(), searcher=self._searcher)
            return self._engine

    @work(thread=True, exclusive=True, group="engine", exit_on_error=False, name="load index")
    def load_index(self) -> None:
        """Open the index, the embedder and the prompts in the background; report problems."""
        try:
            self.prepare_engine()
        except Exception as exc:  # noqa: BLE001 - every failure becomes a notification
            missing = _is_store_error(exc)
            self.call_from_thread(self._index_failed, error_line(exc), missing)
            return
        searcher = self._searcher
        if searcher is not None:
            self.call_from_thread(self.status.set_index, searcher.n_articles, searcher.n_chunks)

    def _index_failed(self, message: str, missing: bool) -> None:
        if missing:
            self.status.set_index(None, missing=True)
        else:
            self.status.index = "error"
        self.error(message, title="Cannot answer yet")

    @work(thread=True, exclusive=True, group="backend", exit_on_error=False, name="check backend")
    def check_backend(self, settings: Settings, quiet: bool = False) -> None:
        """Is the configured backend ready (Ollama reachable, model pulled)? Shown in the status bar.

        Problems are also notified unless ``quiet`` (a failed answer has already said what went wrong).
        """
        from assistant.llms.base import BackendError

        try:
            backend = self.get_backend()
        except Exception as exc:  # noqa: BLE001
            self.call_from_thread(self._backend_state, "unavailable", None if quiet else error_line(exc))
            return
        state = "unavailable"
        try:
            if backend.name == "ollama":
                try:
                    backend.list_models()  # type: ignore[attr-defined]
                except BackendError as exc:
                    self.call_from_thread(self._backend_state, "unreachable", None if quiet else error_line(exc))
                    return
                state = "model missing"
            backend.check()
        except Exception as exc:  # noqa: BLE001
            self.call_from_thread(self._backend_state, state, None if quiet else error_line(exc))
            return
        self.call_from_thread(self._backend_state, "reachable" if backend.name == "ollama" else "ready", None)

    def _backend_state(self, state: str, problem: str | None) -> None:
        self.status.reachability = state
        if problem:
            self.error(problem, title=f"{self.settings.backend} backend")

    # --- asking --------------------------------------------------------------------------------

    @on(QuestionSubmitted)
    async def _question_submitted(self, message: QuestionSubmitted) -> None:
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
        q_view, a_view = await self.transcript.add_exchange(question)
        self.ask(question, turn_id, q_view, a_view)

    @work(exclusive=True, group="answer", exit_on_error=False, name="answer")
    async def ask(self, question: str, turn_id: int | None, q_view: QuestionMessage, a_view: AnswerMessage) -> None:
        """Stream the answer to ``question`` into ``a_view``, then show and save the checked answer."""
        active = ActiveAnswer(view=a_view, cancel=threading.Event(), generation=self._generation)
        self._set_active(active)
        history = list(self._history)
        loop = asyncio.get_running_loop()
        tokens: asyncio.Queue[str | None] = asyncio.Queue()
        done: asyncio.Future[Answer] = loop.create_future()

        def post(callback: Callable[..., object], *args: object) -> None:
            try:
                loop.call_soon_threadsafe(callback, *args)
            except RuntimeError:  # the app (and its loop) has gone away
                pass

        def settle(result: Answer | None, error: BaseException | None) -> None:
            if done.done():
                return
            if error is not None:
                done.set_exception(error)
            else:
                done.set_result(result)  # type: ignore[arg-type]

        def generate() -> None:
            try:
                post(settle, self._answer_blocking(question, history, partial(post, tokens.put_nowait), active), None)
            except BaseException as exc:  # noqa: BLE001 - handed to the worker
                post(settle, None, exc)
            finally:
                post(tokens.put_nowait, None)

        threading.Thread(target=generate, name="answer", daemon=True).start()
        stream = Markdown.get_stream(a_view.body)
        shown: list[str] = []
        try:
            try:
                while (token := await tokens.get()) is not None:
                    if active.cancel.is_set():
                        continue
                    if not shown:
                        a_view.streaming()
                    shown.append(token)
                    await stream.write(token)
                    self.transcript.follow()
            finally:
                await stream.stop()
            try:
                answer = await done
            except Exception:
                if not active.cancel.is_set():
                    raise
                # Stopping failed after the user pressed Esc: what was shown is the answer.
                answer = self._cancelled_answer(question, "".join(shown))
        except asyncio.CancelledError:
            active.cancel.set()
            self._save_failure(turn_id, "stopped: the chat was closed or replaced")
            raise
        except Exception as exc:  # noqa: BLE001
            await self._answer_failed(exc, question, turn_id, q_view, a_view, bool(shown))
            return
        finally:
            if self._active is active:
                self._set_active(None)
        await self._answer_done(answer, question, turn_id, active)

    def _answer_blocking(
        self, question: str, history: list[tuple[str, str]], on_token: Callable[[str], None], active: ActiveAnswer
    ) -> Answer:
        """Runs in the answer thread: build the engine if needed, then ask with the conversation so far."""
        from assistant.engine import AnswerChatEngine, Turn

        engine = self.prepare_engine()
        chat = AnswerChatEngine(engine, history=[Turn(question=q, answer=a) for q, a in history])
        answer = chat.ask(question, on_token=on_token, cancel=active.cancel)
        if answer.refused and not answer.cancelled and engine.prompts.is_no_answer(answer.answer):
            # The model's no-answer token ("NO_ANSWER") is not for people: show the refusal phrase.
            answer.answer = engine.prompts.refusal(answer.language)
        return answer

    def _cancelled_answer(self, question: str, partial: str) -> Answer:
        """The answer of a generation stopped with Esc: the text shown so far, marked cancelled."""
        from assistant.language import question_language
        from assistant.types import Answer

        backend = self._backend
        return Answer(
            question=question,
            answer=partial,
            language=question_language(question),
            refused=False,
            backend=backend.name if backend else self.settings.backend,
            model=backend.model if backend else model_label(self.settings),
            cancelled=True,
        )

    async def _answer_done(self, answer: Answer, question: str, turn_id: int | None, active: ActiveAnswer) -> None:
        view = active.view
        if view.is_attached:
            await view.show_answer(answer)
            self.select_answer(view)
            self.transcript.call_after_refresh(self.transcript.follow)
        if turn_id is not None:
            try:
                self.store.save_answer(turn_id, answer)
            except ConversationError as exc:
                self.error(str(exc), title="Conversations")
        if active.generation == self._generation:
            self._history.append((question, answer.answer))
        if answer.backend == "ollama" and not answer.cancelled:
            self.status.reachability = "reachable"
        searcher = self._searcher
        if searcher is not None and self.status.index == "loading…":
            self.status.set_index(searcher.n_articles, searcher.n_chunks)

    async def _answer_failed(
        self,
        exc: BaseException,
        question: str,
        turn_id: int | None,
        q_view: QuestionMessage,
        a_view: AnswerMessage,
        streamed: bool,
    ) -> None:
        """Keep the question (marked failed, saved, back in the input) and say what to do."""
        message = error_line(exc)
        self._save_failure(turn_id, message)
        self.error(message, title="Could not answer")
        if not q_view.is_attached:  # the user has moved on to another conversation
            return
        q_view.mark_failed(message)
        if streamed:
            await a_view.show_failed(message)
        else:
            await a_view.remove()
        if not self.input.value:
            self.input.value = question
            self.input.cursor_position = len(question)
        if _is_store_error(exc):
            self.status.set_index(None, missing=True)
        elif type(exc).__name__ == "BackendError" and self.settings.backend == "ollama":
            self.check_backend(self.settings, quiet=True)

    def _save_failure(self, turn_id: int | None, message: str) -> None:
        if turn_id is None:
            return
        try:
            self.store.mark_failed(turn_id, message)
        except ConversationError as exc:
            self.error(str(exc), title="Conversations")

    def action_cancel(self) -> None:
        """Stop the answer being generated; what came so far stays, marked cancelled."""
        active = self._active
        if active is None or active.cancel.is_set():
            return
        active.cancel.set()
        active.view.cancelling()

    # --- sources and articles ------------------------------------------------------------------

    def select_answer(self, view: AnswerMessage) -> None:
        """Show ``view``'s citations in the sources panel."""
        if self.selected is not None and self.selected is not view:
            self.selected.remove_class("selected")
        self.selected = view
        view.add_class("selected")
        self.sources.show(view.answer)

    @on(AnswerSelected)
    def _answer_selected(self, message: AnswerSelected) -> None:
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

    # --- conversations -------------------------------------------------------------------------

    def _detach_active(self) -> None:
        """Stop the running answer (it is still saved) and start a fresh conversation context."""
        if self._active is not None:
            self._active.cancel.set()
            self._set_active(None)
        self._generation += 1

    async def action_new_chat(self) -> None:
        self._detach_active()
        self.conversation_id = None
        self._history = []
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
        try:
            conversation = self.store.load(conversation_id)
        except ConversationError as exc:
            self.error(str(exc), title="Conversations")
            return
        self._detach_active()
        self.selected = None
        transcript = self.transcript
        await transcript.clear()
        self.sources.show(None)
        if conversation.turns:
            transcript.hide_welcome()
        last: AnswerMessage | None = None
        for turn in conversation.turns:
            reason = turn.error or ("no answer was saved (the app was closed while answering)")
            view = await transcript.add_saved(turn.question, turn.to_answer(), reason)
            last = view or last
        self.conversation_id = conversation.id
        self._history = [(t.question, t.answer) for t in conversation.turns if t.answer_data is not None]
        if last is not None:
            self.select_answer(last)
        transcript.scroll_end(animate=False)
        transcript.call_after_refresh(transcript.follow)
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
        self.list_models(self.settings)

    @work(thread=True, exclusive=True, group="models", exit_on_error=False, name="list models")
    def list_models(self, settings: Settings) -> None:
        """Ask the Ollama server for its models, then offer them in the command palette."""
        from assistant.llms.ollama import OllamaBackend

        try:
            names = OllamaBackend(settings.ollama_model, url=settings.ollama_url).list_models()
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
        from assistant.llms import make_backend

        try:
            backend = make_backend(settings)
            backend.check()
        except Exception as exc:  # noqa: BLE001
            self.call_from_thread(self.error, f"{error_line(exc)} (kept {self.settings.backend})", "Switch backend")
            return
        with self._lock, self._backend_lock:
            self._backend = backend
            self._engine = None
        self.call_from_thread(self._switched, settings, backend)

    def _switched(self, settings: Settings, backend: Backend) -> None:
        self.settings = settings
        status = self.status
        status.backend = backend.name
        status.model = model_label(settings)
        status.reachability = "reachable" if backend.name == "ollama" else "ready"
        self.notify(f"answering with {backend.name} · {model_label(settings)}", markup=False)

    def action_reingest(self) -> None:
        if any(w.group == "ingest" and w.is_running for w in self.workers):
            self.notify("the seeds are already being re-ingested", severity="warning")
            return
        self.reingest(self.settings)

    @work(thread=True, exclusive=True, group="ingest", exit_on_error=False, name="re-ingest")
    def reingest(self, settings: Settings) -> None:
        """Sync the seeds folder into the index, then reopen the index (the app stays usable meanwhile)."""
        from assistant.ingest.sync import ingest

        self.call_from_thread(setattr, self.status, "activity", "ingesting…")
        try:
            report = ingest(settings, progress=IngestReporter(self))
            with self._lock:
                self._searcher = None
                self._engine = None
            self.prepare_engine()
        except Exception as exc:  # noqa: BLE001
            self.call_from_thread(self._reingest_failed, error_line(exc))
            return
        self.call_from_thread(self._reingested, report.summary(), report.files_total, report.chunks_total)

    def _reingest_failed(self, message: str) -> None:
        self.status.activity = ""
        self.error(message, title="Re-ingest")

    def _reingested(self, summary: str, articles: int, chunks: int) -> None:
        self.status.activity = ""
        self.status.set_index(articles, chunks)
        self.notify(summary, title="Re-ingest done", markup=False)

    @on(IngestProgressed)
    def _ingest_progressed(self, message: IngestProgressed) -> None:
        self.status.activity = message.text

    # --- modals --------------------------------------------------------------------------------

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())


def _is_store_error(exc: BaseException) -> bool:
    """A missing or unusable index (without importing the store module here)."""
    return any(cls.__name__ in ("StoreError", "NoIndexError") for cls in type(exc).__mro__)


def run(settings: Settings) -> int:
    """Run the chat app until the user quits; returns the exit code."""
    app = ChatApp(settings)
    app.run()
    return int(app.return_code or 0)
