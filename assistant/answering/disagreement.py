"""Disagreements: passages from different outlets give different values for the same attribute of the same
event (a time, a duration, a number, a place, a person), and the answer says so, citing every side, instead of
silently picking one.

Two finders, both comparing values only within one *slot* (``assistant.answering.slots``: the same kind, the
same relation to the event, the same event; never a name against a phrase, nor "ke Vietnam" against
"di Ukraina"):

* ``find_disagreement``, about the question's own slot: each outlet's claim is the value of its best
  evidence sentence (the candidate of the asked type nearest the question's words) among the sentences that
  score within DISAGREEMENT_MARGIN of the best answering one and hold the question's content words
  (SIDE_COVERAGE);
* ``find_across``, about the answer's sources: every time, duration and number in a passage the answer cites
  is compared with the values of the same slot in the other retrieved passages of the same story, so that a
  disagreement next to what was asked ("who welcomed him" cites a sentence that also dates his arrival) is
  said too.

Sides are groups of claims whose values conflict (``conflicts.conflict``); two names given the same
one-of-a-kind description ("satu-satunya gereja Ortodoks di Korea Utara") agree.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.answering.candidates import place_tokens
from assistant.answering.conflicts import conflict, distinct_values
from assistant.answering.question import QUESTION_WORDS, AnswerType, QuestionAnalysis
from assistant.answering.selection import Selection
from assistant.answering.sentences import passage_sentences
from assistant.answering.slots import COMPARED, Fact, described_alike, make_fact, runs, same_slot, sentence_facts
from assistant.answering.spans import ArticleTexts, with_spans
from assistant.answering.values import Value
from assistant.citations import format_sentence
from assistant.language import function_word
from assistant.lexical import ClaimToken, TokenIndex, claim_tokens, weighted_share
from assistant.text import stem
from assistant.types import Answer, AnswerSentence, Citation, Disagreement, Passage, Side
from assistant.vocabulary import UNSPECIFIC_NAMES

DISAGREEMENT_MARGIN = 0.25
"""Evidence whose probability is within this of the best answering sentence's is read as an answer to the
same question."""
SIDE_COVERAGE = 0.6
"""Share of the question's content words a side's sentence must hold itself (names aside)."""
ACROSS = (AnswerType.TIME, AnswerType.DURATION, AnswerType.NUMBER)
"""The kinds of value compared across the answer's sources whatever the question asked."""
MAX_ACROSS = 2
"""At most this many disagreements about the answer's sources are said (the question's own comes first)."""
KIND_WORDS = {
    "id": {"time": "waktu", "duration": "lamanya", "number": "jumlah", "place": "tempat", "person": "orang",
           "organisation": "lembaga"},
    "en": {"time": "time", "duration": "duration", "number": "number", "place": "place", "person": "person",
           "organisation": "organisation"},
}  # fmt: skip
LEAD = {
    "id": "Sumber-sumber berbeda soal {kind}: {sides}.",
    "en": "The sources disagree on the {kind}: {sides}.",
}
SIDE = {"id": "menurut {outlets}, {value}", "en": "{outlets} says {value}"}


@dataclass(frozen=True)
class Claim:
    """One outlet's value, the sentence that gives it and its passage."""

    value: Value
    sentence: str
    passage: Passage


@dataclass(frozen=True)
class Found:
    """A disagreement: two or more groups of claims whose values conflict, from different outlets."""

    kind: AnswerType
    sides: list[list[Claim]]

    def outlets(self, side: int) -> list[str]:
        return list(dict.fromkeys(c.passage.source for c in self.sides[side]))

    def key(self) -> frozenset[str]:
        return frozenset(c.value.key for side in self.sides for c in side)


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


def sentence_fact(
    sentence: str, candidates: Sequence[str], kind: AnswerType, content: Sequence[ClaimToken]
) -> Fact | None:
    """The fact a sentence gives about the question: of its candidates, the run nearest to the question's
    content words (a weekday, a date and a clock time written together make one time)."""
    words = [m.start() for m in re.finditer(r"[^\W_]+", sentence) if TokenIndex([m.group()]).has_any(content)]

    def distance(run: tuple[int, int]) -> int:
        return min((abs(w - run[0]) for w in words), default=0)

    for start, end in sorted(runs(sentence, candidates, kind), key=distance):
        fact = make_fact(sentence, start, end, kind)
        if fact is not None:
            return fact
    return None


def sentence_value(
    sentence: str, candidates: Sequence[str], kind: AnswerType, content: Sequence[ClaimToken]
) -> Value | None:
    """The value ``sentence_fact`` reads (None when none)."""
    fact = sentence_fact(sentence, candidates, kind, content)
    return fact.value if fact is not None else None


