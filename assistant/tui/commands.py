"""The command palette provider (Ctrl+P): models, backends, re-ingest, export, panels, conversations."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from assistant.tui.app import ChatApp

BACKENDS: tuple[tuple[str, str], ...] = (
    ("ollama", "answers from a local Ollama server"),
    ("llamacpp", "answers from a local GGUF file (llamacpp_model_path)"),
    ("extractive", "no LLM: quotes the most relevant sentences"),
)


class ChatCommands(Provider):
    """The chat app's own commands."""

    def commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        app = cast("ChatApp", self.app)
        items: list[tuple[str, str, Callable[[], object]]] = [
            ("Switch model", "pick a model from the Ollama server's list", app.action_pick_model),
        ]
        for name, help_text in BACKENDS:
            items.append((f"Switch backend: {name}", help_text, partial(app.switch_backend, name)))
        items += [
            ("Re-ingest the seeds", "sync the seeds folder into the index (in the background)", app.action_reingest),
            ("Export conversation to Markdown", "write it to a .md file in this folder", app.action_export),
            ("Toggle sources panel", "show or hide the cited passages (F2)", app.action_toggle_sources),
            ("Open saved conversations", "reopen or delete conversations (Ctrl+O)", app.action_open_conversations),
            ("New chat", "start a new conversation (Ctrl+N)", app.action_new_chat),
            ("Show keys", "the key bindings (F1)", app.action_help),
        ]
        return items

    async def discover(self) -> Hits:
        for title, help_text, callback in self.commands():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self.commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)
