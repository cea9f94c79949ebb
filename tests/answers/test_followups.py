"""Follow-ups over the two-turn conversations of ``tests/answers/conversations/*.jsonl``.

Each second turn refers back with a pronoun ("he", "there", "dia", "tersebut", "-nya"). Through the chat
engine, the condensed question must name an entity of the first turn (from its answer or its question),
and it must retrieve a passage of the turn's gold article; through `assistant batch`, the lines that share
a ``conversation`` are answered in order, the follow-up with its standalone question recorded. How often the
follow-ups are answered right is measured by `assistant eval` (bench/RESULTS.md), not asserted here.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from assistant.answering.chat import AnswerChatEngine
from assistant.answering.followups import focus_entities
from assistant.evaluation.matching import base_name
from assistant.jsonl import load_jsonl

FOLDER = Path(__file__).resolve().parent / "conversations"


def conversations() -> list[list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for path in sorted(FOLDER.glob("*.jsonl")):
        for row in load_jsonl(path):
            out.setdefault(str(row["conversation"]), []).append(row)
    return list(out.values())


CONVERSATIONS = conversations()


def named(question: str, entities: Sequence[str]) -> bool:
    low = question.lower()
    return any(all(w.lower() in low for w in e.split() if len(w) > 2) for e in entities)


def test_the_conversation_files_are_two_turn_follow_ups() -> None:
    assert len(CONVERSATIONS) >= 6
    for turns in CONVERSATIONS:
        assert [t["turn"] for t in turns] == [1, 2]
        assert {t["lang"] for t in turns} <= {"id", "en"} and len({t["lang"] for t in turns}) == 1


@pytest.mark.parametrize("turns", CONVERSATIONS, ids=[t[0]["conversation"] for t in CONVERSATIONS])
def test_a_follow_up_is_condensed_to_name_what_it_refers_to(turns: list[dict[str, Any]], answer_engine: Any) -> None:
    """With no model, and (``-m llm``) with the real 0.5B, whose rewrite is used only when it passes the checks."""
    chat = AnswerChatEngine(answer_engine)
    first = chat.ask(turns[0]["question"])
    entities = focus_entities(turns[0]["question"], first.answer)
    standalone = chat.condense(turns[1]["question"])
    candidates = [*entities.people, *entities.places, *entities.things]
    assert standalone != turns[1]["question"] and named(standalone, candidates), (standalone, candidates)
    passages = answer_engine.searcher.search(standalone, 5)
    gold = {base_name(g) for g in turns[1]["gold_sources"]}
    assert any(base_name(p.file) in gold for p in passages), [p.file for p in passages]


def test_batch_answers_a_conversation_in_order_with_its_history(extractive_engine: Any, tmp_path: Path) -> None:
    from assistant.batch import read_questions, run_batch

    source = tmp_path / "conversations.jsonl"
    source.write_text((FOLDER / "followups.jsonl").read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    summary = run_batch(extractive_engine, read_questions(source), out, {"backend": "extractive"}, concurrency=3)
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in lines] == [r["id"] for r in load_jsonl(source)]
    assert summary.failed == 0 and summary.completed == len(lines)
    for r in lines:
        assert r["conversation"] and ("standalone_question" in r) == (r["turn"] == 2), r["id"]


def test_a_resumed_conversation_keeps_its_history(extractive_engine: Any, tmp_path: Path) -> None:
    from assistant.batch import read_questions, run_batch

    source = tmp_path / "c.jsonl"
    source.write_text("".join(json.dumps(t) + "\n" for t in CONVERSATIONS[0]), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    items = read_questions(source)
    run_batch(extractive_engine, items[:1], out, {"backend": "extractive"})
    run_batch(extractive_engine, items, out, {"backend": "extractive"}, resume=True, err=io.StringIO())
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in lines] == [t["id"] for t in CONVERSATIONS[0]]
    assert lines[1].get("standalone_question")  # the second turn was condensed with the first as history
