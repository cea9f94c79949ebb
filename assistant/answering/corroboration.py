"""Corroboration: which other outlets' retrieved passages also support each answer sentence, and near-duplicate
passages (one story syndicated by several outlets) grouped so the prompt does not spend its room on copies.

An outlet is ``Passage.source``: the outlet name, or the article's file when it names none (each such article
counts on its own). A passage corroborates a sentence when the support judge, asked about that passage alone,
finds the sentence supported: the same check a citation passes.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.answering.spans import ArticleTexts
from assistant.citations import make_quote
from assistant.text import content_tokens
from assistant.types import AnswerSentence, Citation, Corroboration, Passage
from assistant.verification import SupportJudge

NEAR_DUPLICATE = 0.8
"""Share of shared content tokens (of the smaller passage) at which two passages are copies of one story."""


def near_duplicate(a: str, b: str) -> bool:
    """Whether two passage texts are (mostly) the same text, as when one story is syndicated."""
    ta, tb = set(content_tokens(a)), set(content_tokens(b))
    if not ta or not tb:
        return False
    return len(ta & tb) / min(len(ta), len(tb)) >= NEAR_DUPLICATE


def distinct_passages(passages: Sequence[Passage]) -> list[Passage]:
    """``passages`` without the near-duplicates of an earlier one (the first of each group is kept)."""
    ranks = report_ranks(passages)
    return [p for i, (p, rank) in enumerate(zip(passages, ranks, strict=True)) if rank not in ranks[:i]]


def report_ranks(passages: Sequence[Passage]) -> list[int]:
    """Each passage's rank among distinct reports: a near-duplicate (a syndicated copy) shares the rank of the
    earlier passage it copies, and does not push the passages after it down."""
    kept: list[Passage] = []
    ranks: list[int] = []
    for p in passages:
        copied = next((i for i, k in enumerate(kept) if near_duplicate(p.text, k.text)), None)
        if copied is None:
            kept.append(p)
            copied = len(kept) - 1
        ranks.append(copied)
    return ranks


def corroborate(
    sentences: Sequence[AnswerSentence],
    citations: Sequence[Citation],
    passages: Sequence[Passage],
    judge: SupportJudge,
    texts: ArticleTexts,
) -> list[AnswerSentence]:
    """Each supported sentence with the other outlets whose passage (among ``passages``, the ones read as
    evidence) supports it, and how many outlets report it in all."""
    by_source: dict[str, Passage] = {}
    for p in passages:
        by_source.setdefault(p.source, p)
    warm = getattr(judge, "warm", None)
    if callable(warm):  # embed the sentences and passages in one batch
        warm([s.text for s in sentences], [p.text for p in by_source.values()])
    out = []
    for s in sentences:
        if not s.supported or not s.citations:
            out.append(s)
            continue
        cited = {citations[n - 1].passage.source for n in s.citations}
        others = [p for source, p in by_source.items() if source not in cited]
        backing = [p for p in others if judge.score(s.text, [p.text]) >= judge.threshold]
        found = [_corroboration(p, s.text, texts) for p in backing]
        out.append(s.model_copy(update={"corroborated_by": found, "outlets": len(cited) + len(found)}))
    return out


def _corroboration(passage: Passage, sentence: str, texts: ArticleTexts) -> Corroboration:
    quote = make_quote(passage.text, sentence)
    found = texts.locate(passage.path, quote, passage.lines)
    if found is None:
        return Corroboration(outlet=passage.outlet, file=passage.file, quote=quote)
    return Corroboration(outlet=passage.outlet, file=passage.file, span=found[1], quote=found[0])


def n_sources(passages: Sequence[Passage]) -> int:
    """How many outlets the passages come from."""
    return len({p.source for p in passages})
