"""Scoring answers: retrieval ranks, ALCE citation recall/precision, facts, refusals, language, thresholds."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from assistant.evaluation import (
    METRIC_BY_NAME,
    MetricValue,
    ThresholdError,
    alce_answer,
    alce_sentence,
    check_thresholds,
    evaluate,
    parse_threshold,
    score_question,
    summarize,
)


class WordJudge:
    """A SupportJudge stand-in: the share of the claim's words found in the passages (supported at 1.0)."""

    threshold = 0.99

    def __init__(self) -> None:
        self.calls: list[tuple[str, list[str]]] = []

    def score(self, claim: str, passages: list[str]) -> float:
        self.calls.append((claim, list(passages)))
        words = set(re.findall(r"\w+", claim.lower()))
        have = set(re.findall(r"\w+", " ".join(passages).lower()))
        return len(words & have) / len(words) if words else 0.0


PASSAGES = {
    "kim.txt": "kim met putin in pyongyang",
    "aurus.txt": "kim inspected an aurus car",
    "other.txt": "the weather was cold",
    "half_a.txt": "putin arrived",
    "half_b.txt": "in june",
}


def cite(n: int, file: str, folder: Path = Path("/articles")) -> dict[str, Any]:
    """A citation as an answer line carries it: the cited passage's text included."""
    return {
        "n": n,
        "file": file,
        "path": str(folder / file),
        "lines": [1, 2],
        "quote": PASSAGES[file],
        "text": PASSAGES[file],
    }


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    """The articles, so that the hand-made citations resolve (a title line and the passage)."""
    for name, text in PASSAGES.items():
        (tmp_path / name).write_text(f"Title\n{text}\n", encoding="utf-8")
    return tmp_path


def answer(
    text_and_cites: list[tuple[str, list[int]]], citations: list[dict[str, Any]], **extra: Any
) -> dict[str, Any]:
    body = " ".join(t + "".join(f" [{n}]" for n in ns) for t, ns in text_and_cites)
    return {
        "answer": body,
        "refused": False,
        "extractive": False,
        "citations": citations,
        "sentences": [{"text": t, "citations": ns} for t, ns in text_and_cites],
        "retrieved": [{"file": c["file"]} for c in citations],
        "timings": {"total": 1.0},
        **extra,
    }


# --- ALCE -----------------------------------------------------------------------------------------


def test_single_supporting_citation_is_supported_and_precise() -> None:
    s = alce_sentence(WordJudge(), "Kim met Putin", [1], [PASSAGES["kim.txt"]])
    assert (s.supported, s.precise) == (True, [True])


def test_an_unneeded_extra_citation_is_imprecise() -> None:
    # [2] alone does not support the sentence, and without it [1] still does: (a) and (b) hold.
    s = alce_sentence(WordJudge(), "Kim met Putin", [1, 2], [PASSAGES["kim.txt"], PASSAGES["other.txt"]])
    assert (s.supported, s.precise) == (True, [True, False])


def test_citations_that_only_support_together_are_both_precise() -> None:
    s = alce_sentence(WordJudge(), "Putin arrived in June", [1, 2], [PASSAGES["half_a.txt"], PASSAGES["half_b.txt"]])
    assert (s.supported, s.precise) == (True, [True, True])


def test_redundant_citations_that_each_support_alone_are_precise() -> None:
    # ALCE: a citation that supports the sentence alone is precise even if another one would do.
    s = alce_sentence(WordJudge(), "Kim met Putin", [1, 2], [PASSAGES["kim.txt"], PASSAGES["kim.txt"]])
    assert s.precise == [True, True]


def test_unsupported_sentence_makes_all_its_citations_imprecise_and_uncited_sentences_unsupported() -> None:
    judge = WordJudge()
    s = alce_sentence(judge, "Kim inspected a tank", [1, 2], [PASSAGES["aurus.txt"], PASSAGES["other.txt"]])
    assert (s.supported, s.precise) == (False, [False, False])
    calls = len(judge.calls)
    s = alce_sentence(judge, "Kim met Putin", [], [])
    assert (s.supported, s.precise, len(judge.calls)) == (False, [], calls)  # nothing to judge


def test_alce_answer_recall_and_precision() -> None:
    a = answer(
        [("Kim met Putin", [1, 2]), ("Kim inspected an Aurus car", [3]), ("It was historic", [])],
        [cite(1, "kim.txt"), cite(2, "other.txt"), cite(3, "aurus.txt")],
    )
    ev = alce_answer(WordJudge(), a)
    assert (ev.n_sentences, ev.n_supported, ev.n_citations, ev.n_precise) == (3, 2, 3, 2)
    assert ev.recall == pytest.approx(2 / 3)
    assert ev.precision == pytest.approx(2 / 3)


