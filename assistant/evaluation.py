"""`assistant eval`: score answers and their citations against a question file.

Per question, then overall:

* retrieval: hit@1/@3/@5 and MRR of the first gold source in the answer's ``retrieved`` list;
* citations, as in ALCE (Gao et al., 2023): a sentence is *supported* when its cited passages together
  support it (recall = supported sentences / sentences). A citation is *precise* unless the sentence is
  unsupported, or the citation (a) does not support the sentence alone and (b) the sentence's other
  citations still support it without it. Recall and precision are computed per answer and averaged over
  the answers that were given (refusals have no sentences), ALCE's macro average. Support is decided by
  the engine's own ``SupportJudge`` (``score >= threshold``) on the cited passages' texts;
* facts: every group of alternative substrings must occur in the answer (case-insensitive);
* refusals: refusal accuracy on unanswerable questions, wrong refusals on answerable ones;
* language: the answer's detected language against the question's ``lang``; counted for generated answers
  and refusal phrases. Extractive answers quote the (Indonesian) articles verbatim, so their language says
  nothing about the assistant: they are reported apart (``language_match_extractive``) and not gated;
* cites-a-gold-source rate on answerable questions, latency p50/p95 from ``timings.total``.

Passage texts: an answer line carries each citation's file, path, line range and a short quote, not the
passage (see ``PassageResolver``). The question is retrieved again: when the index gives back exactly the
answer's ``retrieved`` list (same files, lines and scores), the cited passage is the retrieved one with the
citation's line range. Otherwise (another index, or no index) the passages are rebuilt from the original
article at ``path`` with the index's chunker and context window, and picked by line range, then by the
quote. Failing that, the cleaned lines of the range, or the quote itself. The report counts each source.
"""

from __future__ import annotations

import json
import math
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TextIO

from assistant.citations import parse_answer, strip_markers
from assistant.language import detect_language
from assistant.metrics import base_name, facts_found, first_gold_rank, percentile

EXIT_OK = 0
EXIT_BELOW_MINIMUM = 1
EXIT_USAGE = 2


class SupportJudge(Protocol):
    """Decides whether passages support a claim: ``score(...) >= threshold``."""

    threshold: float

    def score(self, claim: str, passages: list[str]) -> float: ...


PassageText = Callable[[Mapping[str, Any], Mapping[str, Any], Sequence[str]], str]
"""``(answer line, citation, citing sentences) -> text`` of the passage the citation points at; the citing
sentences are in answer order (the citation's quote was made for the first one)."""


# --- metric catalogue ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Metric:
    name: str
    description: str
    higher_is_better: bool = True
    unit: str = ""
    gated: bool = True
    """Whether --min may name it."""


METRICS: tuple[Metric, ...] = (
    Metric("hit@1", "a gold source is the first retrieved passage"),
    Metric("hit@3", "a gold source is in the first 3 retrieved passages"),
    Metric("hit@5", "a gold source is in the first 5 retrieved passages"),
    Metric("mrr", "mean reciprocal rank of the first gold passage"),
    Metric("citation_recall", "answer sentences supported by their citations (ALCE, per answer)"),
    Metric("citation_precision", "citations needed for their sentence's support (ALCE, per answer)"),
    Metric("fact_recall", "answerable questions whose answer contains every fact"),
    Metric("refusal_accuracy", "unanswerable questions refused"),
    Metric("wrong_refusal_rate", "answerable questions refused", higher_is_better=False),
    Metric("cites_gold_rate", "answerable questions answered citing a gold source"),
    Metric("language_match", "generated answers and refusals in the question's language"),
    Metric(
        "language_match_extractive",
        "extractive answers in the question's language (quotes of the articles: informational)",
        gated=False,
    ),
    Metric("error_rate", "questions without an answer (failed or missing)", higher_is_better=False),
    Metric("latency_p50", "median answer time", higher_is_better=False, unit="s"),
    Metric("latency_p95", "95th percentile answer time", higher_is_better=False, unit="s"),
)
METRIC_BY_NAME: dict[str, Metric] = {m.name: m for m in METRICS}


@dataclass(frozen=True)
class MetricValue:
    """A metric's value (None when nothing could be measured) over ``n`` questions or answers."""

    value: float | None
    n: int


