"""Running a batch: questions (and conversations) answered by a thread pool, lines written in input order.

The unit of work is a *group*: a standalone question, or all turns of one conversation (lines sharing a
``conversation`` value), asked in file order through the chat engine so that each turn has the earlier
ones as history. Groups run concurrently (``concurrent.futures``, N workers sharing one engine); each
output line is written with a single ``write`` call as soon as every earlier line is written, so a kill
leaves complete lines only and ``--resume`` can finish the file.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TextIO

from assistant.batch.inputs import BatchItem
from assistant.batch.records import (
    LineWriter,
    answer_record,
    error_record,
    output_place,
    parse_output,
    plan_resume,
    write_atomically,
)
from assistant.disk import DiskError, disk_faults
from assistant.progress import BatchProgress, QuietBatch


class Answerer(Protocol):
    """What the batch needs from an engine."""

    def answer(
        self, question: str, on_token: Any = None, cancel: threading.Event | None = None, filters: Any = None
    ) -> Any: ...


Chat = Callable[[Any, list[Any]], Any]
"""(engine, earlier turns) -> an object with ``ask(question, cancel=...)`` (the chat engine)."""


def default_chat(engine: Any, history: list[Any]) -> Any:
    from assistant.answering.chat import AnswerChatEngine

    return AnswerChatEngine(engine, history=history)


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

    def count(self, record: dict[str, Any]) -> None:
        if "error" in record:
            self.failed += 1
        elif record.get("refused"):
            self.refused += 1
        else:
            self.answered += 1

    def line(self, output: Path) -> str:
        rate = self.completed / self.seconds if self.seconds > 0 else 0.0
        parts = [f"{self.answered} answered", f"{self.refused} refused", f"{self.failed} failed"]
        if self.skipped:
            parts.append(f"{self.skipped} already answered")
        head = "interrupted" if self.interrupted else "done"
        timing = f"{self.seconds:.1f}s, {rate:.2f} questions/s"
        return f"batch {head}: {', '.join(parts)} of {self.total} -> {output} ({timing})"


def error_message(exc: BaseException) -> str:
    """One line for a failed question: the project's errors carry their own actionable message."""
    from assistant.errors import AssistantError

    text = " ".join(str(exc).split())
    if isinstance(exc, AssistantError) and text:
        return text
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


Result = tuple[int, BatchItem, dict[str, Any] | None, float]
"""(index in the to-do list, item, output line or None when cancelled, seconds)."""


def groups(items: Sequence[BatchItem]) -> list[list[tuple[int, BatchItem]]]:
    """Items (with their index) in answering units: a conversation's turns together, in file order."""
    out: list[list[tuple[int, BatchItem]]] = []
    conversations: dict[str, list[tuple[int, BatchItem]]] = {}
    for index, item in enumerate(items):
        key = item.conversation
        if key is None:
            out.append([(index, item)])
        elif key in conversations:
            conversations[key].append((index, item))
        else:
            conversations[key] = [(index, item)]
            out.append(conversations[key])
    return out


def _history(records: Sequence[dict[str, Any]]) -> dict[str, list[Any]]:
    """Earlier turns of each conversation, from the answered lines kept by a resume."""
    from assistant.answering.chat import Turn

    out: dict[str, list[Any]] = {}
    for r in records:
        conversation = r.get("conversation")
        if conversation not in (None, "") and "answer" in r:
            turn = Turn(str(r.get("question", "")), str(r["answer"]), r.get("standalone_question"))
            out.setdefault(str(conversation), []).append(turn)
    return out


def answer_group(
    engine: Answerer,
    group: list[tuple[int, BatchItem]],
    run: dict[str, Any],
    cancel: threading.Event,
    history: list[Any],
    chat: Chat,
    filters: Any = None,
) -> list[Result]:
    """The output lines of one group (a conversation's turns share a chat engine); a question refused before
    any work (too long) gets an error line."""
    from assistant.answering.question import check_question

    session = chat(engine, list(history)) if group[0][1].conversation is not None else None
    out: list[Result] = []
    for index, item in group:
        began = time.perf_counter()
        if cancel.is_set():
            out.append((index, item, None, 0.0))
            continue
        try:
            check_question(item.question)
            answer = (
                session.ask(item.question, cancel=cancel, filters=filters)
                if session
                else engine.answer(item.question, cancel=cancel, filters=filters)
            )
            record = None if getattr(answer, "cancelled", False) else answer_record(item, answer.to_json(), run)
        except Exception as exc:  # noqa: BLE001 - a failing question is recorded and the batch goes on
            record = None if cancel.is_set() else error_record(item, error_message(exc), run)
        out.append((index, item, record, time.perf_counter() - began))
    return out


