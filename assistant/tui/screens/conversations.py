"""Saved conversations: pick one to reopen it (Enter), or delete it (d)."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from assistant.safe_text import safe

if TYPE_CHECKING:
    from assistant.conversations import ConversationStore, ConversationSummary


def summary_prompt(summary: ConversationSummary) -> Content:
    when = time.strftime("%Y-%m-%d %H:%M", time.localtime(summary.updated))
    noun = "question" if summary.turns == 1 else "questions"
    return Content.assemble(
        (safe(summary.title) or "(untitled)", "bold"), "\n", (f"{summary.turns} {noun} · {when}", "dim")
    )


class ConversationsScreen(ModalScreen[int | None]):
    """Lists saved conversations; dismisses with the chosen conversation id (None when closed)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Close"),
        Binding("d,delete", "delete", "Delete"),
    ]

    def __init__(self, store: ConversationStore, current: int | None = None) -> None:
        super().__init__()
        self.store = store
        self.current = current
        self.summaries: list[ConversationSummary] = []
        self.told = ""
        """The problem already notified (said once)."""

    def compose(self) -> ComposeResult:
        with Vertical(id="conversations-dialog"):
            yield Label("Saved conversations", classes="dialog-title")
            yield OptionList(id="conversation-list")
            yield Label("", id="conversations-empty")
            yield Label("Enter open · d delete · Esc close", classes="dialog-help")

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#conversation-list", OptionList).focus()

    def reload(self) -> None:
        """List the saved conversations; a database that cannot be read is named once, and left as it is."""
        from assistant.conversations import ConversationError

        problem = ""
        try:
            self.summaries = self.store.list_conversations()
        except ConversationError as exc:
            self.summaries, problem = [], str(exc)
        if self.store.damaged and not problem:
            problem = f"{self.store.damaged_message()} (showing what can be read)"
        if problem and problem != self.told:
            self.told = problem
            self.notify(problem, title="Conversations", severity="error", timeout=12.0, markup=False)
        options = self.query_one("#conversation-list", OptionList)
        options.set_options(Option(summary_prompt(s), id=f"conversation-{s.id}") for s in self.summaries)
        options.display = bool(self.summaries)
        empty = self.query_one("#conversations-empty", Label)
        empty.update(
            "The saved conversations cannot be read."
            if problem
            else "No saved conversations yet: ask a question first."
        )
        empty.display = not self.summaries
        if self.summaries:
            options.highlighted = 0

    @on(OptionList.OptionSelected, "#conversation-list")
    def _open(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.summaries[event.option_index].id)

    def action_delete(self) -> None:
        from assistant.conversations import ConversationError

        options = self.query_one("#conversation-list", OptionList)
        index = options.highlighted
        if index is None or not self.summaries:
            return
        summary = self.summaries[index]
        try:
            self.store.delete(summary.id)
        except ConversationError as exc:
            self.notify(str(exc), title="Conversations", severity="error", timeout=12.0, markup=False)
            return
        self.notify(safe(f"deleted “{summary.title}”"), markup=False)
        self.reload()
        if self.summaries:
            options.highlighted = min(index, len(self.summaries) - 1)
