"""The scripted models (honest, liar) read the engine's real prompts: they cite by content whatever order the
passages come in, drop what no shown passage holds, and answer rewrites, translations and judges."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from assistant.prompts import load_prompts
from assistant.testing.prompt_reading import Kind, request_kind
from assistant.testing.responders import ChatRequest
from assistant.testing.schema_reply import gullible_value
from assistant.testing.scripted_models import QuestionBook, ScriptedModel
from assistant.verification.llm_judge import verdict_schema

PROMPTS = load_prompts()
NO_ANSWER = PROMPTS.no_answer_phrase

KIM = "Kedatangan Putin disambut langsung oleh Kim Jong Un di Bandara Internasional Pyongyang."
DAYS = "Yury Ushakov mengungkapkan bahwa kunjungan ini direncanakan berlangsung selama dua hari."
AURUS = "Dalam kunjungan tersebut, Kim memeriksa limusin Aurus Senat milik Putin."
OTHER = "Cuaca di Moskow cerah pada hari Selasa."

RECORDS: list[dict[str, Any]] = [
    {
        "id": "q1",
        "question": "Who welcomed Putin, and how long was the visit planned to last?",
        "translation": "Siapa yang menyambut Putin, dan berapa lama kunjungan itu direncanakan?",
        "lang": "en",
        "answerable": True,
        "gold_answer": "Kim Jong Un welcomed Putin at the airport [e0]. The visit was planned to last two days [e1].",
        "evidence": ["disambut langsung oleh  KIM Jong Un", "direncanakan berlangsung selama dua hari"],
        "wrong_answer": "Kim Jong Un welcomed Putin [e0]. The visit was planned to last three days [e1].",
        "wrong_kind": "number",
        "wrong_value": "three days",
    },
    {
        "id": "q2",
        "question": "Berapa harga tiket pesawat Putin?",
        "lang": "id",
        "answerable": False,
        "gold_answer": "NO_ANSWER",
        "evidence": [],
        "wrong_answer": "Tiket pesawat Putin seharga 3.000 dolar AS [1].",
        "wrong_kind": "invented",
        "wrong_value": "3.000 dolar",
    },
    {
        "id": "q3",
        "question": "Apa yang diperiksa Kim di Vostochny?",
        "lang": "id",
        "answerable": True,
        "gold_answer": "Kim memeriksa limusin Aurus Senat milik Putin [e0].",
        "evidence": ["Kim memeriksa limusin Aurus Senat"],
        "wrong_answer": "Kim menyambut Putin di bandara [w0].",
        "wrong_kind": "off-topic",
        "wrong_value": "menyambut Putin",
        "wrong_evidence": ["disambut langsung oleh Kim Jong Un"],
    },
    {
        "id": "q4",
        "question": "When did Putin arrive, and for how long?",
        "lang": "en",
        "answerable": True,
        "gold_answer": "Kim Jong Un welcomed him on arrival [e0], for a visit of two days [e1][e0].",
        "evidence": ["disambut langsung oleh Kim Jong Un", "selama dua hari"],
    },
    {"id": "c1-1", "conversation": "c1", "question": "Who is Yury Ushakov?", "lang": "en", "answerable": True},
    {
        "id": "c1-2",
        "conversation": "c1",
        "question": "What did he say?",
        "standalone": "What did Yury Ushakov say about the visit?",
        "lang": "en",
        "answerable": True,
        "gold_answer": "Ushakov said the visit would last two days [e0].",
        "evidence": ["direncanakan berlangsung selama dua hari"],
    },
    {"id": "c2-1", "conversation": "c2", "question": "Who is Antony Blinken?", "lang": "en", "answerable": True},
    {
        "id": "c2-2",
        "conversation": "c2",
        "question": "What did he say?",
        "standalone": "What did Antony Blinken say about the visit?",
        "lang": "en",
        "answerable": True,
    },
]


def model(script: str) -> ScriptedModel:
    return ScriptedModel(script, QuestionBook(RECORDS))


def ask(scripted: ScriptedModel, prompt: str, body: dict[str, Any] | None = None) -> str:
    messages = [{"role": "system", "content": PROMPTS.system(language="en")}, {"role": "user", "content": prompt}]
    return scripted(ChatRequest(model=scripted.name, messages=messages, options={}, stream=True, body=body or {}))


def answer_prompt(question: str, *passages: str) -> str:
    return PROMPTS.answer(question=question, passages=list(passages), language="en")


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        ((KIM, DAYS, OTHER), "at the airport [1]. The visit was planned to last two days [2]."),
        ((OTHER, DAYS, KIM), "at the airport [3]. The visit was planned to last two days [2]."),
    ],
)
def test_honest_cites_the_passage_that_holds_each_fact_in_any_order(order: tuple[str, ...], expected: str) -> None:
    reply = ask(model("honest"), answer_prompt(RECORDS[0]["question"], *order))
    assert reply == "Kim Jong Un welcomed Putin " + expected


def test_honest_matches_the_question_loosely_and_by_its_translation() -> None:
    honest = model("honest")
    shouted = "  WHO welcomed Putin and how long was the visit planned to last  "
    assert ask(honest, answer_prompt(shouted, DAYS, KIM)).endswith("two days [1].")
    assert ask(honest, answer_prompt(RECORDS[0]["translation"], KIM, DAYS)).endswith("two days [2].")
    assert [s.match for s in honest.sent] == ["exact", "exact"]


def test_honest_drops_a_sentence_whose_evidence_is_not_shown_and_says_no_answer_when_nothing_is_left() -> None:
    honest = model("honest")
    assert ask(honest, answer_prompt(RECORDS[0]["question"], OTHER, DAYS)) == (
        "The visit was planned to last two days [2]."
    )
    assert ask(honest, answer_prompt(RECORDS[0]["question"], OTHER)) == NO_ANSWER
    assert ask(honest, answer_prompt(RECORDS[1]["question"], KIM, DAYS)) == NO_ANSWER  # unanswerable


def test_honest_leaves_out_the_citation_of_evidence_not_shown_in_a_sentence_it_keeps() -> None:
    honest = model("honest")
    assert ask(honest, answer_prompt(RECORDS[3]["question"], OTHER, KIM, DAYS)) == (
        "Kim Jong Un welcomed him on arrival [2], for a visit of two days [3][2]."
    )
    assert ask(honest, answer_prompt(RECORDS[3]["question"], OTHER, DAYS)) == (
        "Kim Jong Un welcomed him on arrival, for a visit of two days [2]."
    )
    # With no wrong answer to give, the liar answers as the honest model does.
    assert ask(model("liar"), answer_prompt(RECORDS[3]["question"], OTHER, DAYS)) == (
        "Kim Jong Un welcomed him on arrival, for a visit of two days [2]."
    )


def test_the_focused_retry_prompt_is_read_too() -> None:
    prompt = PROMPTS.focused_answer(question=RECORDS[2]["question"], passage=AURUS, language="id", hint="a thing")
    assert ask(model("honest"), prompt) == "Kim memeriksa limusin Aurus Senat milik Putin [1]."


def test_liar_cites_its_evidence_and_falls_back_to_the_first_passage() -> None:
    liar = model("liar")
    assert ask(liar, answer_prompt(RECORDS[0]["question"], OTHER, DAYS, KIM)) == (
        "Kim Jong Un welcomed Putin [3]. The visit was planned to last three days [2]."
    )
    # The evidence of the first sentence is not shown: it is cited [1] all the same.
    assert ask(liar, answer_prompt(RECORDS[0]["question"], OTHER, DAYS)) == (
        "Kim Jong Un welcomed Putin [1]. The visit was planned to last three days [2]."
    )
    assert ask(liar, answer_prompt(RECORDS[2]["question"], AURUS, KIM)) == "Kim menyambut Putin di bandara [2]."


def test_liar_answers_unanswerable_questions_too() -> None:
    reply = ask(model("liar"), answer_prompt(RECORDS[1]["question"], OTHER, KIM))
    assert reply == "Tiket pesawat Putin seharga 3.000 dolar AS [1]."


def test_a_reworded_question_finds_its_record_and_an_unknown_one_gets_no_answer() -> None:
    honest = model("honest")
    reworded = "Who welcomed Putin, and how long was his visit planned to last?"
    assert ask(honest, answer_prompt(reworded, KIM, DAYS)).startswith("Kim Jong Un welcomed Putin")
    assert ask(honest, answer_prompt("Siapa presiden Prancis?", KIM)) == NO_ANSWER
    assert [(s.match, s.record) for s in honest.sent] == [("similar", "q1"), ("none", None)]
    assert [s.question for s in honest.unmatched()] == ["Siapa presiden Prancis?"]


def test_a_follow_up_is_rewritten_as_its_conversation_says() -> None:
    honest = model("honest")
    about_blinken = "User: Who is Antony Blinken?\nAssistant: The US Secretary of State [1]."
    about_ushakov = "User: Who is Yury Ushakov?\nAssistant: Putin's aide [1]."
    assert ask(honest, PROMPTS.condense(history=about_blinken, question="What did he say?")) == (
        "What did Antony Blinken say about the visit?"
    )
    assert ask(honest, PROMPTS.condense(history=about_ushakov, question="What did he say?")) == (
        "What did Yury Ushakov say about the visit?"
    )
    # The standalone question then finds the follow-up's answer.
    standalone = answer_prompt("What did Yury Ushakov say about the visit?", OTHER, DAYS)
    assert ask(honest, standalone) == "Ushakov said the visit would last two days [2]."
    assert [s.kind for s in honest.sent] == [Kind.CONDENSE, Kind.CONDENSE, Kind.ANSWER]


def test_translation_requests_get_the_records_translation_or_the_question() -> None:
    honest = model("honest")
    english = f"Translate the question into Indonesian.\nQuestion: {RECORDS[0]['question']}\nTranslation:"
    assert ask(honest, english) == RECORDS[0]["translation"]
    indonesian = f"Translate the question into Indonesian.\nQuestion: {RECORDS[2]['question']}\nTranslation:"
    assert ask(honest, indonesian) == RECORDS[2]["question"]
    assert [s.kind for s in honest.sent] == [Kind.TRANSLATE, Kind.TRANSLATE]


SCHEMA = {
    "type": "object",
    "properties": {
        "sentences": {
            "type": "array",
            "minItems": 2,
            "maxItems": 2,
            "items": {"$ref": "#/$defs/verdict"},
        },
        "answers_question": {"type": "boolean"},
    },
    "required": ["sentences", "answers_question"],
    "$defs": {
        "verdict": {
            "type": "object",
            "properties": {
                "supported": {"type": "boolean"},
                "label": {"enum": ["contradicted", "supported"]},
                "reason": {"type": ["string", "null"]},
            },
            "required": ["supported", "label"],
        }
    },
}


def test_judges_are_gullible() -> None:
    liar = model("liar")
    reply = json.loads(ask(liar, "Sentence 1: a\nSentence 2: b\nJudge each sentence.", {"format": SCHEMA}))
    jsonschema.validate(reply, SCHEMA)
    assert reply["answers_question"] is True
    assert [(s["supported"], s["label"]) for s in reply["sentences"]] == [(True, "supported")] * 2
    judged = ask(liar, PROMPTS.judge(sentences=["Kim met Putin."], passages=[KIM]), {"format": verdict_schema(1)})
    assert json.loads(judged) == {"verdicts": ["yes"]}
    assert [s.kind for s in liar.sent] == [Kind.JUDGE, Kind.JUDGE]


def test_an_array_of_unfixed_length_has_one_verdict_per_numbered_item() -> None:
    schema = {"type": "array", "items": {"type": "boolean"}}
    assert gullible_value(schema, items=3) == [True, True, True]
    assert request_kind("1. a\n2. b", {"format": schema}) is Kind.JUDGE
    reply = ask(model("honest"), "Statements:\n1. Kim met Putin.\n2. It rained.\n3. Putin left.", {"format": schema})
    assert json.loads(reply) == [True, True, True]


def test_every_request_is_kept_with_what_was_replied(tmp_path: Path) -> None:
    questions = tmp_path / "q.jsonl"
    questions.write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    honest = ScriptedModel("honest", QuestionBook.read([questions]))
    prompt = answer_prompt(RECORDS[2]["question"], AURUS)
    assert ask(honest, prompt) == "Kim memeriksa limusin Aurus Senat milik Putin [1]."
    (sent,) = honest.sent
    assert (sent.kind, sent.record, sent.question, sent.prompt) == (Kind.ANSWER, "q3", RECORDS[2]["question"], prompt)
    assert sent.request.messages[-1]["content"] == prompt


def test_an_unknown_script_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown script 'sycophant'"):
        ScriptedModel("sycophant", QuestionBook(RECORDS))
