"""The status bar: backend, model, server reachability, index size, and background work."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static

from assistant.safe_text import safe

if TYPE_CHECKING:
    from assistant.settings import Settings

Reachability = Literal["checking", "reachable", "unreachable", "model missing", "ready", "unavailable"]

_REACHABILITY_STYLE: dict[str, str] = {
    "checking": "dim",
    "reachable": "bold $success",
    "ready": "bold $success",
    "unreachable": "bold $error",
    "model missing": "bold $warning",
    "unavailable": "bold $error",
}


def model_label(settings: Settings) -> str:
    """The model name the status bar shows for the configured backend."""
    if settings.backend == "ollama":
        return settings.ollama_model
    if settings.backend == "llamacpp":
        return settings.llamacpp_model_path.name if settings.llamacpp_model_path else "(no GGUF file)"
    return "no LLM"


class StatusBar(Static):
    """One line: ``ollama · qwen2.5:1.5b · ● reachable │ index 5 articles, 65 chunks │ <activity>``."""

    backend: reactive[str] = reactive("")
    model: reactive[str] = reactive("")
    reachability: reactive[str] = reactive("checking")
    index: reactive[str] = reactive("loading…")
    activity: reactive[str] = reactive("")
    note: reactive[str] = reactive("")
    """What the user should know about the backend (answering extractively because the LLM is not reachable)."""

    def render(self) -> Content:
        style = _REACHABILITY_STYLE.get(self.reachability, "")
        parts: list[str | tuple[str, str]] = [
            (self.backend or "?", "bold"),
            " · ",
            (safe(self.model) or "-", ""),
            " · ",
            (f"● {self.reachability}", style),
            "  │  index: ",
            (self.index, ""),
        ]
        if self.note:
            parts += ["  │  ", (self.note, "bold $warning")]
        if self.activity:
            parts += ["  │  ", (safe(self.activity), "italic")]
        return Content.assemble(*parts)

    def show_index(self, size: tuple[int, int] | None, missing: bool = False, failed: bool = False) -> None:
        """Show the index size (articles, chunks), that there is none, or that it could not be opened."""
        if missing:
            self.index = "none (Ctrl+P: Re-ingest)"
        elif failed:
            self.index = "error"
        elif size is not None:
            self.index = f"{size[0]} articles, {size[1]} chunks"

    @dataclass
    class Activity(Message):
        """Background work moved on (posted from any thread): show ``text`` until it is done."""

        text: str

    def on_status_bar_activity(self, message: StatusBar.Activity) -> None:
        self.activity = message.text


class IngestActivity:
    """Ingest progress (called from the ingest thread) posted to the status bar as ``StatusBar.Activity``."""

    def __init__(self, bar: StatusBar) -> None:
        self.bar = bar
        self.files = self.done = self.chunks = 0

    def show(self, text: str) -> None:
        self.bar.post_message(StatusBar.Activity(text))

    def _update(self) -> None:
        self.show(f"ingesting {self.done}/{self.files} files · {self.chunks} chunks embedded")

    def start(self, files: int) -> None:
        self.files = files
        self._update()

    def file_done(self, name: str, status: str, chunks: int) -> None:
        self.done += 1
        self._update()

    def chunks_embedded(self, n: int) -> None:
        self.chunks += n
        self._update()

    def message(self, text: str) -> None:
        self.show(text)
