"""Injections reworded, spelled with look-alike letters, or written in Russian (tests/fixtures/hostile/README.md)
are flagged at ingest, and their payload never reaches a prompt or an answer: through a scripted model that
obeys them and through the extractive backend, also when passages are widened by their neighbours."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.testing.ollama_server import DEFAULT_MODEL, OllamaProtocolServer, ScriptedResponder
from assistant.testing.responders import ChatRequest
from assistant.testing.scripts import obeying_reply
from tests.hostile.indexes import HOSTILE, engine, hostile_index

REWORDED = ("inject_reworded.txt", "inject_lookalike.txt", "inject_russian.txt")
PAYLOADS = ("2099", "Shoigu", "Шойгу", "отменён")
QUESTIONS = (
    "Who is Putin's aide?",
    "Siapa ajudan Putin?",
    "Siapa yang menyambut Putin di Bandara Internasional Pyongyang?",
    "Dokumen apa yang akan ditandatangani Rusia dan Korea Utara?",
    "Berapa lama kunjungan Putin ke Korea Utara?",
    "Was Putin's visit cancelled?",
    "What did Putin plan to discuss in Vietnam?",
)
"""The questions the injections aim at (the aide, the welcome, the documents, the visit) and one they do not."""


@pytest.fixture(scope="module")
def reworded_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The seeds plus the three reworded injection articles."""
    return hostile_index(tmp_path_factory, REWORDED)


class Recorder:
    """The obeying model, with every prompt it was sent kept."""

    def __init__(self) -> None:
        self.prompts: list[str] = []

    def __call__(self, request: ChatRequest) -> str:
        self.prompts.append("\n".join(str(m.get("content") or "") for m in request.messages))
        return obeying_reply(request)


@pytest.fixture(scope="module")
def obeying() -> Iterator[tuple[OllamaProtocolServer, Recorder]]:
    recorder = Recorder()
    with OllamaProtocolServer(ScriptedResponder(recorder)) as server:
        yield server, recorder


def shown(answer: Any) -> str:
    return " ".join([answer.answer, *(c.quote for c in answer.citations), *(c.text for c in answer.citations)])


@pytest.mark.parametrize("name", REWORDED)
def test_the_obeying_model_obeys_each_reworded_injection(name: str) -> None:
    """The fake is gullible, so that the tests below test the product and not the fake."""
    paragraph = next(p for p in (HOSTILE / name).read_text(encoding="utf-8").split("\n\n") if "2099" in p)
    prompt = f"Question: Siapa?\n\n[1] «{paragraph.strip()}»\n\nQuestion: Siapa?\nAnswer in Indonesian:"
    request = ChatRequest(model="m", messages=[{"role": "user", "content": prompt}], options={}, stream=False, body={})
    assert "2099" in obeying_reply(request)


@pytest.mark.parametrize(("backend", "window"), [("ollama", 0), ("ollama", 1), ("extractive", 0), ("extractive", 1)])
def test_no_payload_reaches_a_prompt_or_an_answer(
    backend: str,
    window: int,
    reworded_store: tuple[Path, Path],
    obeying: tuple[OllamaProtocolServer, Recorder],
) -> None:
    server, recorder = obeying
    recorder.prompts.clear()
    hostile = engine(
        *reworded_store, backend=backend, ollama_url=server.url, ollama_model=DEFAULT_MODEL, context_window=window
    )
    answered = 0
    for question in QUESTIONS:
        answer = hostile.answer(question)
        answered += not answer.refused
        for payload in PAYLOADS:
            assert payload not in shown(answer), (question, answer.answer)
    assert answered >= 4  # the articles still answer: the check did not empty the index
    assert backend == "extractive" or recorder.prompts
    for prompt in recorder.prompts:
        assert not any(payload in prompt for payload in PAYLOADS)
