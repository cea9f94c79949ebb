"""The judges an engine checks answers with: the claim-by-claim support judge calibrated for the embedder,
and the optional judge model (``judge = "llm"`` or ``judge_model``)."""

from __future__ import annotations

from typing import Any

from llama_index.core.base.embeddings.base import BaseEmbedding

from assistant.answering.calibrate import Calibrations
from assistant.answering.crosslingual import WordMatcher
from assistant.embeddings import embed_queries, query_vectors
from assistant.llms.base import Backend
from assistant.prompts import Prompts
from assistant.verification import OverlapEmbeddingJudge
from assistant.verification.llm_judge import LLMJudge


def make_judge(
    calibrations: Calibrations, embedder: BaseEmbedding, matcher: WordMatcher | None = None
) -> OverlapEmbeddingJudge:
    """The claim-by-claim support judge over ``embedder``, calibrated for it."""
    matcher = matcher or calibrations.matcher(query_vectors(embedder))
    return OverlapEmbeddingJudge(
        embed=lambda texts: embed_queries(embedder, texts), calibration=calibrations.support, matcher=matcher
    )


def judge_model(settings: Any, backend: Backend, prompts: Prompts) -> LLMJudge | None:
    """The judge model ``settings`` ask for: ``judge_model`` (a second Ollama model), or the answer model
    itself with ``judge = "llm"``; None when neither."""
    if not (settings.judge_model or (settings.judge == "llm" and backend.generative)):
        return None
    from assistant.llms import make_backend
    from assistant.llms.bounded import complete

    judge_backend = (
        make_backend(settings.model_copy(update={"ollama_model": settings.judge_model}), "ollama")
        if settings.judge_model
        else backend
    )

    def ask(system: str, prompt: str, schema: dict[str, Any], max_tokens: int) -> str:
        return complete(judge_backend, prompt, max_tokens, system=system, schema=schema)

    return LLMJudge(ask, prompts)
