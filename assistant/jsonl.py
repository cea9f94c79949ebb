"""The one JSONL reader: one JSON object per line, with one-line errors that name FILE:LINE."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from assistant.errors import AssistantError


class JsonlError(AssistantError):
    """A JSONL file or text cannot be read; the message is one line naming FILE:LINE and what to fix."""


def parse_jsonl_objects(text: str, name: str) -> list[tuple[int, dict[str, Any]]]:
    """(1-based line number, object) for every non-blank line of ``text``; JsonlError on the first bad one."""
    out: list[tuple[int, dict[str, Any]]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise JsonlError(
                f"{name}:{number}: not valid JSON ({exc.msg} at column {exc.colno}): "
                'each line must be one object like {"id": "q1", "question": "..."}'
            ) from None
        if not isinstance(row, dict):
            raise JsonlError(
                f'{name}:{number}: expected a JSON object, got {type(row).__name__}: write {{"question": "..."}}'
            )
        out.append((number, row))
    return out


def load_jsonl(path: Path) -> list[dict[str, Any]]:
    """The objects of a JSONL file (UTF-8); JsonlError says what is wrong and where."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise JsonlError(f"{path}: file not found: pass an existing JSONL file") from None
    except UnicodeDecodeError:
        raise JsonlError(f"{path}: not UTF-8 text: save the file as UTF-8") from None
    except OSError as exc:
        raise JsonlError(f"{path}: cannot read ({exc.strerror or exc})") from None
    return [row for _, row in parse_jsonl_objects(text, str(path))]
