"""The status bar: backend, model, server reachability, index size, and background work."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

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

    def render(self) -> Content:
        style = _REACHABILITY_STYLE.get(self.reachability, "")
        parts: list[str | tuple[str, str]] = [
            (self.backend or "?", "bold"),
            " · ",
            (self.model or "-", ""),
            " · ",
            (f"● {self.reachability}", style),
            "  │  index: ",
            (self.index, ""),
        ]
        if self.activity:
            parts += ["  │  ", (self.activity, "italic")]
        return Content.assemble(*parts)

    def set_index(self, articles: int | None, chunks: int | None = None, missing: bool = False) -> None:
        """Show the index size (or that there is none)."""
        if missing:
            self.index = "none (Ctrl+P: Re-ingest)"
        elif articles is None:
            self.index = "loading…"
        else:
            self.index = f"{articles} articles, {chunks} chunks"
