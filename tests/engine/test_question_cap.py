"""A question longer than the cap is refused before any work, with one line that says to shorten it: on the
command line (ask, search), in a batch (an error line for that question, the others answered) and in the chat
app (a notification; the question stays in the input)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.answering.question import MAX_QUESTION_CHARS, QuestionTooLong, check_question
from assistant.batch import BatchItem, run_batch
from assistant.cli import main
from tests.batch.test_output import RUN, FakeEngine

LONG = "Siapa ajudan Putin yang ikut dalam kunjungan? " * (MAX_QUESTION_CHARS // 40)


def test_the_cap_lets_a_long_news_question_through() -> None:
    check_question("x" * MAX_QUESTION_CHARS)
    with pytest.raises(QuestionTooLong, match=r"shorten it to 1,000 characters or fewer"):
        check_question("x" * (MAX_QUESTION_CHARS + 1))


@pytest.mark.parametrize("command", [["ask", "--backend", "extractive"], ["search"], ["ask", "--json"]])
def test_the_command_line_refuses_it_in_one_line(
    command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ASSISTANT_STORE_DIR", str(tmp_path / "no-store"))  # refused before the index is opened
    assert main([command[0], LONG, *command[1:]]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and f"{len(LONG):,} characters long: shorten it" in err


def test_a_batch_gives_that_question_an_error_line_and_answers_the_others(tmp_path: Path) -> None:
    engine = FakeEngine()
    items = [BatchItem("a", "Siapa ajudan Putin?", 1), BatchItem("b", LONG, 2), BatchItem("c", "Kapan Putin tiba?", 3)]
    out = tmp_path / "out.jsonl"
    summary = run_batch(engine, items, out, RUN)
    assert (summary.answered, summary.failed) == (2, 1)
    assert engine.asked == ["Siapa ajudan Putin?", "Kapan Putin tiba?"]
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert "shorten it" in lines[1]["error"] and "error" not in lines[0] and "error" not in lines[2]
