"""Output lines of a batch: answered and failed records, reading an earlier (maybe killed) run's file,
planning a resume, and writing lines so that a kill never tears one."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from assistant.batch.inputs import RESERVED_KEYS, BatchItem
from assistant.disk import Place, disk_faults
from assistant.store import atomic_write
from assistant.types import Answer


def split_extra(extra: dict[str, Any], answer_keys: Iterable[str] = ()) -> tuple[dict[str, Any], dict[str, Any]]:
    """(fields passed through at top level, fields that clash with output keys and go under "input")."""
    reserved = RESERVED_KEYS | set(answer_keys)
    top = {k: v for k, v in extra.items() if k not in reserved}
    clashing = {k: v for k, v in extra.items() if k in reserved}
    return top, clashing


class AnswerLine(Answer):
    """An output line of an answered question: the answer, the question's id and passed-through fields
    (fields whose names clash with the answer's go under ``input``), and what produced it (``run``)."""

    model_config = ConfigDict(extra="allow")

    id: str | int
    input: dict[str, Any] | None = None
    run: dict[str, Any] = Field(default_factory=dict)


class ErrorLine(BaseModel):
    """An output line of a question that could not be answered; ``--resume`` asks it again."""

    model_config = ConfigDict(extra="allow")

    id: str | int
    question: str
    error: str
    input: dict[str, Any] | None = None
    run: dict[str, Any] = Field(default_factory=dict)


class QuestionLine(BaseModel):
    """A line of a question file (JSONL): the question, and for `assistant eval` what a right answer holds."""

    model_config = ConfigDict(extra="allow")

    id: str | int | None = None
    question: str
    conversation: str | int | None = None
    """Lines sharing a conversation are asked in file order, each with the earlier turns as history."""
    lang: str | None = None
    gold_sources: list[str] = Field(default_factory=list)
    facts: list[list[str]] = Field(default_factory=list)
    """Groups of alternative substrings; a right answer holds one of each group."""
    answerable: bool = True


def answer_record(item: BatchItem, answer: dict[str, Any], run: dict[str, Any]) -> dict[str, Any]:
    """The output line of an answered question."""
    top, clashing = split_extra(item.extra, answer)
    line = AnswerLine(id=item.id, **top, **answer, input=clashing or None, run=run)
    return _ordered(line.model_dump(mode="json", exclude_none=True), top)


def error_record(item: BatchItem, error: str, run: dict[str, Any]) -> dict[str, Any]:
    """The output line of a question that could not be answered."""
    top, clashing = split_extra(item.extra)
    line = ErrorLine(id=item.id, question=item.question, error=error, **top, input=clashing or None, run=run)
    return _ordered(line.model_dump(mode="json", exclude_none=True), top)


def _ordered(data: dict[str, Any], passed: dict[str, Any]) -> dict[str, Any]:
    """A line's keys in reading order: id, the passed-through fields, the rest, then input and run."""
    head = {"id": data.pop("id"), **{k: data.pop(k) for k in passed}}
    tail: dict[str, Any] = {k: data.pop(k) for k in ("input", "run") if k in data}
    return {**head, **data, **tail}


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


def output_place(path: Path) -> Place:
    """The answers file as disk-fault messages name it."""
    return Place(
        path,
        "the answers file",
        "write the answers to a writable folder (-o PATH)",
        "run the same `assistant batch` command with --resume",
    )


class LineWriter:
    """Appends JSON lines to a file, each built whole and written with one ``os.write`` call, so a kill never
    tears a line; a write the disk refuses (full, read-only) is cut back to the last whole line and ends the
    batch with one DiskError line (``--resume`` goes on from there)."""

    def __init__(self, path: Path, truncate: bool) -> None:
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | (os.O_TRUNC if truncate else 0)
        self.path = path
        with disk_faults(output_place(path)):
            self.fd = os.open(path, flags, 0o644)

    def write(self, record: dict[str, Any]) -> None:
        data = encode_line(record)
        with disk_faults(output_place(self.path)):
            start = os.lseek(self.fd, 0, os.SEEK_END)
            try:
                view = memoryview(data)
                while view:
                    written = os.write(self.fd, view)
                    view = view[written:]
            except OSError:
                with suppress(OSError):
                    os.ftruncate(self.fd, start)  # no torn last line
                raise

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
    with disk_faults(output_place(path)):
        atomic_write(path, b"".join(encode_line(record) for record in records))
