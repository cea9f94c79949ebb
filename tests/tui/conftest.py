"""TUI fixtures: the seeds index, a scripted Ollama-protocol server behind the real client, app factories.

Scripted answers cite by *needle* (see ``assistant.testing.scripts``); the ``serve`` fixture is in
tests/conftest.py.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from assistant.conversations import ConversationStore
from assistant.settings import Settings, load_settings
from assistant.testing.ollama_server import DEFAULT_MODEL
from assistant.testing.scripts import cited
from assistant.tui.app import ChatApp

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"
SIZE = (100, 32)

QUESTION = "Siapa yang menyambut kedatangan Putin di Bandara Internasional Pyongyang?"
NEEDLE = "Bandara Internasional Pyongyang"


SUPPORTED = cited(
    "Kedatangan Putin disambut langsung oleh Kim Jong Un di Bandara Internasional Pyongyang [{a}].", a=NEEDLE
)
WITH_UNVERIFIED = cited(
    "Kedatangan Putin disambut langsung oleh Kim Jong Un di Bandara Internasional Pyongyang [{a}]. "
    "Putin membawa sepuluh ekor gajah sebagai hadiah untuk Kim [{a}].",
    a=NEEDLE,
)


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


def make_app(settings: Settings, explicit_backend: bool = False) -> ChatApp:
    """The chat app as tests run it: no cursor blink, no animations (``explicit_backend``: as after
    `assistant chat --backend NAME`, kept even when it is not ready)."""
    app = ChatApp(
        settings, store=ConversationStore(settings.chat_db), cursor_blink=False, explicit_backend=explicit_backend
    )
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
