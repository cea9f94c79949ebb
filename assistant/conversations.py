"""Saved chat conversations in SQLite: each turn keeps the question, the answer text and the Answer JSON.

A question is written (status ``pending``) before its answer is generated, so nothing typed is lost
if the answer fails or the app is closed; the answer (or the failure) is filled in afterwards.
Every write is one transaction on a short-lived connection, so any thread may use a store.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from assistant.errors import AssistantError
from assistant.render import exchange_markdown
from assistant.types import Answer

APP_NAME = "news-assistant"
DB_FILE_NAME = "conversations.sqlite3"
TITLE_MAX_CHARS = 60
SCHEMA_VERSION = 1

TurnStatus = Literal["pending", "answered", "refused", "cancelled", "failed"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS conversations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    title TEXT NOT NULL DEFAULT '',
    created REAL NOT NULL,
    updated REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS turns (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL DEFAULT '',
    answer_json TEXT,
    status TEXT NOT NULL DEFAULT 'pending',
    error TEXT NOT NULL DEFAULT '',
    created REAL NOT NULL,
    UNIQUE (conversation_id, position)
);
CREATE INDEX IF NOT EXISTS turns_by_conversation ON turns(conversation_id, position);
"""


class ConversationError(AssistantError):
    """The conversation store cannot be used; the message says what to do."""


def default_db_path() -> Path:
    """``<user data dir>/news-assistant/conversations.sqlite3``."""
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME)) / DB_FILE_NAME


def make_title(question: str) -> str:
    """A conversation title from its first question: one line, at most TITLE_MAX_CHARS characters."""
    line = " ".join(question.split())
    return line if len(line) <= TITLE_MAX_CHARS else line[: TITLE_MAX_CHARS - 1].rstrip() + "…"


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

    def to_answer(self) -> Answer | None:
        """The saved Answer, rebuilt from its JSON (passages carry file, path, title, lines and quote)."""
        return answer_from_json(self.answer_data) if self.answer_data else None


class Conversation(BaseModel):
    """A saved conversation and its turns in order."""

    id: int
    title: str
    turns: list[StoredTurn] = Field(default_factory=list)


def answer_from_json(data: dict[str, Any]) -> Answer:
    """Rebuild an ``Answer`` from ``Answer.to_json()`` (older lines without passage texts keep the quote)."""
    citations = [{**c, "text": c.get("text") or c.get("quote", "")} for c in data.get("citations", [])]
    return Answer.from_json({**data, "citations": citations})


def conversation_markdown(conversation: Conversation) -> str:
    """The conversation as Markdown: each question, its answer (or why there is none) and its sources."""
    out = [f"# {conversation.title or 'Conversation'}", ""]
    for turn in conversation.turns:
        out += exchange_markdown(turn.question, turn.to_answer(), turn.error or "no answer was saved")
    return "\n".join(out).rstrip() + "\n"


def answer_status(answer: Answer) -> TurnStatus:
    """The turn status an answer stands for."""
    if answer.cancelled:
        return "cancelled"
    return "refused" if answer.refused else "answered"


