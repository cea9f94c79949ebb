"""Saved conversations as the chat app reads them, from database rows in whatever state they are: a turn
whose answer JSON or status cannot be read keeps its question and answer text, and says what is wrong
(``StoredTurn.problem``) instead of failing the whole conversation."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, Literal, get_args

from pydantic import BaseModel, Field

from assistant.types import Answer

TurnStatus = Literal["pending", "answered", "refused", "cancelled", "failed"]
STATUSES: frozenset[str] = frozenset(get_args(TurnStatus))


class ConversationSummary(BaseModel):
    """One row of the conversation list."""

    id: int
    title: str
    created: float
    updated: float
    turns: int


class StoredTurn(BaseModel):
    """A saved question with its answer (``answer_data`` is ``Answer.to_json()``, None until answered)."""

    id: int
    position: int
    question: str
    answer: str = ""
    answer_data: dict[str, Any] | None = None
    status: TurnStatus = "pending"
    error: str = ""
    problem: str = ""
    """What of the saved row cannot be read ("" when all of it can): it is shown as far as it can be."""

    def to_answer(self) -> Answer | None:
        """The saved Answer, rebuilt from its JSON (passages carry file, path, title, lines and quote); for a
        turn whose JSON cannot be read, its saved answer text alone."""
        if self.answer_data:
            return answer_from_json(self.answer_data)
        if self.problem and self.answer:
            return Answer(question=self.question, answer=self.answer)
        return None


class Conversation(BaseModel):
    """A saved conversation and its turns in order."""

    id: int
    title: str
    turns: list[StoredTurn] = Field(default_factory=list)

    @property
    def problems(self) -> list[str]:
        """What cannot be read, one entry per damaged turn ("turn 2: ...")."""
        return [f"turn {t.position + 1}: {t.problem}" for t in self.turns if t.problem]


def answer_from_json(data: dict[str, Any]) -> Answer:
    """Rebuild an ``Answer`` from ``Answer.to_json()`` (older lines without passage texts keep the quote)."""
    citations = [{**c, "text": c.get("text") or c.get("quote", "")} for c in data.get("citations", [])]
    return Answer.from_json({**data, "citations": citations})


def _text(value: Any) -> str:
    return value if isinstance(value, str) else "" if value is None else str(value)


def _number(value: Any, default: float = 0.0) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return default


def _answer_data(raw: Any) -> tuple[dict[str, Any] | None, str]:
    """The saved answer's JSON, checked to rebuild an Answer; (None, why) when it cannot."""
    if not raw:
        return None, ""
    try:
        data = json.loads(raw)
        answer_from_json(data)
    except Exception as exc:  # noqa: BLE001 - invalid JSON, a wrong shape or type: the answer cannot be read
        detail = " ".join(str(exc).split())[:80]
        return None, f"its saved answer cannot be read ({type(exc).__name__}: {detail})"
    return data, ""


def turn_from_row(row: Sequence[Any]) -> StoredTurn:
    """A turn from ``(id, position, question, answer, answer_json, status, error)``, readable parts kept."""
    data, problem = _answer_data(row[4])
    problems = [problem] if problem else []
    status = _text(row[5])
    if status not in STATUSES:
        problems.append(f"its status {status[:20]!r} is not one this version knows")
        status = "answered" if data else "failed"
    return StoredTurn(
        id=int(_number(row[0])),
        position=int(_number(row[1])),
        question=_text(row[2]),
        answer=_text(row[3]),
        answer_data=data,
        status=status,  # checked against STATUSES above
        error=_text(row[6]),
        problem="; ".join(problems),
    )


def summary_from_row(row: Sequence[Any]) -> ConversationSummary:
    """A conversation list entry from ``(id, title, created, updated, turns)``."""
    return ConversationSummary(
        id=int(_number(row[0])),
        title=_text(row[1]),
        created=_number(row[2]),
        updated=_number(row[3]),
        turns=int(_number(row[4])),
    )
