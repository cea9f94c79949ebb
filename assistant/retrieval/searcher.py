"""The opened index as one retriever: hybrid candidates, widened into passages, then the relevance gate."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from llama_index.core.base.base_retriever import BaseRetriever
from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.schema import BaseNode, NodeWithScore, QueryBundle

from assistant.embeddings import make_embedder
from assistant.language import question_language
from assistant.lexical import english_forms, glosses
from assistant.normalize import matching_text
from assistant.retrieval.dense import DenseSearch
from assistant.retrieval.filters import ArticleFilter, FilterError, FilterRequest
from assistant.retrieval.fusion import SCORES_KEY, HybridRetriever, chunk_node, day_range
from assistant.retrieval.postprocessors import NeighbourWidening, RelevanceGate
from assistant.settings import Settings
from assistant.store import IndexInfo, IndexStore
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
from assistant.store.records import StoredSentence
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
    """The opened index: embedder, Chroma collection, the index database and the hybrid retriever over them.

    Opening reads the index's ``meta`` and Chroma's count, nothing more: BM25 runs in the database, and
    texts are read for the candidates of each question only. A retrieved chunk is shown with
    ``context_window`` neighbouring chunks on each side (postprocessors.py), or with 0 as the window of
    sentences around its sentence closest to the question (windows.py). As a LlamaIndex retriever it
    returns the passages that pass the relevance gate.
    """

    def __init__(self, settings: Settings, embedder: BaseEmbedding | None = None) -> None:
        super().__init__()
        self.settings = settings
        self.store = IndexStore(settings)
        self.info: IndexInfo = self.store.open_info()
        self.reader = self.store.reader()
        self.embedder = embedder or make_embedder(settings.embed_model)
        collection = self.store.collection(self.info.collection)
        self.hybrid = HybridRetriever(
            dense=DenseSearch(self.store, collection, self.info, self.reader),
            reader=self.reader,
            embedder=self.embedder,
            top_k=max(settings.candidates, settings.top_k),
            rrf_k=settings.rrf_k,
            weights=self.fusion_weights,
            bm25_query=self.bm25_query,
            windows=settings.context_window == 0,
        )
        self.widening = NeighbourWidening(settings.context_window, self.around)
        self.gate = RelevanceGate(self.unknown_share, lambda hit: hit.node.metadata.get(SCORES_KEY, {}))
        self._outlets: list[str] | None = None

    @property
    def manifest(self) -> IndexInfo:
        """What the index is (embedder, chunking, language, fingerprint); the name of the earlier format's record."""
        return self.info

    def around(self, chunk_id: str, width: int) -> list[BaseNode]:
        """The chunk and ``width`` chunks on each side of it in its article, as nodes."""
        return [chunk_node(row) for row in self.reader.around(chunk_id, width)]

    def fusion_weights(self, question: str) -> dict[str, float]:
        """BM25 counts less when the question is not in the articles' language."""
        bm25 = self.settings.bm25_cross_lingual_weight if self.cross_lingual(question) else self.settings.bm25_weight
        return {"dense": self.settings.dense_weight, "bm25": bm25}

    def cross_lingual(self, question: str) -> bool:
        return bool(self.info.language) and question_language(question) != self.info.language

    def bm25_query(self, question: str) -> str:
        """The question for BM25: an English question over Indonesian articles gets the Indonesian glosses of
        its words added, so that BM25 can match them ("visit planned" -> kunjung rencana); the news glossary's
        only, not every sense of everyday words (``vocabulary.EVERYDAY_SECTION``)."""
        if self.info.language != "id" or not self.cross_lingual(question):
            return question
        words = re.findall(r"[^\W\d_]+", question.lower())
        found = {g for w in words for form in english_forms(w) for g in glosses(form, everyday=False)}
        return " ".join([question, *sorted(found)])

    def unknown_share(self, question: str) -> float:
        """Share of the question's content words that occur nowhere in the articles (0 when the
        question is in another language than the articles, where words cannot be compared)."""
        if not self.info.language or question_language(question) != self.info.language:
            return 0.0
        tokens = set(content_tokens(question))
        if not tokens:
            return 0.0
        return len(tokens - self.reader.known_terms(tokens)) / len(tokens)

    @property
    def outlets(self) -> list[str]:
        """The outlets the indexed articles name."""
        if self._outlets is None:
            self._outlets = self.reader.outlets()
        return self._outlets

    def resolve(self, request: FilterRequest | None, question: str) -> ArticleFilter:
        """The filter ``request`` (and an outlet the question names) stands for; FilterError when it matches
        no indexed article."""
        found = (request or FilterRequest()).resolve(matching_text(question), self.outlets)
        if found and not self.reader.any_article(found.outlets, *day_range(found)):
            raise FilterError(
                f"no indexed article matches {found.describe()}: `assistant articles` lists the outlets and dates"
            )
        return found

    def _widened(self, query_bundle: QueryBundle, found: ArticleFilter | None = None) -> list[NodeWithScore]:
        hits = self.hybrid.candidates(query_bundle, found or None)
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
        """The passage's chunk with ``width`` neighbouring chunks of its article on each side (its own text
        when the chunk is unknown): what a sentence's subject may be named in."""
        return self.widening.text(self.widening.around(passage.chunk_id, width)) or passage.text

    def sentences(self, chunk_ids: Sequence[str]) -> dict[str, list[StoredSentence]]:
        """Each chunk's sentences as stored at ingest: text, offsets into its article's text, and the unit
        vector of its "passage: " form (the evidence step compares them with the question's vector)."""
        return self.reader.sentences(chunk_ids)

    def passage_vectors(self, passages: Sequence[Passage]) -> list[list[tuple[str, np.ndarray]]]:
        """Per passage, the (text, stored vector) of the sentences of every chunk it can be made of: its
        chunk and ``context_window`` chunks on each side, and one more (the widening may take the chunk
        before, when the passage would open with a pronoun)."""
        width = self.settings.context_window + 1
        parts = {p.chunk_id: [row.id for row in self.reader.around(p.chunk_id, width)] for p in passages}
        stored = self.sentences([c for ids in parts.values() for c in ids])
        return [[(s.text, s.vector) for c in parts[p.chunk_id] for s in stored.get(c, [])] for p in passages]

    def article_text(self, file: str) -> str | None:
        """The text an article's citations point into, as it was indexed (None for an unknown article)."""
        return self.reader.article_text(file)

    @property
    def n_articles(self) -> int:
        return self.info.n_articles

    @property
    def n_chunks(self) -> int:
        return self.info.n_chunks
