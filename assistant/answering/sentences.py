"""The sentences of retrieved passages with their passage-form vectors: what evidence ranking and the
support checks compare a question or an answer sentence with.

``SentenceSource`` is the interface; ``EmbeddedSentences`` splits and embeds passages itself, caching each
passage's sentences so that a passage is embedded once per process. ``IndexSentences`` serves the vectors
ingest stored for the sentences (the index keeps them), so only the question is embedded per answer, and a
sentence split otherwise than at ingest.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from assistant.citations import split_sentences
from assistant.normalize import matching_text
from assistant.types import Passage

CACHE_PASSAGES = 4096
CACHE_SENTENCES = 16384


@dataclass(frozen=True)
class PassageSentence:
    """One sentence of a passage and its normalized passage-form vector."""

    text: str
    vector: np.ndarray


class SentenceSource(Protocol):
    """Passages -> their sentences with vectors, in passage order."""

    def __call__(self, passages: Sequence[Passage]) -> list[list[PassageSentence]]: ...


def passage_sentences(text: str) -> list[str]:
    """The sentences of a passage as evidence and checks read them (whitespace normalised)."""
    return [" ".join(s.split()) for s in split_sentences(text) if s.strip()]


def sentence_key(text: str) -> str:
    """A sentence as passages hold it: its matching text, whitespace normalised."""
    return " ".join(matching_text(text).split())


class EmbeddedSentences:
    """Splits passages into sentences and embeds them in one batch per call, caching by passage."""

    def __init__(self, embed_passages: Callable[[list[str]], np.ndarray]) -> None:
        self.embed_passages = embed_passages
        self._cache: OrderedDict[tuple[str, str], list[PassageSentence]] = OrderedDict()

    def __call__(self, passages: Sequence[Passage]) -> list[list[PassageSentence]]:
        keys = [(p.chunk_id, p.text) for p in passages]
        todo = list(dict.fromkeys(k for k in keys if k not in self._cache))
        texts = {k: passage_sentences(k[1]) for k in todo}
        flat = [s for k in todo for s in texts[k]]
        vectors = self.embed_passages(flat) if flat else np.zeros((0, 0), np.float32)
        at = 0
        for k in todo:
            n = len(texts[k])
            self._cache[k] = [PassageSentence(t, vectors[at + i]) for i, t in enumerate(texts[k])]
            at += n
        for k in keys:
            self._cache.move_to_end(k)
        while len(self._cache) > CACHE_PASSAGES:
            self._cache.popitem(last=False)
        return [self._cache[k] for k in keys]


class IndexSentences:
    """The sentences of passages with the vectors ingest stored for them. ``stored(passages)``: per passage,
    the stored (text, vector) of the sentences of the chunks it is made of; a sentence they do not hold
    (split otherwise than at ingest) is embedded, and cached."""

    def __init__(
        self,
        stored: Callable[[Sequence[Passage]], list[list[tuple[str, np.ndarray]]]],
        embed_passages: Callable[[list[str]], np.ndarray],
    ) -> None:
        self.stored = stored
        self.embed_passages = embed_passages
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()

    def __call__(self, passages: Sequence[Passage]) -> list[list[PassageSentence]]:
        known: list[Mapping[str, np.ndarray]] = [
            {sentence_key(text): vector for text, vector in got} for got in self.stored(passages)
        ]
        texts = [passage_sentences(p.text) for p in passages]
        todo = list(dict.fromkeys(t for ts, k in zip(texts, known, strict=True) for t in ts if t not in k))
        todo = [t for t in todo if t not in self._cache]
        if todo:
            self._cache.update(zip(todo, self.embed_passages(todo), strict=True))
        out = []
        for ts, k in zip(texts, known, strict=True):
            out.append([PassageSentence(t, k[t] if t in k else self._cache[t]) for t in ts])
            for t in ts:
                if t in self._cache:
                    self._cache.move_to_end(t)
        while len(self._cache) > CACHE_SENTENCES:
            self._cache.popitem(last=False)
        return out