# --- ALCE citation scoring (pure) ---------------------------------------------------------------


@dataclass
class SentenceEval:
    """One answer sentence judged against its cited passages."""

    text: str
    citations: list[int]
    supported: bool
    score: float
    """The judge's score of the sentence against all its citations together."""
    precise: list[bool] = field(default_factory=list)
    """Per citation (same order as ``citations``)."""


@dataclass
class CitationEval:
    """ALCE citation recall and precision of one answer."""

    sentences: list[SentenceEval] = field(default_factory=list)

    @property
    def n_sentences(self) -> int:
        return len(self.sentences)

    @property
    def n_supported(self) -> int:
        return sum(s.supported for s in self.sentences)

    @property
    def n_citations(self) -> int:
        return sum(len(s.citations) for s in self.sentences)

    @property
    def n_precise(self) -> int:
        return sum(sum(s.precise) for s in self.sentences)

    @property
    def recall(self) -> float | None:
        """Supported sentences / sentences; None for an answer without sentences."""
        return self.n_supported / self.n_sentences if self.sentences else None

    @property
    def precision(self) -> float | None:
        """Precise citations / citations (0 when nothing is cited, as in ALCE); None without sentences."""
        if not self.sentences:
            return None
        return self.n_precise / self.n_citations if self.n_citations else 0.0


def supports(judge: SupportJudge, claim: str, passages: Sequence[str]) -> bool:
    """Whether ``passages`` together support ``claim`` (no passages support nothing)."""
    return bool(passages) and judge.score(claim, list(passages)) >= judge.threshold


def alce_sentence(judge: SupportJudge, text: str, cited: Sequence[int], passages: Sequence[str]) -> SentenceEval:
    """Judge one sentence whose citations ``cited`` have the texts ``passages`` (same order)."""
    if not cited:
        return SentenceEval(text=text, citations=[], supported=False, score=0.0)
    score = judge.score(text, list(passages))
    supported = score >= judge.threshold
    if not supported:
        return SentenceEval(
            text=text, citations=list(cited), supported=False, score=score, precise=[False] * len(cited)
        )
    if len(cited) == 1:
        return SentenceEval(text=text, citations=list(cited), supported=True, score=score, precise=[True])
    precise = []
    for i in range(len(cited)):
        alone = supports(judge, text, [passages[i]])
        rest = supports(judge, text, [p for j, p in enumerate(passages) if j != i])
        precise.append(alone or not rest)
    return SentenceEval(text=text, citations=list(cited), supported=True, score=score, precise=precise)


def answer_sentences(answer: Mapping[str, Any]) -> list[tuple[str, list[int]]]:
    """(sentence text, citation numbers) of an answer line; parsed from the text when it has no "sentences"."""
    if "sentences" in answer:
        return [(str(s.get("text", "")), [int(n) for n in s.get("citations", [])]) for s in answer["sentences"]]
    n = max((int(c.get("n", 0)) for c in answer.get("citations", [])), default=0)
    return [(p.text, list(p.markers)) for p in parse_answer(str(answer.get("answer", "")), n) if p.text.strip()]


def alce_answer(judge: SupportJudge, answer: Mapping[str, Any], passage_text: PassageText) -> CitationEval:
    """ALCE citation scores of one (not refused) answer line."""
    by_number = {int(c.get("n", 0)): c for c in answer.get("citations", [])}
    sentences = [(text, list(dict.fromkeys(cited))) for text, cited in answer_sentences(answer)]
    citing: dict[int, list[str]] = {}
    for text, cited in sentences:
        for n in cited:
            citing.setdefault(n, []).append(text)
    texts = {n: passage_text(answer, by_number[n], citing[n]) if n in by_number else "" for n in citing}
    out = CitationEval()
    for text, cited in sentences:
        out.sentences.append(alce_sentence(judge, text, cited, [texts[n] for n in cited]))
    return out


# --- per-question scoring (pure) ----------------------------------------------------------------


