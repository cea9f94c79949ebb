"""What every part of the chat app shares: the session, the saved conversations, the widgets, and how
errors are shown."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import App
from textual.widgets import Input

from assistant.conversations import ConversationStore
from assistant.safe_text import safe
from assistant.session import ChatSession
from assistant.tui.widgets.input_bar import InputBar
from assistant.tui.widgets.sources import SourcesPanel
from assistant.tui.widgets.status_bar import StatusBar
from assistant.tui.widgets.transcript import AnswerMessage, Transcript

if TYPE_CHECKING:
    from assistant.settings import Settings

ERROR_TIMEOUT = 12.0


def error_line(exc: BaseException) -> str:
    """One line for a notification: the project's errors already say what to do; others get their type."""
    from assistant.errors import AssistantError

    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    if isinstance(exc, AssistantError) and text:
        return text
    return f"unexpected error ({type(exc).__name__}{': ' + text if text else ''})"


def is_store_error(exc: BaseException) -> bool:
    """A missing or unusable index (not a full or read-only disk: re-ingesting would not help)."""
    from assistant.disk import DiskError
    from assistant.store import StoreError

    return isinstance(exc, StoreError) and not isinstance(exc, DiskError)


class ChatBase(App[int]):
    """The chat app's state and widgets; its actions live in ``ChatApp`` and the action mixins."""

    def __init__(
        self,
        settings: Settings,
        store: ConversationStore | None = None,
        cursor_blink: bool = True,
        explicit_backend: bool = False,
    ) -> None:
        super().__init__()
        self.session = ChatSession(settings, explicit_backend=explicit_backend)
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

    def error(self, message: str, title: str = "") -> None:
        """An error notification that stays long enough to read."""
        self.notify(safe(message), title=safe(title), severity="error", timeout=ERROR_TIMEOUT, markup=False)

    def _done(self, view: AnswerMessage) -> int | None:
        if self.active is view:
            self.active = None
            self.refresh_bindings()
        return self._turn_ids.pop(view, None)

    def select_answer(self, view: AnswerMessage) -> None:
        """Show ``view``'s citations in the sources panel."""
        if self.selected is not None and self.selected is not view:
            self.selected.remove_class("selected")
        self.selected = view
        view.add_class("selected")
        self.sources.show(view.answer)