class ConversationStore:
    """Conversations in one SQLite file (created on first use)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path).expanduser() if path is not None else default_db_path()
        self._ready = False

    @contextmanager
    def _db(self, write: bool = True) -> Iterator[sqlite3.Connection]:
        """A connection whose block is one transaction: committed on success, rolled back on error.

        Writes take the write lock up front (BEGIN IMMEDIATE), so concurrent writers queue up instead
        of racing between a read and the insert that depends on it.
        """
        if not self._ready:
            self._init()
        try:
            with closing(sqlite3.connect(self.path, timeout=10.0, isolation_level=None)) as db:
                db.execute("PRAGMA foreign_keys = ON")
                db.execute("BEGIN IMMEDIATE" if write else "BEGIN")
                try:
                    yield db
                except BaseException:
                    db.execute("ROLLBACK")
                    raise
                db.execute("COMMIT")
        except sqlite3.Error as exc:
            raise ConversationError(
                f"cannot use the conversation database {self.path} ({exc}): check the file, or set chat_db "
                "(ASSISTANT_CHAT_DB) to another path"
            ) from exc

    def _init(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with closing(sqlite3.connect(self.path, timeout=10.0)) as db:
                db.execute("PRAGMA journal_mode = WAL")
                with db:
                    db.executescript(_SCHEMA)
                    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except (OSError, sqlite3.Error) as exc:
            raise ConversationError(
                f"cannot open the conversation database {self.path} ({exc}): set chat_db (ASSISTANT_CHAT_DB) "
                "to a writable path"
            ) from exc
        self._ready = True

    # --- writes -------------------------------------------------------------------------------

    def create(self, title: str = "") -> int:
        """A new, empty conversation; returns its id."""
        now = time.time()
        with self._db() as db:
            cur = db.execute("INSERT INTO conversations (title, created, updated) VALUES (?, ?, ?)", (title, now, now))
            return int(cur.lastrowid or 0)

    def add_question(self, conversation_id: int, question: str) -> int:
        """Save a question before it is answered (titling the conversation by its first question)."""
        now = time.time()
        with self._db() as db:
            row = db.execute(
                "SELECT COALESCE(MAX(position), -1) + 1 FROM turns WHERE conversation_id = ?", (conversation_id,)
            ).fetchone()
            position = int(row[0])
            cur = db.execute(
                "INSERT INTO turns (conversation_id, position, question, created) VALUES (?, ?, ?, ?)",
                (conversation_id, position, question, now),
            )
            db.execute(
                "UPDATE conversations SET updated = ?, title = CASE WHEN title = '' THEN ? ELSE title END WHERE id = ?",
                (now, make_title(question), conversation_id),
            )
            return int(cur.lastrowid or 0)

    def save_answer(self, turn_id: int, answer: Answer) -> None:
        """Store the answer of a saved question (text, status and the full Answer JSON)."""
        payload = json.dumps(answer.to_json(), ensure_ascii=False)
        self._finish(turn_id, answer.answer, payload, answer_status(answer), "")

    def mark_failed(self, turn_id: int, error: str) -> None:
        """Record that answering a saved question failed, and why."""
        self._finish(turn_id, "", None, "failed", error)

    def _finish(self, turn_id: int, text: str, payload: str | None, status: TurnStatus, error: str) -> None:
        with self._db() as db:
            db.execute(
                "UPDATE turns SET answer = ?, answer_json = ?, status = ?, error = ? WHERE id = ?",
                (text, payload, status, error, turn_id),
            )
            db.execute(
                "UPDATE conversations SET updated = ? WHERE id = (SELECT conversation_id FROM turns WHERE id = ?)",
                (time.time(), turn_id),
            )

    def rename(self, conversation_id: int, title: str) -> None:
        with self._db() as db:
            db.execute("UPDATE conversations SET title = ? WHERE id = ?", (title, conversation_id))

    def rename_by_first_question(self, conversation_id: int) -> None:
        """Title a conversation by its first question again."""
        with self._db() as db:
            row = db.execute(
                "SELECT question FROM turns WHERE conversation_id = ? ORDER BY position LIMIT 1", (conversation_id,)
            ).fetchone()
            if row is not None:
                db.execute("UPDATE conversations SET title = ? WHERE id = ?", (make_title(row[0]), conversation_id))

    def delete(self, conversation_id: int) -> None:
        with self._db() as db:
            db.execute("DELETE FROM turns WHERE conversation_id = ?", (conversation_id,))
            db.execute("DELETE FROM conversations WHERE id = ?", (conversation_id,))

    # --- reads --------------------------------------------------------------------------------

    def list_conversations(self) -> list[ConversationSummary]:
        """Conversations with at least one question, most recently updated first."""
        with self._db(write=False) as db:
            rows = db.execute(
                "SELECT c.id, c.title, c.created, c.updated, COUNT(t.id) FROM conversations c "
                "JOIN turns t ON t.conversation_id = c.id GROUP BY c.id ORDER BY c.updated DESC, c.id DESC"
            ).fetchall()
        return [ConversationSummary(id=r[0], title=r[1], created=r[2], updated=r[3], turns=r[4]) for r in rows]

    def load(self, conversation_id: int) -> Conversation:
        """A conversation with all its turns; raises ConversationError if there is no such conversation."""
        with self._db(write=False) as db:
            head = db.execute("SELECT id, title FROM conversations WHERE id = ?", (conversation_id,)).fetchone()
            if head is None:
                raise ConversationError(f"conversation {conversation_id} does not exist (it may have been deleted)")
            rows = db.execute(
                "SELECT id, position, question, answer, answer_json, status, error FROM turns "
                "WHERE conversation_id = ? ORDER BY position",
                (conversation_id,),
            ).fetchall()
        turns = [
            StoredTurn(
                id=int(r[0]),
                position=int(r[1]),
                question=str(r[2]),
                answer=str(r[3]),
                answer_data=json.loads(r[4]) if r[4] else None,
                status=r[5],
                error=str(r[6]),
            )
            for r in rows
        ]
        return Conversation(id=int(head[0]), title=str(head[1]), turns=turns)


__all__ = [
    "Conversation",
    "ConversationError",
    "ConversationStore",
    "ConversationSummary",
    "StoredTurn",
    "answer_from_json",
    "conversation_markdown",
    "default_db_path",
    "make_title",
]
