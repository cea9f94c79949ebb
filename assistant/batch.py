"""`assistant batch`: answer a file of questions (JSONL, plain text or CSV) into JSONL, resumably.

Input formats, chosen by suffix:

* JSONL (``.jsonl``, ``.ndjson``, ``.json``): one object per line with a ``question``; an ``id`` (string or
  integer) is optional; every other field is passed through to the output line.
* CSV (``.csv``; ``.tsv`` is tab-separated): a header row with a ``question`` column (any case); an ``id``
  column is optional; other columns are passed through (as strings).
* Plain text (``.txt``, ``.text``, ``.md``, ``.lst``): one question per line; blank lines and lines starting
  with ``#`` are skipped.

Other suffixes are sniffed: a first line starting with ``{`` is JSONL, a header naming a ``question``
column is CSV (or TSV), anything else is plain text.

Questions without an id get ``q`` + their 1-based line number (``q0007``), so ids stay the same when the
file is answered again. Ids must be unique. Input problems stop the command before OUTPUT is touched, with
one line ``FILE:LINE: what is wrong: what to do``.

Output: one JSON line per question, in input order, whatever the concurrency:

    {"id": ..., <passed-through fields>, <the `assistant ask --json` object>, "run": {...}}

or, when answering failed, ``{"id", "question", "error", <passed-through fields>, "run"}``. Passed-through
fields whose names clash with the answer object's keys are kept under ``"input"``. ``run`` records what
produced the line: backend, model, embedder, index fingerprint, sha256 of each prompt file and the
settings that shape answers. Each line is written with a single ``write`` call, so a kill (even SIGKILL)
leaves complete lines only; ``--resume`` keeps the answered lines, drops failed ones (they are retried) and
a torn last line, and answers the rest.

Concurrency: N worker threads share one engine; each question is one ``engine.answer`` call, so with the
Ollama backend N requests are in flight at once (the embedder serializes its own calls).
"""

from __future__ import annotations

import csv
import io
import json
import os
import queue
import sys
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TextIO

from assistant.store import atomic_write

EXIT_OK = 0
EXIT_FAILED_QUESTIONS = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson", ".json"})
CSV_SUFFIXES = frozenset({".csv", ".tsv"})
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".lst"})

ANSWER_KEYS = frozenset(
    {
        "question",
        "answer",
        "language",
        "refused",
        "backend",
        "model",
        "extractive",
        "cancelled",
        "citations",
        "sentences",
        "dropped_markers",
        "timings",
        "retrieved",
        "standalone_question",
    }
)
"""Keys of ``Answer.to_json()``; input fields with these names go under ``"input"``."""
RESERVED_KEYS = ANSWER_KEYS | {"id", "run", "error", "input"}


class InputError(Exception):
    """A question file cannot be used; the message is one line naming FILE:LINE and what to fix."""


@dataclass(frozen=True)
class BatchItem:
    """One question to answer, where it came from and the fields to pass through."""

    id: str | int
    question: str
    line: int
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """The id as a string, for matching lines of different runs."""
        return str(self.id)


# --- reading questions (pure) -------------------------------------------------------------------


def generated_id(line: int) -> str:
    """The id of a question that has none: ``q`` and its line number."""
    return f"q{line:04d}"


def detect_format(name: str, text: str) -> str:
    """"jsonl", "csv", "tsv" or "text", from the file name's suffix or else from the content."""
    suffix = Path(name).suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix == ".tsv":
        return "tsv"
    if suffix in CSV_SUFFIXES:
        return "csv"
    if suffix in TEXT_SUFFIXES:
        return "text"
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if first.startswith("{"):
        return "jsonl"
    header = [cell.strip().casefold() for cell in next(csv.reader([first]), [])] if first else []
    if "question" in header and len(header) > 1:
        return "csv"
    if "question" in [c.strip().casefold() for c in first.split("\t")] and "\t" in first:
        return "tsv"
    return "text"


def _check_id(value: Any, where: str) -> str | int:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise InputError(f'{where}: "id" must be a string or an integer, not {json.dumps(value)}: fix or remove it')
    if isinstance(value, str) and not value.strip():
        raise InputError(f'{where}: "id" is empty: give it a value or remove it')
    return value.strip() if isinstance(value, str) else value


