"""Retrieval over the committed index.

* ``fusion``: dense and BM25 candidates fused by weighted reciprocal rank;
* ``dense``: the Chroma side, kept to the committed chunks;
* ``postprocessors``: widening hits into passages, and the relevance gate;
* ``searcher``: the opened index as one retriever.
"""

from assistant.retrieval.fusion import SCORES_KEY, HybridRetriever, rrf_fuse
from assistant.retrieval.searcher import Searcher, to_passage

__all__ = ["SCORES_KEY", "HybridRetriever", "Searcher", "rrf_fuse", "to_passage"]
