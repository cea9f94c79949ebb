"""TUI fixtures: the seeds index, a scripted Ollama-protocol server behind the real client, app factories.

Scripted answers cite by *needle*: ``Cited("... [{a}].", a="Bandara Internasional Pyongyang")`` replies with
the number of the prompt passage that contains the needle, so the engine's citation check really
passes whatever order retrieval returns the passages in.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from assistant.conversations import ConversationStore
from assistant.settings import Settings, load_settings
from assistant.testing.ollama_server import (
    DEFAULT_MODEL,
    ChatRequest,
    OllamaProtocolServer,
    Reply,
    ResponderError,
    ScriptedResponder,
)
from assistant.tui.app import ChatApp

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"
SIZE = (100, 32)

QUESTION = "Siapa yang menyambut kedatangan Putin di Bandara Internasional Pyongyang?"
NEEDLE = "Bandara Internasional Pyongyang"


@dataclass
class Cited:
    """A scripted answer whose ``{name}`` markers become the number of the passage containing each needle."""

    template: str
    delay_per_chunk: float = 0.0
    needles: dict[str, str] = field(default_factory=dict)

    def reply(self, prompt: str) -> Reply:
        passages = dict(re.findall(r"^\[(\d+)\] (.*)$", prompt, flags=re.MULTILINE))
        numbers: dict[str, str] = {}
        for name, needle in self.needles.items():
            found = [n for n, text in passages.items() if needle.lower() in text.lower()]
            if not found:
                raise ResponderError(f"no prompt passage contains {needle!r}")
            numbers[name] = found[0]
        return Reply(text=self.template.format(**numbers), delay_per_chunk=self.delay_per_chunk)


def cited(template: str, delay_per_chunk: float = 0.0, **needles: str) -> Cited:
    return Cited(template, delay_per_chunk, needles)


SUPPORTED = cited(
    "Kedatangan Putin disambut langsung oleh Kim Jong Un di Bandara Internasional Pyongyang [{a}].", a=NEEDLE
)
WITH_UNVERIFIED = cited(
    "Kedatangan Putin disambut langsung oleh Kim Jong Un di Bandara Internasional Pyongyang [{a}]. "
    "Putin membawa sepuluh ekor gajah sebagai hadiah untuk Kim [{a}].",
    a=NEEDLE,
)


class Script:
    """The responder's script: answer requests take the next scripted answer; condense requests get ``condensed``."""

    def __init__(self, *answers: Cited | Reply | str, condensed: str | None = None) -> None:
        self.answers = list(answers)
        self.condensed = condensed
        self.condense_prompts: list[str] = []

    def __call__(self, request: ChatRequest) -> Reply | str:
        prompt = str(request.messages[-1].get("content") or "")
        if "Standalone question:" in prompt:
            self.condense_prompts.append(prompt)
            return self.condensed or prompt.rsplit("Follow-up question:", 1)[-1].split("\n")[0].strip()
        if not self.answers:
            raise ResponderError("the test script has no answer left")
        answer = self.answers.pop(0)
        return answer.reply(prompt) if isinstance(answer, Cited) else answer


@pytest.fixture
def serve() -> Iterator[Callable[..., tuple[OllamaProtocolServer, Script]]]:
    """Start scripted servers: ``srv, script = serve(SUPPORTED, ...)`` (stopped after the test)."""
    started: list[OllamaProtocolServer] = []

    def start(
        *answers: Cited | Reply | str, models: tuple[str, ...] = (DEFAULT_MODEL,), condensed: str | None = None
    ) -> tuple[OllamaProtocolServer, Script]:
        script = Script(*answers, condensed=condensed)
        srv = OllamaProtocolServer(ScriptedResponder(script), models=models).start()
        started.append(srv)
        return srv, script

    yield start
    for srv in started:
        srv.stop()


@pytest.fixture
def chat_db(tmp_path: Path) -> Path:
    return tmp_path / "chats.sqlite3"


@pytest.fixture
def make_settings(seeds_store: Path, chat_db: Path) -> Callable[..., Settings]:
    """Settings over the shared seeds index (see tests/conftest.py), chats in tmp, a server URL."""

    def make(url: str = "http://127.0.0.1:9", **overrides: Any) -> Settings:
        values: dict[str, Any] = {
            "store_dir": seeds_store,
            "seeds_dir": SEEDS,
            "chat_db": chat_db,
            "backend": "ollama",
            "ollama_url": url,
            "ollama_model": DEFAULT_MODEL,
            "request_timeout": 30.0,
        }
        values.update(overrides)
        return load_settings(**values)

    return make


def make_app(settings: Settings) -> ChatApp:
    """The chat app as tests run it: no cursor blink, no animations."""
    app = ChatApp(settings, store=ConversationStore(settings.chat_db), cursor_blink=False)
    app.animation_level = "none"
    return app


def screen_text(app: ChatApp) -> str:
    """What the terminal shows, as plain text."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), record=True, legacy_windows=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text()


def notifications(app: ChatApp) -> list[str]:
    return [n.message for n in app._notifications]


async def wait_ready(app: ChatApp, pilot: Any) -> None:
    """Let the startup workers (backend check, index load) finish."""
    await app.workers.wait_for_complete()
    await pilot.pause()


async def ask(app: ChatApp, pilot: Any, question: str = QUESTION) -> None:
    """Type a question, send it, and wait for the answer to be shown."""
    await wait_ready(app, pilot)
    app.input.focus()
    app.input.value = question
    await pilot.press("enter")
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
