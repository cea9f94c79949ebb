"""The answer models define the JSON: a round trip keeps every field, and the schema describes the lines."""

from __future__ import annotations

import json

from assistant.types import ANSWER_KEYS, Answer, AnswerSentence, Citation, Corroboration, Disagreement, Passage, Side


def full_answer() -> Answer:
    """An answer with every field set to something other than its default."""
    passage = Passage(
        chunk_id="c1",
        file="seeds/a.txt",
        path="/x/seeds/a.txt",
        title="T",
        outlet="BaperaNews",
        published="2024-06-19",
        lines=(2, 3),
        text="Kim menyambut Putin.",
        score=0.03,
        scores={"dense": 0.9},
    )
    answer = Answer(
        question="Siapa?", answer="Kim menyambut Putin [1].", language="id", refused=False, backend="ollama", model="m",
        extractive=True, quoted=True, answers_question=True, answer_check="names Kim (person)", cancelled=True,
        fallback="the model stopped answering: quoted the articles instead",
        citations=[Citation.of(1, passage, "Kim menyambut Putin.").model_copy(update={"span": (10, 30)})],
        sentences=[AnswerSentence(
            text="Kim menyambut Putin.", citations=[1], supported=False, score=0.4, attributed=True, reason="wrong name",
            corroborated_by=[Corroboration(outlet="X.ID", file="b.txt", span=(5, 9), quote="Kim")], outlets=2,
        )],
        dropped_markers=["[9]"], timings={"total": 1.23456}, standalone_question="Siapa menyambut Putin?",
        translated_question="Siapa menyambut Putin?", refused_before_model=True,
        disagreements=[Disagreement(about="time", sides=[Side(value="Rabu", outlets=["X.ID"], citations=[1])])],
        sources=3, filters={"outlets": ["X.ID"]},
    )  # fmt: skip
    answer.passages = [passage]
    return answer


def test_every_field_survives_a_json_round_trip() -> None:
    data = json.loads(json.dumps(full_answer().to_json()))
    assert set(data) == ANSWER_KEYS  # every field is written (none left at a default here)
    again = Answer.from_json(data)
    assert again.to_json() == data
    assert data["timings"] == {"total": 1.2346} and data["retrieved"] == [
        {"file": "seeds/a.txt", "lines": [2, 3], "score": 0.03}
    ]
    assert again.citations[0].passage.text == "Kim menyambut Putin." and again.sentences[0].reason == "wrong name"
    assert again.citations[0].span == (10, 30) and again.citations[0].passage.outlet == "BaperaNews"
    assert again.sentences[0].corroborated_by[0].span == (5, 9) and again.disagreements[0].sides[0].value == "Rabu"


def test_a_batch_lines_other_keys_are_ignored_when_reading_an_answer() -> None:
    data = {**full_answer().to_json(), "id": "q1", "run": {"backend": "ollama"}, "topic": "x"}
    assert Answer.from_json(data).to_json() == full_answer().to_json()


def test_the_json_schema_names_every_field() -> None:
    schema = Answer.model_json_schema(mode="serialization")
    assert set(schema["properties"]) == ANSWER_KEYS
    assert "quote" in schema["$defs"]["Citation"]["properties"]