@dataclass
class QuestionResult:
    """Everything `assistant eval` measured for one question."""

    id: str
    question: str
    lang: str | None
    answerable: bool
    status: str
    """"answered", "refused", "error" (the batch recorded an error) or "missing" (no answer line)."""
    answer: str = ""
    error: str | None = None
    extractive: bool = False
    gold_sources: list[str] = field(default_factory=list)
    facts: list[list[str]] = field(default_factory=list)
    retrieved: list[str] = field(default_factory=list)
    gold_rank: int | None = None
    citation: CitationEval | None = None
    facts_found: list[bool] = field(default_factory=list)
    detected_language: str | None = None
    language_scope: str = "none"
    """"generative" / "refusal": counted in language_match; "extractive": informational; "none"."""
    cited_files: list[str] = field(default_factory=list)
    citations: list[dict[str, Any]] = field(default_factory=list)
    engine_sentences: list[dict[str, Any]] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)
    """Citations whose file or line range does not exist (see ``citation_resolution_problems``)."""
    latency: float | None = None

    @property
    def has_gold(self) -> bool:
        return self.answerable and bool(self.gold_sources)

    def hit(self, k: int) -> bool:
        return self.gold_rank is not None and self.gold_rank <= k

    @property
    def reciprocal_rank(self) -> float:
        return 0.0 if self.gold_rank is None else 1.0 / self.gold_rank

    @property
    def facts_ok(self) -> bool | None:
        """All fact groups found; None when the question has no facts to check."""
        if not self.answerable or not self.facts:
            return None
        return self.status == "answered" and all(self.facts_found)

    @property
    def cites_gold(self) -> bool | None:
        if not self.has_gold:
            return None
        wanted = {base_name(g) for g in self.gold_sources}
        return self.status == "answered" and any(base_name(f) in wanted for f in self.cited_files)

    @property
    def refusal_ok(self) -> bool:
        """Refused exactly when the question is unanswerable."""
        return (self.status == "refused") != self.answerable

    @property
    def language_ok(self) -> bool | None:
        if self.language_scope == "none" or not self.lang:
            return None
        return self.detected_language == self.lang

    @property
    def problems(self) -> list[str]:
        """Why this question counts against the assistant (empty: all good)."""
        out: list[str] = []
        if self.status == "error":
            return [f"error: {self.error}"]
        if self.status == "missing":
            return ["no answer line for this id"]
        if self.answerable and self.status == "refused":
            out.append("refused an answerable question")
        if not self.answerable and self.status != "refused":
            out.append("answered an unanswerable question")
        if self.has_gold and self.gold_rank is None:
            out.append("no gold source retrieved")
        if self.cites_gold is False and self.status == "answered":
            cited = ", ".join(dict.fromkeys(self.cited_files)) or "nothing"
            out.append(f"cites no gold source (cites {cited})")
        if self.facts_ok is False and self.status == "answered":
            missing = [" / ".join(g) for g, ok in zip(self.facts, self.facts_found) if not ok]
            out.append("missing facts: " + "; ".join(missing))
        out.extend(self.unresolved)
        if self.citation is not None:
            unsupported = self.citation.n_sentences - self.citation.n_supported
            if unsupported:
                out.append(f"{unsupported} of {self.citation.n_sentences} sentence(s) not supported by their citations")
            imprecise = self.citation.n_citations - self.citation.n_precise
            if imprecise and not unsupported:
                out.append(f"{imprecise} unneeded citation(s)")
        if self.language_ok is False and self.language_scope != "extractive":
            out.append(f"answer language {self.detected_language or 'undecided'}, question {self.lang}")
        return out


def file_line_count(path: Path) -> int | None:
    """Lines of an article file as ingest numbers them; None when it cannot be read as text."""
    from assistant.ingest.loader import decode

    try:
        decoded = decode(path.read_bytes())
    except OSError:
        return None
    if decoded is None:
        return None
    return len(decoded[0].replace("\r\n", "\n").replace("\r", "\n").split("\n"))


