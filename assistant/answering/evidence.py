"""Evidence selection: the sentences of the retrieved passages, ranked by how well they answer the question.

Each sentence is scored on three things (``score``):

* ``coverage``: the weighted share of the question's focus terms the sentence holds, across languages
  (``assistant.lexical.TokenIndex``: stems, glosses, fuzzy matches; names count double, numbers triple);
  the rest of the sentence's passage counts for a third, so that a sentence whose subject is named in the
  sentence before it ("Dia akan ...") is not lost;
* ``typed``: for questions that ask for a person, place, time, number, duration or organisation, whether
  the sentence holds such a candidate that the question does not already contain;
* ``similarity``: the embedding cosine between the question and the sentence, rescaled.

    score = COVERAGE_WEIGHT * coverage + TYPE_WEIGHT * typed + SIMILARITY_WEIGHT * similarity - RANK_PENALTY * rank

where ``rank`` is the retrieval rank of the sentence's passage (0 for the first), which breaks near-ties.

A sentence is *answering evidence* (``Evidence.answers``) when its score reaches MIN_SCORE, it holds the
question's critical noun (in the sentence or around it) and, for a typed question, a new candidate of the
type. The weights and
minimums were set on the tuning questions (tests/answers/dev.jsonl, bench/questions/tune.jsonl,
bench/questions/types.jsonl) with ``python bench/evidence_quality.py``; figures in bench/RESULTS.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assistant.answering.candidates import find_candidates, place_tokens
from assistant.answering.crosslingual import WordMatcher, content_words
from assistant.answering.question import AnswerType, QuestionAnalysis
from assistant.citations import split_sentences
from assistant.lexical import ClaimToken, TokenIndex, claim_tokens, weighted_share

COVERAGE_WEIGHT = 1.0
TYPE_WEIGHT = 0.25
SIMILARITY_WEIGHT = 0.5
RANK_PENALTY = 0.02
SIM_FLOOR = 0.75
"""Cosine at or below which a sentence counts as unrelated to the question (similarity 0)."""
SIM_CEIL = 0.90
"""Cosine at or above which a sentence counts as fully related (similarity 1)."""
CONTEXT_SHARE = 0.5
"""How much the rest of the passage counts towards a sentence's coverage."""
MIN_SCORE = 1.0
"""Score answering evidence must reach. On the tuning questions, higher minimums refuse more answerable
questions than unanswerable ones (bench/RESULTS.md, "Evidence selection")."""
MIN_WORDS = 4

Similarity = Callable[[str, list[str]], list[float]]
"""(question, sentences) -> the cosine of each sentence to the question."""


@dataclass(frozen=True)
class Evidence:
    """One sentence of a retrieved passage, scored as an answer to the question."""

    sentence: str
    passage: int
    """Index of its passage in the list the evidence was selected from."""
    score: float
    coverage: float
    content_coverage: float
    name_coverage: float
    similarity: float
    candidates: tuple[str, ...]
    """Candidates of the expected answer type that the question does not contain."""
    kind: str
    """The answer type asked for ("person", ...): a typed one needs a candidate."""
    typed: bool
    critical: bool = True
    """Whether the sentence (or its context) holds the question's critical terms (``QuestionAnalysis.critical``)."""

    @property
    def answers(self) -> bool:
        """Whether the sentence can answer the question (module docstring)."""
        return self.score >= MIN_SCORE and self.critical and (not self.typed or bool(self.candidates))

    def why_not(self) -> str:
        """Why the sentence does not answer ("" when it does)."""
        if self.answers:
            return ""
        if not self.critical:
            return "is not about what the question asks for"
        if self.typed and not self.candidates:
            return f"names no {self.kind}"
        return f"is about something else (holds {self.coverage:.0%} of the question's terms)"


def _shares(focus: Sequence[ClaimToken], index: TokenIndex) -> tuple[float, float, float]:
    """(weighted coverage, content-word coverage, name coverage) of the focus terms in ``index``."""
    names = [t for t in focus if t.is_name]
    content = [t for t in focus if not t.is_name]
    coverage, _ = weighted_share(focus, index)
    content_share = weighted_share(content, index)[0] if content else 1.0
    name_share = weighted_share(names, index)[0] if names else 1.0
    return coverage, content_share, name_share


