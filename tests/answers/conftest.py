"""Answer tests from files: every question of ``tests/answers/*.jsonl`` becomes one citation-checked test per backend.

Test ids are ``<file stem>-<question id>-<backend>``, e.g. ``test_answer[dev-d01-extractive]``. Lines that
share a ``conversation`` value are one test: their turns are asked in file order through the chat engine
(``test_answer[followups-fu01-extractive]``), each turn checked on its own.

* ``extractive``: no LLM, runs by default.
* ``llm`` (marked ``llm``): the real small GGUF model (Qwen2.5-Coder-0.5B-Instruct) served by the
  loopback Ollama-protocol server and reached through the product's real Ollama client. It runs when
  selected with ``-m llm`` (or ASSISTANT_LLM_TESTS=1), and skips with the reason when llama-cpp-python
  or the model packages are missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from assistant.jsonl import parse_jsonl_objects
from assistant.settings import load_settings

HERE = Path(__file__).resolve().parent
BACKENDS = ("extractive", "llm")


@dataclass(frozen=True)
class AnswerCase:
    """One question of a question file, or the turns of one conversation (asked in order)."""

    file: Path
    turns: tuple[dict[str, Any], ...]

    @property
    def question(self) -> dict[str, Any]:
        return self.turns[0]

    @property
    def id(self) -> str:
        conversation = self.question.get("conversation")
        return f"{self.file.stem}-{conversation if conversation else self.question['id']}"


def load_cases(folder: Path = HERE) -> list[AnswerCase]:
    """Every question (or conversation) of every ``*.jsonl`` file in ``folder`` (each needs an id and a question)."""
    cases: list[AnswerCase] = []
    for path in sorted(folder.glob("*.jsonl")):
        conversations: dict[str, list[dict[str, Any]]] = {}
        for number, row in parse_jsonl_objects(path.read_text(encoding="utf-8"), str(path)):
            if "id" not in row or "question" not in row:
                raise ValueError(f'{path}:{number}: an answer test needs an "id" and a "question"')
            key = row.get("conversation")
            if key in (None, ""):
                cases.append(AnswerCase(path, (row,)))
            elif key in conversations:
                conversations[key].append(row)
            else:
                conversations[key] = [row]
        cases += [AnswerCase(path, tuple(turns)) for turns in conversations.values()]
    return cases


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "answer_case" in metafunc.fixturenames:
        cases = load_cases()
        metafunc.parametrize("answer_case", cases, ids=[c.id for c in cases])
    if "answer_backend" in metafunc.fixturenames:
        metafunc.parametrize(
            "answer_backend",
            [pytest.param("extractive", id="extractive"), pytest.param("llm", id="llm", marks=pytest.mark.llm)],
        )


@pytest.fixture(scope="session")
def extractive_engine(seeds_store: Path) -> Any:
    from assistant.answering.build import build_engine
    from assistant.llms import make_backend

    settings = load_settings(store_dir=seeds_store, backend="extractive")
    return build_engine(settings, backend=make_backend(settings))


@pytest.fixture(scope="session")
def llm_engine(llm_server: Any, seeds_store: Path) -> Any:
    from assistant.answering.build import build_engine
    from assistant.llms import ready_backend
    from assistant.testing.ollama_server import DEFAULT_MODEL

    settings = load_settings(
        store_dir=seeds_store,
        backend="ollama",
        ollama_url=llm_server.url,
        ollama_model=DEFAULT_MODEL,
        request_timeout=600.0,
    )
    return build_engine(settings, backend=ready_backend(settings, True, print))


@pytest.fixture()
def answer_engine(answer_backend: str, request: pytest.FixtureRequest) -> Any:
    """The session's engine for the test's backend."""
    return request.getfixturevalue(f"{answer_backend}_engine")
