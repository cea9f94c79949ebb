""" "Does it answer?": whether an answer's supported sentences answer the question, with a short reason.

An answer answers its question when:

* it rests on answering evidence: its cited passages hold an evidence sentence that can answer the question
  (``Evidence.answers``), and the answer's supported sentences are supported by those sentences themselves,
  not only by something else in the passage (an off-topic quote of the right passage fails here);
* for a typed question ("who", "when", "how many", ...), it names a candidate of that type that the
  question does not already contain;
* for a "which <role>" question ("which defence minister"), one of the people it names holds that role in
  the passages, not a role the passages give to someone else (``assistant.verification.roles``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assistant.answering.candidates import place_tokens
from assistant.answering.evidence import new_candidates
from assistant.answering.question import AnswerType, QuestionAnalysis
from assistant.citations import strip_markers
from assistant.lexical import TokenIndex, claim_tokens
from assistant.verification import SupportJudge
from assistant.verification.roles import ROLE_WORDS, role_conflicts


@dataclass(frozen=True)
class AnswerCheck:
    """Whether an answer answers its question, and a short reason either way."""

    answers_question: bool
    reason: str


def question_role(question: str) -> str:
    """The question's role words in its own order ("defence minister"), "" when it names no role."""
    return " ".join(w for w in question.lower().replace("?", " ").split() if w in ROLE_WORDS)


def check_answer(
    analysis: QuestionAnalysis,
    answer_sentences: Sequence[str],
    basis: Sequence[str],
    passages: Sequence[str],
    judge: SupportJudge,
) -> AnswerCheck:
    """Whether ``answer_sentences`` (the supported ones, markers allowed) answer the question.

    ``basis``: the answering evidence sentences of the cited passages; ``passages``: the cited passages.
    """
    text = " ".join(strip_markers(s) for s in answer_sentences).strip()
    if not text:
        return AnswerCheck(False, "no supported sentence")
    if not basis:
        return AnswerCheck(False, "off the question: it cites no passage sentence that answers it")
    if judge.score(text, list(basis)) < judge.threshold:
        return AnswerCheck(False, "off the question: it says something other than the sentence that answers it")
    index = TokenIndex([text])
    missing = [t.word for t in analysis.critical if not index.has(t)]
    if missing:
        return AnswerCheck(False, f"off the question: it says nothing about {', '.join(missing)}")
    asked = TokenIndex([analysis.text])
    if analysis.answer_type is not AnswerType.YESNO and all(asked.has(t) for t in claim_tokens(text)):
        return AnswerCheck(False, "repeats the question without answering it")
    if not analysis.typed:
        return AnswerCheck(True, f"rests on a sentence that answers the {analysis.answer_type.value} question")
    found = new_candidates(analysis, text, place_tokens([text, *passages]))
    kind = analysis.answer_type.value
    if not found:
        return AnswerCheck(False, f"names no {kind} for a '{kind}' question")
    role = question_role(analysis.text) if analysis.answer_type is AnswerType.PERSON else ""
    if role:
        conflicts = [role_conflicts(f"{role} {name}".title(), passages) for name in found]
        if all(conflicts):
            return AnswerCheck(False, f"wrong person: {conflicts[0][0].reason()}")
        found = tuple(name for name, c in zip(found, conflicts, strict=True) if not c)
    return AnswerCheck(True, f"names {found[0]} ({kind})")
