"""Citation-checked answer tests, one per question of ``tests/answers/*.jsonl`` and backend (see conftest)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from assistant.citations import strip_markers
from assistant.evaluation.matching import base_name, facts_found
from assistant.evaluation.scoring import citation_resolution_problems

EXTRACTIVE_MISSES = {
    "dev-d02": "the sentence says limusin for the question's car: a hyponym that no general word list or single-word "
    "embedding links (with no model to translate the question, only the table fitted to the seeds did)",
    "dev-d05": "the question rules out 2023 ('sebelum tahun 2023'); the extractive ranking reads no time constraint "
    "and quotes the September 2023 visit, which holds the question's words",
}
"""Cases the extractive backend is known to miss, and why: strict, so a case that starts passing fails too."""
TEST_MODEL_MISSES = {
    "dev-d02": "the 0.5B test model answers NO_ANSWER over the passage that says 'limusin Aurus' (the same hyponym), "
    "and its 'translation' of the question is an English statement, which is not used as one",
    "dev-d05": "the 0.5B answers right ('... sebelum tahun 2023 pada April 2019 [1].'), but as its own judge (the "
    "default) says the passage does not state it; the quote then taken reads no time constraint (as extractive)",
    "dev-d06": "the 0.5B names the place of the last meeting (Vostochny) for where Putin invited Kim next (Moscow); "
    "the sentence is supported, the answer check does not tell the two places' roles apart, and the 0.5B as judge "
    "says yes",
}
"""Cases the real 0.5B test model (the llm backend) is known to miss, and why; strict as above."""


def answer_problems(question: Mapping[str, Any], answer: Mapping[str, Any]) -> list[str]:
    """Why an answer fails its question (empty when it passes).

    Answerable: not refused, every fact group of the question in the answer as written (one of its
    alternatives, short ones as whole words), at least one citation of a gold source, every citation resolves
    (its file exists at ``path`` and its line range lies within the file). Unanswerable: refused, no citations.
    """
    citations = list(answer.get("citations", []))
    problems: list[str] = []
    if answer.get("error"):
        return [f"answering failed: {answer['error']}"]
    if question.get("answerable", True):
        if answer.get("refused"):
            problems.append("refused an answerable question")
        elif not citations:
            problems.append("answered without citations")
        facts = question.get("facts") or []
        found = facts_found(strip_markers(str(answer.get("answer", ""))), facts)
        missing = [" / ".join(group) for group, ok in zip(facts, found, strict=True) if not ok]
        if missing and not answer.get("refused"):
            problems.append(f"missing facts: {'; '.join(missing)}")
        gold = {base_name(g) for g in question.get("gold_sources", [])}
        cited = [str(c.get("file", "")) for c in citations]
        if not answer.get("refused") and gold and not any(base_name(f) in gold for f in cited):
            problems.append(
                f"no citation of a gold source ({', '.join(sorted(gold))}); cited: {', '.join(cited) or 'nothing'}"
            )
    else:
        if not answer.get("refused"):
            problems.append("answered an unanswerable question (expected the refusal phrase)")
        if citations:
            problems.append(f"an unanswerable question has {len(citations)} citation(s)")
    problems.extend(citation_resolution_problems(citations))
    return problems


def explain(question: Mapping[str, Any], answer: Mapping[str, Any], problems: list[str]) -> str:
    """The failure message: the reasons, the answer, its citations and each sentence's support."""
    out = [f"{question['id']}: {question['question']}", "reasons:"]
    out += [f"  - {p}" for p in problems]
    out.append(
        f"answer ({answer.get('backend')}/{answer.get('model')}, refused={answer.get('refused')}): {answer.get('answer')}"
    )
    out.append("citations:")
    for c in answer.get("citations", []):
        span = c.get("lines") or ["?", "?"]
        out.append(f'  [{c.get("n")}] {c.get("file")}:{span[0]}-{span[-1]} "{c.get("quote")}"')
    if not answer.get("citations"):
        out.append("  (none)")
    out.append("sentences:")
    for s in answer.get("sentences", []):
        verdict = "supported" if s.get("supported") else "NOT supported"
        out.append(
            f"  {verdict} score={s.get('score')} cites={s.get('citations')}{' (attributed)' if s.get('attributed') else ''}: {s.get('text')}"
        )
    if answer.get("dropped_markers"):
        out.append(f"dropped markers: {answer['dropped_markers']}")
    out.append(
        "retrieved: " + ", ".join(f"{r['file']}:{r['lines'][0]}-{r['lines'][1]}" for r in answer.get("retrieved", []))
    )
    out.append(f"gold sources: {question.get('gold_sources')}, timings: {answer.get('timings')}")
    return "\n".join(out)


def test_answer(answer_case: Any, answer_backend: str, answer_engine: Any, request: pytest.FixtureRequest) -> None:
    from assistant.answering.chat import AnswerChatEngine

    misses = {"extractive": EXTRACTIVE_MISSES, "llm": TEST_MODEL_MISSES}.get(answer_backend, {})
    if answer_case.id in misses:
        request.applymarker(pytest.mark.xfail(reason=misses[answer_case.id], strict=True))

    chat = AnswerChatEngine(answer_engine)  # a standalone question is a conversation of one turn
    for question in answer_case.turns:
        answer = chat.ask(question["question"]).to_json()
        problems = answer_problems(question, answer)
        assert not problems, explain(question, answer, problems)


# --- the checks themselves must catch bad answers -------------------------------------------------


def test_answer_problems_catch_each_kind_of_bad_answer(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Judul\n\nKim menyambut Putin.\n", encoding="utf-8")
    good = {"n": 1, "file": "a.txt", "path": str(article), "lines": [3, 3], "quote": "Kim menyambut Putin."}
    answerable = {"id": "x", "question": "Siapa?", "gold_sources": ["a.txt"], "answerable": True}
    unanswerable = {"id": "y", "question": "Berapa?", "gold_sources": [], "answerable": False}

    assert answer_problems(answerable, {"refused": False, "citations": [good]}) == []
    with_facts = {**answerable, "facts": [["Kim Jong Un", "Kim"], ["Putin"]]}
    assert answer_problems(with_facts, {"answer": "Kim menyambut Putin [1].", "citations": [good]}) == []
    assert answer_problems(with_facts, {"answer": "Kimberly menyambut Putin [1].", "citations": [good]}) == [
        "missing facts: Kim Jong Un / Kim"
    ]
    assert answer_problems(unanswerable, {"refused": True, "citations": []}) == []
    assert answer_problems(answerable, {"refused": True, "citations": []}) == ["refused an answerable question"]
    other = {**good, "file": "b.txt"}
    assert answer_problems(answerable, {"refused": False, "citations": [other]}) == [
        "no citation of a gold source (a.txt); cited: b.txt"
    ]
    beyond = {**good, "n": 2, "lines": [3, 9]}
    missing = {**good, "n": 3, "path": str(tmp_path / "gone.txt")}
    assert answer_problems(answerable, {"refused": False, "citations": [good, beyond, missing]}) == [
        "citation [2] a.txt does not resolve: lines [3, 9] are not within the file's 4 lines",
        f"citation [3] a.txt does not resolve: no file at {tmp_path / 'gone.txt'}",
    ]
    assert answer_problems(unanswerable, {"refused": False, "citations": [good]}) == [
        "answered an unanswerable question (expected the refusal phrase)",
        "an unanswerable question has 1 citation(s)",
    ]
