"""Reading retrieved chunks at sentence level (pure functions).

Chunks are retrieved whole (about ``chunk_size`` words: their vectors and BM25 documents find them); each is
then scored by its sentence closest to the question, using the sentence vectors stored at ingest, and read
as the window of whole sentences around its best sentence, about ``WINDOW_WORDS`` words: what is shown,
prompted and cited. The best sentence is the one ranked first by the two rankings retrieval fuses, within
the chunk: closeness to the question (the vectors) and the question's words it holds, rarer words counting
more. The rest of the chunk is the passage's surroundings.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from assistant.normalize import matching_text
from assistant.store.records import StoredSentence

WINDOW_WORDS = 30
"""About how many words a passage holds: its best sentence, then its neighbours while they fit."""


@dataclass(frozen=True)
class Window:
    """The sentences of a chunk that make its passage, and how close its best sentence is to the question."""

    sentences: tuple[StoredSentence, ...]
    similarity: float

    @property
    def text(self) -> str:
        """The passage as chunks are: the sentences' matching text (``normalize.matching_text``)."""
        return " ".join(matching_text(s.text) for s in self.sentences)

    @property
    def lines(self) -> tuple[int, int]:
        return self.sentences[0].line, self.sentences[-1].line


def window(sentences: Sequence[StoredSentence], best: int, words: int = WINDOW_WORDS) -> tuple[int, int]:
    """``[start, end)`` of the sentences around ``best``: the next one, then the one before, and so on while
    the window stays within ``words`` words (the best sentence alone when it is longer)."""
    start, end = best, best + 1
    total = len(sentences[best].text.split())
    for step in range(1, len(sentences)):
        grew = False
        for index in (best + step, best - step):
            if 0 <= index < len(sentences):
                n = len(sentences[index].text.split())
                if total + n > words:
                    return start, end
                total += n
                start, end = min(start, index), max(end, index + 1)
                grew = True
        if not grew:
            break
    return start, end


def word_weights(query_tokens: set[str], sentence_tokens: Sequence[set[str]]) -> dict[str, float]:
    """Each query token's weight among these sentences: log(1 + sentences / sentences holding it)."""
    n = len(sentence_tokens)
    return {t: math.log(1 + n / held) for t in query_tokens if (held := sum(1 for s in sentence_tokens if t in s))}


def anchor(sims: Sequence[float], lexical: Sequence[float], weights: tuple[float, float], k: float) -> int:
    """The sentence ranked first by reciprocal-rank fusion of closeness (``sims``) and the question's words it
    holds (``lexical``; sentences holding none are not ranked by it)."""
    score = [0.0] * len(sims)
    for values, weight in ((sims, weights[0]), (lexical, weights[1])):
        order = sorted((i for i in range(len(values)) if values is sims or values[i] > 0), key=lambda i: -values[i])
        for rank, i in enumerate(order, start=1):
            score[i] += weight / (k + rank)
    return max(range(len(sims)), key=lambda i: (score[i], sims[i]))


def read_chunk(
    query: np.ndarray,
    sentences: Sequence[StoredSentence],
    lexical: Sequence[float] | None = None,
    weights: tuple[float, float] = (1.0, 1.0),
    k: float = 5.0,
    words: int = WINDOW_WORDS,
) -> Window:
    """A chunk read for ``query``: the window around its best sentence, and its sentences' best closeness
    to the question (how close the chunk is). ``lexical``: each sentence's weight of the question's words."""
    sims = np.nan_to_num(
        np.stack([s.vector for s in sentences]) @ query, nan=-1.0
    ).tolist()  # a garbled vector ranks last
    best = anchor(sims, lexical, weights, k) if lexical is not None else int(np.argmax(sims))
    start, end = window(sentences, best, words)
    return Window(tuple(sentences[start:end]), max(sims))