NAMED = frozenset({AnswerType.PERSON, AnswerType.PLACE, AnswerType.ORGANISATION})


def new_candidates(analysis: QuestionAnalysis, sentence: str, places: frozenset[str]) -> tuple[str, ...]:
    """Candidates of the question's answer type in ``sentence`` that the question does not already name (a
    name sharing a word with the question's names, "Kosmodrom Vostochny" for "the Vostochny meeting", is
    the question's own)."""
    if not analysis.typed:
        return ()
    question = TokenIndex([analysis.text])
    names = set(analysis.names)
    out = []
    for c in find_candidates(sentence, analysis.answer_type, places, any_name=bool(analysis.critical)):
        tokens = [t for w in re.findall(r"[^\W_]+", c.text) for t in claim_tokens(f"x {w}")]
        named = c.kind in NAMED and any(t.token in names or t.word in names for t in tokens)
        if tokens and not named and not all(question.has(t) for t in tokens):
            out.append(c.text)
    return tuple(dict.fromkeys(out))


def _translated(analysis: QuestionAnalysis, sentences: Sequence[str], matcher: WordMatcher | None) -> dict[str, str]:
    """Focus word -> its translation among the sentences' words, for content words no gloss matched."""
    if matcher is None:
        return {}
    pool = set().union(*(content_words(s) for s in sentences)) if sentences else set()
    everywhere = TokenIndex(sentences)
    wanted = [t.word for t in analysis.focus if not t.is_name and not t.is_number and not everywhere.has(t)]
    return matcher.translations(wanted, pool)


def _index(text: str, focus: Sequence[ClaimToken], translated: dict[str, str]) -> TokenIndex:
    """The tokens of ``text``, plus the focus words whose translation it holds."""
    index = TokenIndex([text])
    words = content_words(text)
    for t in focus:
        if translated.get(t.word) in words:
            index.tokens.update((t.token, t.word))
    return index


def rank_evidence(
    analysis: QuestionAnalysis,
    passages: Sequence[str],
    similarity: Similarity | None = None,
    *,
    contexts: Sequence[str] | None = None,
    matcher: WordMatcher | None = None,
) -> list[Evidence]:
    """Every sentence of ``passages`` (of MIN_WORDS words or more) as evidence, best first.

    ``contexts``: per passage, the text around it (the passage with its neighbours in the article), whose
    coverage counts for CONTEXT_SHARE; ``matcher``: cross-lingual word matching for focus words that no
    gloss matches (for questions in another language than the articles)."""
    places = place_tokens(passages)
    items: list[tuple[str, int]] = []
    for number, text in enumerate(passages):
        items.extend((s, number) for s in split_sentences(text) if len(s.split()) >= MIN_WORDS)
    if not items:
        return []
    sims = similarity(analysis.text, [s for s, _ in items]) if similarity else [SIM_CEIL] * len(items)
    around = list(contexts) if contexts is not None else list(passages)
    translated = _translated(analysis, [s for s, _ in items] + around, matcher)
    context_indexes = [_index(c, analysis.focus, translated) for c in around]
    context_shares = [_shares(analysis.focus, index) for index in context_indexes]
    out: list[Evidence] = []
    for (sentence, number), sim in zip(items, sims, strict=True):
        coverage, content, names = _shares(analysis.focus, _index(sentence, analysis.focus, translated))
        context = context_shares[number]
        coverage += CONTEXT_SHARE * max(0.0, context[0] - coverage)
        content += CONTEXT_SHARE * max(0.0, context[1] - content)
        names += CONTEXT_SHARE * max(0.0, context[2] - names)
        candidates = new_candidates(analysis, sentence, places)
        scaled = min(1.0, max(0.0, (sim - SIM_FLOOR) / (SIM_CEIL - SIM_FLOOR)))
        score = (
            COVERAGE_WEIGHT * coverage
            + TYPE_WEIGHT * bool(candidates)
            + SIMILARITY_WEIGHT * scaled
            - RANK_PENALTY * number
        )
        kind = analysis.answer_type.value
        sentence_index = _index(sentence, analysis.focus, translated)
        critical = all(sentence_index.has(t) or context_indexes[number].has(t) for t in analysis.critical)
        out.append(
            Evidence(sentence, number, score, coverage, content, names, sim, candidates, kind, analysis.typed, critical)
        )
    return sorted(out, key=lambda e: -e.score)
