"""`python -m assistant.testing.ollama_server --script honest|liar --questions FILE` serves a scripted model
over the Ollama protocol, reached with the real ollama client."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import ollama
import pytest

from assistant.prompts import load_prompts

QUESTIONS = Path(__file__).resolve().parents[1] / "fixtures" / "scripted" / "seeds_questions.jsonl"
KIM = "Kedatangan Putin yang disambut langsung oleh Kim Jong Un di Bandara Internasional Pyongyang."
OTHER = "Cuaca di Moskow cerah pada hari Selasa."


@pytest.fixture
def liar_url() -> Iterator[str]:
    command = [sys.executable, "-m", "assistant.testing.ollama_server", "--script", "liar"]
    command += ["--questions", str(QUESTIONS), "--port", "0", "--quiet"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as process:
        try:
            assert process.stdout is not None
            line = process.stdout.readline().strip()
            assert line.startswith("listening on http://127.0.0.1:"), line
            yield line.removeprefix("listening on ")
        finally:
            process.terminate()


def test_the_cli_serves_the_liar_by_name(liar_url: str) -> None:
    client = ollama.Client(host=liar_url)
    assert [m.model for m in client.list().models] == ["scripted-liar"]
    prompt = load_prompts().answer(
        question="Who welcomed Putin at Pyongyang International Airport?", passages=[OTHER, KIM], language="en"
    )
    reply = client.chat(model="scripted-liar", messages=[{"role": "user", "content": prompt}])
    assert reply.message.content == "Choe Son Hui welcomed Putin in person at Pyongyang International Airport [2]."
    schema = {"type": "object", "properties": {"supported": {"type": "boolean"}}, "required": ["supported"]}
    judged = client.chat(model="scripted-liar", messages=[{"role": "user", "content": "Is it?"}], format=schema)
    assert judged.message.content == '{"supported": true}'


def test_the_cli_asks_for_the_question_files() -> None:
    command = [sys.executable, "-m", "assistant.testing.ollama_server", "--script", "honest", "--port", "0"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2
    assert "--script needs --questions FILE" in done.stderr


def test_the_cli_names_a_missing_question_file(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "assistant.testing.ollama_server", "--script", "honest", "--port", "0"]
    command += ["--questions", str(tmp_path / "nope.jsonl")]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 1
    assert done.stderr.strip() == f"error: {tmp_path / 'nope.jsonl'}: file not found: pass an existing JSONL file"
