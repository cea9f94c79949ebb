"""Saved chat conversations in SQLite: each turn keeps the question, the answer text and the Answer JSON.

A question is written (status ``pending``) before its answer is generated, so nothing typed is lost
if the answer fails or the app is closed; the answer (or the failure) is filled in afterwards.
Every write is one transaction on a short-lived connection, so any thread may use a store.

A damaged database file is never written: it is checked (read-only) before first use, and then only
read, as far as it can be (``ConversationStore.damaged`` says why); a full or read-only disk is named
as such (assistant.disk). Rows are read by ``assistant.conversation_rows``.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from assistant.conversation_rows import (
    Conversation,
    ConversationSummary,
    StoredTurn,
    TurnStatus,
    answer_from_json,
    summary_from_row,
    turn_from_row,
)
from assistant.disk import Place, fault_message
from assistant.errors import AssistantError
from assistant.render import exchange_markdown
from assistant.types import Answer

APP_NAME = "news-assistant"
DB_FILE_NAME = "conversations.sqlite3"
TITLE_MAX_CHARS = 60
SCHEMA_VERSION = 1

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
        self.damaged = ""
        """Why the file is not a usable database ("" when it is): then it is only read, never written."""

    @property
    def place(self) -> Place:
        return Place(
            self.path, "the conversation database", "set chat_db (ASSISTANT_CHAT_DB) to a writable path", "try again"
        )

    def _failure(self, exc: BaseException, doing: str) -> ConversationError:
        """One line for a failed use of the database: a disk fault as such, else the error and the way out."""
        io_error = "disk i/o error" in str(exc).lower()  # SQLite's word for a write the disk refused
        line = fault_message(exc, self.place, ask_disk=io_error) or (
            f"cannot {doing} the conversation database {self.path} ({exc}): check the file, or set chat_db "
            "(ASSISTANT_CHAT_DB) to another path"
        )
        return ConversationError(line)

    def damaged_message(self) -> str:
        return (
            f"the conversation database {self.path} is damaged ({self.damaged}): it is left as it is, and new "
            "conversations are not saved until you move it away or set chat_db (ASSISTANT_CHAT_DB) to another path"
        )

    @contextmanager
    def _db(self, write: bool = True) -> Iterator[sqlite3.Connection]:
        """A connection whose block is one transaction: committed on success, rolled back on error.

        Writes take the write lock up front (BEGIN IMMEDIATE), so concurrent writers queue up instead
        of racing between a read and the insert that depends on it. A damaged file is opened read-only.
        """
        if not self._ready:
            self._init()
        if self.damaged and write:
            raise ConversationError(self.damaged_message())
        try:
            with closing(self._connect(read_only=bool(self.damaged))) as db:
                db.execute("PRAGMA foreign_keys = ON")
                db.execute("BEGIN IMMEDIATE" if write else "BEGIN")
                try:
                    yield db
                except BaseException:
                    db.execute("ROLLBACK")
                    raise
                db.execute("COMMIT")
        except sqlite3.Error as exc:
            if self.damaged:
                raise ConversationError(self.damaged_message()) from exc
            raise self._failure(exc, "use") from exc

    def _connect(self, read_only: bool = False) -> sqlite3.Connection:
        if read_only:
            return sqlite3.connect(
                f"{self.path.absolute().as_uri()}?mode=ro", uri=True, timeout=10.0, isolation_level=None
            )
        return sqlite3.connect(self.path, timeout=10.0, isolation_level=None)

    def _check(self) -> str:
        """Why an existing file is not a usable database, read-only ("" when it is)."""
        try:
            with closing(self._connect(read_only=True)) as db:
                rows = db.execute("PRAGMA quick_check").fetchall()
                tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.Error as exc:
            if fault_message(exc, self.place) is not None:
                return ""  # not damage: the disk's fault is said when the file is used
            return str(exc)
        if rows != [("ok",)]:
            return "; ".join(str(r[0]) for r in rows[:2])
        missing = {"conversations", "turns"} - tables
        return f"no {', '.join(sorted(missing))} table" if tables and missing else ""

    def _init(self) -> None:
        try:
            if self.path.is_file() and self.path.stat().st_size > 0:
                self.damaged = self._check()
            if not self.damaged:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                with closing(sqlite3.connect(self.path, timeout=10.0)) as db:
                    db.execute("PRAGMA journal_mode = WAL")
                    with db:
                        db.executescript(_SCHEMA)
                        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except (OSError, sqlite3.Error) as exc:
            raise self._failure(exc, "open") from exc
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
        return [summary_from_row(r) for r in rows]

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
        return Conversation(id=int(head[0]), title=str(head[1] or ""), turns=[turn_from_row(r) for r in rows])


__all__ = [
    "Conversation",
    "TurnStatus",
    "ConversationError",
    "ConversationStore",
    "ConversationSummary",
    "StoredTurn",
    "answer_from_json",
    "conversation_markdown",
    "default_db_path",
    "make_title",
]
