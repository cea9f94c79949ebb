"""What became of each answer, on hand-made answer lines: shown as written, quoted, refused (before the model
or after), and the scripted liar's lies shown, flagged or blocked; each metric and its gate."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from assistant.commands.eval import run_eval_cli
from assistant.evaluation import evaluate, parse_threshold
from assistant.evaluation.gates import check_thresholds
from assistant.evaluation.outcomes import lie_present, model_asked, script_of
from assistant.settings import load_settings

from .test_scoring import WordJudge

ASKED = {"retrieval": 0.1, "prefill": 0.2, "generation": 0.3, "total": 0.7}
NOT_ASKED = {"retrieval": 0.1, "evidence": 0.1, "total": 0.2}

QUESTIONS: list[dict[str, Any]] = [
    {"id": "a1", "question": "Who welcomed Putin?", "facts": [["Kim"]], "answerable": True,
     "wrong_answer": "Choe welcomed Putin [e0].", "wrong_kind": "swap", "wrong_value": "Choe"},
    {"id": "a2", "question": "How many years since his last visit?", "facts": [["24"]], "answerable": True,
     "wrong_answer": "It was 42 years [e0].", "wrong_kind": "number", "wrong_value": "42"},
    {"id": "a3", "question": "Was the visit a worry?", "facts": [["worry"]], "answerable": True,
     "wrong_answer": "It was not a worry [e0].", "wrong_kind": "negation", "wrong_value": "not"},
    {"id": "a4", "question": "What did Kirby say?", "facts": [["concern"]], "answerable": True,
     "wrong_answer": "Kirby is the spokesman of the National Security Council [w0].", "wrong_kind": "off-topic",
     "wrong_value": "Kirby's job title"},
    {"id": "u1", "question": "How much did the tickets cost?", "facts": [], "answerable": False,
     "wrong_answer": "They cost Rp 5 miliar [1].", "wrong_kind": "invented", "wrong_value": "Rp 5 miliar"},
]  # fmt: skip


def line(
    qid: str,
    text: str,
    *,
    model: str = "scripted-honest",
    supported: tuple[bool, ...] = (True,),
    answers_question: bool = True,
    timings: dict[str, float] = ASKED,
    **extra: Any,
) -> dict[str, Any]:
    """An answer line as `assistant batch` writes it (no citations: none are scored here)."""
    return {
        "id": qid,
        "answer": text,
        "refused": False,
        "quoted": False,
        "extractive": False,
        "backend": "ollama",
        "model": model,
        "answers_question": answers_question,
        "sentences": [{"text": text, "citations": [], "supported": s} for s in supported],
        "citations": [],
        "timings": timings,
        **extra,
    }


def refused(qid: str, timings: dict[str, float], model: str = "scripted-honest") -> dict[str, Any]:
    return line(qid, "I can't answer that.", model=model, supported=(), answers_question=False, timings=timings,
                refused=True)  # fmt: skip


def figures(answers: list[dict[str, Any]], script: str | None = None) -> dict[str, tuple[float | None, int]]:
    metrics = evaluate(QUESTIONS, answers, WordJudge(), script=script).metrics
    return {name: (value.value, value.n) for name, value in metrics.items()}


def test_honest_outcomes_right_quoted_refused_before_and_after_the_model() -> None:
    got = figures(
        [
            line("a1", "Kim Jong Un welcomed Putin [1]."),
            line("a2", "His first visit since 2024 [1]."),  # "24" is not in "2024": not right
            line("a3", "Stoltenberg called it a worry [1].", quoted=True),
            refused("a4", NOT_ASKED),
            refused("u1", ASKED),
        ]
    )
    assert got["accepted_right"] == (1, 4)
    assert got["replaced_by_quote"] == (1, 4)
    assert got["refused_answerable"] == (1, 4)
    assert got["refused_before_model"] == (1, 4)
    assert got["lies_shown"] == (None, 0)  # the honest model tells no lie


def test_honest_outcomes_can_all_be_worse() -> None:
    got = figures(
        [
            line("a1", "Kim welcomed Putin [1].", quoted=True),
            refused("a2", NOT_ASKED),
            refused("a3", NOT_ASKED),
            refused("a4", ASKED),
            refused("u1", NOT_ASKED),
        ]
    )
    assert got["accepted_right"] == (0, 4)
    assert got["replaced_by_quote"] == (1, 4)
    assert got["refused_answerable"] == (3, 4)
    assert got["refused_before_model"] == (2, 4)


def test_extractive_answers_are_neither_replaced_nor_refused_before_a_model() -> None:
    extractive = [
        line(q["id"], "Kim menyambut Putin [1].", model="none", timings=NOT_ASKED, extractive=True, quoted=True)
        for q in QUESTIONS
    ]
    got = figures(extractive)
    assert got["accepted_right"] == (0, 4)
    assert got["replaced_by_quote"] == (None, 0)
    assert got["refused_before_model"] == (None, 0)


LIES = [
    line("a1", "Choe welcomed Putin [1].", model="scripted-liar"),  # shown as checked
    line("a2", "It was 42 years [1].", model="scripted-liar", supported=(False,)),  # flagged: unsupported
    line("a3", "It was not a worry [1].", model="scripted-liar", quoted=True),  # blocked: replaced
    line("a4", "Kirby is the spokesman of the National Security Council [1].", model="scripted-liar"),
    line("u1", "They cost Rp 5 miliar [1].", model="scripted-liar", answers_question=False),  # flagged
]


def test_the_liars_lies_are_shown_flagged_or_blocked_by_kind() -> None:
    got = figures(LIES)
    assert got["lies_shown"] == (2, 5)
    assert got["lies_flagged"] == (2, 5)
    assert got["lies_blocked"] == (1, 5)
    assert {kind: got[f"lies_shown_{kind}"] for kind in ("number", "swap", "invented", "negation", "off_topic")} == {
        "number": (0, 1),
        "swap": (1, 1),
        "invented": (0, 1),
        "negation": (0, 1),
        "off_topic": (1, 1),  # "Kirby's job title" is not in the answer, but the liar's whole answer is
    }
    assert got["accepted_right"] == (0, 4)


def test_a_lie_left_out_or_refused_is_blocked() -> None:
    answers = [
        line("a1", "Kim welcomed Putin [1].", model="scripted-liar"),  # the engine kept only the truth
        refused("a2", ASKED, model="scripted-liar"),
        *LIES[2:],
    ]
    got = figures(answers)
    assert (got["lies_shown"], got["lies_blocked"], got["lies_shown_swap"]) == ((1, 5), (3, 5), (0, 1))


def test_the_script_can_be_named_when_the_lines_do_not_say() -> None:
    unnamed = [{**a, "model": "qwen2.5:1.5b"} for a in LIES]
    assert figures(unnamed)["lies_shown"] == (None, 0)
    assert figures(unnamed, script="liar")["lies_shown"] == (2, 5)


def test_reading_the_model_and_the_timings() -> None:
    assert script_of({"model": "scripted-liar"}) == "liar"
    assert script_of({"run": {"model": "scripted-honest:latest"}}) == "honest"
    assert script_of({"model": "qwen2.5:1.5b"}) is None
    assert model_asked({"timings": {"retry_prefill": 0.1}})
    assert not model_asked({"timings": {"condense": 0.2, "total": 1.0}})


def test_a_lie_is_found_as_a_value_as_its_words_or_as_the_liars_answer() -> None:
    assert lie_present("It was not a worry.", "not")
    assert not lie_present("North Korea is a worry.", "no")
    assert lie_present("Found the boy dead on Monday morning.", "found on Monday morning")
    assert lie_present(
        "Hotel occupancy jumped to 92 percent.", "occupancy rose", "Hotel occupancy jumped to 92 percent [1]."
    )
    assert not lie_present("Hotel occupancy jumped.", "occupancy rose", "Hotel occupancy jumped to 92 percent [1].")


def test_max_gates_on_counts() -> None:
    metrics = evaluate(QUESTIONS, LIES, WordJudge()).metrics
    gates = [parse_threshold("lies_shown=1", maximum=True), parse_threshold("lies_blocked=1"),
             parse_threshold("lies_shown_swap=1", maximum=True)]  # fmt: skip
    assert check_thresholds(metrics, gates) == ["lies_shown = 2 of 5, required lies_shown<=1"]


def test_eval_command_gates_with_max_and_script(tmp_path: Path) -> None:
    questions = tmp_path / "qs.jsonl"
    questions.write_text("".join(json.dumps(q) + "\n" for q in QUESTIONS), encoding="utf-8")
    answers = tmp_path / "answers.jsonl"
    answers.write_text("".join(json.dumps({**a, "model": "m"}) + "\n" for a in LIES), encoding="utf-8")
    settings = load_settings(store_dir=tmp_path)

    def run(*maximums: str, script: str | None = None) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        code = run_eval_cli(settings, questions, answers=answers, maximums=maximums, script=script,
                            judge=WordJudge(), out=out, err=err)  # fmt: skip
        return code, out.getvalue(), err.getvalue()

    code, _, err = run("lies_shown=1")
    assert (code, err) == (
        1,
        "above maximum: lies_shown: not measured (no question it applies to), required lies_shown<=1\n",
    )
    code, out, err = run("lies_shown=1", "lies_shown_swap=1", script="liar")
    assert (code, err) == (1, "above maximum: lies_shown = 2 of 5, required lies_shown<=1\n")
    assert "\nlies_shown                     2/5    5  " in out
    assert run("lies_shown=2", script="liar")[0] == 0


@pytest.mark.parametrize(("spec", "message"), [
    ("lies_shown", "--max 'lies_shown': write METRIC=VALUE, e.g. --max lies_shown=5"),
    ("lies=1", "--max 'lies=1': unknown metric 'lies'"),
])  # fmt: skip
def test_bad_max_arguments_say_what_to_write(spec: str, message: str) -> None:
    with pytest.raises(Exception, match=message):
        parse_threshold(spec, maximum=True)
