"""The input bar at the bottom: one line, Enter sends."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input

PLACEHOLDER = "Ask about the news… (Enter sends, Esc stops an answer, F1 keys)"


class InputBar(Horizontal):
    """Holds the question input; Enter posts ``InputBar.Submitted`` (the app clears the input if it accepts it)."""

    @dataclass
    class Submitted(Message):
        """The user pressed Enter."""

        text: str

    def __init__(self, cursor_blink: bool = True, id: str | None = None) -> None:
        super().__init__(id=id)
        self._cursor_blink = cursor_blink

    def compose(self) -> ComposeResult:
        yield Input(placeholder=PLACEHOLDER, id="question", select_on_focus=False)

    def on_mount(self) -> None:
        self.input.cursor_blink = self._cursor_blink

    @property
    def input(self) -> Input:
        return self.query_one("#question", Input)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Submitted(event.value))
