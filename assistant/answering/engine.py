"""The answer engine: question -> its forms -> retrieve -> rank evidence -> generate (or quote) -> cite and
verify -> decide.

The model answers, the checks verify. With a generative backend the model always sees the best retrieved
passages: evidence ranking orders and marks them, it never refuses for the model. An answer is refused only
when the model says the passages hold no answer, or when nothing it wrote survives verification and no
quote answers the question either. Each sentence is checked claim by claim against the passages it cites
(and re-cited to another retrieved passage that holds a claim); a sentence that fails stays in, flagged
with the reason. The extractive backend (no model) quotes the best evidence when the calibrated evidence
gate says it answers, and refuses otherwise.

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
from llama_index.core.postprocessor.types import BaseNodePostprocessor
from llama_index.core.schema import NodeWithScore, QueryBundle

from assistant.answering.calibrate import Calibrations, load_calibrations
from assistant.answering.check import check_answer
from assistant.answering.corroboration import corroborate, n_sources, report_ranks
from assistant.answering.disagreement import report_disagreements
from assistant.answering.evidence import rank_evidence
from assistant.answering.forms import QueryForms, Translator, query_forms
from assistant.answering.generate import Generator, TokenCallback, pointed_passages
from assistant.answering.judging import make_judge
from assistant.answering.llamaindex import nodes, streaming_response, to_response
from assistant.answering.newsroom import answer_newsroom
from assistant.answering.outlets import without_attribution
from assistant.answering.question import analyse_question
from assistant.answering.rerank import rerank
from assistant.answering.search import search_forms
from assistant.answering.selection import Checked, Selection
from assistant.answering.sentences import IndexSentences, SentenceSource
from assistant.answering.spans import ArticleTexts, with_spans
from assistant.answering.verify import Draft, SentenceJudge, second_opinion, verify_draft
from assistant.citations import strip_markers
from assistant.embeddings import embed_passages, query_vectors
from assistant.language import in_language
from assistant.llms.base import Backend
from assistant.llms.bounded import ModelStopped
from assistant.prompts import Prompts
from assistant.retrieval import Searcher
from assistant.retrieval.filters import ArticleFilter, FilterRequest
from assistant.types import Answer, Passage
from assistant.verification import SupportJudge
from assistant.verification.attribution import preceding

EVIDENCE_PASSAGES = 5
"""Retrieved passages the answer is made from."""
REPORT_PASSAGES = 8
"""Retrieved passages read for other outlets' reports of the answer (corroboration, disagreements)."""