def citation_resolution_problems(citations: Sequence[Mapping[str, Any]]) -> list[str]:
    """One line per citation whose file (``path``) is missing or whose ``lines`` are not within it."""
    out: list[str] = []
    counts: dict[str, int | None] = {}
    for c in citations:
        label = f"citation [{c.get('n')}] {c.get('file')}"
        path = str(c.get("path") or "")
        if not path or not Path(path).is_file():
            out.append(f"{label} does not resolve: no file at {path or '(no path)'}")
            continue
        if path not in counts:
            counts[path] = file_line_count(Path(path))
        total = counts[path]
        lines = c.get("lines")
        ok = (
            isinstance(lines, (list, tuple))
            and len(lines) == 2
            and all(isinstance(x, int) and not isinstance(x, bool) for x in lines)
            and total is not None
            and 1 <= lines[0] <= lines[1] <= total
        )
        if not ok:
            out.append(f"{label} does not resolve: lines {lines} are not within the file's {total} lines")
    return out


def question_key(question: Mapping[str, Any]) -> str:
    return str(question.get("id", ""))


def score_question(
    question: Mapping[str, Any],
    answer: Mapping[str, Any] | None,
    judge: SupportJudge,
    passage_text: PassageText,
) -> QuestionResult:
    """Score one question of a question file against its answer line (None: no line)."""
    result = QuestionResult(
        id=question_key(question),
        question=str(question.get("question", "")),
        lang=question.get("lang"),
        answerable=bool(question.get("answerable", True)),
        status="missing",
        gold_sources=list(question.get("gold_sources") or []),
        facts=[list(g) for g in question.get("facts") or []],
    )
    if answer is None:
        return result
    if "error" in answer:
        result.status = "error"
        result.error = str(answer["error"])
        return result
    result.answer = str(answer.get("answer", ""))
    result.extractive = bool(answer.get("extractive", False))
    result.status = "refused" if answer.get("refused") else "answered"
    result.retrieved = [str(r.get("file", "")) for r in answer.get("retrieved", [])]
    if result.has_gold:
        result.gold_rank = first_gold_rank(result.retrieved, result.gold_sources)
    result.citations = list(answer.get("citations", []))
    result.cited_files = [str(c.get("file", "")) for c in result.citations]
    result.engine_sentences = list(answer.get("sentences", []))
    result.unresolved = citation_resolution_problems(result.citations)
    plain = strip_markers(result.answer)
    result.facts_found = facts_found(plain, result.facts)
    result.detected_language = detect_language(plain)
    if result.status == "refused":
        result.language_scope = "refusal"
    elif result.extractive:
        result.language_scope = "extractive"
    else:
        result.language_scope = "generative"
    total = (answer.get("timings") or {}).get("total")
    result.latency = float(total) if isinstance(total, (int, float)) else None
    if result.status == "answered":
        result.citation = alce_answer(judge, answer, passage_text)
    return result


def _rate(flags: Sequence[bool]) -> MetricValue:
    return MetricValue(sum(flags) / len(flags) if flags else None, len(flags))


def _mean(values: Sequence[float]) -> MetricValue:
    return MetricValue(sum(values) / len(values) if values else None, len(values))


def summarize(results: Sequence[QuestionResult]) -> dict[str, MetricValue]:
    """The overall metrics (see METRICS) of scored questions."""
    gold = [r for r in results if r.has_gold]
    answerable = [r for r in results if r.answerable]
    unanswerable = [r for r in results if not r.answerable]
    cited = [r.citation for r in results if r.citation is not None and r.citation.sentences]
    with_facts = [r.facts_ok for r in results if r.facts_ok is not None]
    judged = [r for r in results if r.language_ok is not None]
    lang_counted = [r.language_ok for r in judged if r.language_scope in ("generative", "refusal")]
    lang_extractive = [r.language_ok for r in judged if r.language_scope == "extractive"]
    latencies = [r.latency for r in results if r.latency is not None]
    return {
        "hit@1": _rate([r.hit(1) for r in gold]),
        "hit@3": _rate([r.hit(3) for r in gold]),
        "hit@5": _rate([r.hit(5) for r in gold]),
        "mrr": _mean([r.reciprocal_rank for r in gold]),
        "citation_recall": _mean([c.recall for c in cited if c.recall is not None]),
        "citation_precision": _mean([c.precision for c in cited if c.precision is not None]),
        "fact_recall": _rate([bool(ok) for ok in with_facts]),
        "refusal_accuracy": _rate([r.status == "refused" for r in unanswerable]),
        "wrong_refusal_rate": _rate([r.status == "refused" for r in answerable]),
        "cites_gold_rate": _rate([bool(r.cites_gold) for r in gold]),
        "language_match": _rate([bool(ok) for ok in lang_counted]),
        "language_match_extractive": _rate([bool(ok) for ok in lang_extractive]),
        "error_rate": _rate([r.status in ("error", "missing") for r in results]),
        "latency_p50": MetricValue(percentile(latencies, 50) if latencies else None, len(latencies)),
        "latency_p95": MetricValue(percentile(latencies, 95) if latencies else None, len(latencies)),
    }