def _check_question(value: Any, where: str, hint: str) -> str:
    if not isinstance(value, str) or not value.strip():
        shown = "empty" if value in ("", None) else f"not text ({json.dumps(value)})"
        raise InputError(f'{where}: the question is {shown}: {hint}')
    return " ".join(value.split())


def parse_jsonl(text: str, name: str) -> list[BatchItem]:
    """Questions from JSONL text (one object per line)."""
    items: list[BatchItem] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{name}:{number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(
                f'{where}: not valid JSON ({exc.msg} at column {exc.colno}): '
                'each line must be one object like {"id": "q1", "question": "..."}'
            ) from None
        if not isinstance(row, dict):
            raise InputError(f'{where}: expected a JSON object, got {type(row).__name__}: write {{"question": "..."}}')
        if "question" not in row:
            fields = ", ".join(sorted(row)) or "none"
            raise InputError(f'{where}: no "question" field (fields: {fields}): add "question": "..." to the line')
        question = _check_question(row["question"], where, 'set "question" to the question text')
        qid = _check_id(row["id"], where) if "id" in row else generated_id(number)
        extra = {k: v for k, v in row.items() if k not in ("id", "question")}
        items.append(BatchItem(id=qid, question=question, line=number, extra=extra))
    return items


def parse_text(text: str, name: str) -> list[BatchItem]:
    """Questions from plain text: one per non-blank line; ``#`` lines are comments."""
    items = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            items.append(BatchItem(id=generated_id(number), question=" ".join(stripped.split()), line=number))
    return items


def parse_csv(text: str, name: str, delimiter: str = ",") -> list[BatchItem]:
    """Questions from CSV (or TSV) text with a header row that has a ``question`` column."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, None)
        while header is not None and not any(cell.strip() for cell in header):
            header = next(reader, None)
        if header is None:
            return []
        header_line = reader.line_num
        columns = [cell.strip() for cell in header]
        folded = [c.casefold() for c in columns]
        if "question" not in folded:
            shown = ", ".join(columns) or "none"
            raise InputError(
                f"{name}:{header_line}: no \"question\" column in the header row (columns: {shown}): "
                "add a header row naming the question column \"question\""
            )
        q_col = folded.index("question")
        id_col = folded.index("id") if "id" in folded else None
        items: list[BatchItem] = []
        previous_end = header_line
        for row in reader:
            start = previous_end + 1
            previous_end = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            where = f"{name}:{start}"
            if len(row) != len(columns):
                raise InputError(
                    f"{where}: {len(row)} fields but the header has {len(columns)}: "
                    "quote fields that contain the delimiter, or fix the row"
                )
            question = _check_question(row[q_col], where, "fill in the question column or remove the row")
            qid: str | int = generated_id(start)
            if id_col is not None and row[id_col].strip():
                qid = row[id_col].strip()
            extra = {
                col: row[i] for i, col in enumerate(columns) if i not in (q_col, id_col) and col
            }
            items.append(BatchItem(id=qid, question=question, line=start, extra=extra))
        return items
    except csv.Error as exc:
        raise InputError(f"{name}:{reader.line_num}: unreadable CSV ({exc}): fix the quoting on that line") from None


def check_unique(items: Sequence[BatchItem], name: str) -> None:
    """InputError on the first repeated id (``--resume`` matches answers to questions by id)."""
    first: dict[str, int] = {}
    for item in items:
        if item.key in first:
            raise InputError(
                f'{name}:{item.line}: duplicate id "{item.key}" (first on line {first[item.key]}): ids must be unique'
            )
        first[item.key] = item.line


def parse_questions(text: str, name: str) -> list[BatchItem]:
    """The questions of a file's text, in file order; InputError says what to fix."""
    fmt = detect_format(name, text)
    if fmt == "jsonl":
        items = parse_jsonl(text, name)
    elif fmt in ("csv", "tsv"):
        items = parse_csv(text, name, delimiter="\t" if fmt == "tsv" else ",")
    else:
        items = parse_text(text, name)
    if not items:
        raise InputError(f"{name}:1: no questions found ({fmt} input): add at least one question")
    check_unique(items, name)
    return items


def read_questions(path: Path) -> list[BatchItem]:
    """Read and parse a question file."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: file not found: pass an existing question file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"{path}:{line}: not UTF-8 text: save the file as UTF-8") from None
    return parse_questions(text, str(path))


# --- output lines (pure) ------------------------------------------------------------------------


def split_extra(extra: dict[str, Any], answer_keys: Iterable[str] = ()) -> tuple[dict[str, Any], dict[str, Any]]:
    """(fields passed through at top level, fields that clash with output keys and go under "input")."""
    reserved = RESERVED_KEYS | set(answer_keys)
    top = {k: v for k, v in extra.items() if k not in reserved}
    clashing = {k: v for k, v in extra.items() if k in reserved}
    return top, clashing


def answer_record(item: BatchItem, answer: dict[str, Any], run: dict[str, Any]) -> dict[str, Any]:
    """The output line of an answered question."""
    top, clashing = split_extra(item.extra, answer)
    record: dict[str, Any] = {"id": item.id, **top, **answer}
    if clashing:
        record["input"] = clashing
    record["run"] = run
    return record


def error_record(item: BatchItem, error: str, run: dict[str, Any]) -> dict[str, Any]:
    """The output line of a question that could not be answered."""
    top, clashing = split_extra(item.extra)
    record: dict[str, Any] = {"id": item.id, "question": item.question, "error": error, **top}
    if clashing:
        record["input"] = clashing
    record["run"] = run
    return record


def is_answered(record: dict[str, Any]) -> bool:
    """True for a line holding a finished answer (not an error, not a cancelled generation)."""
    return "error" not in record and "answer" in record and not record.get("cancelled", False)


def encode_line(record: dict[str, Any]) -> bytes:
    """One JSONL line, UTF-8, newline-terminated (JSON escapes keep it a single line)."""
    return (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")


@dataclass
class ExistingOutput:
    """What an earlier (possibly killed) run left in OUTPUT."""

    records: list[dict[str, Any]] = field(default_factory=list)
    torn: bool = False
    """The last line was cut off (the run was killed mid-write): it is ignored."""
    bad_lines: list[int] = field(default_factory=list)
    """Complete lines that are not JSON objects with an id (ignored)."""


def parse_output(data: bytes) -> ExistingOutput:
    """Parse an OUTPUT file: complete JSON lines, a torn last line, unusable lines."""
    out = ExistingOutput()
    lines = data.split(b"\n")
    last_complete = data.endswith(b"\n")
    for index, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        is_last = index == len(lines)
        try:
            record = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            if is_last and not last_complete:
                out.torn = True
            else:
                out.bad_lines.append(index)
            continue
        if not isinstance(record, dict) or "id" not in record:
            out.bad_lines.append(index)
            continue
        out.records.append(record)  # a complete object without its newline (edited by hand) is kept
    return out


@dataclass
class ResumePlan:
    """Which existing lines to keep and which questions still need answering."""

    kept: list[dict[str, Any]]
    todo: list[BatchItem]
    retried: int = 0
    """Questions whose earlier attempt failed (their error lines are dropped)."""
    foreign: int = 0
    """Kept answers whose ids are not in the input (kept at the end)."""
    other_runs: int = 0
    """Kept answers produced by a different run configuration."""


def plan_resume(items: Sequence[BatchItem], existing: Sequence[dict[str, Any]], run: dict[str, Any]) -> ResumePlan:
    """Keep one answered line per id (the last one), in input order; everything else is to do."""
    answered: dict[str, dict[str, Any]] = {}
    failed: set[str] = set()
    for record in existing:
        key = str(record["id"])
        if is_answered(record):
            answered[key] = record
        else:
            failed.add(key)
    keys = {item.key for item in items}
    kept = [answered[item.key] for item in items if item.key in answered]
    foreign = [r for k, r in answered.items() if k not in keys]
    todo = [item for item in items if item.key not in answered]
    return ResumePlan(
        kept=kept + foreign,
        todo=todo,
        retried=len({k for k in failed if k in keys and k not in answered}),
        foreign=len(foreign),
        other_runs=sum(1 for r in kept if r.get("run") != run),
    )


# --- writing ------------------------------------------------------------------------------------


class LineWriter:
    """Appends JSON lines to a file, each with one ``os.write`` call, so a kill never tears a line."""

    def __init__(self, path: Path, truncate: bool) -> None:
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | (os.O_TRUNC if truncate else 0)
        self.path = path
        self.fd = os.open(path, flags, 0o644)

    def write(self, record: dict[str, Any]) -> None:
        data = encode_line(record)
        view = memoryview(data)
        while view:
            written = os.write(self.fd, view)
            view = view[written:]

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    def __enter__(self) -> LineWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def write_atomically(path: Path, records: Iterable[dict[str, Any]]) -> None:
    """Replace ``path`` with ``records`` as JSONL: readers (and kills) see the old or the new file."""
    atomic_write(path, b"".join(encode_line(record) for record in records))


# --- progress -----------------------------------------------------------------------------------


class Progress(Protocol):
    def start(self, total: int, done: int) -> None: ...
    def item_done(self, item: BatchItem, record: dict[str, Any], seconds: float) -> None: ...
    def close(self) -> None: ...


def outcome(record: dict[str, Any]) -> str:
    """A few words on one output line: "answered", "refused" or the error."""
    if "error" in record:
        return f"failed: {record['error']}"
    return "refused" if record.get("refused") else "answered"


class LineProgress:
    """One plain line per finished question (for logs, pipes and CI)."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.total = 0
        self.done = 0

    def start(self, total: int, done: int) -> None:
        self.total, self.done = total, done
        print(f"batch: {total} question(s), {done} already answered", file=self.stream, flush=True)

    def item_done(self, item: BatchItem, record: dict[str, Any], seconds: float) -> None:
        self.done += 1
        width = len(str(self.total))
        print(
            f"[{self.done:>{width}}/{self.total}] {item.key} {outcome(record)} ({seconds:.1f}s)",
            file=self.stream,
            flush=True,
        )

    def close(self) -> None:
        pass


class BarProgress:
    """A rich progress bar on the terminal; failures are printed above it."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.progress = Progress(
            TextColumn("[bold]answering"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[failed]} failed"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=False,
        )
        self.task: Any = None
        self.failed = 0

    def start(self, total: int, done: int) -> None:
        self.progress.start()
        self.task = self.progress.add_task("answering", total=total, completed=done, failed=0)

    def item_done(self, item: BatchItem, record: dict[str, Any], seconds: float) -> None:
        if "error" in record:
            self.failed += 1
            self.progress.console.print(f"{item.key}: {outcome(record)}", markup=False)
        self.progress.update(self.task, advance=1, failed=self.failed)

    def close(self) -> None:
        self.progress.stop()


class QuietProgress:
    def start(self, total: int, done: int) -> None:
        pass

    def item_done(self, item: BatchItem, record: dict[str, Any], seconds: float) -> None:
        pass

    def close(self) -> None:
        pass


def default_progress(stream: TextIO | None = None) -> Progress:
    """A progress bar on a terminal, plain lines otherwise."""
    stream = stream or sys.stderr
    return BarProgress() if stream.isatty() else LineProgress(stream)


# --- running ------------------------------------------------------------------------------------


class Answerer(Protocol):
    """What the batch needs from an engine."""

    def answer(self, question: str, on_token: Any = None, cancel: threading.Event | None = None) -> Any: ...


@dataclass
class BatchSummary:
    """How a batch run went."""

    total: int
    skipped: int = 0
    """Already answered in OUTPUT (with --resume)."""
    answered: int = 0
    refused: int = 0
    failed: int = 0
    interrupted: bool = False
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    @property
    def completed(self) -> int:
        return self.answered + self.refused + self.failed

    def line(self, output: Path) -> str:
        rate = self.completed / self.seconds if self.seconds > 0 else 0.0
        parts = [f"{self.answered} answered", f"{self.refused} refused", f"{self.failed} failed"]
        if self.skipped:
            parts.append(f"{self.skipped} already answered")
        head = "interrupted" if self.interrupted else "done"
        timing = f"{self.seconds:.1f}s, {rate:.2f} questions/s"
        return f"batch {head}: {', '.join(parts)} of {self.total} -> {output} ({timing})"


def error_message(exc: BaseException) -> str:
    """One line for a failed question: known errors carry their own actionable message."""
    from assistant.llms.base import BackendError

    text = " ".join(str(exc).split())
    if isinstance(exc, BackendError) and text:
        return text
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def answer_item(
    engine: Answerer, item: BatchItem, run: dict[str, Any], cancel: threading.Event
) -> dict[str, Any] | None:
    """The output line for one question; None when the generation was cancelled (nothing to record)."""
    try:
        answer = engine.answer(item.question, cancel=cancel)
    except Exception as exc:  # noqa: BLE001 - a failing question is recorded and the batch goes on
        if cancel.is_set():
            return None
        return error_record(item, error_message(exc), run)
    if getattr(answer, "cancelled", False):
        return None
    return answer_record(item, answer.to_json(), run)


def _worker(
    engine: Answerer,
    run: dict[str, Any],
    jobs: queue.Queue[tuple[int, BatchItem] | None],
    results: queue.Queue[tuple[int, BatchItem, dict[str, Any] | None, float]],
    cancel: threading.Event,
) -> None:
    while not cancel.is_set():
        job = jobs.get()
        if job is None:
            return
        index, item = job
        began = time.perf_counter()
        try:
            record = answer_item(engine, item, run, cancel)
        except BaseException as exc:  # noqa: BLE001 - never leave the writer waiting for this index
            record = error_record(item, error_message(exc), run)
        results.put((index, item, record, time.perf_counter() - began))


def run_batch(
    engine: Answerer,
    items: Sequence[BatchItem],
    output: Path,
    run: dict[str, Any],
    *,
    concurrency: int = 1,
    resume: bool = False,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    err: TextIO | None = None,
) -> BatchSummary:
    """Answer ``items`` into ``output`` (see the module docstring); KeyboardInterrupt returns an interrupted summary."""
    err = err or sys.stderr
    if concurrency < 1:
        raise ValueError("concurrency must be at least 1")
    progress = progress or QuietProgress()
    cancel = cancel or threading.Event()
    started = time.perf_counter()
    output.parent.mkdir(parents=True, exist_ok=True)

    todo: list[BatchItem] = list(items)
    summary = BatchSummary(total=len(items))
    if resume and output.exists():
        existing = parse_output(output.read_bytes())
        plan = plan_resume(items, existing.records, run)
        todo = plan.todo
        summary.skipped = len(items) - len(todo)
        if existing.torn:
            summary.notes.append("ignored the torn last line of the interrupted run")
        if existing.bad_lines:
            shown = ", ".join(str(n) for n in existing.bad_lines[:5])
            summary.notes.append(f"dropped {len(existing.bad_lines)} unreadable line(s) of {output} (line {shown})")
        if plan.retried:
            summary.notes.append(f"retrying {plan.retried} question(s) that failed before")
        if plan.foreign:
            summary.notes.append(f"kept {plan.foreign} answer(s) whose ids are not in the input (at the end)")
        if plan.other_runs:
            summary.notes.append(
                f"{plan.other_runs} kept answer(s) were produced by a different run (backend, model, index or "
                "prompts differ); see their \"run\" field"
            )
        write_atomically(output, plan.kept)
    for note in summary.notes:
        print(f"note: {note}", file=err, flush=True)

    order = {item.key: i for i, item in enumerate(items)}
    jobs: queue.Queue[tuple[int, BatchItem] | None] = queue.Queue()
    results: queue.Queue[tuple[int, BatchItem, dict[str, Any] | None, float]] = queue.Queue()
    for index, item in enumerate(todo):
        jobs.put((index, item))
    workers = min(concurrency, len(todo))
    for _ in range(workers):
        jobs.put(None)
    threads = [
        threading.Thread(target=_worker, args=(engine, run, jobs, results, cancel), name=f"batch-{n}", daemon=True)
        for n in range(workers)
    ]
    progress.start(len(items), summary.skipped)
    pending: dict[int, dict[str, Any] | None] = {}
    next_index = 0
    writer = LineWriter(output, truncate=not resume)
    try:
        for thread in threads:
            thread.start()
        while next_index < len(todo) and not cancel.is_set():
            try:
                index, item, record, seconds = results.get(timeout=0.2)
            except queue.Empty:
                continue
            pending[index] = record
            if record is not None:
                progress.item_done(item, record, seconds)
                _count(summary, record)
            while next_index in pending:
                ready = pending.pop(next_index)
                if ready is not None:
                    writer.write(ready)
                next_index += 1
    except KeyboardInterrupt:
        cancel.set()
    finally:
        if cancel.is_set():
            summary.interrupted = True
            # Keep the work already done: finished answers waiting for an earlier one are written out of
            # order (``--resume`` restores the order).
            for index in sorted(pending):
                if pending[index] is not None:
                    writer.write(pending[index])  # type: ignore[arg-type]
        writer.close()
        progress.close()
        summary.seconds = time.perf_counter() - started
    if not summary.interrupted and resume and summary.skipped and todo:
        _restore_input_order(output, order)
    return summary


def _count(summary: BatchSummary, record: dict[str, Any]) -> None:
    if "error" in record:
        summary.failed += 1
    elif record.get("refused"):
        summary.refused += 1
    else:
        summary.answered += 1


def _restore_input_order(output: Path, order: dict[str, int]) -> None:
    """After a resume, rewrite OUTPUT so its lines follow the input order (ids not in the input last)."""
    records = parse_output(output.read_bytes()).records
    ranked = sorted(range(len(records)), key=lambda i: (order.get(str(records[i]["id"]), len(order)), i))
    if ranked != list(range(len(records))):
        write_atomically(output, [records[i] for i in ranked])


# --- what produced the answers ------------------------------------------------------------------


def run_info(settings: Any, engine: Any) -> dict[str, Any]:
    """The ``run`` object of every output line: what produced the answers."""
    backend = engine.backend
    searcher = engine.searcher
    manifest = searcher.manifest
    return {
        "backend": backend.name,
        "model": str(backend.model),
        "embedder": manifest.embedder,
        "index": manifest.fingerprint(),
        "prompts": engine.prompts.hashes(),
        "index_chunking": dict(manifest.chunking),
        "settings": answer_settings(settings),
    }


LOCAL_SETTINGS = frozenset(
    {"seeds_dir", "store_dir", "chroma_url", "ollama_url", "llamacpp_model_path", "prompts_dir", "chat_db"}
    | {"backend", "ollama_model"}
)
"""Settings left out of ``run.settings``: where things are on this machine, and the configured backend and
model (``run`` records the ones actually used, e.g. extractive after a fallback)."""


def answer_settings(settings: Any) -> dict[str, Any]:
    """The settings that shape answers (all but LOCAL_SETTINGS), JSON-ready."""
    if hasattr(settings, "model_dump"):
        return dict(settings.model_dump(mode="json", exclude=set(LOCAL_SETTINGS)))
    return {}


def build_batch_engine(settings: Any, explicit_backend: bool = False, err: TextIO | None = None) -> Any:
    """The engine a batch uses: the configured backend, or extractive (said so) when it is not ready."""
    from assistant.answer_cli import choose_backend
    from assistant.engine import build_engine

    backend = choose_backend(settings, explicit_backend, err=err or sys.stderr)
    engine = build_engine(settings, backend=backend)
    # Load what is created lazily once, before the workers race to: the embedding model and the LLM client.
    engine.searcher.embedder.get_query_embedding("warm up")
    if backend.generative:
        backend.llm()
    return engine


def run_batch_cli(
    settings: Any,
    input: Path,
    output: Path,
    concurrency: int = 1,
    resume: bool = False,
    explicit_backend: bool = False,
    err: TextIO | None = None,
    progress_factory: Callable[[], Progress] | None = None,
) -> int:
    """`assistant batch`: 0 when every question was answered or refused, 1 when some failed, 2 on bad input."""
    err = err or sys.stderr
    if concurrency < 1:
        print(f"error: --concurrency must be at least 1 (got {concurrency})", file=err)
        return EXIT_USAGE
    try:
        if output.resolve() == input.resolve():
            raise InputError(f"{output}: OUTPUT is the input file: write the answers to another file")
        items = read_questions(input)
    except InputError as exc:
        print(f"error: {exc}", file=err)
        return EXIT_USAGE
    if output.is_dir():
        print(f"error: {output} is a folder: pass a file path to -o", file=err)
        return EXIT_USAGE
    engine = build_batch_engine(settings, explicit_backend, err=err)
    run = run_info(settings, engine)
    progress = progress_factory() if progress_factory else default_progress(err)
    summary = run_batch(engine, items, output, run, concurrency=concurrency, resume=resume, progress=progress, err=err)
    print(summary.line(output), file=err, flush=True)
    if summary.interrupted:
        print(f"resume with: assistant batch {input} -o {output} --resume", file=err)
        return EXIT_INTERRUPTED
    if summary.failed:
        print(
            f"{summary.failed} question(s) failed (their lines carry an \"error\"): "
            f"fix the cause, then rerun with --resume to retry only those",
            file=err,
        )
        return EXIT_FAILED_QUESTIONS
    return EXIT_OK