def test_alce_answer_without_sentences_field_parses_the_markers() -> None:
    a = answer([("Kim met Putin", [1])], [cite(1, "kim.txt")])
    del a["sentences"]
    ev = alce_answer(WordJudge(), a)
    assert [(s.text, s.citations, s.supported) for s in ev.sentences] == [("Kim met Putin", [1], True)]


# --- per question and overall ---------------------------------------------------------------------

QUESTIONS = [
    {
        "id": "a1",
        "question": "Who met Putin?",
        "lang": "en",
        "gold_sources": ["kim.txt"],
        "facts": [["Kim"]],
        "answerable": True,
    },
    {
        "id": "a2",
        "question": "What car?",
        "lang": "en",
        "gold_sources": ["aurus.txt"],
        "facts": [["Aurus"], ["car", "mobil"]],
        "answerable": True,
    },
    {
        "id": "a3",
        "question": "Kapan?",
        "lang": "id",
        "gold_sources": ["half_b.txt"],
        "facts": [["June", "Juni"]],
        "answerable": True,
    },
    {"id": "u1", "question": "How many soldiers?", "lang": "en", "gold_sources": [], "facts": [], "answerable": False},
    {"id": "u2", "question": "Merek HP apa?", "lang": "id", "gold_sources": [], "facts": [], "answerable": False},
    {
        "id": "e1",
        "question": "Who won?",
        "lang": "en",
        "gold_sources": ["kim.txt"],
        "facts": [["x"]],
        "answerable": True,
    },
]


def answers(folder: Path) -> list[dict[str, Any]]:
    a1 = answer([("Kim met Putin in Pyongyang", [1])], [cite(1, "kim.txt", folder)], id="a1")
    a1["retrieved"] = [{"file": "other.txt"}, {"file": "kim.txt"}, {"file": "kim.txt"}]
    a2 = answer(
        [("Kim inspected an Aurus car", [1, 2])], [cite(1, "aurus.txt", folder), cite(2, "other.txt", folder)], id="a2"
    )
    a2["retrieved"] = [{"file": "aurus.txt"}]
    a2["timings"] = {"total": 3.0}
    a3 = {
        "id": "a3",
        "answer": "Saya tidak dapat menjawab pertanyaan itu dari artikel yang tersedia.",
        "refused": True,
        "citations": [],
        "sentences": [],
        "retrieved": [
            {"file": "x.txt"},
            {"file": "y.txt"},
            {"file": "z.txt"},
            {"file": "w.txt"},
            {"file": "half_b.txt"},
        ],
        "timings": {"total": 2.0},
    }
    u1 = {
        "id": "u1",
        "answer": "I can't answer that from the articles I have.",
        "refused": True,
        "citations": [],
        "sentences": [],
        "retrieved": [],
        "timings": {"total": 0.5},
    }
    u2 = answer([("The weather was cold", [1])], [cite(1, "other.txt", folder)], id="u2", extractive=True)
    e1 = {"id": "e1", "question": "Who won?", "error": "the model did not answer within 120s"}
    return [a1, a2, a3, u1, u2, e1]


def test_score_question_reads_ranks_citations_facts_and_language(folder: Path) -> None:
    by_id = {a["id"]: a for a in answers(folder)}
    r = score_question(QUESTIONS[0], by_id["a1"], WordJudge())
    assert (r.status, r.gold_rank, r.hit(1), r.hit(3), r.reciprocal_rank) == ("answered", 2, False, True, 0.5)
    assert (r.facts_ok, r.cites_gold, r.detected_language, r.language_ok, r.latency) == (True, True, "en", True, 1.0)
    assert r.problems == []
    r = score_question(QUESTIONS[1], by_id["a2"], WordJudge())
    assert r.problems == ["1 unneeded citation(s)"]
    r = score_question(QUESTIONS[2], by_id["a3"], WordJudge())
    assert (r.status, r.gold_rank, r.facts_ok, r.cites_gold, r.language_scope, r.language_ok) == (
        "refused",
        5,
        False,
        False,
        "refusal",
        True,
    )
    assert r.problems == ["refused an answerable question"]
    broken = {
        **by_id["a1"],
        "citations": [cite(1, "kim.txt", folder / "gone"), {**cite(2, "kim.txt", folder), "lines": [2, 9]}],
    }
    r = score_question(QUESTIONS[0], broken, WordJudge())
    assert r.problems == [
        f"citation [1] kim.txt does not resolve: no file at {folder / 'gone' / 'kim.txt'}",
        "citation [2] kim.txt does not resolve: lines [2, 9] are not within the file's 3 lines",
    ]
    r = score_question(QUESTIONS[5], by_id["e1"], WordJudge())
    assert (r.status, r.problems) == ("error", ["error: the model did not answer within 120s"])
    r = score_question(QUESTIONS[5], None, WordJudge())
    assert (r.status, r.problems) == ("missing", ["no answer line for this id"])