# --- thresholds (pure) --------------------------------------------------------------------------


class ThresholdError(Exception):
    """A --min argument is malformed or names an unknown metric."""


@dataclass(frozen=True)
class Threshold:
    metric: str
    value: float
    at_most: bool = False
    """``METRIC<=VALUE``: an upper bound (for lower-is-better metrics such as latency)."""

    def __str__(self) -> str:
        return f"{self.metric}{'<=' if self.at_most else '>='}{self.value:g}"


def known_metrics_text() -> str:
    return ", ".join(m.name for m in METRICS if m.gated)


def parse_threshold(spec: str) -> Threshold:
    """``METRIC=VALUE`` (at least VALUE) or ``METRIC<=VALUE`` (at most VALUE)."""
    at_most = "<=" in spec
    name, sep, raw = spec.partition("<=" if at_most else "=")
    name = name.strip()
    if not sep or not name or not raw.strip():
        raise ThresholdError(
            f"--min {spec!r}: write METRIC=VALUE (at least) or METRIC<=VALUE (at most), e.g. hit@3=0.9"
        )
    metric = METRIC_BY_NAME.get(name)
    if metric is None or not metric.gated:
        raise ThresholdError(f"--min {spec!r}: unknown metric {name!r}; known metrics: {known_metrics_text()}")
    try:
        value = float(raw)
    except ValueError:
        raise ThresholdError(f"--min {spec!r}: {raw.strip()!r} is not a number") from None
    if not math.isfinite(value):
        raise ThresholdError(f"--min {spec!r}: the value must be a finite number")
    if not at_most and not metric.higher_is_better:
        raise ThresholdError(
            f"--min {spec!r}: {name} is better when lower; give an upper bound: --min '{name}<={raw.strip()}'"
        )
    return Threshold(metric=name, value=value, at_most=at_most)


def check_thresholds(metrics: Mapping[str, MetricValue], thresholds: Sequence[Threshold]) -> list[str]:
    """One line per threshold the metrics do not meet."""
    failures = []
    for t in thresholds:
        got = metrics[t.metric].value
        if got is None:
            failures.append(f"{t.metric}: not measured (no question it applies to), required {t}")
        elif (got > t.value) if t.at_most else (got < t.value):
            failures.append(f"{t.metric} = {got:.3f}, required {t}")
    return failures


# --- passages from the original files -----------------------------------------------------------


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def quote_overlap(quote: str, text: str) -> float:
    """Share of the quote's pieces (split at "…" cuts) found verbatim in ``text``."""
    pieces = [_norm(p) for p in quote.split("…") if p.strip()]
    if not pieces:
        return 0.0
    hay = _norm(text)
    return sum(len(p) for p in pieces if p in hay) / sum(len(p) for p in pieces)


@dataclass(frozen=True)
class RebuiltPassage:
    """A passage as retrieval shows it: a chunk (``chunk_id``) widened by its neighbouring chunks."""

    chunk_id: str
    first: int
    last: int
    text: str


def widen(chunks: Sequence[RebuiltPassage], window: int) -> list[RebuiltPassage]:
    """Every passage retrieval can show from an article's ``chunks`` (in order): each chunk with ``window``
    neighbours on each side, joined, spanning their lines (``Searcher._widen``)."""
    out = []
    for i, chunk in enumerate(chunks):
        group = chunks[max(0, i - window) : i + window + 1]
        out.append(RebuiltPassage(chunk.chunk_id, group[0].first, group[-1].last, " ".join(c.text for c in group)))
    return out


