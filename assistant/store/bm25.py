"""The BM25 index files: built with Indonesian-aware tokens, verified against the manifest, loaded."""

from __future__ import annotations

from collections.abc import Sequence

from llama_index.core.schema import BaseNode
from llama_index.core.vector_stores.utils import metadata_dict_to_node
from llama_index.retrievers.bm25 import BM25Retriever

from assistant.errors import StoreError
from assistant.store.chroma import one_line
from assistant.store.index import IndexStore
from assistant.store.manifest import Manifest
from assistant.text import SastrawiStemmer, stopwords


def build_bm25(nodes: Sequence[BaseNode], top_k: int = 20) -> BM25Retriever:
    """A BM25 retriever over ``nodes`` with Sastrawi stemming and Indonesian + English stopwords."""
    return BM25Retriever.from_defaults(
        nodes=list(nodes),
        stemmer=SastrawiStemmer(),
        language=sorted(stopwords()),  # type: ignore[arg-type]  # bm25s takes a stopword list as well as a name
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