def run_batch(
    engine: Answerer,
    items: Sequence[BatchItem],
    output: Path,
    run: dict[str, Any],
    *,
    concurrency: int = 1,
    resume: bool = False,
    progress: BatchProgress | None = None,
    cancel: threading.Event | None = None,
    err: TextIO | None = None,
    chat: Chat = default_chat,
    filters: Any = None,
) -> BatchSummary:
    """Answer ``items`` into ``output`` (module docstring); KeyboardInterrupt returns an interrupted summary."""
    err = err or sys.stderr
    if concurrency < 1:
        raise ValueError("concurrency must be at least 1")
    progress = progress or QuietBatch()
    cancel = cancel or threading.Event()
    started = time.perf_counter()
    with disk_faults(output_place(output)):
        output.parent.mkdir(parents=True, exist_ok=True)
    todo: list[BatchItem] = list(items)
    summary = BatchSummary(total=len(items))
    history: dict[str, list[Any]] = {}
    if resume and output.exists():
        todo, history = _resume(items, output, run, summary)
    writer = LineWriter(output, truncate=not resume)  # before any output: an unwritable file is the only line
    for note in summary.notes:
        print(f"note: {note}", file=err, flush=True)
    progress.start(len(items), summary.skipped)
    pending: dict[int, dict[str, Any] | None] = {}
    next_index = 0
    pool = ThreadPoolExecutor(max_workers=max(1, min(concurrency, len(todo))), thread_name_prefix="batch")
    futures: set[Future[list[Result]]] = set()
    try:
        for group in groups(todo):
            conversation = group[0][1].conversation
            past = history.get(conversation, []) if conversation is not None else []
            futures.add(pool.submit(answer_group, engine, group, run, cancel, past, chat, filters))
        while futures and not cancel.is_set():
            done, futures = wait(futures, timeout=0.2, return_when=FIRST_COMPLETED)
            for future in done:
                for index, item, record, seconds in future.result():
                    pending[index] = record
                    if record is not None:
                        progress.item_done(item, record, seconds)
                        summary.count(record)
            while next_index in pending:
                ready = pending.pop(next_index)
                if ready is not None:
                    writer.write(ready)
                next_index += 1
    except KeyboardInterrupt:
        cancel.set()
    except DiskError:  # the answers file cannot take another line: stop at once, keep what is written
        cancel.set()
        pending.clear()
        raise
    finally:
        if cancel.is_set():
            summary.interrupted = True
            # Keep the work already done: finished answers waiting for an earlier one are written out of
            # order (``--resume`` restores the order).
            for index in sorted(pending):
                if pending[index] is not None:
                    writer.write(pending[index])  # type: ignore[arg-type]
        pool.shutdown(wait=not cancel.is_set(), cancel_futures=True)
        writer.close()
        progress.close()
        summary.seconds = time.perf_counter() - started
    if not summary.interrupted and resume and summary.skipped and todo:
        _restore_input_order(output, {item.key: i for i, item in enumerate(items)})
    return summary


def _resume(
    items: Sequence[BatchItem], output: Path, run: dict[str, Any], summary: BatchSummary
) -> tuple[list[BatchItem], dict[str, list[Any]]]:
    """Keep the answered lines of an earlier run; (questions still to answer, conversation histories)."""
    existing = parse_output(output.read_bytes())
    plan = plan_resume(items, existing.records, run)
    summary.skipped = len(items) - len(plan.todo)
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
            'prompts differ); see their "run" field'
        )
    write_atomically(output, plan.kept)
    return plan.todo, _history(plan.kept)


def _restore_input_order(output: Path, order: dict[str, int]) -> None:
    """After a resume, rewrite OUTPUT so its lines follow the input order (ids not in the input last)."""
    records = parse_output(output.read_bytes()).records
    ranked = sorted(range(len(records)), key=lambda i: (order.get(str(records[i]["id"]), len(order)), i))
    if ranked != list(range(len(records))):
        write_atomically(output, [records[i] for i in ranked])
