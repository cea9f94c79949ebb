"""The opened index as one retriever: hybrid candidates, widened into passages, then the relevance gate."""

from __future__ import annotations

import re
from collections.abc import Sequence

from llama_index.core import VectorStoreIndex
from llama_index.core.base.base_retriever import BaseRetriever
from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.schema import NodeWithScore, QueryBundle

from assistant.embeddings import make_embedder
from assistant.language import question_language
from assistant.lexical import english_base, glosses
from assistant.normalize import matching_text
from assistant.retrieval.dense import ClearChromaStore, committed_only
from assistant.retrieval.filters import ArticleFilter, FilterError, FilterRequest
from assistant.retrieval.fusion import SCORES_KEY, HybridRetriever
from assistant.retrieval.postprocessors import NeighbourWidening, RelevanceGate
from assistant.settings import Settings
from assistant.store import IndexStore, Manifest
from assistant.store.bm25 import bm25_nodes, open_bm25
from assistant.store.metadata import (
    META_FILE,
    META_HIT,
    META_INSTRUCTION,
    META_LINE_END,
    META_LINE_START,
    META_OUTLET,
    META_PATH,
    META_PUBLISHED,
    META_TITLE,
)
from assistant.text import content_tokens
from assistant.types import Passage


def to_passage(hit: NodeWithScore) -> Passage:
    meta = hit.node.metadata
    return Passage(
        chunk_id=hit.node.node_id,
        file=str(meta.get(META_FILE, "")),
        path=str(meta.get(META_PATH, "")),
        title=str(meta.get(META_TITLE, "")),
        outlet=str(meta.get(META_OUTLET, "")),
        published=str(meta.get(META_PUBLISHED, "")),
        lines=(int(meta.get(META_LINE_START, 0)), int(meta.get(META_LINE_END, 0))),
        text=hit.node.get_content(),
        hit=str(meta.get(META_HIT, "")),
        instruction=str(meta.get(META_INSTRUCTION, "")),
        score=float(hit.score or 0.0),
        scores=dict(meta.get(SCORES_KEY, {})),
    )


