"""The command palette's commands (Ctrl+P): what the chat app offers, as plain data.

The app turns these into Textual system commands (``ChatApp.get_system_commands``); this module imports no
app module, so the palette and the app cannot import each other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

BACKENDS: tuple[tuple[str, str], ...] = (
    ("ollama", "answers from a local Ollama server"),
    ("llamacpp", "answers from a local GGUF file (llamacpp_model_path)"),
    ("extractive", "no LLM: quotes the most relevant sentences"),
)


class ChatActions(Protocol):
    """What the palette needs from the app."""

    def action_pick_model(self) -> None: ...
    def switch_backend(self, name: str) -> None: ...
    def action_reingest(self) -> None: ...
    def action_toggle_watch(self) -> None: ...
    @property
    def watching(self) -> bool: ...
    def action_export(self) -> None: ...
    def action_toggle_sources(self) -> None: ...
    def action_open_conversations(self) -> None: ...
    def action_new_chat(self) -> object: ...
    def action_help(self) -> None: ...
    @property
    def offered(self) -> str: ...
    def accept_offer(self) -> None: ...


@dataclass(frozen=True)
class Command:
    title: str
    help: str
    run: Callable[[], object]


def chat_commands(app: ChatActions) -> list[Command]:
    """The chat app's own commands, in palette order."""
    commands = []
    if app.offered:
        commands.append(
            Command(f"Answer with {app.offered}", "it is ready now: stop answering extractively", app.accept_offer)
        )
    commands.append(Command("Switch model", "pick a model from the Ollama server's list", app.action_pick_model))
    for name, help_text in BACKENDS:
        commands.append(Command(f"Switch backend: {name}", help_text, lambda name=name: app.switch_backend(name)))  # type: ignore[misc]
    return commands + [
        Command("Re-ingest the seeds", "sync the seeds folder into the index (in the background)", app.action_reingest),
        Command(
            "Stop watching the article folders" if app.watching else "Watch the article folders",
            "sync every change into the index" if not app.watching else "changes are no longer synced",
            app.action_toggle_watch,
        ),
        Command("Export conversation to Markdown", "write it to a .md file in this folder", app.action_export),
        Command("Toggle sources panel", "show or hide the cited passages (F2)", app.action_toggle_sources),
        Command("Open saved conversations", "reopen or delete conversations (Ctrl+O)", app.action_open_conversations),
        Command("New chat", "start a new conversation (Ctrl+N)", app.action_new_chat),
        Command("Show keys", "the key bindings (F1)", app.action_help),
    ]
