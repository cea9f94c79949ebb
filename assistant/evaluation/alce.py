"""ALCE citation scoring (Gao et al., 2023): citation recall and precision of one answer line.

A sentence is *supported* when its cited passages together support it (recall = supported sentences /
sentences). A citation is *precise* unless the sentence is unsupported, or the citation (a) does not
support the sentence alone and (b) the sentence's other citations still support it without it. Support is
decided by the engine's own ``SupportJudge`` (``score >= threshold``) on the passage texts the answer
line's citations carry.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from assistant.citations import parse_answer
from assistant.verification import SupportJudge


@dataclass
class SentenceEval:
    """One answer sentence judged against its cited passages."""

    text: str
    citations: list[int]
    supported: bool
    score: float
    """The judge's score of the sentence against all its citations together."""
    precise: list[bool] = field(default_factory=list)
    """Per citation (same order as ``citations``)."""


@dataclass
class CitationEval:
    """ALCE citation recall and precision of one answer."""

    sentences: list[SentenceEval] = field(default_factory=list)

    @property
    def n_sentences(self) -> int:
        return len(self.sentences)

    @property
    def n_supported(self) -> int:
        return sum(s.supported for s in self.sentences)

    @property
    def n_citations(self) -> int:
        return sum(len(s.citations) for s in self.sentences)

    @property
    def n_precise(self) -> int:
        return sum(sum(s.precise) for s in self.sentences)

    @property
    def recall(self) -> float | None:
        """Supported sentences / sentences; None for an answer without sentences."""
        return self.n_supported / self.n_sentences if self.sentences else None

    @property
    def precision(self) -> float | None:
        """Precise citations / citations (0 when nothing is cited, as in ALCE); None without sentences."""
        if not self.sentences:
            return None
        return self.n_precise / self.n_citations if self.n_citations else 0.0


def supports(judge: SupportJudge, claim: str, passages: Sequence[str]) -> bool:
    """Whether ``passages`` together support ``claim`` (no passages support nothing)."""
    return bool(passages) and judge.score(claim, list(passages)) >= judge.threshold


def alce_sentence(judge: SupportJudge, text: str, cited: Sequence[int], passages: Sequence[str]) -> SentenceEval:
    """Judge one sentence whose citations ``cited`` have the texts ``passages`` (same order)."""
    if not cited:
        return SentenceEval(text=text, citations=[], supported=False, score=0.0)
    score = judge.score(text, list(passages))
    supported = score >= judge.threshold
    if not supported:
        return SentenceEval(
            text=text, citations=list(cited), supported=False, score=score, precise=[False] * len(cited)
        )
    if len(cited) == 1:
        return SentenceEval(text=text, citations=list(cited), supported=True, score=score, precise=[True])
    precise = []
    for i in range(len(cited)):
        alone = supports(judge, text, [passages[i]])
        rest = supports(judge, text, [p for j, p in enumerate(passages) if j != i])
        precise.append(alone or not rest)
    return SentenceEval(text=text, citations=list(cited), supported=True, score=score, precise=precise)


def answer_sentences(answer: Mapping[str, Any]) -> list[tuple[str, list[int]]]:
    """(sentence text, citation numbers) of an answer line; parsed from the text when it has no "sentences"."""
    if "sentences" in answer:
        return [(str(s.get("text", "")), [int(n) for n in s.get("citations", [])]) for s in answer["sentences"]]
    n = max((int(c.get("n", 0)) for c in answer.get("citations", [])), default=0)
    return [(p.text, list(p.markers)) for p in parse_answer(str(answer.get("answer", "")), n) if p.text.strip()]


def citation_text(citation: Mapping[str, Any]) -> str:
    """The text of a cited passage as the answer line carries it (its quote for lines that carry none)."""
    text = citation.get("text")
    if isinstance(text, str) and text.strip():
        return text
    return str(citation.get("quote", "")).replace("…", " ").strip()


def alce_answer(judge: SupportJudge, answer: Mapping[str, Any]) -> CitationEval:
    """ALCE citation scores of one (not refused) answer line, on the passage texts its citations carry."""
    by_number = {int(c.get("n", 0)): c for c in answer.get("citations", [])}
    sentences = [(text, list(dict.fromkeys(cited))) for text, cited in answer_sentences(answer)]
    texts = {n: citation_text(by_number[n]) if n in by_number else "" for _, cited in sentences for n in cited}
    out = CitationEval()
    for text, cited in sentences:
        out.sentences.append(alce_sentence(judge, text, cited, [texts[n] for n in cited]))
    return out
