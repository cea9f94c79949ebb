"""Node postprocessors of retrieval: widening hits into passages, and the relevance gate."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from llama_index.core.postprocessor.types import BaseNodePostprocessor
from llama_index.core.schema import BaseNode, NodeWithScore, QueryBundle, TextNode
from pydantic import PrivateAttr

from assistant.citations import split_sentences
from assistant.store.metadata import META_HIT, META_INSTRUCTION, META_LINE_END, META_LINE_START
from assistant.text import words
from assistant.vocabulary import GROUP_PRONOUNS, PERSON_PRONOUNS

MIN_DENSE_RELEVANCE = 0.75
MIN_BM25_RELEVANCE = 1.0
"""Relevance gate: a passage below both of these is about something else."""
MAX_UNKNOWN_TERMS_SHARE = 0.5
"""When at least this share of a question's words (in the articles' language) occurs nowhere in the
articles, the question is about something they do not cover ("Merek HP apa ...?")."""


def refers_back(text: str) -> bool:
    """Whether a text's first sentence stands for someone by a pronoun ("Ia mengusulkan …", "He said …"):
    who it is was named before it."""
    first = split_sentences(text)[:1]
    return any(w in PERSON_PRONOUNS or w in GROUP_PRONOUNS for w in words(first[0] if first else text))


def flagged(node: BaseNode) -> bool:
    """Whether ingest flagged the chunk as holding an instruction to an AI model."""
    return bool(node.metadata.get(META_INSTRUCTION))


class NeighbourWidening(BaseNodePostprocessor):
    """With ``window`` 1 or more, each hit is shown, prompted and cited as its whole chunk and ``window``
    neighbouring chunks of its article on each side, instead of the sentences around its best sentence (0).
    Chunks an earlier hit already shows are left out, and a hit an earlier passage already holds is dropped,
    so passages never repeat text. Neighbours are read from the index as needed. A chunk
    flagged at ingest as an instruction to an AI model is never a neighbour: widening stops before it."""

    window: int = 0
    _around: Callable[[str, int], list[BaseNode]] = PrivateAttr()

    def __init__(self, window: int, around: Callable[[str, int], list[BaseNode]], **kw: Any) -> None:
        """``around(chunk_id, width)``: the chunk and ``width`` chunks on each side of it in its article, in
        order (empty when it is unknown)."""
        super().__init__(window=window, **kw)
        self._around = around

    @classmethod
    def class_name(cls) -> str:
        return "NeighbourWidening"

    def around(self, chunk_id: str, width: int) -> list[BaseNode]:
        """The chunk and up to ``width`` neighbours on each side in its article, stopping before a flagged
        chunk (empty when the chunk is unknown)."""
        nodes = self._around(chunk_id, width)
        ids = [n.node_id for n in nodes]
        if chunk_id not in ids:
            return nodes
        start = end = ids.index(chunk_id)
        while start > 0 and not flagged(nodes[start - 1]):
            start -= 1
        while end < len(nodes) - 1 and not flagged(nodes[end + 1]):
            end += 1
        return nodes[start : end + 1]

    @staticmethod
    def text(nodes: Sequence[BaseNode]) -> str:
        return " ".join(n.get_content() for n in nodes)

    def _parts(self, node: BaseNode, covered: set[str]) -> list[BaseNode]:
        """The hit's chunk and its uncovered neighbours; one chunk more before them when the passage would open
        with a sentence that refers back to someone ("Ia mengusulkan …"), so that it names who."""
        nodes = self.around(node.node_id, self.window + 1)
        ids = [n.node_id for n in nodes]
        if node.node_id not in ids:
            return [node]
        at = ids.index(node.node_id)
        start = max(0, at - self.window)
        before, after = nodes[start:at], nodes[at + 1 : at + 1 + self.window]
        while before and any(n.node_id in covered for n in before):
            before = before[1:]
        while after and any(n.node_id in covered for n in after):
            after = after[:-1]
        if start > 0 and len(before) == at - start and nodes[start - 1].node_id not in covered:
            if refers_back((before or [nodes[at]])[0].get_content()):
                before = [nodes[start - 1], *before]
        return [*before, nodes[at], *after]

    def _postprocess_nodes(
        self, nodes: list[NodeWithScore], query_bundle: QueryBundle | None = None
    ) -> list[NodeWithScore]:
        if self.window < 1:
            return nodes
        out: list[NodeWithScore] = []
        covered: set[str] = set()
        for hit in nodes:
            if hit.node.node_id in covered:
                continue
            parts = self._parts(hit.node, covered)
            covered.update(n.node_id for n in parts)
            metadata = {
                **hit.node.metadata,
                META_LINE_START: parts[0].metadata[META_LINE_START],
                META_LINE_END: parts[-1].metadata[META_LINE_END],
                META_HIT: next(n for n in parts if n.node_id == hit.node.node_id).get_content(),  # the whole chunk
            }
            widened = TextNode(id_=hit.node.node_id, text=self.text(parts), metadata=metadata)
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
