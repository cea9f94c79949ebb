"""The quoted answer: the best answering evidence sentences, cited (what the extractive backend gives,
and the fallback when a model's answer does not hold)."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.answering.evidence import Evidence
from assistant.answering.verify import Draft
from assistant.citations import format_answer
from assistant.types import Passage

SECOND_SENTENCE_MARGIN = 0.05
"""A second answering sentence is quoted when its evidence score is this close to the best one's."""
MAX_SENTENCES = 2


def quote_evidence(answering: Sequence[Evidence], passages: Sequence[Passage]) -> Draft:
    """The best answering evidence sentence (and a second one nearly as good), cited, as a draft.

    ``answering``: evidence that can answer the question, best first; ``passages``: what its
    ``Evidence.passage`` indexes. The draft numbers only the quoted sentences' passages.
    """
    picked = [answering[0]]
    for e in answering[1:]:
        if len(picked) == MAX_SENTENCES or e.score < answering[0].score - SECOND_SENTENCE_MARGIN:
            break
        if all(e.sentence != p.sentence for p in picked):  # neighbouring passages can share a sentence
            picked.append(e)
    order = list(dict.fromkeys(e.passage for e in picked))
    text = format_answer([(e.sentence, [order.index(e.passage) + 1]) for e in picked])
    return Draft(text, tuple(passages[i] for i in order), "quote")
