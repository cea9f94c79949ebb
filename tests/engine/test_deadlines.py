"""Every reply of the model has an overall deadline and a token limit counted as it streams: a model that
stalls is cut off at the deadline and the answer is quoted (saying which server stopped answering); a
model that ignores num_predict is cut off at max_answer_tokens; a long reply costs time linear in its
length. The bounds below are generous (a loaded machine passes); what they tell apart is seconds versus
minutes or without end."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest

from assistant.llms.bounded import ModelStopped, complete
from assistant.llms.ollama import OllamaBackend
from assistant.render import answer_text
from assistant.testing.ollama_server import DEFAULT_MODEL, OllamaProtocolServer, Reply, ScriptedResponder

from .test_engine import AIRPORT, ID_QUESTION

SUPPORTED = f"Kedatangan Putin disambut langsung oleh Kim Jong Un di {AIRPORT} [1]."


@pytest.mark.parametrize(
    "reply",
    [
        Reply(text=SUPPORTED, delay_per_chunk=60.0),  # a token a minute: every read is quick, the reply is not
        Reply(text=SUPPORTED, delay_before=60.0),  # accepts, then says nothing
    ],
    ids=["a token a minute", "silent"],
)
def test_a_stalling_model_is_cut_off_at_the_deadline_and_the_answer_is_quoted(
    engine_for: Callable[..., tuple[Any, Any]], reply: Reply
) -> None:
    engine, _ = engine_for(reply, request_timeout=1.0)
    began = time.monotonic()
    answer = engine.answer(ID_QUESTION)
    assert time.monotonic() - began < 120, "the deadline is 1 s (the rest is retrieval and checks)"
    assert answer.quoted and not answer.refused and answer.citations and AIRPORT in answer.answer
    url = engine.backend.url
    assert answer.fallback.startswith(f"the model '{DEFAULT_MODEL}' at {url} stopped answering")
    assert "\n" not in answer.fallback and "quoted the articles instead" in answer.fallback
    shown = answer_text(answer)
    assert shown.count("stopped answering") == 2  # the heading says why it is quoted, the note where
    assert shown.splitlines()[0] == "Quoted answer (from the article, in its language: the model stopped answering):"


@pytest.mark.parametrize(
    "reply", [Reply(text="kata " * 20, delay_per_chunk=60.0), Reply(text="kata", delay_before=60.0)]
)
def test_any_reply_ends_at_its_deadline(reply: Reply) -> None:
    with OllamaProtocolServer(ScriptedResponder([reply])) as srv:
        backend = OllamaBackend(DEFAULT_MODEL, url=srv.url, request_timeout=1.0)
        began = time.monotonic()
        with pytest.raises(ModelStopped) as err:
            complete(backend, "Halo?")
        assert time.monotonic() - began < 15, "the deadline is 1 s"
        assert str(err.value).startswith(f"the model '{DEFAULT_MODEL}' at {srv.url} stopped answering")


def test_a_runaway_model_is_cut_off_at_the_token_limit(engine_for: Callable[..., tuple[Any, Any]]) -> None:
    runaway = Reply(text="kata " * 100_000)  # 100k tokens, whatever num_predict says
    engine, _ = engine_for(runaway, runaway, max_answer_tokens=100)
    tokens: list[str] = []
    began = time.monotonic()
    answer = engine.answer(ID_QUESTION, on_token=tokens.append)
    assert time.monotonic() - began < 60
    words = [t for t in tokens if t.strip()]
    assert 0 < len(words) <= 2 * 100  # the answer and its one retry, each cut at 100 tokens
    assert answer.quoted and AIRPORT in answer.answer  # neither draft answers: the evidence is quoted
    assert not answer.fallback  # the replies ended (cut), they did not stall


def test_a_long_reply_costs_time_linear_in_its_length() -> None:
    """100k tokens read whole (a limit above them) take seconds: no copying or parsing of the whole text at every
    token (bench/stream_scaling.py prints how the time grows with the length)."""
    n = 100_000
    with OllamaProtocolServer(ScriptedResponder([Reply(text="kata " * n)])) as srv:
        backend = OllamaBackend(DEFAULT_MODEL, url=srv.url, request_timeout=300.0, max_tokens=2 * n)
        began = time.monotonic()
        text = complete(backend, "Tulis panjang.")
        seconds = time.monotonic() - began
    assert text == "kata " * n
    assert seconds < 120, f"{n} tokens took {seconds:.0f}s"
