"""The keys screen (F1 or ?)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

KEYS: list[tuple[str, str]] = [
    ("Enter", "send the question"),
    ("Esc", "stop the answer being generated (keeps what came so far); close a dialog"),
    ("1-9", "open that source's article (while an answer or the sources list is focused)"),
    ("↑ ↓", "previous / next answer (while an answer is focused)"),
    ("Tab / Shift+Tab", "move between the input, the answers and the sources"),
    ("Ctrl+N", "new chat"),
    ("Ctrl+O", "saved conversations (Enter open, d delete)"),
    ("F2", "show / hide the sources panel"),
    ("Ctrl+P", "command palette: switch model or backend, re-ingest, export, …"),
    ("F1 or ?", "this screen"),
    ("Ctrl+Q", "quit"),
]


class HelpScreen(ModalScreen[None]):
    """Lists the keys; any of Esc, q, F1 or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,f1,question_mark", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        with Vertical(id="help-dialog"):
            yield Label("Keys", classes="dialog-title")
            for key, what in KEYS:
                with Horizontal(classes="key-row"):
                    yield Label(key, classes="key", markup=False)
                    yield Static(what, classes="key-help", markup=False)
            yield Label("Esc close", classes="dialog-help")
