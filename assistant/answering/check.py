""" "Does it answer?": whether an answer's supported sentences answer the question, with a short reason.

An answer is judged by what it says and what it rests on, from general signals (``FEATURES``) that a
``Calibration`` fitted for the embedder turns into a probability:

* ``typed_hit`` / ``typed_miss``: for a question that asks for a person, place, time, number, duration or
  organisation, whether a supported sentence names such a candidate that the question does not already hold;
  ``slot``: the share of the question's content words (not its names) within ``SLOT_WORDS`` words of such a
  candidate - the value stands where the question's predicate is ("seized ... Rp 1.8 billion" for "how much
  did KPK seize", not "received ... Rp 3.2 billion");
* ``source`` / ``source_gap``: how likely the passage sentence each answer sentence comes from (the one most
  like it in its cited passages) answers the question, by evidence ranking (``assistant.answering.evidence``),
  and how far below the best evidence of everything retrieved it is - a true sentence about something else
  rests on a sentence that does not answer, and a liar cites only the passage its sentence is true in;
* ``similarity``: the embedder's question-to-answer cosine; ``critical_miss``: the answer lacks the noun the
  question asks about ("documents" in "how many documents").

Hard rules stay on top: no supported sentence, an answer that only repeats the question, a typed question
answered with no candidate of its type, and for a "which <role>" question a person the passages give
another role (``assistant.verification.roles``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from llama_index.core.base.embeddings.base import BaseEmbedding

from assistant.answering.candidates import place_tokens
from assistant.answering.evidence import Evidence, new_candidates
from assistant.answering.forms import QueryForms
from assistant.answering.question import AnswerType, QuestionAnalysis
from assistant.answering.verify import Verified
from assistant.calibration import Calibration
from assistant.citations import strip_markers
from assistant.embeddings import embed_passages, query_vectors
from assistant.lexical import TokenIndex, claim_tokens, weighted_share
from assistant.verification.roles import ROLE_WORDS, role_conflicts
from assistant.vocabulary import YESNO_PARTICLES

Vectors = Callable[[list[str]], np.ndarray]
"""Texts -> normalized vectors (the support judge's, so that nothing is embedded twice)."""
FEATURES = ("typed_hit", "typed_miss", "slot", "source", "source_gap", "similarity", "critical_miss")
SLOT_WORDS = 8
"""Words on each side of an answer's candidate that count as its slot."""


@dataclass(frozen=True)
class AnswerCheck:
    """Whether an answer answers its question, and a short reason either way."""

    answers_question: bool
    reason: str
    probability: float = 0.0


def question_role(question: str) -> str:
    """The question's role words in its own order ("defence minister"), "" when it names no role."""
    return " ".join(w for w in question.lower().replace("?", " ").split() if w in ROLE_WORDS)


def source_probability(answer_sentences: Sequence[str], evidence: Sequence[Evidence], vectors: Vectors) -> float:
    """For each answer sentence the evidence sentence most like it (its source), and that source's evidence
    probability; the best over the answer's sentences (0 when there is no evidence)."""
    if not evidence or not answer_sentences:
        return 0.0
    sims = vectors(list(answer_sentences)) @ vectors([e.sentence for e in evidence]).T
    return float(max(evidence[int(np.argmax(row))].probability for row in sims))


YESNO_FOCUS = 0.5
"""The weighted share of a yes/no question's focus words a "yes"/"no" answer must hold to answer it."""


def answers_yes_or_no(analysis: QuestionAnalysis, text: str) -> bool:
    """Whether ``text`` opens with a yes/no particle and states what the question asks about (most of its
    focus words, in either language)."""
    first = re.match(r"\W*([^\W\d_]+)", text)
    if first is None or first.group(1).lower() not in YESNO_PARTICLES:
        return False
    return weighted_share(analysis.focus, TokenIndex([text]))[0] >= YESNO_FOCUS


def slot_share(analysis: QuestionAnalysis, text: str, found: Sequence[str]) -> float:
    """The largest weighted share of the question's content words (not names or numbers) within SLOT_WORDS
    words of a candidate ``found`` in ``text`` (1.0 when the question has no such words, 0.0 when no
    candidate is found)."""
    wanted = [t for t in analysis.focus if not t.is_name and not t.is_number]
    if not wanted:
        return 1.0
    words = list(re.finditer(r"\S+", text))
    best = 0.0
    for candidate in found:
        at = text.find(candidate)
        if at < 0:
            continue
        inside = [i for i, w in enumerate(words) if w.end() > at and w.start() < at + len(candidate)]
        window = words[max(0, inside[0] - SLOT_WORDS) : inside[-1] + SLOT_WORDS + 1]
        best = max(best, weighted_share(wanted, TokenIndex([" ".join(w.group() for w in window)]))[0])
    return best


def cited_evidence(evidence: Sequence[Evidence], passages: Sequence[str]) -> list[Evidence]:
    """The ranked evidence sentences that the cited ``passages`` hold (all of it when they hold none)."""
    flat = [" ".join(p.split()) for p in passages]
    return [e for e in evidence if any(e.sentence in p for p in flat)] or list(evidence)


def answer_features(
    analysis: QuestionAnalysis,
    answer_sentences: Sequence[str],
    passages: Sequence[str],
    evidence: Sequence[Evidence],
    vectors: Vectors,
    similarity: float,
    best: float,
) -> tuple[dict[str, float], tuple[str, ...]]:
    """The feature values of an answer (its sentences, markers stripped) to ``analysis``'s question, and the
    new candidates of the asked type it names. ``evidence``: the ranked sentences of the cited passages;
    ``best``: the best evidence probability of all that was ranked, cited or not."""
    text = " ".join(answer_sentences)
    found = new_candidates(analysis, text, place_tokens([text, *passages])) if analysis.typed else ()
    critical = all(TokenIndex([text]).has(t) for t in analysis.critical)
    source = source_probability(answer_sentences, evidence, vectors)
    values = {
        "typed_hit": float(analysis.typed and bool(found)),
        "typed_miss": float(analysis.typed and not found),
        "slot": slot_share(analysis, text, found) if found else 0.0,
        "source": source,
        "source_gap": source - best,
        "similarity": similarity,
        "critical_miss": float(not critical),
    }
    return values, found


def answer_similarity(embedder: BaseEmbedding, question: str, text: str) -> float:
    """The embedder's cosine between the question (query form) and the answer (passage form)."""
    q = query_vectors(embedder)([question])[0]
    a = embed_passages(embedder, [text])[0]
    return float(a @ q)


def check_answer(
    forms: QueryForms,
    verified: Verified,
    evidence: Sequence[Evidence],
    calibration: Calibration,
    embedder: BaseEmbedding,
    vectors: Vectors,
) -> AnswerCheck:
    """Whether the supported sentences of ``verified`` answer the question (see the module docstring).

    ``evidence``: the ranked evidence sentences; ``vectors``: the symmetric sentence vectors the support
    judge compares with (answer sentences are matched to their sources with them)."""
    analysis = forms.analysis
    sentences = [strip_markers(s.text) for s in verified.supported]
    text = " ".join(sentences).strip()
    if not text:
        return AnswerCheck(False, "no supported sentence")
    asked = TokenIndex([analysis.text])
    if analysis.answer_type is not AnswerType.YESNO and all(asked.has(t) for t in claim_tokens(text)):
        return AnswerCheck(False, "repeats the question without answering it")
    passages = [c.text for c in verified.citations]
    cited = cited_evidence(evidence, passages)
    similarity = answer_similarity(embedder, analysis.text, text)
    best = max((e.probability for e in evidence), default=0.0)
    values, found = answer_features(analysis, sentences, passages, cited, vectors, similarity, best)
    probability = calibration.probability(values)
    kind = analysis.answer_type.value
    if analysis.typed and not found:
        return AnswerCheck(False, f"names no {kind} for a '{kind}' question", probability)
    if analysis.answer_type is AnswerType.YESNO and answers_yes_or_no(analysis, text):
        return AnswerCheck(True, "answers the yes/no question", probability)
    if probability < calibration.threshold:
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
