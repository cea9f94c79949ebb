"""Hybrid retrieval: dense (Chroma) + BM25 over Indonesian-aware tokens, fused by weighted reciprocal rank."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from llama_index.core import VectorStoreIndex
from llama_index.core.base.base_retriever import BaseRetriever
from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.schema import BaseNode, NodeWithScore, QueryBundle
from llama_index.core.vector_stores.utils import metadata_dict_to_node
from llama_index.retrievers.bm25 import BM25Retriever
from llama_index.vector_stores.chroma import ChromaVectorStore
from pydantic import PrivateAttr

from assistant.chroma import one_line
from assistant.embeddings import make_embedder
from assistant.ingest.chunking import META_FILE, META_LINE_END, META_LINE_START, META_PATH, META_TITLE
from assistant.language import question_language
from assistant.settings import Settings
from assistant.store import IndexStore, Manifest, StoreError
from assistant.text import SastrawiStemmer, content_tokens, stopwords
from assistant.types import Passage

SCORES_KEY = "retrieval_scores"
MIN_DENSE_RELEVANCE = 0.75
MIN_BM25_RELEVANCE = 1.0
"""Relevance gate: a passage below both of these is about something else."""
MAX_UNKNOWN_TERMS_SHARE = 0.5
"""When at least this share of a question's words (in the articles' language) occurs nowhere in the
articles, the question is about something they do not cover ("Merek HP apa ...?")."""


def build_bm25(nodes: Sequence[BaseNode], top_k: int = 20) -> BM25Retriever:
    """A BM25 retriever over ``nodes`` with Sastrawi stemming and Indonesian + English stopwords."""
    return BM25Retriever.from_defaults(
        nodes=list(nodes),
        stemmer=SastrawiStemmer(),
        language=sorted(stopwords()),
        similarity_top_k=min(top_k, len(nodes)),
    )


def load_bm25(path: str, top_k: int) -> BM25Retriever:
    retriever = BM25Retriever.from_persist_dir(path, show_progress=False)
    retriever.stemmer = SastrawiStemmer()  # the persisted args do not carry the stemmer
    retriever.similarity_top_k = min(top_k, len(retriever.corpus))
    return retriever


REBUILD_BM25 = "run `assistant ingest` to rebuild it"


def open_bm25(store: IndexStore, manifest: Manifest, top_k: int) -> BM25Retriever:
    """The committed BM25 index, verified against the manifest's checksums before it is loaded."""
    problem = store.bm25_problem(manifest)
    if problem:
        raise StoreError(f"the BM25 index in {store.dir} is damaged ({problem}): {REBUILD_BM25}")
    folder = store.bm25_path(manifest)
    try:
        bm25 = load_bm25(str(folder), top_k)
    except Exception as exc:  # noqa: BLE001 - only a folder from before checksums can get here damaged
        raise StoreError(f"the BM25 index in {folder} is unreadable ({one_line(exc)}): {REBUILD_BM25}") from exc
    if len(bm25.corpus) != manifest.n_chunks:
        raise StoreError(
            f"the BM25 index in {folder} holds {len(bm25.corpus)} of the {manifest.n_chunks} chunks: {REBUILD_BM25}"
        )
    return bm25


def bm25_nodes(bm25: BM25Retriever, store: IndexStore) -> dict[str, BaseNode]:
    """The chunks the BM25 corpus holds, by id (to widen hits into passages)."""
    try:
        nodes = [metadata_dict_to_node(entry) for entry in bm25.corpus]
    except Exception as exc:  # noqa: BLE001
        raise StoreError(f"the BM25 index in {store.dir} is unreadable ({one_line(exc)}): {REBUILD_BM25}") from exc
    return {node.node_id: node for node in nodes}


