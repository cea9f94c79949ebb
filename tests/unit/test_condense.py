"""Condensing a follow-up: the deterministic rewrite keeps every word of the follow-up and names what its
reference stands for; a model's rewrite is kept only when it keeps the follow-up's ask and names a referent
from the conversation's checked text (``assistant.answering.condense``)."""

from __future__ import annotations

import pytest

from assistant.answering.chat import Turn
from assistant.answering.condense import checked_text, choose
from assistant.answering.followups import focus_entities, references, rewrite
from assistant.types import Answer, AnswerSentence, Citation, Passage

USHAKOV_Q = "Who is Yury Ushakov?"
USHAKOV_A = "Yury Ushakov is Putin's foreign policy adviser."
DOCUMENTS = "What did he say about the documents?"


def answer(text: str, supported: bool = True, answers_question: bool = True, refused: bool = False) -> Answer:
    passage = Passage(chunk_id="c", file="a.txt", path="/a.txt", outlet="BaperaNews", lines=(1, 1), text=text)
    return Answer(
        question="q",
        answer=f"{text} [1]",
        refused=refused,
        answers_question=answers_question,
        sentences=[AnswerSentence(text=text, citations=[1], supported=supported)],
        citations=[Citation.of(1, passage, text)],
    )


def test_the_deterministic_rewrite_keeps_the_follow_ups_ask_and_names_the_answers_subject() -> None:
    entities = focus_entities(USHAKOV_Q, USHAKOV_A, DOCUMENTS)
    assert rewrite(DOCUMENTS, entities) == "What did Yury Ushakov say about the documents?"


@pytest.mark.parametrize(
    ("model", "why"),
    [
        (USHAKOV_Q, "changes the question word"),  # the case: the rewrite repeats turn 1
        ("What did Yury Ushakov say?", "drops documents"),
        ("Where did Yury Ushakov say it about the documents?", "changes the question word"),
        ("What did Sergei Lavrov say about the documents?", "adds names the conversation did not check"),
        ("", "empty"),
    ],
)
def test_a_model_rewrite_that_loses_the_ask_is_replaced_by_the_deterministic_one(model: str, why: str) -> None:
    entities = focus_entities(USHAKOV_Q, USHAKOV_A, DOCUMENTS)
    found = choose(DOCUMENTS, entities, model, [USHAKOV_Q, USHAKOV_A])
    assert (found.question, found.by) == ("What did Yury Ushakov say about the documents?", "rules")
    assert found.rejected.startswith(why), found.rejected


def test_a_model_rewrite_that_keeps_the_ask_wins_and_its_label_and_quotes_go() -> None:
    entities = focus_entities(USHAKOV_Q, USHAKOV_A, DOCUMENTS)
    reply = 'Standalone question: "What did Yury Ushakov say about the documents to be signed?"\nExtra line'
    found = choose(DOCUMENTS, entities, reply, [USHAKOV_Q, USHAKOV_A])
    assert found == type(found)("What did Yury Ushakov say about the documents to be signed?", "model")


def test_without_a_model_the_rules_rewrite_is_used() -> None:
    found = choose(DOCUMENTS, focus_entities(USHAKOV_Q, USHAKOV_A, DOCUMENTS), None, ())
    assert found.by == "rules" and not found.rejected


def test_an_indonesian_follow_up_keeps_lagi_and_its_noun_and_resolves_nya() -> None:
    question = "Siapa yang mendampingi Putin ke Pyongyang?"
    followup = "Siapa lagi pejabat yang mendampinginya?"
    entities = focus_entities(question, "Sergey Lavrov mendampingi Putin.", followup)
    assert entities.person == "Putin"  # "lagi" asks the same thing again: "-nya" keeps its role (Putin)
    assert rewrite(followup, entities) == "Siapa lagi pejabat yang mendampingi Putin?"
    dropped = choose(followup, entities, "Siapa yang mendampingi Putin?", [question])
    assert dropped.by == "rules" and "drops" in dropped.rejected


def test_an_elliptical_follow_up_asks_the_previous_question_about_its_new_topic() -> None:
    entities = focus_entities("Siapa yang menyambut Putin?", "Kim Jong Un menyambut Putin.", "Kalau Lavrov?")
    assert references("Kalau Lavrov?")
    assert rewrite("Kalau Lavrov?", entities) == "Siapa yang menyambut Lavrov?"


def test_a_follow_up_without_a_reference_is_left_alone() -> None:
    question = "When did Putin arrive in Pyongyang?"
    assert not references(question)
    assert rewrite(question, focus_entities(USHAKOV_Q, USHAKOV_A, question)) == question


def test_only_a_checked_answer_gives_referents() -> None:
    text = "Antony Blinken accompanied Putin."
    assert checked_text(answer(text)) == "Antony Blinken accompanied Putin."
    assert checked_text(answer(text, supported=False)) == ""  # flagged: a sentence the sources do not support
    assert checked_text(answer(text, answers_question=False)) == ""  # flagged: it may not answer
    assert checked_text(answer(text, refused=True)) == ""
    dateline = answer("BaperaNews reports that Kim welcomed Putin.")
    assert "BaperaNews" not in checked_text(dateline)  # the cited outlet is no referent


def test_a_flagged_answer_leaves_the_referent_to_its_question() -> None:
    """The issue's case: turn 1 answered with the wrong sentence; the follow-up must not be condensed around the
    wrong person it named."""
    question = "Siapa yang mendampingi Putin ke Pyongyang?"
    flagged = Turn.of(question, answer("Antony Blinken mendampingi Putin.", supported=False))
    accepted = Turn.of(question, answer("Antony Blinken mendampingi Putin."))
    followup = "Apa jabatannya?"
    assert flagged.referable == "" and accepted.referable
    wrong = focus_entities(question, accepted.referable, followup)
    right = focus_entities(question, flagged.referable, followup)
    assert rewrite(followup, wrong) == "Apa jabatan Antony Blinken?"
    assert rewrite(followup, right) == "Apa jabatan Putin?"
    saved = Turn.from_json(question, answer("Antony Blinken mendampingi Putin.", supported=False).to_json())
    assert saved.referable == ""  # a resumed batch or saved chat reads the same verdict from the JSON


def test_a_model_rewrite_may_say_a_word_of_the_follow_up_in_other_words() -> None:
    question, said = "Siapa direktur rumah sakit itu?", "Direktur rumah sakit itu adalah dr. Fitriani Lubis."
    followup = "Apa yang bikin dia cemas?"
    entities = focus_entities(question, said, followup)
    kept = choose(followup, entities, "Apa yang dikhawatirkan Fitriani Lubis?", [question, said])
    assert (kept.question, kept.by) == ("Apa yang dikhawatirkan Fitriani Lubis?", "model")
    lost = choose(followup, entities, "Apa yang dikatakan Fitriani Lubis?", [question, said])
    assert lost.by == "rules" and lost.rejected.startswith("drops cemas")
