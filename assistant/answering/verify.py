"""Cite and verify a draft answer: read its markers, attribute unmarked sentences, judge each sentence
against the passages it cites, and number the citations in order of first use."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from assistant.citations import format_answer, make_quote, parse_answer, renumber
from assistant.types import AnswerSentence, Citation, Passage
from assistant.verification import SupportJudge, attribute, needs_citation, verdict


@dataclass(frozen=True)
class Draft:
    """An answer before checking: its text with [n] markers, and the passages the markers number."""

    text: str
    passages: tuple[Passage, ...]
    origin: str
    """"model" (first generation), "retry" (regenerated from the best evidence) or "quote" (evidence quoted)."""


@dataclass
class Verified:
    """A draft's sentences with their citations and support, and the citations numbered 1, 2, ..."""

    sentences: list[AnswerSentence] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    """Markers naming no passage ("[9]")."""

    @property
    def supported(self) -> list[AnswerSentence]:
        return [s for s in self.sentences if s.supported]

    @property
    def all_supported(self) -> bool:
        return bool(self.sentences) and all(s.supported for s in self.sentences)

    @property
    def text(self) -> str:
        """The answer in the normalized marker style."""
        return format_answer([(s.text, s.citations) for s in self.sentences])


def _judge_sentence(text: str, markers: list[int], texts: Sequence[str], judge: SupportJudge) -> AnswerSentence:
    """One sentence judged against its cited passages; a wrong or missing citation is attributed to the
    passage that does support it (marked ``attributed``)."""
    attributed = False
    if markers:
        result = verdict(judge, text, [texts[m - 1] for m in markers])
        if not result.supported:
            index, _ = attribute(text, texts, judge)
            if index is not None:
                markers, attributed = [index + 1], True
                result = verdict(judge, text, [texts[index]])
    elif needs_citation(text):
        index, _ = attribute(text, texts, judge)
        if index is None:
            result = verdict(judge, text, texts)
            return AnswerSentence(
                text=text, score=round(result.score, 4), reason=result.reason or "no passage supports it"
            )
        markers, attributed = [index + 1], True
        result = verdict(judge, text, [texts[index]])
    else:
        return AnswerSentence(text=text, reason="no citation")
    return AnswerSentence(
        text=text,
        citations=markers,
        supported=result.supported,
        score=round(result.score, 4),
        attributed=attributed,
        reason=result.reason,
    )


def verify_draft(draft: Draft, judge: SupportJudge) -> Verified:
    """Parse, attribute, judge and renumber a draft (see the module docstring)."""
    texts = [p.text for p in draft.passages]
    parsed = [p for p in parse_answer(draft.text, len(texts)) if p.text.strip()]
    warm = getattr(judge, "warm", None)
    if callable(warm):  # embed every sentence and passage sentence in one batch
        warm([p.text for p in parsed], texts)
    sentences = [_judge_sentence(p.text.strip(), list(p.markers), texts, judge) for p in parsed]
    sentences = [s for s in sentences if s.citations or needs_citation(s.text)]
    mapping = renumber([s.citations for s in sentences])
    first_use: dict[int, str] = {}
    for s in sentences:
        for n in s.citations:
            first_use.setdefault(n, s.text)
    by_number = {new: old for old, new in mapping.items()}
    citations = [
        Citation.of(n, draft.passages[old - 1], make_quote(texts[old - 1], first_use[old]))
        for n, old in sorted(by_number.items())
    ]
    for s in sentences:
        s.citations = [mapping[m] for m in s.citations]
    return Verified(sentences, citations, [d for p in parsed for d in p.dropped])
