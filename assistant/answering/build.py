"""The engine a configuration asks for: its index, prompts, backend, reranker and judges."""

from __future__ import annotations

from typing import Any

from llama_index.core.postprocessor.types import BaseNodePostprocessor

from assistant.answering.engine import AnswerEngine
from assistant.answering.judging import judge_model
from assistant.answering.rerank import load_reranker
from assistant.llms.base import Backend
from assistant.retrieval import Searcher


def build_engine(
    settings: Any,
    backend: Backend | None = None,
    searcher: Searcher | None = None,
    reranker: BaseNodePostprocessor | None = None,
) -> AnswerEngine:
    """The engine for ``settings``: opens the index, loads prompts, makes the backend, and the reranker
    (``reranker``, any LlamaIndex node postprocessor, else the one the ``reranker`` setting names)."""
    from assistant.llms import make_backend
    from assistant.prompts import load_prompts

    backend = backend or make_backend(settings)
    prompts = load_prompts(settings.prompts_dir)
    engine = AnswerEngine(
        searcher=searcher or Searcher(settings),
        backend=backend,
        prompts=prompts,
        reranker=reranker or load_reranker(settings.reranker),
    )
    engine.llm_judge = judge_model(settings, backend, prompts)
    return engine
