"""The sentences of retrieved passages with their passage-form vectors: what evidence ranking and the
support checks compare a question or an answer sentence with.

``SentenceSource`` is the interface; ``EmbeddedSentences`` splits and embeds passages itself, caching each
passage's sentences so that a passage is embedded once per process. An index that stored its sentences'
vectors at ingest serves them instead (``IndexSentences``), and only the question is embedded per answer.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from assistant.citations import split_sentences
from assistant.types import Passage

CACHE_PASSAGES = 4096


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
