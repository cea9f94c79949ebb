"""Node postprocessors of retrieval: widening hits into passages, and the relevance gate."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from llama_index.core.postprocessor.types import BaseNodePostprocessor
from llama_index.core.schema import BaseNode, NodeWithScore, QueryBundle, TextNode
from pydantic import PrivateAttr

from assistant.store.metadata import META_HIT, META_INSTRUCTION, META_LINE_END, META_LINE_START

MIN_DENSE_RELEVANCE = 0.75
MIN_BM25_RELEVANCE = 1.0
"""Relevance gate: a passage below both of these is about something else."""
MAX_UNKNOWN_TERMS_SHARE = 0.5
"""When at least this share of a question's words (in the articles' language) occurs nowhere in the
articles, the question is about something they do not cover ("Merek HP apa ...?")."""


class NeighbourWidening(BaseNodePostprocessor):
    """Each hit widened by ``window`` neighbouring chunks of its article into the passage that is shown,
    prompted and cited. Neighbours an earlier hit already shows are left out, and a hit an earlier passage
    already holds is dropped, so passages never repeat text. A chunk flagged at ingest as an instruction to
    an AI model is never a neighbour: widening stops before it."""

    window: int = 0
    _chunks: Mapping[str, Sequence[str]] = PrivateAttr(default_factory=dict)
    _position: dict[str, tuple[str, int]] = PrivateAttr(default_factory=dict)
    _nodes: Mapping[str, BaseNode] = PrivateAttr(default_factory=dict)

    def __init__(
        self, window: int, chunks: Mapping[str, Sequence[str]], nodes: Mapping[str, BaseNode], **kw: Any
    ) -> None:
        """``chunks``: article id -> its chunk ids in order; ``nodes``: chunk id -> chunk."""
        super().__init__(window=window, **kw)
        self._chunks = chunks
        self._nodes = nodes
        self._position = {cid: (doc, i) for doc, ids in chunks.items() for i, cid in enumerate(ids)}

    @classmethod
    def class_name(cls) -> str:
        return "NeighbourWidening"

    def around(self, chunk_id: str, width: int) -> list[str]:
        """The chunk and up to ``width`` neighbours on each side in its article, stopping before a flagged
        chunk ([chunk_id] when unknown)."""
        if chunk_id not in self._position:
            return [chunk_id]
        doc, i = self._position[chunk_id]
        ids = self._chunks[doc]
        start, end = i, i
        while start > max(0, i - width) and not self._flagged(ids[start - 1]):
            start -= 1
        while end < min(len(ids) - 1, i + width) and not self._flagged(ids[end + 1]):
            end += 1
        return list(ids[start : end + 1])

    def _flagged(self, chunk_id: str) -> bool:
        node = self._nodes.get(chunk_id)
        return node is not None and bool(node.metadata.get(META_INSTRUCTION))

    def text(self, chunk_ids: Sequence[str]) -> str:
        return " ".join(self._nodes[c].get_content() for c in chunk_ids if c in self._nodes)

    def _window(self, chunk_id: str, covered: set[str]) -> list[str]:
        ids = self.around(chunk_id, self.window)
        at = ids.index(chunk_id)
        before, after = ids[:at], ids[at + 1 :]
        while before and any(c in covered for c in before):
            before = before[1:]
        while after and any(c in covered for c in after):
            after = after[:-1]
        return [*before, chunk_id, *after]

    def _postprocess_nodes(
        self, nodes: list[NodeWithScore], query_bundle: QueryBundle | None = None
    ) -> list[NodeWithScore]:
        out: list[NodeWithScore] = []
        covered: set[str] = set()
        for hit in nodes:
            if hit.node.node_id in covered:
                continue
            window = self._window(hit.node.node_id, covered)
            covered.update(window)
            parts = [self._nodes[c] for c in window if c in self._nodes]
            if len(parts) <= 1:
                out.append(hit)
                continue
            metadata = {
                **hit.node.metadata,
                META_LINE_START: parts[0].metadata[META_LINE_START],
                META_LINE_END: parts[-1].metadata[META_LINE_END],
                META_HIT: hit.node.get_content(),
            }
            widened = TextNode(id_=hit.node.node_id, text=" ".join(p.get_content() for p in parts), metadata=metadata)
            out.append(NodeWithScore(node=widened, score=hit.score))
        return out


class RelevanceGate(BaseNodePostprocessor):
    """Drops the nodes that are about something else: every node when too many of the question's words
    occur nowhere in the articles, else those below both retrievers' minimums."""

    _unknown_share: Callable[[str], float] = PrivateAttr()
    _scores: Callable[[NodeWithScore], Mapping[str, float]] = PrivateAttr()

    def __init__(
        self, unknown_share: Callable[[str], float], scores: Callable[[NodeWithScore], Mapping[str, float]], **kw: Any
    ) -> None:
        super().__init__(**kw)
        self._unknown_share = unknown_share
        self._scores = scores

    @classmethod
    def class_name(cls) -> str:
        return "RelevanceGate"

    def off_topic(self, question: str) -> bool:
        """Whether the articles do not cover what the question is about at all."""
        return self._unknown_share(question) >= MAX_UNKNOWN_TERMS_SHARE

    @staticmethod
    def keeps(scores: Mapping[str, float]) -> bool:
        """Whether per-retriever scores make a passage relevant."""
        return scores.get("dense", 0.0) >= MIN_DENSE_RELEVANCE or scores.get("bm25", 0.0) >= MIN_BM25_RELEVANCE

    def _postprocess_nodes(
        self, nodes: list[NodeWithScore], query_bundle: QueryBundle | None = None
    ) -> list[NodeWithScore]:
        if query_bundle is not None and self.off_topic(query_bundle.query_str):
            return []
        return [n for n in nodes if self.keeps(self._scores(n))]
