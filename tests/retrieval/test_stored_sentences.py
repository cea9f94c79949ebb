"""The evidence step reads the sentence vectors ingest stored: only the question, and a sentence split
otherwise than at ingest, are embedded per answer."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from assistant.answering.sentences import EmbeddedSentences, IndexSentences
from assistant.embeddings import embed_passages
from assistant.retrieval import Searcher
from assistant.settings import Settings
from assistant.types import Passage


class CountingEmbed:
    """An embedder of passage-form vectors that records what it was asked to embed."""

    def __init__(self, vectors: dict[str, np.ndarray] | None = None) -> None:
        self.asked: list[str] = []
        self.vectors = vectors or {}

    def __call__(self, texts: list[str]) -> np.ndarray:
        self.asked += texts
        return np.stack([self.vectors.get(t, np.ones(2, np.float32) / np.sqrt(2)) for t in texts])


def passage(text: str, chunk_id: str = "c1") -> Passage:
    return Passage(chunk_id=chunk_id, file="a.txt", path="/a.txt", lines=(1, 1), text=text, score=1.0)


def test_stored_vectors_are_used_and_only_unknown_sentences_are_embedded_once() -> None:
    stored = {"c1": [("Satu  kalimat.", np.asarray([1.0, 0.0], np.float32))]}
    embed = CountingEmbed()
    source = IndexSentences(lambda ps: [stored.get(p.chunk_id, []) for p in ps], embed)
    p = passage("Satu kalimat. Kalimat lain yang tidak disimpan.")
    [got] = source([p])
    assert [s.text for s in got] == ["Satu kalimat.", "Kalimat lain yang tidak disimpan."]
    assert np.allclose(got[0].vector, [1.0, 0.0])  # the stored one, its whitespace normalised as passages are
    assert embed.asked == ["Kalimat lain yang tidak disimpan."]
    source([p, passage("Kalimat lain yang tidak disimpan.", "c2")])
    assert embed.asked == ["Kalimat lain yang tidak disimpan."]  # cached


def test_the_seeds_index_serves_every_passage_sentence_as_embedding_it_would(seeds_settings: Settings) -> None:
    searcher = Searcher(seeds_settings)
    passages: Sequence[Passage] = searcher.search("Where did Putin stop on his way to Pyongyang?")
    embed = CountingEmbed()
    from_index = IndexSentences(searcher.passage_vectors, embed)(passages)
    fresh = EmbeddedSentences(lambda texts: embed_passages(searcher.embedder, texts))(passages)
    assert embed.asked == []  # every sentence of every passage was stored at ingest
    for stored, embedded in zip(from_index, fresh, strict=True):
        assert [s.text for s in stored] == [s.text for s in embedded]
        assert all(float(a.vector @ b.vector) > 0.999 for a, b in zip(stored, embedded, strict=True))
