"""Cite and verify a draft answer: read its markers, attribute unmarked sentences, judge each sentence
against the passages it cites, and number the citations in order of first use."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from assistant.answering.contradictions import value_conflict
from assistant.answering.mixed_sources import mixed_sources
from assistant.answering.sentences import passage_sentences
from assistant.citations import format_answer, make_quote, parse_answer, renumber, strip_markers
from assistant.lexical import TokenIndex, claim_tokens, leading_names
from assistant.types import AnswerSentence, Citation, Passage
from assistant.verification import SupportJudge, SupportVerdict, needs_citation, verdict
from assistant.verification.attribution import naming_sentence
from assistant.verification.judge import CONTRADICTION_CAP, SupportDetails
from assistant.vocabulary import YESNO_PARTICLES


class SentenceJudge(Protocol):
    """A judge model: one verdict per sentence (None: no opinion), over the passages as numbered."""

    def judge(self, sentences: Sequence[str], passages: Sequence[str], language: str = "en") -> list[bool | None]: ...


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


Preceding = Callable[[Passage], list[str]]
"""The sentences of a passage's article just before it (``attribution.preceding``)."""


@dataclass
class Pool:
    """The passages a sentence may cite, with the texts the judge reads for them."""

    passages: list[Passage]
    texts: list[str]
    preceding: Preceding | None = None

    def attributed(
        self, text: str, markers: Sequence[int], judge: SupportJudge
    ) -> tuple[list[int], SupportVerdict] | None:
        """(markers, verdict) when the cited passages support ``text`` read after the sentences of their
        articles that name whom they quote or speak of (``attribution.naming_sentence``); those sentences are
        cited too, as passages of their own added to the pool. None when none is found or it does not help."""
        local = getattr(judge, "local", None)
        if self.preceding is None or not callable(local):
            return None
        tokens = claim_tokens(strip_markers(text))
        named: dict[int, str] = {}
        for m in markers:
            own = passage_sentences(self.passages[m - 1].text)
            run = passage_sentences(local(text, [self.passages[m - 1].text])[0])
            before = self.preceding(self.passages[m - 1]) + own[: own.index(run[0]) if run and run[0] in own else 0]
            at = naming_sentence(tokens, before, run)
            if at is not None:
                named[m] = before[at]
        if not named:
            return None
        judged = [f"{named[m]} {self.texts[m - 1]}" if m in named else self.texts[m - 1] for m in markers]
        n = len(self.texts)
        values = [self.texts[m - 1] for m in markers]  # its numbers and times rest on the passages themselves
        result = supported_by(text, range(n + 1, n + len(judged) + 1), [*self.texts, *judged], judge, values)
        if not result.supported:
            return None
        out = list(markers)
        for m, sentence in named.items():
            self.passages.append(self.passages[m - 1].model_copy(update={"text": sentence}))
            self.texts.append(judged_text(self.passages[-1]))
            out.append(len(self.passages))
        return out, result


def _judge_sentence(text: str, markers: list[int], pool: Pool, judge: SupportJudge, shown: int) -> AnswerSentence:
    """One sentence judged against its cited passages. When they do not support it (and do not contradict it:
    a claim its own source denies is not searched for elsewhere), a claim another passage holds is re-cited:
    the cited passages together with one more (any retrieved passage), or one passage alone, whichever
    supports it best (marked ``attributed``); a claim whose only fault may be a name the cited passages do
    not write is re-cited to them and the sentence of their article that names whom they quote or speak of
    (``Pool.attributed``). ``shown``: how many passages the model saw (its markers can only name those)."""
    if not markers and not needs_citation(text):
        return AnswerSentence(text=text, reason="no citation")
    texts = pool.texts
    result = supported_by(text, markers, texts, judge) if markers else None
    if result is None or not (result.supported or result.contradicted):
        found = recite(text, markers, texts, judge)
        if found is None and markers and only_names_missing(text, [texts[m - 1] for m in markers], judge):
            found = pool.attributed(text, markers, judge)
        if found is not None:
            new_markers, new_result = found
            return AnswerSentence(
                text=text,
                citations=new_markers,
                supported=True,
                score=round(new_result.score, 4),
                attributed=True,
            )
    if result is None:
        result = verdict(judge, text, list(texts[:shown]))
        return AnswerSentence(text=text, score=round(result.score, 4), reason=result.reason or "no passage supports it")
    return AnswerSentence(
        text=text, citations=markers, supported=result.supported, score=round(result.score, 4), reason=result.reason
    )


def only_names_missing(text: str, cited: Sequence[str], judge: SupportJudge) -> bool:
    """Whether what keeps the cited passages from supporting ``text`` may be names they do not write: some are
    missing, and no number, clause or contradiction is at fault."""
    details = getattr(judge, "details", None)
    if not callable(details):
        return False
    found: SupportDetails = details(text, cited)
    return bool(found.missing_names) and not (found.missing_numbers or found.weak_clause or found.contradicts)