class Searcher(BaseRetriever):
    """The opened index: embedder, Chroma collection, BM25 and the hybrid retriever over them.

    Chunks are small so that ranking is sharp; each hit is then widened by ``context_window``
    neighbouring chunks of its article into the passage that is shown, prompted and cited. As a
    LlamaIndex retriever it returns the widened nodes that pass the relevance gate.
    """

    def __init__(self, settings: Settings, embedder: BaseEmbedding | None = None) -> None:
        super().__init__()
        self.settings = settings
        self.store = IndexStore(settings)
        self.manifest: Manifest = self.store.open_manifest()
        self.embedder = embedder or make_embedder(settings.embed_model)
        candidates = max(settings.candidates, settings.top_k)
        bm25 = open_bm25(self.store, self.manifest, candidates)
        collection = self.store.collection(self.manifest.collection)
        vector_store = ClearChromaStore(chroma_collection=collection, store=self.store)
        index = VectorStoreIndex.from_vector_store(vector_store, embed_model=self.embedder)
        dense_kwargs = committed_only(self.store, collection, self.manifest)
        self.hybrid = HybridRetriever(
            dense=lambda filters: index.as_retriever(
                similarity_top_k=candidates, filters=filters, vector_store_kwargs=dense_kwargs
            ),
            bm25=bm25,
            allowed_ids=self.manifest.chunk_ids,
            top_k=candidates,
            rrf_k=settings.rrf_k,
            weights=self.fusion_weights,
            bm25_query=self.bm25_query,
        )
        chunks = {doc_id: entry["chunks"] for doc_id, entry in self.manifest.files.items()}
        self.widening = NeighbourWidening(settings.context_window, chunks, bm25_nodes(bm25, self.store))
        self.gate = RelevanceGate(self.unknown_share, lambda hit: hit.node.metadata.get(SCORES_KEY, {}))
        self._masks: dict[ArticleFilter, list[int]] = {}

    def fusion_weights(self, question: str) -> dict[str, float]:
        """BM25 counts less when the question is not in the articles' language."""
        bm25 = self.settings.bm25_cross_lingual_weight if self.cross_lingual(question) else self.settings.bm25_weight
        return {"dense": self.settings.dense_weight, "bm25": bm25}

    def cross_lingual(self, question: str) -> bool:
        return bool(self.manifest.language) and question_language(question) != self.manifest.language

    def bm25_query(self, question: str) -> str:
        """The question for BM25: an English question over Indonesian articles gets the Indonesian glosses of
        its words added, so that BM25 can match them ("visit planned" -> kunjung rencana)."""
        if self.manifest.language != "id" or not self.cross_lingual(question):
            return question
        words = re.findall(r"[^\W\d_]+", question.lower())
        return " ".join([question, *sorted({g for w in words for g in glosses(english_base(w)) | glosses(w)})])

    def unknown_share(self, question: str) -> float:
        """Share of the question's content words that occur nowhere in the articles (0 when the
        question is in another language than the articles, where words cannot be compared)."""
        if not self.manifest.language or question_language(question) != self.manifest.language:
            return 0.0
        vocab = self.hybrid.bm25.bm25.vocab_dict
        tokens = set(content_tokens(question))
        if not tokens:
            return 0.0
        return sum(1 for t in tokens if t not in vocab) / len(tokens)

    @property
    def outlets(self) -> list[str]:
        """The outlets the indexed articles name."""
        return sorted({str(e.get(META_OUTLET) or "") for e in self.manifest.files.values()} - {""})

    def resolve(self, request: FilterRequest | None, question: str) -> ArticleFilter:
        """The filter ``request`` (and an outlet the question names) stands for; FilterError when it matches
        no indexed article."""
        found = (request or FilterRequest()).resolve(matching_text(question), self.outlets)
        if found and not any(found.matches(entry) for entry in self.manifest.files.values()):
            raise FilterError(
                f"no indexed article matches {found.describe()}: `assistant articles` lists the outlets and dates"
            )
        return found

    def _bm25_mask(self, found: ArticleFilter) -> list[int]:
        if found not in self._masks:
            self._masks[found] = [int(found.matches(entry)) for entry in self.hybrid.bm25.corpus]
        return self._masks[found]

    def _widened(self, query_bundle: QueryBundle, found: ArticleFilter | None = None) -> list[NodeWithScore]:
        if found:
            hits = self.hybrid.candidates(query_bundle, found.metadata_filters(), self._bm25_mask(found))
        else:
            hits = self.hybrid.candidates(query_bundle)
        return self.widening.postprocess_nodes(hits, query_bundle=query_bundle)

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        nodes = self.gate.postprocess_nodes(self._widened(query_bundle), query_bundle=query_bundle)
        return nodes[: self.settings.top_k]

    def search(self, question: str, k: int | None = None, found: ArticleFilter | None = None) -> list[Passage]:
        """The top ``k`` passages (default: top_k) of the articles ``found`` lets through, before the relevance
        gate (see ``relevant``); the question is matched as its ``matching_text``, like the passages."""
        hits = self._widened(QueryBundle(query_str=matching_text(question)), found)
        return [to_passage(hit) for hit in hits[: k or self.settings.top_k]]

    def relevant(self, passages: Sequence[Passage], question: str) -> list[Passage]:
        """The passages that pass the relevance gate: none when the question is about something the
        articles do not cover, else those close enough by either retriever."""
        if self.gate.off_topic(matching_text(question)):
            return []
        return [p for p in passages if self.gate.keeps(p.scores)]

    def surroundings(self, passage: Passage, width: int = 1) -> str:
        """The passage with ``width`` neighbouring chunks of its article on each side (its own text when
        the chunk is unknown): what a sentence's subject may be named in."""
        return self.widening.text(self.widening.around(passage.chunk_id, width)) or passage.text

    @property
    def n_articles(self) -> int:
        return len(self.manifest.files)

    @property
    def n_chunks(self) -> int:
        return self.manifest.n_chunks