def pick_passage(
    candidates: Sequence[RebuiltPassage], quote: str, sentences: Sequence[str]
) -> tuple[RebuiltPassage, bool]:
    """(the candidate a citation most likely names, whether a different text was as likely).

    Passages can share a line range. The citation's quote was made from its passage for the first sentence
    citing it (``make_quote``), so candidates that reproduce the quote exactly win, then the ones containing
    most of it, then the ones sharing most content words with all the sentences citing it (the passage the
    answer drew on); remaining ties go to the first in article order.
    """
    from assistant.citations import make_quote
    from assistant.text import content_tokens

    wanted = {t for s in sentences for t in content_tokens(s)}

    def rank(c: RebuiltPassage) -> tuple[bool, float, int]:
        exact = bool(sentences) and make_quote(c.text, sentences[0]) == quote
        return (exact, quote_overlap(quote, c.text), len(wanted & set(content_tokens(c.text))))

    ranks = [rank(c) for c in candidates]
    best = max(ranks)
    winners = [c for c, r in zip(candidates, ranks) if r == best]
    return winners[0], len({c.text for c in winners}) > 1


Search = Callable[[str], Sequence[Any]]
"""Retrieval as the engine does it: question -> Passages (``Searcher.search``)."""


class PassageResolver:
    """The text of a cited passage (see the module docstring), counting where each text came from.

    In order: the citation's own ``text`` when the answer line carries it; the re-retrieved passage when
    retrieval reproduces the answer's ``retrieved`` list; the passage around the citation's ``chunk_id``;
    the rebuilt passage with the cited line range (the quote and the citing sentences break ties,
    "ambiguous" when they cannot); the cleaned lines of that range; the quote.
    """

    SOURCES = ("answer", "retrieval", "chunk_id", "rebuilt", "ambiguous", "lines", "quote")

    def __init__(
        self, chunk_size: int, chunk_overlap: int, context_window: int = 0, search: Search | None = None
    ) -> None:
        self.chunk_size = chunk_size
        self.chunk_overlap = chunk_overlap
        self.context_window = context_window
        self.search = search
        self._passages: dict[tuple[str, str], list[RebuiltPassage] | None] = {}
        self._articles: dict[str, str | None] = {}
        self._retrieved: dict[tuple[Any, ...], list[tuple[str, RebuiltPassage]] | None] = {}
        self.sources: dict[str, int] = dict.fromkeys(self.SOURCES, 0)

    def _article(self, path: str) -> str | None:
        if path not in self._articles:
            from assistant.ingest.loader import Skipped, read_article

            article = read_article(Path(path), Path(path).name) if path else None
            self._articles[path] = None if article is None or isinstance(article, Skipped) else article.text
        return self._articles[path]

    def chunks(self, path: str, file: str) -> list[RebuiltPassage] | None:
        """The chunks of the article at ``path`` as ingest makes them, in order; None if it is unreadable."""
        text = self._article(path)
        if text is None:
            return None
        from llama_index.core.schema import Document

        from assistant.ingest.chunking import META_FILE, META_LINE_END, META_LINE_START, META_PATH, ArticleChunker

        chunker = ArticleChunker(chunk_size=self.chunk_size, chunk_overlap=self.chunk_overlap)
        doc = Document(id_=file or path, text=text, metadata={META_FILE: file or path, META_PATH: path})
        return [
            RebuiltPassage(n.node_id, int(n.metadata[META_LINE_START]), int(n.metadata[META_LINE_END]), n.get_content())
            for n in chunker.chunk_document(doc)
        ]

    def passages(self, path: str, file: str) -> list[RebuiltPassage] | None:
        """Every passage retrieval can show from the article at ``path``; None if it is unreadable."""
        key = (path, file)
        if key not in self._passages:
            chunks = self.chunks(path, file)
            self._passages[key] = None if chunks is None else widen(chunks, self.context_window)
        return self._passages[key]

    def retrieved(self, answer: Mapping[str, Any]) -> list[tuple[str, RebuiltPassage]] | None:
        """(file, passage) retrieved again for the answer's question, if that reproduces its ``retrieved`` list."""
        if self.search is None or not answer.get("retrieved"):
            return None
        question = str(answer.get("standalone_question") or answer.get("question") or "")
        key = (question, json.dumps(answer["retrieved"], sort_keys=True))
        if key not in self._retrieved:
            found = list(self.search(question)) if question else []
            same = len(found) == len(answer["retrieved"]) and all(
                p.file == r.get("file")
                and list(p.lines) == list(r.get("lines") or [])
                and abs(round(p.score, 6) - float(r.get("score", -1.0))) < 1e-6
                for p, r in zip(found, answer["retrieved"])
            )
            rebuilt = [(p.file, RebuiltPassage(p.chunk_id, p.lines[0], p.lines[1], p.text)) for p in found]
            self._retrieved[key] = rebuilt if same else None
        return self._retrieved[key]

    def __call__(self, answer: Mapping[str, Any], citation: Mapping[str, Any], sentences: Sequence[str] = ()) -> str:
        if isinstance(citation.get("text"), str) and citation["text"].strip():
            self.sources["answer"] += 1
            return str(citation["text"])
        path = str(citation.get("path", ""))
        file = str(citation.get("file", ""))
        quote = str(citation.get("quote", ""))
        lines = citation.get("lines") or [0, 0]
        first, last = int(lines[0]), int(lines[-1])
        retrieved = self.retrieved(answer)
        if retrieved is not None:
            same = [p for f, p in retrieved if f == file and (p.first, p.last) == (first, last)]
            if same:
                passage, ambiguous = pick_passage(same, quote, sentences)
                self.sources["ambiguous" if ambiguous else "retrieval"] += 1
                return passage.text
        passages = self.passages(path, file)
        if passages is not None:
            wanted_id = citation.get("chunk_id")
            exact = [p for p in passages if wanted_id and p.chunk_id == wanted_id]
            if exact:
                self.sources["chunk_id"] += 1
                return exact[0].text
            same = [p for p in passages if (p.first, p.last) == (first, last)]
            if same:
                passage, ambiguous = pick_passage(same, quote, sentences)
                self.sources["ambiguous" if ambiguous else "rebuilt"] += 1
                return passage.text
            from assistant.ingest.clean import clean_article

            body = clean_article(self._article(path) or "").lines
            kept = [line.text for line in body if first <= line.number <= last]
            if kept:
                self.sources["lines"] += 1
                return " ".join(kept)
        self.sources["quote"] += 1
        return quote.replace("…", " ").strip()


