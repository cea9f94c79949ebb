"""Conversations and newsroom questions through the real engine and Ollama client, the model scripted.

A follow-up's standalone question keeps its ask (the model's rewrite is used only when it does) and takes its
referent from what the conversation checked; "which outlets reported ...?" is answered from the passages
that support the claim, each outlet cited; "according to X" answers from X's articles only.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from assistant.answering.chat import AnswerChatEngine, Turn
from assistant.answering.engine import AnswerEngine
from assistant.testing.scripts import cited

Engine = Callable[..., tuple[AnswerEngine, Any]]
ADVISER = "Siapa ajudan Putin yang mengungkapkan rencana kunjungan itu?"
ADVISER_SAID = "Yury Ushakov, ajudan Putin, mengungkapkan"
DOCUMENTS = "Apa yang dia katakan soal dokumen?"
SIGNED = "beberapa dokumen akan ditandatangani"


def test_a_rewrite_that_repeats_the_first_turn_is_replaced_and_the_third_turn_keeps_the_subject(
    engine_for: Engine,
) -> None:
    first = cited("Yury Ushakov, ajudan Putin, mengungkapkan rencana kunjungan itu [{u}].", u=ADVISER_SAID)
    second = cited("Yury Ushakov mengatakan beberapa dokumen akan ditandatangani selama kunjungan itu [{d}].", d=SIGNED)
    third = cited("Kunjungan ini direncanakan berlangsung selama dua hari [{u}].", u="selama dua hari")
    engine, script = engine_for(first, second, third, condensed=ADVISER)  # the model repeats turn 1 (the issue)
    chat = AnswerChatEngine(engine)
    assert chat.ask(ADVISER).standalone_by is None  # a first turn is not condensed

    answer = chat.ask(DOCUMENTS)
    assert answer.standalone_question == "Apa yang Yury Ushakov katakan soal dokumen?"
    assert answer.standalone_by == "rules" and answer.standalone_rejected == "changes the question word"
    assert "Yury Ushakov" in script.condense_prompts[0] and DOCUMENTS in script.condense_prompts[0]
    assert not answer.refused and any(SIGNED in c.quote for c in answer.citations)

    script.condensed = "Berapa lama kunjungan Yury Ushakov dan Putin itu direncanakan berlangsung?"
    answer = chat.ask("Berapa lama kunjungan itu direncanakan berlangsung menurut dia?")
    assert answer.standalone_by == "model", answer.standalone_rejected  # it keeps every word and the referent
    assert answer.standalone_question == script.condensed and "dua hari" in answer.answer
    data = answer.to_json()  # what --json and batch lines show
    assert (data["standalone_question"], data["standalone_by"]) == (script.condensed, "model")


def test_the_referent_of_a_follow_up_after_a_flagged_answer_comes_from_its_question(engine_for: Engine) -> None:
    """Turn 1 was answered with the wrong person (unsupported): the follow-up is not condensed around him."""
    question = "Siapa yang mendampingi Putin ke Pyongyang?"
    flagged = {
        "answer": "Antony Blinken mendampingi Putin [1].",
        "answers_question": True,
        "sentences": [{"text": "Antony Blinken mendampingi Putin.", "citations": [1], "supported": False}],
    }
    engine, script = engine_for(cited("Putin adalah Presiden Rusia [{p}].", p="Presiden Rusia Vladimir Putin"))
    script.condensed = "Apa jabatan Antony Blinken?"  # the model follows the unchecked sentence
    chat = AnswerChatEngine(engine, [Turn.from_json(question, flagged)])
    answer = chat.ask("Apa jabatannya?")
    assert answer.standalone_question == "Apa jabatan Putin?" and answer.standalone_by == "rules"
    assert "blinken" in (answer.standalone_rejected or "")
    assert "Assistant: -" in script.condense_prompts[0]  # the flagged answer is not shown as history


def test_batch_lines_show_each_follow_ups_standalone_question_and_its_rewrite(
    engine_for: Engine, tmp_path: Path
) -> None:
    from assistant.batch import read_questions, run_batch

    first = cited("Yury Ushakov, ajudan Putin, mengungkapkan rencana kunjungan itu [{u}].", u=ADVISER_SAID)
    second = cited("Yury Ushakov mengatakan beberapa dokumen akan ditandatangani [{d}].", d=SIGNED)
    engine, _ = engine_for(first, second, condensed="Apa yang Yury Ushakov katakan soal dokumen kunjungan?")
    source = tmp_path / "c.jsonl"
    turns = [(1, ADVISER), (2, DOCUMENTS)]
    source.write_text(
        "".join(json.dumps({"id": f"t{n}", "question": q, "conversation": "c", "turn": n}) + "\n" for n, q in turns),
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    run_batch(engine, read_questions(source), out, {"backend": "ollama"})
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert "standalone_by" not in lines[0]
    assert lines[1]["standalone_question"] == "Apa yang Yury Ushakov katakan soal dokumen kunjungan?"
    assert lines[1]["standalone_by"] == "model"


def test_which_outlets_reported_a_claim_lists_each_supporting_outlet_with_its_citation(engine_for: Engine) -> None:
    engine, script = engine_for()  # answered from the passages: the model is not asked to write it
    answer = engine.answer("Siapa saja media yang memberitakan bahwa Putin disambut dengan karpet merah?")
    assert not answer.refused and not script.prompts
    assert answer.answer.startswith("RADARCIREBON.TV")
    assert answer.sentences[0].supported and answer.sentences[0].citations == [c.n for c in answer.citations]
    outlets = {c.passage.outlet for c in answer.citations}
    assert "RADARCIREBON.TV" in outlets and not outlets & {"BaperaNews", "PERSPEKTIF.CO.ID"}
    assert all("karpet merah" in c.quote for c in answer.citations)


def test_a_claim_no_outlet_reports_is_refused(engine_for: Engine) -> None:
    engine, _ = engine_for()
    answer = engine.answer("Which outlets reported that Putin visited Tokyo with Kim Jong Un?")
    assert answer.refused and answer.answer_check == "no outlet's passage states it"


def test_according_to_an_outlet_answers_from_its_articles_only(engine_for: Engine) -> None:
    reply = cited("Putin akan melanjutkan perjalanan ke Vietnam [{v}].", v="melanjutkan perjalanannya ke Vietnam")
    engine, script = engine_for(reply)
    answer = engine.answer("Menurut Perspektif, ke mana Putin pergi setelah dari Korea Utara?")
    assert not answer.refused and "Vietnam" in answer.answer
    assert {p.outlet for p in answer.passages} == {"PERSPEKTIF.CO.ID"}
    assert {c.passage.outlet for c in answer.citations} == {"PERSPEKTIF.CO.ID"}
    assert "Question: Ke mana Putin pergi setelah dari Korea Utara?" in script.prompts[0]  # X's name is no content
    assert not answer.disagreements  # Vietnam (where he goes next) is never set against Ukraina (a war)