def supported_by(
    text: str, markers: Sequence[int], texts: Sequence[str], judge: SupportJudge, values: Sequence[str] = ()
) -> SupportVerdict:
    """The verdict of the passages ``markers`` number on ``text``: together they must support it, no time,
    duration or number in it may contradict the sentence it rests on (``contradictions.value_conflict``),
    it may not open with a name the passages write but the cited ones do not, and several passages may not
    lend one claim its name and another its role, number or statement (``mixed_sources``). ``values``: the
    texts times, durations and numbers are compared with, when not the cited ones."""
    cited = [texts[m - 1] for m in markers]
    result = verdict(judge, text, cited)
    if not result.supported:
        return result
    claim = strip_markers(text)
    index = TokenIndex(cited)
    absent = [n for n in leading_names(claim, texts) if not index.has_name(n)]
    if absent:  # "Blinken met ..." where the passages name Blinken, but not the cited ones
        return SupportVerdict(
            min(result.score, CONTRADICTION_CAP), False, f"wrong name: {absent[0]} is not in the cited passages"
        )
    if len(cited) > 1:
        problem = mixed_sources(claim, cited, judge)
        if problem:
            return SupportVerdict(result.score, False, problem)
    contradiction = value_conflict(text, values or cited)
    if contradiction:
        return SupportVerdict(
            min(result.score, CONTRADICTION_CAP), False, f"contradicts the passage: {contradiction}", contradicted=True
        )
    return result


def recite(
    text: str, markers: Sequence[int], texts: Sequence[str], judge: SupportJudge
) -> tuple[list[int], SupportVerdict] | None:
    """(markers, verdict) of the citation that supports ``text``: the cited passages plus one more, or one
    passage alone, the best supported; None when none does."""
    best: tuple[list[int], SupportVerdict] | None = None
    options = [sorted({*markers, n}) for n in range(1, len(texts) + 1) if n not in markers] if markers else []
    options += [[n] for n in range(1, len(texts) + 1)]
    for option in options:
        result = supported_by(text, option, texts, judge)
        if result.supported and (best is None or result.score > best[1].score):
            best = (option, result)
    return best


def _with_particles(sentences: list[AnswerSentence]) -> list[AnswerSentence]:
    """The sentences with a bare "Yes." / "Belum." / "Tidak benar." written before the next one: it is the
    direct answer, read (and judged) with the sentence that says what it answers, as "Belum, ..." is."""
    out: list[AnswerSentence] = []
    lead = ""
    for s in sentences:
        words = re.findall(r"[^\W\d_]+", s.text)
        if not s.citations and 0 < len(words) <= 2 and all(w.lower() in YESNO_PARTICLES for w in words):
            lead = f"{lead} {s.text}".strip()
            continue
        if lead:
            s.text, lead = f"{lead} {s.text}", ""
        out.append(s)
    return out


def second_opinion(verified: Verified, judge: SentenceJudge, language: str) -> None:
    """Let a judge model veto supported sentences: one call for all of them, over the cited passages
    numbered as the answer cites them."""
    supported = verified.supported
    if not supported:
        return
    verdicts = judge.judge([s.text for s in supported], [c.text for c in verified.citations], language)
    for sentence, ok in zip(supported, verdicts, strict=True):
        if ok is False:
            sentence.supported = False
            sentence.reason = "the judge model says the cited passages do not state it"


def judged_text(passage: Passage) -> str:
    """What a sentence citing ``passage`` is checked against: its text, and who published it (an answer may
    say "PERSPEKTIF.CO.ID reported ..."), on a last line of its own (``judge.OUTLET_LINE``)."""
    return f"{passage.text}\n({passage.outlet})" if passage.outlet else passage.text


def verify_draft(
    draft: Draft, judge: SupportJudge, others: Sequence[Passage] = (), preceding: Preceding | None = None
) -> Verified:
    """Parse, attribute, judge and renumber a draft (see the module docstring); ``others``: more passages
    (the retrieved ones) a claim may be re-cited to; ``preceding``: a cited passage's article's sentences
    before it."""
    shown = list(draft.passages)
    pool = list(shown)
    for p in others:
        if all(p.chunk_id != q.chunk_id for q in pool):
            pool.append(p)
    texts = [judged_text(p) for p in pool]
    parsed = [p for p in parse_answer(draft.text, len(shown)) if p.text.strip()]
    warm = getattr(judge, "warm", None)
    if callable(warm):  # embed every sentence and passage sentence in one batch
        warm([p.text for p in parsed], texts)
    cited = Pool(pool, texts, preceding)
    sentences = [_judge_sentence(p.text.strip(), list(p.markers), cited, judge, len(shown)) for p in parsed]
    sentences = [s for s in _with_particles(sentences) if s.citations or needs_citation(s.text)]
    mapping = renumber([s.citations for s in sentences])
    first_use: dict[int, str] = {}
    for s in sentences:
        for n in s.citations:
            first_use.setdefault(n, s.text)
    by_number = {new: old for old, new in mapping.items()}
    citations = [
        Citation.of(n, pool[old - 1], make_quote(pool[old - 1].text, first_use[old]))
        for n, old in sorted(by_number.items())
    ]
    for s in sentences:
        s.citations = [mapping[m] for m in s.citations]
    return Verified(sentences, citations, [d for p in parsed for d in p.dropped])
