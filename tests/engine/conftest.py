"""The engine over the seeds index, answering through the scripted Ollama-protocol server."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from assistant.answering.build import build_engine
from assistant.answering.engine import AnswerEngine
from assistant.settings import Settings
from assistant.testing.ollama_server import DEFAULT_MODEL

LAST_PROMPTS: dict[str, list[str]] = {}
"""The answer prompts each scripted server received, by its URL."""


@pytest.fixture()
def engine_for(seeds_settings: Settings, serve: Callable[..., Any]) -> Callable[..., tuple[AnswerEngine, Any]]:
    """``engine, script = engine_for(*replies, **setting_overrides)``: an engine answering with ``replies``."""

    def make(
        *replies: Any, condensed: str | None = None, translated: str | None = None, **overrides: Any
    ) -> tuple[AnswerEngine, Any]:
        srv, script = serve(*replies, condensed=condensed, translated=translated)
        settings = seeds_settings.model_copy(update={"ollama_url": srv.url, "ollama_model": DEFAULT_MODEL, **overrides})
        engine = build_engine(settings)
        LAST_PROMPTS[srv.url] = script.prompts
        return engine, script

    return make