def test_summarize_overall_metrics(folder: Path) -> None:
    results = evaluate(QUESTIONS, answers(folder), WordJudge()).results
    m = summarize(results)
    values = {k: (None if v.value is None else round(v.value, 4), v.n) for k, v in m.items()}
    assert values == {
        # a1 rank 2, a2 rank 1, a3 rank 5, e1 (error) no rank
        "hit@1": (0.25, 4),
        "hit@3": (0.5, 4),
        "hit@5": (0.75, 4),
        "mrr": (round((0.5 + 1 + 0.2 + 0) / 4, 4), 4),
        # answers with sentences: a1 (1/1, 1/1), a2 (1/1, 1/2), u2 (1/1, 1/1)
        "citation_recall": (1.0, 3),
        "citation_precision": (round(2.5 / 3, 4), 3),
        "fact_recall": (0.5, 4),  # a1, a2 yes; a3 refused; e1 failed
        "refusal_accuracy": (0.5, 2),  # u1 refused, u2 answered
        "wrong_refusal_rate": (0.25, 4),  # a3
        "cites_gold_rate": (0.5, 4),
        "language_match": (1.0, 4),  # a1, a2 (generated), a3, u1 (refusals); u2 is extractive
        "language_match_extractive": (0.0, 1),  # an English sentence for an Indonesian question
        "error_rate": (round(1 / 6, 4), 6),
        "latency_p50": (1.0, 5),
        "latency_p95": (2.8, 5),
        "answers_question_rate": (None, 0),  # these lines predate answers_question
        "wrong_flagged": (None, 0),  # no answered question has wrong facts
        "right_flagged": (0.0, 2),
        "followup_accuracy": (None, 0),
        "prompt_tokens_p50": (None, 0),  # no model tokens recorded
        "disagreement_recall": (None, 0),  # no question expects a disagreement
        "false_disagreement_rate": (0.0, 3),  # a1, a2, u2 answered, none reports one
        "outlet_recall": (None, 0),
        "accepted_right": (2, 4),  # a1, a2 in the model's words with their facts; a3 refused; e1 failed
        "replaced_by_quote": (0, 3),  # a1, a2, a3 (e1 has no answer line to read)
        "refused_answerable": (1, 4),  # a3
        "refused_before_model": (1, 3),  # a3: its timings show no generation
        **{
            name: (None, 0)  # no line is the scripted liar's
            for name in METRIC_BY_NAME
            if name.startswith("lies_")
        },
    }
    assert set(values) == set(METRIC_BY_NAME)


def test_later_answer_line_for_an_id_wins_and_unknown_ids_are_counted() -> None:
    first = {"id": "u1", "question": "q", "error": "boom"}
    second = {
        "id": "u1",
        "answer": "I can't answer that from the articles I have.",
        "refused": True,
        "citations": [],
        "sentences": [],
    }
    ev = evaluate([QUESTIONS[3]], [first, second, {"id": "stray", "answer": "x"}], WordJudge())
    assert ev.results[0].status == "refused"
    assert ev.extra_answers == 1


# --- thresholds -----------------------------------------------------------------------------------


def test_parse_threshold() -> None:
    assert str(parse_threshold("hit@3=0.9")) == "hit@3>=0.9"
    assert str(parse_threshold("latency_p95<=30")) == "latency_p95<=30"
    with pytest.raises(ThresholdError, match=r"unknown metric 'hit@2'; known metrics: hit@1, hit@3, hit@5, mrr"):
        parse_threshold("hit@2=0.5")
    with pytest.raises(ThresholdError, match=r"give an upper bound: --max 'latency_p95=5'"):
        parse_threshold("latency_p95=5")
    with pytest.raises(ThresholdError, match="not a number"):
        parse_threshold("mrr=high")
    with pytest.raises(ThresholdError, match="METRIC=VALUE"):
        parse_threshold("mrr")
    with pytest.raises(ThresholdError, match="unknown metric"):
        parse_threshold("language_match_extractive=0.5")  # informational only


