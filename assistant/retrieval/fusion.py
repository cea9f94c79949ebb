"""Hybrid candidates: dense (Chroma) and BM25 hits fused by weighted reciprocal rank."""

from __future__ import annotations

import copy
import math
from collections.abc import Callable, Sequence
from typing import Any

from llama_index.core.base.base_retriever import BaseRetriever
from llama_index.core.schema import BaseNode, NodeWithScore, QueryBundle
from llama_index.core.vector_stores import MetadataFilters
from llama_index.retrievers.bm25 import BM25Retriever

SCORES_KEY = "retrieval_scores"
"""Metadata key of each fused node's per-retriever scores."""


def rrf_fuse(
    ranked_lists: dict[str, list[NodeWithScore]],
    weights: dict[str, float],
    k: float,
    top_k: int,
) -> list[NodeWithScore]:
    """Weighted reciprocal-rank fusion; each fused node carries its per-retriever scores in metadata."""
    fused: dict[str, float] = {}
    nodes: dict[str, BaseNode] = {}
    per: dict[str, dict[str, float]] = {}
    for name, hits in ranked_lists.items():
        for rank, hit in enumerate(hits, start=1):
            node_id = hit.node.node_id
            fused[node_id] = fused.get(node_id, 0.0) + weights.get(name, 1.0) / (k + rank)
            nodes.setdefault(node_id, hit.node)
            per.setdefault(node_id, {})[name] = float(hit.score or 0.0)
    out: list[NodeWithScore] = []
    for node_id in sorted(fused, key=lambda i: (-fused[i], i))[:top_k]:
        node = nodes[node_id].model_copy()
        node.metadata = {**node.metadata, SCORES_KEY: per[node_id]}
        out.append(NodeWithScore(node=node, score=fused[node_id]))
    return out


class HybridRetriever(BaseRetriever):
    """Dense + BM25 candidates fused by reciprocal rank; only chunks of the committed index are returned.

    ``dense`` makes the dense retriever for a metadata filter (None: unfiltered); the same filter is applied
    to BM25 as a weight mask over its corpus (``bm25_mask``). ``bm25_query`` rewrites the query for BM25
    (a question in another language than the articles gets their words added).
    """

    def __init__(
        self,
        dense: Callable[[MetadataFilters | None], BaseRetriever],
        bm25: BM25Retriever,
        allowed_ids: set[str],
        top_k: int = 5,
        rrf_k: float = 60.0,
        weights: Callable[[str], dict[str, float]] | None = None,
        bm25_query: Callable[[str], str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.dense = dense
        self.bm25 = bm25
        self.allowed_ids = allowed_ids
        self.top_k = top_k
        self.rrf_k = rrf_k
        self.weights = weights or (lambda _query: {"dense": 1.0, "bm25": 1.0})
        self.bm25_query = bm25_query or (lambda query: query)
        self._unfiltered = dense(None)

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        return self.candidates(query_bundle)

    def candidates(
        self,
        query_bundle: QueryBundle,
        filters: MetadataFilters | None = None,
        bm25_mask: Sequence[int] | None = None,
    ) -> list[NodeWithScore]:
        """The fused candidates, limited by ``filters`` (dense) and ``bm25_mask`` (one 0/1 per BM25 corpus entry)."""
        dense = self._unfiltered if filters is None else self.dense(filters)
        bm25 = self.bm25
        if bm25_mask is not None:
            bm25 = copy.copy(self.bm25)  # the mask is per query; the shared retriever stays as it is
            bm25.corpus_weight_mask = list(bm25_mask)
        dense_hits = []
        for hit in dense.retrieve(query_bundle):
            if hit.node.node_id in self.allowed_ids:
                # Chroma reports exp(-cosine distance); report the cosine similarity itself.
                dense_hits.append(NodeWithScore(node=hit.node, score=1.0 + math.log(max(hit.score or 0.0, 1e-12))))
        bm25_hits = [h for h in bm25.retrieve(self.bm25_query(query_bundle.query_str)) if (h.score or 0.0) > 0.0]
        weights = self.weights(query_bundle.query_str)
        return rrf_fuse({"dense": dense_hits, "bm25": bm25_hits}, weights, self.rrf_k, self.top_k)
