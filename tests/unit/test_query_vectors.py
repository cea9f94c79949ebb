"""Query vectors are embedded once per text and shared: a second question that shares words with the first
embeds only its new words, in one call, and the matches are the same as with no cache."""

from __future__ import annotations

import gc
import hashlib

import numpy as np
from llama_index.core.base.embeddings.base import BaseEmbedding

from assistant.answering.crosslingual import WordMatcher
from assistant.embeddings import QueryVectors, query_vectors

SAME = {"car": "mobil", "visit": "kunjungan", "airport": "bandara"}
"""English word -> the Indonesian word the fake embedder puts at the same point."""


def _vector(word: str) -> np.ndarray:
    seed = int(hashlib.sha256(SAME.get(word, word).encode()).hexdigest()[:8], 16)
    v = np.random.default_rng(seed).normal(size=16).astype(np.float32)
    return v / np.linalg.norm(v)


class CountingEmbed:
    """A deterministic embedder that records every batch it is asked for."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def __call__(self, texts: list[str]) -> np.ndarray:
        self.calls.append(list(texts))
        return np.stack([_vector(t) for t in texts])


def test_a_second_question_embeds_only_its_new_words_in_one_call() -> None:
    embed = CountingEmbed()
    matcher = WordMatcher(QueryVectors(embed), threshold=0.99)
    first = matcher.translations(["car", "visit"], ["mobil", "kunjungan", "presiden", "limusin"])
    assert first == {"car": "mobil", "visit": "kunjungan"}
    assert embed.calls == [["car", "visit", "kunjungan", "limusin", "mobil", "presiden"]]

    second = matcher.translations(["car", "airport"], ["mobil", "bandara", "presiden"])
    assert second == {"car": "mobil", "airport": "bandara"}
    assert embed.calls[1:] == [["airport", "bandara"]]

    assert matcher.translations(["visit"], ["kunjungan", "limusin"]) == {"visit": "kunjungan"}
    assert len(embed.calls) == 2  # every word known: no call at all


def test_cached_matches_are_those_of_a_fresh_matcher() -> None:
    shared = WordMatcher(QueryVectors(CountingEmbed()), threshold=0.99)
    questions = [(["car", "visit"], ["mobil", "presiden"]), (["airport", "car"], ["bandara", "kunjungan", "mobil"])]
    for words, pool in questions:
        fresh = WordMatcher(CountingEmbed(), threshold=0.99)
        assert shared.translations(words, pool) == fresh.translations(words, pool)


def test_the_least_recently_used_text_is_dropped_first() -> None:
    embed = CountingEmbed()
    vectors = QueryVectors(embed, size=2)
    vectors(["a", "b"])
    vectors(["a"])  # "a" used last: "b" goes when "c" comes
    vectors(["c"])
    vectors(["a", "c"])
    assert embed.calls == [["a", "b"], ["c"]]
    vectors(["b"])
    assert embed.calls[-1] == ["b"]


def test_a_batch_larger_than_the_cache_still_gets_every_vector() -> None:
    vectors = QueryVectors(CountingEmbed(), size=2)
    got = vectors(["x", "y", "z", "x"])
    assert np.allclose(got, np.stack([_vector(t) for t in ["x", "y", "z", "x"]]))


class _Fake(BaseEmbedding):
    def _get_query_embedding(self, query: str) -> list[float]:
        return _vector(query).tolist()

    def _get_text_embedding(self, text: str) -> list[float]:
        return _vector(text).tolist()

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)


def test_one_cache_per_embedder_shared_by_everything_that_asks() -> None:
    a, b = _Fake(), _Fake()
    assert query_vectors(a) is query_vectors(a)
    assert query_vectors(a) is not query_vectors(b)
    assert np.allclose(query_vectors(a)(["kunjungan"])[0], _vector("kunjungan"))


def test_the_cache_does_not_keep_its_embedder_alive() -> None:
    import weakref

    fake = _Fake()
    query_vectors(fake)(["word"])
    ref = weakref.ref(fake)
    del fake
    gc.collect()
    assert ref() is None