def test_check_thresholds_names_what_falls_short() -> None:
    metrics = {
        "hit@3": MetricValue(0.75, 8),
        "refusal_accuracy": MetricValue(1.0, 2),
        "language_match": MetricValue(None, 0),
        "latency_p95": MetricValue(4.0, 8),
    }
    thresholds = [
        parse_threshold(s)
        for s in ("hit@3=0.9", "refusal_accuracy=1", "language_match=0.8", "latency_p95<=5", "latency_p95<=3")
    ]
    assert check_thresholds(metrics, thresholds) == [
        "hit@3 = 0.750, required hit@3>=0.9",
        "language_match: not measured (no question it applies to), required language_match>=0.8",
        "latency_p95 = 4.000, required latency_p95<=3",
    ]


def test_the_assistants_own_flags_are_scored_against_the_facts(folder: Path) -> None:
    questions = [
        {"id": f"q{i}", "question": "Siapa?", "gold_sources": ["kim.txt"], "facts": [["kim"]], "answerable": True}
        for i in range(4)
    ] + [
        {"id": "c1", "question": "Siapa?", "conversation": "c", "facts": [["kim"]], "gold_sources": ["kim.txt"]},
        {
            "id": "c2",
            "question": "Di mana?",
            "conversation": "c",
            "facts": [["pyongyang"]],
            "gold_sources": ["kim.txt"],
        },
    ]
    right = [("kim met putin", [1])]
    wrong = [("the weather was cold", [1])]
    lines = [
        {"id": "q0", **answer(right, [cite(1, "kim.txt", folder)], answers_question=True)},
        {"id": "q1", **answer(right, [cite(1, "kim.txt", folder)], answers_question=False)},  # right, flagged
        {"id": "q2", **answer(wrong, [cite(1, "other.txt", folder)], answers_question=False)},  # wrong, flagged
        {"id": "q3", **answer(wrong, [cite(1, "other.txt", folder)], answers_question=True)},  # wrong, not flagged
        {"id": "c1", **answer(right, [cite(1, "kim.txt", folder)], answers_question=True)},
        {"id": "c2", **answer(right, [cite(1, "kim.txt", folder)], answers_question=True)},  # follow-up: no "pyongyang"
    ]
    lines[3]["sentences"][0]["supported"] = False  # ... until a sentence is unsupported: flagged after all
    metrics = evaluate(questions, lines, WordJudge()).metrics
    assert (metrics["wrong_flagged"].value, metrics["wrong_flagged"].n) == (2 / 3, 3)  # q2, q3 flagged; c2 not
    assert (metrics["right_flagged"].value, metrics["right_flagged"].n) == (1 / 3, 3)  # q1
    assert (metrics["answers_question_rate"].value, metrics["answers_question_rate"].n) == (4 / 6, 6)
    assert (metrics["followup_accuracy"].value, metrics["followup_accuracy"].n) == (0.0, 1)
    assert parse_threshold("right_flagged<=0.05").at_most and not parse_threshold("wrong_flagged=0.9").at_most


def test_disagreements_and_outlets_are_scored_against_the_question_file(folder: Path) -> None:
    question = {
        "id": "n1",
        "question": "How long was the visit planned to last?",
        "facts": [],
        "expect_disagreement": ["tiga hari", "dua hari"],
        "expect_outlets": ["KabarDunia", "baperanews", "Reuters"],
    }
    sides = [{"value": "selama Tiga  hari", "outlets": ["KABARDUNIA.ID"]}, {"value": "dua hari", "outlets": []}]
    line = {
        "id": "n1",
        "answer": "Tiga hari [1].",
        "citations": [{**cite(1, "kim.txt", folder), "outlet": "KABARDUNIA.ID"}],
        "sentences": [{"text": "Tiga hari [1].", "citations": [1], "corroborated_by": [{"outlet": "BaperaNews"}]}],
        "disagreements": [{"about": "duration", "sides": sides}],
    }
    r = score_question(question, line, WordJudge())
    assert r.disagreement_ok is True and r.false_disagreement is None
    assert r.outlets_found == [True, True, False] and r.outlet_recall == 2 / 3
    assert "does not name outlets: Reuters" in r.problems

    one_side = {**line, "disagreements": [{"about": "duration", "sides": sides[:1]}]}
    r = score_question(question, one_side, WordJudge())
    assert r.disagreement_ok is False and "does not report the disagreement: tiga hari / dua hari" in r.problems

    plain = {k: v for k, v in question.items() if k != "expect_disagreement"}
    r = score_question(plain, line, WordJudge())
    assert r.disagreement_ok is None and r.false_disagreement is True
    assert "reports a disagreement the question file does not expect" in r.problems
    m = summarize([score_question(question, line, WordJudge()), score_question(plain, line, WordJudge())])
    assert (m["disagreement_recall"].value, m["disagreement_recall"].n) == (1.0, 1)
    assert (m["false_disagreement_rate"].value, m["false_disagreement_rate"].n) == (1.0, 1)
    assert m["outlet_recall"].value == 2 / 3