# --- putting it together ------------------------------------------------------------------------


@dataclass
class Evaluation:
    """A scored question file: per-question results, overall metrics and where things came from."""

    questions_path: Path
    answers_path: Path | None
    results: list[QuestionResult]
    metrics: dict[str, MetricValue]
    run: dict[str, Any] | None = None
    judge: str = ""
    passage_sources: dict[str, int] = field(default_factory=dict)
    extra_answers: int = 0
    """Answer lines whose ids are not in the question file (ignored)."""


def index_answers(records: Sequence[Mapping[str, Any]]) -> dict[str, Mapping[str, Any]]:
    """Answer lines by id; a later line for the same id wins (as with ``batch --resume``)."""
    return {str(r["id"]): r for r in records if "id" in r}


def evaluate(
    questions: Sequence[Mapping[str, Any]],
    answers: Sequence[Mapping[str, Any]],
    judge: SupportJudge,
    passage_text: PassageText,
    questions_path: Path = Path("questions.jsonl"),
    answers_path: Path | None = None,
) -> Evaluation:
    """Score every question against the answer line with its id."""
    by_id = index_answers(answers)
    results = [score_question(q, by_id.get(question_key(q)), judge, passage_text) for q in questions]
    runs = [a.get("run") for a in answers if isinstance(a.get("run"), dict)]
    keys = {question_key(q) for q in questions}
    return Evaluation(
        questions_path=questions_path,
        answers_path=answers_path,
        results=results,
        metrics=summarize(results),
        run=runs[0] if runs else None,
        judge=f"{type(judge).__name__} (threshold {getattr(judge, 'threshold', float('nan')):.2f})",
        passage_sources=dict(getattr(passage_text, "sources", {})),
        extra_answers=sum(1 for k in by_id if k not in keys),
    )


def scoring_engine(settings: Any) -> Any:
    """An engine over the index, for its support judge and its retrieval (no LLM needed: extractive)."""
    from assistant.engine import build_engine
    from assistant.llms import make_backend

    return build_engine(settings, backend=make_backend(settings, "extractive"))