def find_disagreement(analysis: QuestionAnalysis, selection: Selection) -> Found | None:
    """The disagreement among the evidence that answers the question, if there is one."""
    kind = analysis.answer_type
    answering = selection.answering
    if kind not in COMPARED or not answering:
        return None
    best = answering[0].score
    content = question_words(analysis)
    facts: list[tuple[Fact, Passage]] = []
    for e in selection.evidence:
        if not e.candidates or not e.critical or e.score < best - DISAGREEMENT_MARGIN:
            continue
        if not about_the_question(e.sentence, content):
            continue
        passage = selection.passages[e.passage]
        fact = sentence_fact(e.sentence, e.candidates, kind, content)
        # an outlet's best claim speaks for it: an outlet does not disagree with itself, nor a report of
        # another story
        if fact is None or (facts and not same_story(facts[0][1], passage)):
            continue
        if all(q.source != passage.source for _, q in facts):
            facts.append((fact, passage))
    # the sides give the same attribute: the same relation to the event ("at" a time, not "before" it), the
    # same role; each such group, the best claim's first
    groups: dict[tuple[str, str], list[tuple[Fact, Passage]]] = {}
    for f, p in facts:
        groups.setdefault((f.relation, f.role), []).append((f, p))
    for group in groups.values():
        found = found_in_slot(kind, group) if len(group) > 1 else None
        if found is not None:
            return found
    return None


def found_in_slot(kind: AnswerType, facts: Sequence[tuple[Fact, Passage]]) -> Found | None:
    """The disagreement among one slot's facts (one per outlet), if their values conflict."""
    groups = distinct_values([f.value for f, _ in facts])
    if len(groups) < 2:
        return None
    by_value = {id(f.value): (f, p) for f, p in facts}
    sides = [[by_value[id(v)] for v in group] for group in groups]
    for i, a in enumerate(sides):
        for b in sides[i + 1 :]:
            fa, fb = a[0][0], b[0][0]
            if not conflict(fa.value, fb.value) or described_alike(fa, fb):
                return None
    return Found(kind, [[Claim(f.value, f.sentence, p) for f, p in side] for side in sides])


def passage_facts(passages: Sequence[Passage]) -> list[tuple[Fact, Passage]]:
    """Every value the passages give, each with its slot and passage."""
    places = place_tokens(p.text for p in passages)
    return [(f, p) for p in passages for s in passage_sentences(p.text) for f in sentence_facts(s, places)]


def same_story(a: Passage, b: Passage) -> bool:
    """Whether two passages report one story: a name one passage writes and its article's title holds (who
    or where the story is about) is named by the other too; not a word any story capitalises ("Kabupaten",
    "Dinas", "Selasa", "Rp"). Without such a name, any name of the passage counts."""
    return _named_in(_story_names(a), b) or _named_in(_story_names(b), a)


def _story_names(p: Passage) -> list[ClaimToken]:
    """The names the passage writes that its title holds (all its names when the title holds none)."""
    names = [t for t in claim_tokens(p.text) if t.is_name and len(t.word) > 2 and t.word not in UNSPECIFIC_NAMES]
    title = {w.lower() for w in re.findall(r"[^\W_]+", p.title or "")}
    return [t for t in names if t.word in title] or names


def _named_in(names: Sequence[ClaimToken], p: Passage) -> bool:
    """Whether the passage or its title names one of ``names``."""
    index = TokenIndex([p.title, p.text])
    return any(index.has(t) for t in names)


def find_across(cited: Sequence[Passage], others: Sequence[Passage], known: Sequence[Found] = ()) -> list[Found]:
    """Disagreements between a time, duration or number in a cited passage and the values of the same slot
    in the other passages of the same story (other outlets), at most MAX_ACROSS, none repeating one in
    ``known``. Places and people are compared only when the question asks for one (``find_disagreement``):
    a trip has many stops and a meeting many people, so two of them are rarely two answers."""
    pool = list({p.chunk_id: p for p in [*cited, *others] if not p.instruction}.values())
    facts = [(f, p) for f, p in passage_facts(pool) if f.kind in ACROSS]
    cited_ids = {p.chunk_id for p in cited}
    out: list[Found] = []
    seen = [f.key() for f in known]
    for fact, passage in facts:
        if passage.chunk_id not in cited_ids:
            continue
        slot = [(fact, passage)]
        for other, where in facts:
            if where.source in {p.source for _, p in slot} or not same_story(passage, where):
                continue
            if same_slot(fact, other):
                slot.append((other, where))
        found = found_in_slot(fact.kind, slot) if len(slot) > 1 else None
        if found is not None and not any(found.key() <= k or k <= found.key() for k in seen):
            out.append(found)
            seen.append(found.key())
        if len(out) == MAX_ACROSS:
            break
    return out


def statement(found: Found, numbers: Sequence[Sequence[int]], language: str) -> str:
    """The sentence the answer adds, in the question's language, each side with its citation markers."""
    lang = language if language in LEAD else "en"
    parts = []
    for i, side in enumerate(found.sides):
        text = SIDE[lang].format(outlets=" & ".join(found.outlets(i)), value=f"“{side[0].value.display}”")
        parts.append(format_sentence(text, numbers[i]))
    return LEAD[lang].format(kind=KIND_WORDS[lang][found.kind.value], sides="; ".join(parts))


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
                answer.citations.extend(with_spans([Citation.of(n, claim.passage, claim.sentence)], texts))
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
    answer.sentences.append(AnswerSentence(text=text, citations=cited, supported=True, score=1.0, role="disagreement"))
    answer.answer = f"{answer.answer} {text}".strip()


def report_disagreements(answer: Answer, analysis: QuestionAnalysis, selection: Selection, texts: ArticleTexts) -> None:
    """Say where the outlets disagree: about the question's own slot, then about the answer's sources."""
    found = find_disagreement(analysis, selection)
    known = [found] if found is not None else []
    cited = [c.passage for c in answer.citations]
    for f in [*known, *find_across(cited, selection.passages, known)]:
        add_to_answer(answer, f, texts)