class AnswerEngine(BaseQueryEngine):
    """Question in, verified and cited ``Answer`` out (see the module docstring)."""

    def __init__(
        self,
        searcher: Searcher,
        backend: Backend,
        prompts: Prompts,
        judge: SupportJudge | None = None,
        sentences: SentenceSource | None = None,
        calibrations: Calibrations | None = None,
        reranker: BaseNodePostprocessor | None = None,
    ) -> None:
        super().__init__(callback_manager=None)
        self.searcher = searcher
        self.backend = backend
        self.prompts = prompts
        self.streaming = False
        """``query`` returns a StreamingResponse (tokens as they are generated) when set."""
        self.reranker = reranker
        """Any LlamaIndex node postprocessor: reorders the fused passages for the question (None: fused order)."""
        embedder = searcher.embedder
        self.calibrations = calibrations or load_calibrations(searcher)
        self.query_vectors = query_vectors(embedder)
        """Query-form vectors (questions, words), cached for the process; retrieval fills it with the question's."""
        self.matcher = self.calibrations.matcher(self.query_vectors)
        self.judge: SupportJudge = judge or make_judge(self.calibrations, embedder, self.matcher)
        self.vectors = getattr(self.judge, "vectors", None) or self.query_vectors
        """Symmetric sentence vectors, shared with the judge's cache when it has one."""
        self.sentences = sentences or IndexSentences(searcher.passage_vectors, lambda t: embed_passages(embedder, t))
        self.generator = Generator(backend, prompts)
        language = searcher.manifest.language
        self.translator = Translator(backend, prompts, language) if backend.generative and language else None
        self.texts = ArticleTexts()
        self.llm_judge: SentenceJudge | None = None
        """A judge model that may veto supported sentences (``judge = "llm"`` or ``judge_model``)."""

    # --- stages -------------------------------------------------------------------------------

    def forms(self, question: str, standalone: str | None = None) -> QueryForms:
        """The question's forms: analysed (the standalone question's words, the asked question's language)
        and, with a model, translated into the articles' language."""
        analysis = replace(analyse_question(standalone or question), language=analyse_question(question).language)
        return query_forms(analysis, self.searcher.manifest.language, self.translator)

    def search(self, forms: QueryForms, found: ArticleFilter | None = None) -> list[Passage]:
        """The passages retrieved for every form of the question (from the articles ``found`` lets through),
        in the reranker's order when there is one."""
        k = max(REPORT_PASSAGES, self.searcher.settings.top_k)
        passages = search_forms(self.searcher, forms.texts, k, found)
        return rerank(self.reranker, forms.analysis.text, passages) if self.reranker is not None else passages

    def select(self, forms: QueryForms, passages: Sequence[Passage]) -> Selection:
        """The passages' sentences ranked as answers to the question; a passage flagged at ingest as holding
        instructions to an AI model is never evidence."""
        usable = [p for p in passages if not p.instruction][:REPORT_PASSAGES]
        if not usable:
            return Selection([], [])
        analyses = [forms.analysis] + ([forms.translation] if forms.translation else [])
        vectors = self.query_vectors([a.text for a in analyses])
        cross = bool(self.searcher.manifest.language) and forms.analysis.language != self.searcher.manifest.language
        evidence = rank_evidence(
            analyses,
            self.sentences(usable),
            vectors,
            self.calibrations.evidence,
            contexts=[self.searcher.surroundings(p) for p in usable],
            matcher=self.matcher if cross and not forms.translation else None,
            ranks=report_ranks(usable),
            hits=[p.hit for p in usable],
        )
        return Selection(usable, evidence, EVIDENCE_PASSAGES)

    def check(self, forms: QueryForms, draft: Draft, selection: Selection) -> Checked:
        """Cite and verify a draft (claims another retrieved passage holds are re-cited to it), then ask
        whether it answers the question and is in the question's language."""
        verified = verify_draft(draft, self.judge, others=selection.passages, preceding=self.article_before)
        if self.llm_judge is not None and draft.origin != "quote":
            second_opinion(verified, self.llm_judge, forms.analysis.language)
        result = check_answer(
            forms, verified, selection.evidence, self.calibrations.answers, self.searcher.embedder, self.vectors
        )
        language_ok = draft.origin == "quote" or in_language(strip_markers(verified.text), forms.analysis.language)
        return Checked(draft, verified, result, language_ok)

    def article_before(self, passage: Passage) -> list[str]:
        """The sentences of the passage's article just before it (where who it quotes may be named)."""
        return preceding(self.searcher.article_text(passage.file) or "", passage.text)

    def generate(
        self,
        forms: QueryForms,
        selection: Selection,
        on_token: TokenCallback | None,
        cancel: threading.Event | None,
        timings: dict[str, float],
    ) -> Checked | str | None:
        """The model's checked answer; a refusal reason (str) when the model says the passages hold none;
        None when nothing it wrote survives verification (the quote is tried next).

        When the model says "no answer" although a passage plainly answers (the evidence gate passes), or
        answers in another language than the question's, it is asked once more over the best passage alone;
        its second word is final."""
        analysis = forms.analysis
        passages = selection.prompt_passages(self.searcher.settings.context_passages)
        reply = self.generator.answer(analysis, passages, on_token, cancel, timings)
        checked: Checked | None = None
        if not reply.no_answer and not reply.cancelled and not pointed_passages(reply.text, len(passages)):
            checked = self.check(forms, Draft(reply.text, tuple(passages), "model"), selection)
            if checked.language_ok:
                return checked if checked.verified.supported else None
        if (reply.no_answer or checked is not None) and selection.evidence:
            # said "no answer" although the evidence gate finds one, or answered in another language: asked
            # once more over the best evidence passage alone, told the kind of answer and the language
            if reply.no_answer and not selection.answering:
                return "the model found no answer in the passages"
            timings["retry"] = 1.0
            if on_token:
                on_token("\n\n")
            best = (selection.answering or selection.evidence)[0]
            passages = [selection.passages[best.passage]]
            reply = self.generator.answer(analysis, passages, on_token, cancel, timings, focused=True)
        if reply.cancelled:
            return Checked.cancelled(reply.text, passages)
        if reply.no_answer:
            return "the model found no answer in the passages"
        pointed = pointed_passages(reply.text, len(passages))
        if pointed:  # a bare "[2]": the model points at the passage that answers; quote its evidence
            ids = {passages[n - 1].chunk_id for n in pointed}
            chosen = [e for e in selection.answering if selection.passages[e.passage].chunk_id in ids]
            return self.check(forms, selection.quote(chosen), selection) if chosen else None
        checked = self.check(forms, Draft(reply.text, tuple(passages), "model"), selection)
        return checked if checked.verified.supported else None

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
        forms = self.forms(question, without_attribution(standalone or question, found.from_question if found else ()))
        analysis = forms.analysis
        result = Answer(
            question=question,
            answer="",
            language=analysis.language,
            refused=False,
            backend=self.backend.name,
            model=self.backend.model,
            extractive=not self.backend.generative,
            standalone_question=standalone if standalone and standalone != question else None,
            translated_question=forms.translation.text if forms.translation else None,
            filters=found.to_json() if found else None,
        )
        timings["question"] = time.perf_counter() - started
        if analysis.problem:
            return self._finish(result, analysis.problem, timings, started)
        newsroom = answer_newsroom(self, forms, result, found)  # "which outlets ...?", "did X and Y agree ...?"
        if isinstance(newsroom, str):
            return self._finish(result, newsroom, timings, started, before_model=True)
        if newsroom is not None:
            timings["total"] = time.perf_counter() - started
            newsroom.timings = timings
            return newsroom
        result.passages = self.search(forms, found)
        timings["retrieval"] = time.perf_counter() - started - timings["question"]
        selection = self.select(forms, result.passages)
        timings["evidence"] = time.perf_counter() - started - timings["question"] - timings["retrieval"]
        if not selection.evidence:
            return self._finish(result, "the articles say nothing about it", timings, started, before_model=True)
        outcome: Checked | str | None
        outcome = None
        if self.backend.generative:
            try:
                outcome = self.generate(forms, selection, on_token, cancel, timings)
            except ModelStopped as exc:  # its deadline ran out: the quote it could have given
                result.fallback = f"{exc}: quoted the articles instead"
        if outcome is None:  # no model, or nothing the model wrote survived: the quote, when one answers
            if not selection.answering:
                why = selection.evidence[0].why_not()
                reason = (
                    f"no passage answers it: the best one {why}"
                    if not self.backend.generative
                    else "nothing the model wrote is supported by the passages, and no passage answers it"
                )
                return self._finish(result, reason, timings, started, before_model=not self.backend.generative)
            timings["quoted"] = 1.0
            outcome = self.check(forms, selection.quote(), selection)
        answer = self._finish(result, outcome, timings, started)
        if answer.citations:
            before = time.perf_counter()
            self.report_sources(forms, answer, selection)
            timings["sources"] = time.perf_counter() - before
            timings["total"] = time.perf_counter() - started
            answer.timings = timings
        return answer

    def report_sources(self, forms: QueryForms, answer: Answer, selection: Selection) -> None:
        """Exact spans for the citations, the outlets that corroborate each sentence, and where the outlets
        that answer the question disagree (each side cited, said in the answer)."""
        answer.citations = with_spans(answer.citations, self.texts)
        answer.sentences = corroborate(answer.sentences, answer.citations, selection.passages, self.judge, self.texts)
        answer.sources = n_sources(selection.passages)
        report_disagreements(answer, forms.articles_form, selection, self.texts)

    def _finish(
        self,
        result: Answer,
        outcome: Checked | str,
        timings: dict[str, float],
        started: float,
        before_model: bool = False,
    ) -> Answer:
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
            result.quoted = outcome.draft.origin == "quote" and self.backend.generative
        else:
            if isinstance(outcome, Checked):
                result.dropped_markers = outcome.verified.dropped
                outcome = "no sentence of the answer is supported by the passages"
            result.refused = True
            result.refused_before_model = before_model and self.backend.generative
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
        return nodes(self.search(self.forms(query_bundle.query_str)))

    def _get_prompt_modules(self) -> dict[str, Any]:
        return {}
