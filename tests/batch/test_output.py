"""Output lines, resume planning and the ordered, concurrent writer (with a stand-in engine)."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from assistant.batch import (
    BatchItem,
    answer_record,
    error_record,
    parse_output,
    parse_questions,
    plan_resume,
    run_batch,
)
from assistant.types import ANSWER_KEYS

RUN = {"backend": "fake", "model": "m", "embedder": "e", "index": "abc", "prompts": {}}


class FakeAnswer:
    def __init__(self, question: str) -> None:
        self.question = question
        self.cancelled = False

    def to_json(self) -> dict[str, Any]:
        return {"question": self.question, "answer": f"A: {self.question}", "refused": False, "citations": []}


class FakeEngine:
    """Answers after ``delays[question]`` seconds; raises for questions in ``failing``; records overlap."""

    def __init__(self, delays: dict[str, float] | None = None, failing: set[str] | None = None) -> None:
        self.delays = delays or {}
        self.failing = failing or set()
        self.asked: list[str] = []
        self.in_flight = 0
        self.peak = 0
        self._lock = threading.Lock()

    def answer(
        self, question: str, on_token: Any = None, cancel: threading.Event | None = None, filters: Any = None
    ) -> FakeAnswer:
        with self._lock:
            self.asked.append(question)
            self.in_flight += 1
            self.peak = max(self.peak, self.in_flight)
        try:
            time.sleep(self.delays.get(question, 0.0))
            if question in self.failing:
                raise RuntimeError(f"cannot answer {question!r}")
            return FakeAnswer(question)
        finally:
            with self._lock:
                self.in_flight -= 1


def lines(path: Path) -> list[dict[str, Any]]:
    data = path.read_text(encoding="utf-8")
    assert data.endswith("\n")
    return [json.loads(line) for line in data.splitlines()]


def items(n: int) -> list[BatchItem]:
    return parse_questions("".join(f"question {i}\n" for i in range(1, n + 1)), "qs.txt")


def test_answer_record_passes_fields_through_and_keeps_clashing_ones_under_input() -> None:
    item = BatchItem(id="a", question="Siapa?", line=1, extra={"lang": "id", "answer": "Kim", "run": 3})
    record = answer_record(item, {"question": "Siapa?", "answer": "Kim Jong Un [1].", "refused": False}, RUN)
    expected = {
        "id": "a",
        "lang": "id",
        "question": "Siapa?",
        "answer": "Kim Jong Un [1].",
        "refused": False,
        "input": {"answer": "Kim", "run": 3},
        "run": RUN,
    }
    assert {k: record[k] for k in expected} == expected
    assert set(record) - set(expected) <= ANSWER_KEYS  # the rest is the answer's own fields, at their defaults
    assert list(record)[:2] == ["id", "lang"] and list(record)[-2:] == ["input", "run"]
    failed = error_record(item, "boom", RUN)
    assert failed == {
        "id": "a",
        "question": "Siapa?",
        "error": "boom",
        "lang": "id",
        "input": {"answer": "Kim", "run": 3},
        "run": RUN,
    }


def test_parse_output_ignores_a_torn_last_line_and_reports_bad_ones() -> None:
    data = b'{"id": "a", "answer": "x"}\nnot json\n{"no_id": 1}\n{"id": "b", "answer": "y"}\n{"id": "c", "ans'
    parsed = parse_output(data)
    assert [r["id"] for r in parsed.records] == ["a", "b"]
    assert parsed.torn
    assert parsed.bad_lines == [2, 3]
    assert not parse_output(b'{"id": "a", "answer": "x"}\n').torn


def test_plan_resume_keeps_answers_retries_errors_and_cancelled() -> None:
    qs = items(4)  # q0001..q0004
    existing = [
        {"id": "q0003", "answer": "x", "run": RUN},
        {"id": "q0001", "question": "question 1", "error": "timeout", "run": RUN},
        {"id": "q0002", "answer": "partial", "cancelled": True, "run": RUN},
        {"id": "zz", "answer": "from another input", "run": RUN},
        {"id": "q0004", "answer": "old model", "run": {**RUN, "model": "other"}},
    ]
    plan = plan_resume(qs, existing, RUN)
    assert [r["id"] for r in plan.kept] == ["q0003", "q0004", "zz"]
    assert [i.id for i in plan.todo] == ["q0001", "q0002"]
    assert (plan.retried, plan.foreign, plan.other_runs) == (2, 1, 1)


def test_output_follows_input_order_whatever_finishes_first(tmp_path: Path) -> None:
    qs = items(8)
    # Later questions answer faster, so they finish first.
    engine = FakeEngine(delays={q.question: 0.05 * (8 - n) for n, q in enumerate(qs)})
    out = tmp_path / "out.jsonl"
    summary = run_batch(engine, qs, out, RUN, concurrency=4)
    assert [r["id"] for r in lines(out)] == [q.id for q in qs]
    assert engine.peak == 4
    assert engine.asked[:4] == [q.question for q in qs[:4]]
    assert (summary.answered, summary.failed, summary.interrupted) == (8, 0, False)
    assert all(r["run"] == RUN for r in lines(out))


def test_a_failing_question_is_recorded_and_the_batch_goes_on(tmp_path: Path) -> None:
    qs = items(3)
    out = tmp_path / "out.jsonl"
    summary = run_batch(FakeEngine(failing={"question 2"}), qs, out, RUN, concurrency=2)
    records = lines(out)
    assert [r["id"] for r in records] == ["q0001", "q0002", "q0003"]
    assert records[1] == {
        "id": "q0002",
        "question": "question 2",
        "error": "RuntimeError: cannot answer 'question 2'",
        "run": RUN,
    }
    assert "error" not in records[0] and "error" not in records[2]
    assert (summary.answered, summary.failed) == (2, 1)

    # Resuming retries only the failed question and puts it back in its place.
    engine = FakeEngine()
    summary = run_batch(engine, qs, out, RUN, concurrency=2, resume=True)
    assert engine.asked == ["question 2"]
    assert [(r["id"], "error" in r) for r in lines(out)] == [("q0001", False), ("q0002", False), ("q0003", False)]
    assert (summary.skipped, summary.answered) == (2, 1)


def test_resume_drops_a_torn_line_and_answers_the_rest_once(tmp_path: Path) -> None:
    qs = items(5)
    out = tmp_path / "out.jsonl"
    out.write_bytes(
        json.dumps({"id": "q0002", "question": "question 2", "answer": "kept", "run": RUN}).encode()
        + b"\n"
        + b'{"id": "q0004", "question": "question 4", "answ'
    )
    engine = FakeEngine()
    summary = run_batch(engine, qs, out, RUN, concurrency=3, resume=True)
    records = lines(out)
    assert [r["id"] for r in records] == [q.id for q in qs]
    assert records[1]["answer"] == "kept"
    assert sorted(engine.asked) == ["question 1", "question 3", "question 4", "question 5"]
    assert "ignored the torn last line of the interrupted run" in summary.notes


def test_without_resume_the_output_is_replaced(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text('{"id": "q0001", "answer": "stale"}\n', encoding="utf-8")
    run_batch(FakeEngine(), items(1), out, RUN)
    assert [r["answer"] for r in lines(out)] == ["A: question 1"]


def test_concurrency_must_be_positive(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        run_batch(FakeEngine(), items(1), tmp_path / "o.jsonl", RUN, concurrency=0)
