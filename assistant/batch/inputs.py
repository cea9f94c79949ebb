"""Reading question files: JSONL, CSV/TSV or plain text, with one-line errors naming FILE:LINE.

Formats, chosen by suffix (other suffixes are sniffed from the first line):

* JSONL (``.jsonl``, ``.ndjson``, ``.json``): one object per line with a ``question``; an ``id`` (string or
  integer) and a ``conversation`` are optional; every other field is passed through to the output line.
* CSV (``.csv``; ``.tsv`` is tab-separated): a header row with a ``question`` column (any case); ``id`` and
  ``conversation`` columns are optional; other columns are passed through (as strings).
* Plain text (``.txt``, ``.text``, ``.md``, ``.lst``): one question per line; blank lines and ``#`` lines
  are skipped.

Questions without an id get ``q`` + their 1-based line number (``q0007``). Ids must be unique.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.errors import AssistantError
from assistant.jsonl import JsonlError, parse_jsonl_objects
from assistant.types import ANSWER_KEYS

JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson", ".json"})
CSV_SUFFIXES = frozenset({".csv", ".tsv"})
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".lst"})

"""Keys of ``Answer.to_json()``; input fields with these names go under ``"input"``."""
RESERVED_KEYS = ANSWER_KEYS | {"id", "run", "error", "input"}


class InputError(AssistantError):
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

    @property
    def conversation(self) -> str | None:
        """The conversation this question belongs to (lines sharing a ``conversation`` value are asked in
        file order, each with the earlier turns as history), None for a standalone question."""
        value = self.extra.get("conversation")
        return None if value in (None, "") else str(value)


# --- reading questions (pure) -------------------------------------------------------------------


def generated_id(line: int) -> str:
    """The id of a question that has none: ``q`` and its line number."""
    return f"q{line:04d}"


def detect_format(name: str, text: str) -> str:
    """ "jsonl", "csv", "tsv" or "text", from the file name's suffix or else from the content."""
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
        raise InputError(f"{where}: the question is {shown}: {hint}")
    return " ".join(value.split())


def parse_jsonl(text: str, name: str) -> list[BatchItem]:
    """Questions from JSONL text (one object per line)."""
    items: list[BatchItem] = []
    try:
        rows = parse_jsonl_objects(text, name)
    except JsonlError as exc:
        raise InputError(str(exc)) from None
    for number, row in rows:
        where = f"{name}:{number}"
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
                f'{name}:{header_line}: no "question" column in the header row (columns: {shown}): '
                'add a header row naming the question column "question"'
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
            extra = {col: row[i] for i, col in enumerate(columns) if i not in (q_col, id_col) and col}
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