def run_eval_cli(
    settings: Any,
    questions: Path,
    answers: Path | None = None,
    report: Path | None = None,
    html: Path | None = None,
    minimums: Sequence[str] = (),
    concurrency: int = 1,
    explicit_backend: bool = False,
    judge: SupportJudge | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """`assistant eval`: 0 when every --min holds, 1 when one falls short, 2 on bad arguments or files."""
    out = out or sys.stdout
    err = err or sys.stderr
    from assistant.batch import (
        EXIT_INTERRUPTED,
        InputError,
        build_batch_engine,
        default_progress,
        parse_output,
        read_questions,
        run_batch,
        run_info,
    )
    from assistant.report import format_metrics, render_html, render_markdown

    try:
        thresholds = [parse_threshold(spec) for spec in minimums]
        items = read_questions(questions)
    except (ThresholdError, InputError) as exc:
        print(f"error: {exc}", file=err)
        return EXIT_USAGE
    rows = [{"id": item.id, "question": item.question, **item.extra} for item in items]
    if concurrency < 1:
        print(f"error: --concurrency must be at least 1 (got {concurrency})", file=err)
        return EXIT_USAGE

    engine = None
    tmp: tempfile.TemporaryDirectory[str] | None = None
    try:
        if answers is None:
            engine = build_batch_engine(settings, explicit_backend, err=err)
            if report is not None:
                answers_path = report.with_name(report.stem + ".answers.jsonl")
            else:
                tmp = tempfile.TemporaryDirectory(prefix="assistant-eval-")
                answers_path = Path(tmp.name) / "answers.jsonl"
            summary = run_batch(
                engine,
                items,
                answers_path,
                run_info(settings, engine),
                concurrency=concurrency,
                progress=default_progress(err),
                err=err,
            )
            print(summary.line(answers_path), file=err, flush=True)
            if summary.interrupted:
                return EXIT_INTERRUPTED
        else:
            answers_path = answers
            if not answers.is_file():
                print(f"error: {answers}: answers file not found: pass the OUTPUT of `assistant batch`", file=err)
                return EXIT_USAGE
        records = parse_output(answers_path.read_bytes()).records
        if engine is None and judge is None:
            engine = scoring_engine(settings)
        judge = judge or engine.judge
        chunking = _chunking(settings, engine)
        resolver = PassageResolver(
            chunking["size"],
            chunking["overlap"],
            getattr(settings, "context_window", 0),
            search=engine.searcher.search if engine is not None else None,
        )
        evaluation = evaluate(
            rows, records, judge, resolver, questions_path=questions, answers_path=None if tmp else answers_path
        )
    finally:
        if tmp is not None:
            tmp.cleanup()

    print(format_metrics(evaluation), file=out)
    if report is not None:
        report.parent.mkdir(parents=True, exist_ok=True)
        report.write_text(render_markdown(evaluation), encoding="utf-8")
        print(f"report: {report}", file=out)
    if html is not None:
        html.parent.mkdir(parents=True, exist_ok=True)
        html.write_text(render_html(evaluation), encoding="utf-8")
        print(f"html report: {html}", file=out)
    if evaluation.answers_path is not None and answers is None:
        print(f"answers: {evaluation.answers_path}", file=out)
    failures = check_thresholds(evaluation.metrics, thresholds)
    for line in failures:
        print(f"below minimum: {line}", file=err)
    return EXIT_BELOW_MINIMUM if failures else EXIT_OK


def _chunking(settings: Any, engine: Any) -> dict[str, int]:
    """The chunking the index was built with (its manifest), else the settings' (to rebuild passages)."""
    manifest = getattr(getattr(engine, "searcher", None), "manifest", None)
    if manifest is None:
        try:
            from assistant.store import IndexStore

            manifest = IndexStore(settings).read_manifest()
        except Exception:  # noqa: BLE001 - no index: the settings say how articles are chunked
            manifest = None
    if manifest is not None and {"size", "overlap"} <= set(manifest.chunking):
        return {"size": int(manifest.chunking["size"]), "overlap": int(manifest.chunking["overlap"])}
    return {"size": settings.chunk_size, "overlap": settings.chunk_overlap}
