"""Cross-lingual word matching with the multilingual embedder: is "car" in "Kim memeriksa limusin ..."?

The gloss table (``assistant.vocabulary``) covers common news words; for the rest, each English focus word is
matched to its nearest word among the candidate sentences' words when their cosine (multilingual e5, one
word each) reaches ``WORD_SIMILARITY``. Nearest over *all* candidate sentences, so a sentence holding a
merely related word gets no credit when another holds the translation. Word vectors come from the process's
cache of query vectors (``embeddings.query_vectors``): each word is embedded once, not once per question.

Measured on 29 English news words against 36 Indonesian ones (see bench/RESULTS.md): the right
translation is the nearest word for 24, at cosines 0.86-0.95; unrelated nearest words stay below 0.89.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

import numpy as np

from assistant.text import stopwords

WORD_SIMILARITY = 0.885
"""Cosine at which an English word and its nearest Indonesian word count as the same word."""
LOCAL_POOL = 30
"""How many words an aligned claim word is matched among: about the content words of the two sentences a
claim is judged against (``verification.judge.LOCAL_SENTENCES``). Its threshold is calibrated on pools of
this size."""
MIN_LETTERS = 4

Embed = Callable[[list[str]], np.ndarray]


def content_words(text: str) -> set[str]:
    """Lower-cased words of ``text`` worth matching (no stopwords, no short words, no numbers)."""
    stop = stopwords()
    return {w for w in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", text.lower()) if len(w) >= MIN_LETTERS and w not in stop}


class WordMatcher:
    """Nearest-neighbour word translation by embedding. ``vectors`` gives query-form vectors of words; pass a
    cached one (``embeddings.query_vectors``) so that a word is embedded once, not once per question."""

    def __init__(
        self, vectors: Embed, threshold: float = WORD_SIMILARITY, local_threshold: float | None = None
    ) -> None:
        """``threshold``: the cosine for a word's nearest among many words (``translations``);
        ``local_threshold``: among the few words of a sentence or two (``aligned``; default ``threshold``)."""
        self.vectors = vectors
        self.threshold = threshold
        self.local_threshold = threshold if local_threshold is None else local_threshold

    def translations(self, words: Iterable[str], pool: Iterable[str]) -> dict[str, str]:
        """For each of ``words``, its nearest word in ``pool`` when close enough (absent otherwise); the words
        and the pool's words are asked of ``vectors`` in one call."""
        return self._nearest(words, pool, self.threshold, mutual=False)

    def aligned(self, words: Iterable[str], pool: Iterable[str]) -> dict[str, str]:
        """The words of a claim aligned with words of the sentences it rests on: a word and a pool word that
        are each other's nearest (mutual nearest neighbours, as word aligners pair words across languages) at
        a cosine of at least ``local_threshold``."""
        return self._nearest(words, pool, self.local_threshold, mutual=True)

    def _nearest(self, words: Iterable[str], pool: Iterable[str], threshold: float, mutual: bool) -> dict[str, str]:
        words = [w for w in dict.fromkeys(words) if w]
        pool = sorted(set(pool) - set(words))
        if not words or not pool:
            return {}
        vectors = np.asarray(self.vectors(words + pool), dtype=np.float32)
        sims = vectors[: len(words)] @ vectors[len(words) :].T
        best_word = np.argmax(sims, axis=0)
        out: dict[str, str] = {}
        for i, word in enumerate(words):
            j = int(np.argmax(sims[i]))
            if sims[i, j] >= threshold and (not mutual or best_word[j] == i):
                out[word] = pool[j]
        return out