def committed_only(store: IndexStore, collection: Any, manifest: Manifest) -> dict[str, Any]:
    """Dense query arguments that keep to the committed chunks when Chroma holds others (an interrupted
    ingest), so that search still gets its full number of candidates; refuses when vectors are missing."""
    try:
        count = collection.count()
    except Exception as exc:  # noqa: BLE001
        raise store.chroma_failure(exc) from exc
    if count < manifest.n_chunks:
        raise StoreError(
            f"Chroma holds {count} of the index's {manifest.n_chunks} vectors: run `assistant ingest` to embed "
            "the missing ones again"
        )
    return {"ids": sorted(manifest.chunk_ids)} if count > manifest.n_chunks else {}


class ClearChromaStore(ChromaVectorStore):
    """The Chroma vector store, with a failure while searching turned into one line naming the fix."""

    _store: Any = PrivateAttr(default=None)

    def __init__(self, chroma_collection: Any, store: IndexStore) -> None:
        super().__init__(chroma_collection=chroma_collection)
        self._store = store

    def query(self, query: Any, **kwargs: Any) -> Any:
        try:
            return super().query(query, **kwargs)
        except Exception as exc:  # noqa: BLE001
            raise self._store.chroma_failure(exc) from exc


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
    """Dense + BM25 candidates fused by reciprocal rank; only chunks of the committed index are returned."""

    def __init__(
        self,
        dense: BaseRetriever,
        bm25: BM25Retriever,
        allowed_ids: set[str],
        top_k: int = 5,
        rrf_k: float = 60.0,
        weights: Callable[[str], dict[str, float]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.dense = dense
        self.bm25 = bm25
        self.allowed_ids = allowed_ids
        self.top_k = top_k
        self.rrf_k = rrf_k
        self.weights = weights or (lambda _query: {"dense": 1.0, "bm25": 1.0})

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        dense_hits = []
        for hit in self.dense.retrieve(query_bundle):
            if hit.node.node_id in self.allowed_ids:
                # Chroma reports exp(-cosine distance); report the cosine similarity itself.
                dense_hits.append(NodeWithScore(node=hit.node, score=1.0 + math.log(max(hit.score or 0.0, 1e-12))))
        bm25_hits = [h for h in self.bm25.retrieve(query_bundle) if (h.score or 0.0) > 0.0]
        weights = self.weights(query_bundle.query_str)
        return rrf_fuse({"dense": dense_hits, "bm25": bm25_hits}, weights, self.rrf_k, self.top_k)


def to_passage(hit: NodeWithScore) -> Passage:
    meta = hit.node.metadata
    return Passage(
        chunk_id=hit.node.node_id,
        file=str(meta.get(META_FILE, "")),
        path=str(meta.get(META_PATH, "")),
        title=str(meta.get(META_TITLE, "")),
        lines=(int(meta.get(META_LINE_START, 0)), int(meta.get(META_LINE_END, 0))),
        text=hit.node.get_content(),
        score=float(hit.score or 0.0),
        scores=dict(meta.get(SCORES_KEY, {})),
    )


class Searcher:
    """The opened index: embedder, Chroma collection, BM25 and the hybrid retriever over them.

    Chunks are small so that ranking is sharp; each hit is then widened by ``context_window``
    neighbouring chunks of its article into the passage that is shown, prompted and cited.
    """

    def __init__(self, settings: Settings, embedder: BaseEmbedding | None = None) -> None:
        self.settings = settings
        self.store = IndexStore(settings)
        self.manifest: Manifest = self.store.open_manifest()
        self.embedder = embedder or make_embedder(settings.embed_model)
        candidates = max(settings.candidates, settings.top_k)
        bm25 = open_bm25(self.store, self.manifest, candidates)
        collection = self.store.collection(self.manifest.collection)
        vector_store = ClearChromaStore(chroma_collection=collection, store=self.store)
        index = VectorStoreIndex.from_vector_store(vector_store, embed_model=self.embedder)
        self._nodes: dict[str, BaseNode] = bm25_nodes(bm25, self.store)
        self._position: dict[str, tuple[str, int]] = {
            cid: (doc_id, i) for doc_id, entry in self.manifest.files.items() for i, cid in enumerate(entry["chunks"])
        }
        self.retriever = HybridRetriever(
            dense=index.as_retriever(
                similarity_top_k=candidates, vector_store_kwargs=committed_only(self.store, collection, self.manifest)
            ),
            bm25=bm25,
            allowed_ids=self.manifest.chunk_ids,
            top_k=candidates,
            rrf_k=settings.rrf_k,
            weights=self.fusion_weights,
        )

    def fusion_weights(self, question: str) -> dict[str, float]:
        """BM25 counts less when the question is not in the articles' language."""
        cross = bool(self.manifest.language) and question_language(question) != self.manifest.language
        bm25 = self.settings.bm25_cross_lingual_weight if cross else self.settings.bm25_weight
        return {"dense": self.settings.dense_weight, "bm25": bm25}

    def unknown_share(self, question: str) -> float:
        """Share of the question's content words that occur nowhere in the articles (0 when the
        question is in another language than the articles, where words cannot be compared)."""
        if not self.manifest.language or question_language(question) != self.manifest.language:
            return 0.0
        vocab = self.retriever.bm25.bm25.vocab_dict
        tokens = set(content_tokens(question))
        if not tokens:
            return 0.0
        return sum(1 for t in tokens if t not in vocab) / len(tokens)

    def search(self, question: str, k: int | None = None) -> list[Passage]:
        """The top ``k`` passages (default: top_k), each a retrieved chunk widened by its neighbours."""
        k = k or self.settings.top_k
        passages: list[Passage] = []
        covered: set[str] = set()
        for hit in self.retriever.retrieve(question):
            if hit.node.node_id in covered:
                continue
            window = self._window(hit.node.node_id, covered)
            covered.update(window)
            passages.append(self._widen(to_passage(hit), window))
            if len(passages) == k:
                break
        return passages

    def _window(self, chunk_id: str, covered: set[str]) -> list[str]:
        """The chunk and its neighbours in the article, less neighbours an earlier passage already shows."""
        doc_id, i = self._position[chunk_id]
        chunks = self.manifest.files[doc_id]["chunks"]
        w = self.settings.context_window
        before = chunks[max(0, i - w) : i]
        after = chunks[i + 1 : i + w + 1]
        while before and any(c in covered for c in before):
            before = before[1:]
        while after and any(c in covered for c in after):
            after = after[:-1]
        return [*before, chunk_id, *after]

    def _widen(self, passage: Passage, window: list[str]) -> Passage:
        nodes = [self._nodes[c] for c in window if c in self._nodes]
        if len(nodes) <= 1:
            return passage
        passage.text = " ".join(n.get_content() for n in nodes)
        passage.lines = (int(nodes[0].metadata[META_LINE_START]), int(nodes[-1].metadata[META_LINE_END]))
        return passage

    def relevant(self, passages: Sequence[Passage], question: str) -> list[Passage]:
        """The passages that pass the relevance gate: none when the question is about something the
        articles do not cover, else those close enough by either retriever."""
        if self.unknown_share(question) >= MAX_UNKNOWN_TERMS_SHARE:
            return []
        return [
            p
            for p in passages
            if p.scores.get("dense", 0.0) >= MIN_DENSE_RELEVANCE or p.scores.get("bm25", 0.0) >= MIN_BM25_RELEVANCE
        ]

    def surroundings(self, passage: Passage, width: int = 1) -> str:
        """The passage with ``width`` neighbouring chunks of its article on each side (its own text when
        the chunk is unknown): what a sentence's subject may be named in."""
        if passage.chunk_id not in self._position:
            return passage.text
        doc_id, i = self._position[passage.chunk_id]
        chunks = self.manifest.files[doc_id]["chunks"]
        around = [self._nodes[c].get_content() for c in chunks[max(0, i - width) : i + width + 1] if c in self._nodes]
        return " ".join(around) or passage.text

    @property
    def n_articles(self) -> int:
        return len(self.manifest.files)

    @property
    def n_chunks(self) -> int:
        return self.manifest.n_chunks
