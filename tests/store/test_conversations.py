"""SQLite persistence of conversations: save before answering, answers with citations, list/load/delete/rename."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from assistant.conversations import (
    TITLE_MAX_CHARS,
    ConversationError,
    ConversationStore,
    answer_from_json,
    conversation_markdown,
    default_db_path,
    make_title,
)
from assistant.types import Answer, AnswerSentence, Citation, Passage


def sample_answer(question: str = "Siapa menyambut Putin?", **changes: object) -> Answer:
    passage = Passage(
        chunk_id="c1",
        file="000_a.txt",
        path="/articles/000_a.txt",
        title="Putin di Pyongyang",
        lines=(3, 5),
        text="Kedatangan Putin disambut langsung oleh Kim Jong Un di Bandara Internasional Pyongyang.",
    )
    answer = Answer(
        question=question,
        answer="Kim Jong Un menyambut Putin di bandara [1]. Putin membawa gajah [1].",
        language="id",
        refused=False,
        backend="ollama",
        model="qwen2.5:1.5b",
        citations=[Citation.of(1, passage, "…disambut langsung oleh Kim Jong Un…")],
        sentences=[
            AnswerSentence(text="Kim Jong Un menyambut Putin di bandara.", citations=[1], supported=True, score=0.9),
            AnswerSentence(text="Putin membawa gajah.", citations=[1], supported=False, score=0.1),
        ],
    )
    for key, value in changes.items():
        setattr(answer, key, value)
    return answer


@pytest.fixture
def store(tmp_path: Path) -> ConversationStore:
    return ConversationStore(tmp_path / "sub" / "chats.sqlite3")


def test_question_is_saved_before_the_answer(store: ConversationStore) -> None:
    cid = store.create()
    turn_id = store.add_question(cid, "Siapa menyambut Putin?")
    # a second connection (another process) already sees the pending question
    with sqlite3.connect(store.path) as db:
        assert db.execute("SELECT question, status FROM turns WHERE id = ?", (turn_id,)).fetchone() == (
            "Siapa menyambut Putin?",
            "pending",
        )
    [turn] = store.load(cid).turns
    assert (turn.status, turn.answer, turn.to_answer()) == ("pending", "", None)


def test_answer_round_trips_with_citations(store: ConversationStore) -> None:
    cid = store.create()
    turn_id = store.add_question(cid, "Siapa menyambut Putin?")
    original = sample_answer()
    store.save_answer(turn_id, original)
    [turn] = ConversationStore(store.path).load(cid).turns  # a new store on the same file
    assert turn.status == "answered" and turn.answer == original.answer
    assert turn.answer_data == original.to_json()
    again = turn.to_answer()
    assert again is not None
    assert again.answer == original.answer and again.language == "id" and again.model == "qwen2.5:1.5b"
    [c] = again.citations
    assert (c.n, c.passage.file, c.passage.path, c.passage.title, c.passage.lines, c.quote) == (
        1,
        "000_a.txt",
        "/articles/000_a.txt",
        "Putin di Pyongyang",
        (3, 5),
        "…disambut langsung oleh Kim Jong Un…",
    )
    assert [(s.text, s.citations, s.supported) for s in again.sentences] == [
        (s.text, s.citations, s.supported) for s in original.sentences
    ]


def test_statuses(store: ConversationStore) -> None:
    cid = store.create()
    refused, cancelled, failed = (store.add_question(cid, q) for q in ("a?", "b?", "c?"))
    store.save_answer(refused, sample_answer(refused=True, citations=[], sentences=[]))
    store.save_answer(cancelled, sample_answer(cancelled=True))
    store.mark_failed(failed, "Ollama is not reachable: start it with `ollama serve`")
    turns = store.load(cid).turns
    assert [(t.position, t.status) for t in turns] == [(0, "refused"), (1, "cancelled"), (2, "failed")]
    assert turns[2].error.startswith("Ollama is not reachable")
    assert turns[1].to_answer().cancelled  # type: ignore[union-attr]


def test_list_titles_by_first_question_most_recent_first(store: ConversationStore) -> None:
    empty = store.create()
    first = store.create()
    store.add_question(first, "Apa kata NATO tentang kunjungan Putin?")
    store.add_question(first, "Dan Amerika?")
    second = store.create()
    store.add_question(second, "  Kapan\nPutin tiba?  ")
    listed = store.list_conversations()
    assert [(c.id, c.title, c.turns) for c in listed] == [
        (second, "Kapan Putin tiba?", 1),
        (first, "Apa kata NATO tentang kunjungan Putin?", 2),
    ]
    assert empty not in [c.id for c in listed]  # nothing typed yet: not listed


def test_rename_and_rename_by_first_question(store: ConversationStore) -> None:
    cid = store.create()
    store.add_question(cid, "Siapa menyambut Putin?")
    store.rename(cid, "Putin di Pyongyang")
    assert store.load(cid).title == "Putin di Pyongyang"
    store.rename_by_first_question(cid)
    assert store.load(cid).title == "Siapa menyambut Putin?"


def test_make_title_is_one_short_line() -> None:
    long = "kata " * 40
    title = make_title(long)
    assert len(title) == TITLE_MAX_CHARS and title.endswith("…") and "\n" not in title


def test_delete(store: ConversationStore) -> None:
    keep, gone = store.create(), store.create()
    store.add_question(keep, "a?")
    store.add_question(gone, "b?")
    store.delete(gone)
    assert [c.id for c in store.list_conversations()] == [keep]
    with pytest.raises(ConversationError, match="does not exist"):
        store.load(gone)


def test_failed_write_is_rolled_back(store: ConversationStore) -> None:
    cid = store.create()
    store.add_question(cid, "a?")
    with pytest.raises(ConversationError):
        with store._db() as db:
            insert = "INSERT INTO turns (conversation_id, position, question, created) VALUES (?, 1, ?, 0)"
            db.execute(insert, (cid, "b?"))
            db.execute(insert, (cid, "c?"))  # same position: the whole transaction is rolled back
    assert [t.question for t in store.load(cid).turns] == ["a?"]


def test_concurrent_writers(store: ConversationStore) -> None:
    cid = store.create()

    def write(i: int) -> None:
        ConversationStore(store.path).add_question(cid, f"q{i}?")

    threads = [threading.Thread(target=write, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    turns = store.load(cid).turns
    assert sorted(t.question for t in turns) == sorted(f"q{i}?" for i in range(8))
    assert [t.position for t in turns] == list(range(8))


def test_unusable_path_says_what_to_do(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(ConversationError, match="chat_db"):
        ConversationStore(blocker / "chats.sqlite3").create()


def test_default_path_is_in_the_user_data_dir() -> None:
    path = default_db_path()
    assert path.name == "conversations.sqlite3" and "news-assistant" in str(path)


def test_answer_from_json_tolerates_old_rows() -> None:
    answer = answer_from_json({"question": "q", "answer": "a"})
    assert (answer.answer, answer.citations, answer.refused) == ("a", [], False)


def test_markdown_export(store: ConversationStore) -> None:
    cid = store.create()
    store.save_answer(store.add_question(cid, "Siapa menyambut Putin?"), sample_answer())
    store.mark_failed(store.add_question(cid, "Lalu?"), "no index yet")
    text = conversation_markdown(store.load(cid))
    assert text.startswith("# Siapa menyambut Putin?\n")
    assert "## Siapa menyambut Putin?" in text and "Kim Jong Un menyambut Putin di bandara [1]." in text
    assert "> ⚠ not supported by its sources: Putin membawa gajah." in text
    assert "1. `000_a.txt` (outlet unknown) lines 3-5: Putin di Pyongyang" in text
    assert "## Lalu?" in text and "_Not answered: no index yet_" in text
