""" "Does it answer?": whether an answer's supported sentences answer the question, with a short reason.

An answer is judged by what it says, in the question's language (answers are written in it), from general
signals (``FEATURES``) that a ``Calibration`` fitted for the embedder turns into a probability:

* ``typed_hit`` / ``typed_miss``: for a question that asks for a person, place, time, number, duration or
  organisation, whether a supported sentence names such a candidate that the question does not already hold;
* ``focus``: the weighted share of the question's focus terms the answer itself holds;
* ``similarity``: the embedder's question-to-answer cosine;
* ``critical_miss``: the answer lacks the noun the question asks about ("documents" in "how many
  documents").

Hard rules stay on top: no supported sentence, an answer that only repeats the question, and for a "which
<role>" question a person the passages give another role (``assistant.verification.roles``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from llama_index.core.base.embeddings.base import BaseEmbedding

from assistant.answering.candidates import place_tokens
from assistant.answering.evidence import new_candidates
from assistant.answering.forms import QueryForms
from assistant.answering.question import AnswerType, QuestionAnalysis
from assistant.answering.verify import Verified
from assistant.calibration import Calibration
from assistant.citations import strip_markers
from assistant.embeddings import embed_passages, embed_queries
from assistant.lexical import TokenIndex, claim_tokens, weighted_share
from assistant.verification.roles import ROLE_WORDS, role_conflicts

FEATURES = ("typed_hit", "typed_miss", "focus", "similarity", "critical_miss")


@dataclass(frozen=True)
class AnswerCheck:
    """Whether an answer answers its question, and a short reason either way."""

    answers_question: bool
    reason: str
    probability: float = 0.0


def question_role(question: str) -> str:
    """The question's role words in its own order ("defence minister"), "" when it names no role."""
    return " ".join(w for w in question.lower().replace("?", " ").split() if w in ROLE_WORDS)


def answer_features(analysis: QuestionAnalysis, text: str, passages: Sequence[str], similarity: float) -> tuple[dict[str, float], tuple[str, ...]]:
    """The feature values of an answer text (markers stripped) to ``analysis``'s question, and the new
    candidates of the asked type it names."""
    found = new_candidates(analysis, text, place_tokens([text, *passages])) if analysis.typed else ()
    index = TokenIndex([text])
    focus = weighted_share(analysis.focus, index)[0] if analysis.focus else 1.0
    critical = all(index.has(t) for t in analysis.critical)
    values = {
        "typed_hit": float(analysis.typed and bool(found)),
        "typed_miss": float(analysis.typed and not found),
        "focus": focus,
        "similarity": similarity,
        "critical_miss": float(not critical),
    }
    return values, found


def answer_similarity(embedder: BaseEmbedding, question: str, text: str) -> float:
    """The embedder's cosine between the question (query form) and the answer (passage form)."""
    q = embed_queries(embedder, [question])[0]
    a = embed_passages(embedder, [text])[0]
    return float(a @ q)


def check_answer(
    forms: QueryForms, verified: Verified, calibration: Calibration, embedder: BaseEmbedding
) -> AnswerCheck:
    """Whether the supported sentences of ``verified`` answer the question (see the module docstring)."""
    analysis = forms.analysis
    text = " ".join(strip_markers(s.text) for s in verified.supported).strip()
    if not text:
        return AnswerCheck(False, "no supported sentence")
    asked = TokenIndex([analysis.text])
    if analysis.answer_type is not AnswerType.YESNO and all(asked.has(t) for t in claim_tokens(text)):
        return AnswerCheck(False, "repeats the question without answering it")
    passages = [c.text for c in verified.citations]
    values, found = answer_features(analysis, text, passages, answer_similarity(embedder, analysis.text, text))
    probability = calibration.probability(values)
    kind = analysis.answer_type.value
    if probability < calibration.threshold:
        if analysis.typed and not found:
            return AnswerCheck(False, f"names no {kind} for a '{kind}' question", probability)
        missing = [t.word for t in analysis.critical if not TokenIndex([text]).has(t)]
        if missing:
            return AnswerCheck(False, f"off the question: it says nothing about {', '.join(missing)}", probability)
        return AnswerCheck(False, "off the question: it says something other than what was asked", probability)
    if not analysis.typed:
        return AnswerCheck(True, f"answers the {kind} question", probability)
    role = question_role(analysis.text) if analysis.answer_type is AnswerType.PERSON else ""
    if role and found:
        conflicts = [role_conflicts(f"{role} {name}".title(), passages) for name in found]
        if all(conflicts):
            return AnswerCheck(False, f"wrong person: {conflicts[0][0].reason()}", probability)
        found = tuple(name for name, c in zip(found, conflicts, strict=True) if not c)
    if found:
        return AnswerCheck(True, f"names {found[0]} ({kind})", probability)
    return AnswerCheck(True, f"answers the {kind} question", probability)
