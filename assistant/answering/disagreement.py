"""Disagreements: passages that answer the question give different values for the same thing (a time, a
duration, a number, a name), and the answer says so, citing every side, instead of silently picking one.

Each outlet's claim is the value of its best evidence sentence (``values.canonical`` of the sentence's
candidates of the asked type nearest to the question's words), among the sentences of every passage read
(the answer's and the other outlets' ones) that score within DISAGREEMENT_MARGIN of the best answering
sentence and themselves hold the question's content words (SIDE_COVERAGE: the sentence is about the same
event, not another visit). Sides are groups of claims whose values conflict (``values.conflict``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.answering.conflicts import conflict, distinct_values
from assistant.answering.evidence import Evidence
from assistant.answering.question import QUESTION_WORDS, AnswerType, QuestionAnalysis
from assistant.answering.selection import Selection
from assistant.answering.spans import ArticleTexts, with_spans
from assistant.answering.values import Value, canonical
from assistant.citations import format_sentence
from assistant.language import function_word
from assistant.lexical import ClaimToken, TokenIndex, weighted_share
from assistant.text import stem
from assistant.types import Answer, AnswerSentence, Citation, Disagreement, Passage, Side

DISAGREEMENT_MARGIN = 0.25
"""Evidence whose probability is within this of the best answering sentence's is read as an answer to the
same question."""
SIDE_COVERAGE = 0.6
"""Share of the question's content words a side's sentence must hold itself (names aside)."""
RUN_GAP = 20
"""Characters at most between time candidates that are read as one time ("Rabu (19/6) pukul 3 pagi")."""
COMPARABLE = frozenset(
    {
        AnswerType.TIME,
        AnswerType.DURATION,
        AnswerType.NUMBER,
        AnswerType.PERSON,
        AnswerType.PLACE,
        AnswerType.ORGANISATION,
    }
)
LEAD = {
    "id": "Sumber-sumber berbeda soal ini: {sides}.",
    "en": "The sources disagree on this: {sides}.",
}
SIDE = {"id": "menurut {outlets}, {value}", "en": "{outlets} says {value}"}


@dataclass(frozen=True)
class Claim:
    """One answering sentence's value, and where it is."""

    value: Value
    evidence: Evidence
    passage: Passage


@dataclass(frozen=True)
class Found:
    """A disagreement: two or more groups of claims whose values conflict, from different outlets."""

    kind: AnswerType
    sides: list[list[Claim]]

    def outlets(self, side: int) -> list[str]:
        return list(dict.fromkeys(c.passage.source for c in self.sides[side]))


def question_words(analysis: QuestionAnalysis) -> list[ClaimToken]:
    """The question's content words, names and numbers aside; words a stopword list drops but that carry the
    event ("tiba", "arrive") are kept: everything but question words and function words."""
    focus = [t for t in analysis.focus if not t.is_name and not t.is_number]
    names = {t.word for t in analysis.focus if t.is_name or t.is_number}
    words = {t.word for t in focus}
    for w in re.findall(r"[^\W\d_]+", analysis.text):
        low = w.lower()
        if (
            low not in words
            and low not in names
            and low not in QUESTION_WORDS
            and not function_word(low)
            and not w[0].isupper()
        ):
            words.add(low)
            focus.append(ClaimToken(stem(low), low, False, False))
    return focus


def about_the_question(sentence: str, content: Sequence[ClaimToken]) -> bool:
    """Whether the sentence itself (not its passage) holds enough of the question's content words."""
    return not content or weighted_share(content, TokenIndex([sentence]))[0] >= SIDE_COVERAGE


def sentence_value(
    sentence: str, candidates: Sequence[str], kind: AnswerType, content: Sequence[ClaimToken]
) -> Value | None:
    """The value a sentence gives: of its candidates, the run nearest to the question's content words (a
    weekday, a date and a clock time written together make one time)."""
    spans = sorted((at, at + len(c)) for c in candidates if (at := sentence.find(c)) >= 0)
    runs: list[tuple[int, int]] = []
    for start, end in spans:
        if runs and kind is AnswerType.TIME and start - runs[-1][1] <= RUN_GAP:
            runs[-1] = (runs[-1][0], max(end, runs[-1][1]))
        else:
            runs.append((start, end))
    words = [m.start() for m in re.finditer(r"[^\W_]+", sentence) if TokenIndex([m.group()]).has_any(content)]

    def distance(run: tuple[int, int]) -> int:
        return min((abs(w - run[0]) for w in words), default=0)

    for start, end in sorted(runs, key=distance):
        value = canonical(sentence[start:end], kind)
        if value is not None:
            return value
    return None


def find_disagreement(analysis: QuestionAnalysis, selection: Selection) -> Found | None:
    """The disagreement among the evidence that answers the question, if there is one."""
    kind = analysis.answer_type
    answering = selection.answering
    if kind not in COMPARABLE or not answering:
        return None
    best = answering[0].score
    content = question_words(analysis)
    claims: list[Claim] = []
    for e in selection.evidence:
        if not e.candidates or not e.critical or e.score < best - DISAGREEMENT_MARGIN:
            continue
        if not about_the_question(e.sentence, content):
            continue
        passage = selection.passages[e.passage]
        value = sentence_value(e.sentence, e.candidates, kind, content)
        # an outlet's best claim speaks for it: an outlet does not disagree with itself
        if value is not None and all(c.passage.source != passage.source for c in claims):
            claims.append(Claim(value, e, passage))
    groups = distinct_values([c.value for c in claims])
    if len(groups) < 2:
        return None
    by_value = {id(c.value): c for c in claims}
    sides = [[by_value[id(v)] for v in group] for group in groups]
    if not all(conflict(a[0].value, b[0].value) for i, a in enumerate(sides) for b in sides[i + 1 :]):
        return None
    return Found(kind, sides)


def statement(found: Found, numbers: Sequence[Sequence[int]], language: str) -> str:
    """The sentence the answer adds, in the question's language, each side with its citation markers."""
    lang = language if language in LEAD else "en"
    parts = []
    for i, side in enumerate(found.sides):
        text = SIDE[lang].format(outlets=" & ".join(found.outlets(i)), value=f"“{side[0].value.display}”")
        parts.append(format_sentence(text, numbers[i]))
    return LEAD[lang].format(sides="; ".join(parts))


def add_to_answer(answer: Answer, found: Found, texts: ArticleTexts) -> None:
    """Cite every side (adding a citation of a side's passage the answer does not cite yet), record the
    disagreement, and say it in the answer."""
    by_chunk = {c.chunk_id: c.n for c in answer.citations}
    numbers: list[list[int]] = []
    for side in found.sides:
        ns = []
        for claim in side:
            if claim.passage.chunk_id not in by_chunk:
                n = len(answer.citations) + 1
                answer.citations.extend(with_spans([Citation.of(n, claim.passage, claim.evidence.sentence)], texts))
                by_chunk[claim.passage.chunk_id] = n
            ns.append(by_chunk[claim.passage.chunk_id])
        numbers.append(sorted(set(ns)))
    sides = [
        Side(value=side[0].value.display, outlets=found.outlets(i), citations=numbers[i])
        for i, side in enumerate(found.sides)
    ]
    answer.disagreements.append(Disagreement(about=found.kind.value, sides=sides))
    text = statement(found, numbers, answer.language)
    cited = sorted({n for ns in numbers for n in ns})
    answer.sentences.append(AnswerSentence(text=text, citations=cited, supported=True, score=1.0))
    answer.answer = f"{answer.answer} {text}".strip()
