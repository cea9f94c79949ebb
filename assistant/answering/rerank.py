"""An optional reranker between retrieval and evidence selection: any LlamaIndex node postprocessor reorders
the fused passages for the user's question. The built-in one is a local sentence-transformers cross-encoder
(the ``reranker`` setting); code may pass any ``BaseNodePostprocessor`` to ``build_engine`` instead."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from llama_index.core.postprocessor.types import BaseNodePostprocessor
from llama_index.core.schema import NodeWithScore, QueryBundle
from pydantic import Field, PrivateAttr

from assistant.answering.llamaindex import nodes
from assistant.embeddings import hf_offline
from assistant.errors import AssistantError
from assistant.types import Passage


class RerankerError(AssistantError):
    """The configured reranker cannot be loaded; the message names the setting to change."""


def load_cross_encoder(name: str) -> Any:
    """The sentence-transformers ``CrossEncoder`` in folder ``name`` (or already in the local Hugging Face
    cache under that name), loaded offline on the CPU; RerankerError when there is none."""
    hf_offline()
    try:
        from sentence_transformers import CrossEncoder
    except ImportError as exc:
        raise RerankerError(
            f"reranker '{name}' needs sentence-transformers: from the project folder run "
            "`pip install torch==2.13.0 && pip install -e '.[st]'`, or set reranker to \"\" for none"
        ) from exc
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()  # no "Loading weights" bar on the terminal or in the chat app
    folder = Path(name).expanduser()
    try:
        return CrossEncoder(str(folder) if folder.exists() else name, device="cpu", local_files_only=True)
    except Exception as exc:  # noqa: BLE001 - any load failure means the same to the user
        raise RerankerError(
            f"could not load reranker '{name}' ({type(exc).__name__}): set reranker (ASSISTANT_RERANKER) to a "
            "local sentence-transformers cross-encoder folder or a model already in the Hugging Face cache, "
            'or to "" for none'
        ) from exc


class CrossEncoderRerank(BaseNodePostprocessor):
    """Scores each (question, passage text) pair with a local cross-encoder and puts the best first; keeps
    every node. A model with several outputs per pair is ranked by its last (the "relevant" label)."""

    model: str = Field(description="Local folder, or name in the Hugging Face cache, of the cross-encoder.")
    _encoder: Any = PrivateAttr(default=None)
    _lock: Any = PrivateAttr(default_factory=threading.Lock)

    def __init__(self, model: str, **kwargs: Any) -> None:
        super().__init__(model=model, **kwargs)
        self._encoder = load_cross_encoder(model)

    @classmethod
    def class_name(cls) -> str:
        return "CrossEncoderRerank"

    def _postprocess_nodes(
        self, nodes: list[NodeWithScore], query_bundle: QueryBundle | None = None
    ) -> list[NodeWithScore]:
        if query_bundle is None or not nodes:
            return list(nodes)
        pairs = [(query_bundle.query_str, n.node.get_content()) for n in nodes]
        with self._lock:  # one model shared by worker threads
            raw = self._encoder.predict(pairs, show_progress_bar=False, convert_to_numpy=True)
        scores = np.asarray(raw, dtype=np.float64).reshape(len(nodes), -1)[:, -1]
        scored = [NodeWithScore(node=n.node, score=float(s)) for n, s in zip(nodes, scores, strict=True)]
        return sorted(scored, key=lambda n: -(n.score or 0.0))


def load_reranker(name: str | None) -> BaseNodePostprocessor | None:
    """The reranker the ``reranker`` setting names (None when it names none)."""
    return CrossEncoderRerank(model=name.strip()) if name and name.strip() else None


def rerank(postprocessor: BaseNodePostprocessor, question: str, passages: Sequence[Passage]) -> list[Passage]:
    """``passages`` in the order ``postprocessor`` gives them for ``question``, each with the score it gave
    under ``scores["rerank"]``; passages it leaves out follow in their own order, so none is lost."""
    if not passages:
        return []
    given = nodes(passages)
    by_id = {node.node.node_id: passage for node, passage in zip(given, passages, strict=True)}
    ordered: dict[str, Passage] = {}
    for hit in postprocessor.postprocess_nodes(given, query_str=question):
        key = hit.node.node_id
        if key in by_id and key not in ordered:
            scores = {**by_id[key].scores, **({"rerank": float(hit.score)} if hit.score is not None else {})}
            ordered[key] = by_id[key].model_copy(update={"scores": scores})
    return list(ordered.values()) + [p for key, p in by_id.items() if key not in ordered]
