"""Retrieval for every form of a question: each form is searched on its own (dense and BM25, fused by the
retriever), then the lists are fused again by reciprocal rank, so a passage that either form finds first
comes first."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.retrieval import Searcher
from assistant.retrieval.filters import ArticleFilter
from assistant.types import Passage

FORMS_RRF_K = 2.0
"""The k of the reciprocal-rank fusion across the question's forms: small, so each list's top hits lead."""


def fuse_passages(lists: Sequence[Sequence[Passage]], k: float = FORMS_RRF_K) -> list[Passage]:
    """Passages of several ranked lists, fused by reciprocal rank (the first list wins ties)."""
    if len(lists) == 1:
        return list(lists[0])
    score: dict[str, float] = {}
    first: dict[str, Passage] = {}
    order: dict[str, tuple[int, int]] = {}
    for li, passages in enumerate(lists):
        for rank, p in enumerate(passages, start=1):
            key = p.chunk_id or f"{p.file}:{p.lines}"
            score[key] = score.get(key, 0.0) + 1.0 / (k + rank)
            first.setdefault(key, p)
            order.setdefault(key, (li, rank))
    ranked = sorted(score, key=lambda key: (-score[key], order[key]))
    return [first[key].model_copy(update={"score": score[key]}) for key in ranked]


def search_forms(searcher: Searcher, texts: Sequence[str], k: int, found: ArticleFilter | None = None) -> list[Passage]:
    """The top ``k`` passages for the question's forms (its own text first)."""
    return fuse_passages([searcher.search(text, k, found) for text in dict.fromkeys(texts)])[:k]
