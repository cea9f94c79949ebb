"""Scoring one question against its answer line: retrieval rank, citations, facts, refusal, language,
whether the assistant flagged its own answer."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.citations import strip_markers
from assistant.evaluation.alce import CitationEval, alce_answer
from assistant.evaluation.matching import base_name, facts_found, first_gold_rank, outlets_found, values_found
from assistant.evaluation.outcomes import Outcome, outcome_of
from assistant.language import detect_language, in_language
from assistant.verification import SupportJudge


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
    answers_question: bool | None = None
    """The assistant's own verdict (``answers_question`` of the answer line; None for old lines)."""
    prompt_tokens: float | None = None
    """Prompt tokens the model read for this answer, all tries together (None: no model was asked)."""
    conversation: str | None = None
    turn: int = 1
    """1-based position of the question in its conversation (1 for standalone questions)."""
    latency: float | None = None
    expect_disagreement: list[str] | None = None
    """The values the outlets disagree on, as the question file gives them (None: not a disagreement question)."""
    disagreement_values: list[list[str]] = field(default_factory=list)
    """The values of each disagreement the answer reported (one list of side values per disagreement)."""
    expect_outlets: list[str] = field(default_factory=list)
    outlets_found: list[bool] = field(default_factory=list)
    """For each of ``expect_outlets``, whether the answer names it (on a citation or as corroboration)."""
    outcome: Outcome | None = None
    """Shown as written, quoted or refused, and a scripted liar's lie (None: no answer line)."""

    @property
    def disagreement_ok(self) -> bool | None:
        """One reported disagreement has every expected value on its sides; None without expected values."""
        if not self.expect_disagreement:
            return None
        return self.status == "answered" and any(
            all(values_found(sides, self.expect_disagreement)) for sides in self.disagreement_values
        )

    @property
    def false_disagreement(self) -> bool | None:
        """An answer that reports a disagreement where the question file expects none (None: not answered or
        a disagreement question)."""
        if self.expect_disagreement or self.status != "answered":
            return None
        return bool(self.disagreement_values)

    @property
    def outlet_recall(self) -> float | None:
        """Share of the expected outlets the answer names; None without expected outlets."""
        if not self.expect_outlets:
            return None
        return sum(self.outlets_found) / len(self.expect_outlets) if self.status == "answered" else 0.0

    @property
    def flagged(self) -> bool:
        """The assistant flagged its own answer: an unsupported sentence, or it says it may not answer."""
        unsupported = any(s.get("supported") is False for s in self.engine_sentences)
        return self.status == "answered" and (unsupported or self.answers_question is False)

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
        """In the question's language, or a bare name or number too short to have one."""
        if self.language_scope == "none" or not self.lang:
            return None
        return in_language(strip_markers(self.answer), self.lang)

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
            missing = [" / ".join(g) for g, ok in zip(self.facts, self.facts_found, strict=True) if not ok]
            out.append("missing facts: " + "; ".join(missing))
        if self.disagreement_ok is False and self.status == "answered":
            out.append("does not report the disagreement: " + " / ".join(self.expect_disagreement or []))
        if self.false_disagreement:
            out.append("reports a disagreement the question file does not expect")
        if self.expect_outlets and self.status == "answered" and not all(self.outlets_found):
            missing = [o for o, ok in zip(self.expect_outlets, self.outlets_found, strict=True) if not ok]
            out.append("does not name outlets: " + ", ".join(missing))
        if self.outcome is not None and self.outcome.lie == "shown":
            out.append(f"the liar's {self.outcome.wrong_kind or 'wrong'} answer was shown as checked")
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
    from assistant.ingest.decoding import decode_bytes

    try:
        decoded = decode_bytes(path.read_bytes())
    except OSError:
        return None
    if decoded is None:
        return None
    return len(decoded.text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))


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


def _strings(value: Any) -> list[str] | None:
    """A question file's list of strings (a single string counts as one); None when absent or empty."""
    if isinstance(value, str):
        value = [value]
    items = [str(v) for v in value or [] if str(v).strip()] if isinstance(value, (list, tuple)) else []
    return items or None


def question_key(question: Mapping[str, Any]) -> str:
    return str(question.get("id", ""))


def score_question(
    question: Mapping[str, Any],
    answer: Mapping[str, Any] | None,
    judge: SupportJudge,
    turn: int = 1,
    script: str | None = None,
) -> QuestionResult:
    """Score one question of a question file against its answer line (None: no line); ``script`` names the
    scripted model that wrote it when its line does not (see ``outcomes``)."""
    result = QuestionResult(
        id=question_key(question),
        question=str(question.get("question", "")),
        lang=question.get("lang"),
        answerable=bool(question.get("answerable", True)),
        status="missing",
        gold_sources=list(question.get("gold_sources") or []),
        facts=[list(g) for g in question.get("facts") or []],
        conversation=None if question.get("conversation") in (None, "") else str(question["conversation"]),
        turn=turn,
        expect_disagreement=_strings(question.get("expect_disagreement")),
        expect_outlets=_strings(question.get("expect_outlets")) or [],
    )
    if answer is None:
        return result
    if "error" in answer:
        result.status = "error"
        result.error = str(answer["error"])
        return result
    result.answer = str(answer.get("answer", ""))
    result.outcome = outcome_of(question, answer, script)
    result.extractive = bool(answer.get("extractive", False))
    result.status = "refused" if answer.get("refused") else "answered"
    result.retrieved = [str(r.get("file", "")) for r in answer.get("retrieved", [])]
    if result.has_gold:
        result.gold_rank = first_gold_rank(result.retrieved, result.gold_sources)
    result.citations = list(answer.get("citations", []))
    result.cited_files = [str(c.get("file", "")) for c in result.citations]
    result.engine_sentences = list(answer.get("sentences", []))
    if isinstance(answer.get("answers_question"), bool):
        result.answers_question = bool(answer["answers_question"])
    result.unresolved = citation_resolution_problems(result.citations)
    result.disagreement_values = [
        [str(side.get("value", "")) for side in d.get("sides", [])] for d in answer.get("disagreements", [])
    ]
    named = [str(c.get("outlet") or "") for c in result.citations]
    named += [str(c.get("outlet") or "") for s in result.engine_sentences for c in s.get("corroborated_by", [])]
    named += [
        o for d in answer.get("disagreements", []) for side in d.get("sides", []) for o in side.get("outlets", [])
    ]
    result.outlets_found = outlets_found(named, result.expect_outlets)
    plain = strip_markers(result.answer)
    result.facts_found = facts_found(plain, result.facts)
    result.detected_language = detect_language(plain)
    if result.status == "refused":
        result.language_scope = "refusal"
    elif result.extractive or answer.get("quoted"):
        result.language_scope = "extractive"
    else:
        result.language_scope = "generative"
    timings = answer.get("timings") or {}
    counts = [float(v) for k, v in timings.items() if k.endswith("prompt_eval_count") and isinstance(v, (int, float))]
    result.prompt_tokens = sum(counts) if counts else None
    total = timings.get("total")
    result.latency = float(total) if isinstance(total, (int, float)) else None
    if result.status == "answered":
        result.citation = alce_answer(judge, answer)
    return result
