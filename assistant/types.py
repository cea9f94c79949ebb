"""Plain data shared by every layer: retrieved passages and cited answers."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Passage:
    """One retrieved chunk of an article, with where it came from."""

    chunk_id: str
    file: str
    """The article's file name, relative to the folder it was ingested from."""
    path: str
    """Absolute path of the original article file."""
    title: str
    lines: tuple[int, int]
    """First and last line (1-based, inclusive) of the chunk in the ORIGINAL file."""
    text: str
    score: float = 0.0
    """Fused retrieval score (reciprocal-rank fusion)."""
    scores: dict[str, float] = field(default_factory=dict)
    """Per-retriever scores, e.g. {"dense": 0.83, "bm25": 7.1}."""

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "title": self.title,
            "lines": list(self.lines),
            "score": round(self.score, 6),
            "scores": {k: round(v, 6) for k, v in self.scores.items()},
            "text": self.text,
        }


@dataclass
class Citation:
    """A passage cited by an answer; ``n`` is its number as shown under the answer."""

    n: int
    passage: Passage
    quote: str

    def to_json(self) -> dict[str, Any]:
        p = self.passage
        return {
            "n": self.n,
            "file": p.file,
            "path": p.path,
            "title": p.title,
            "lines": list(p.lines),
            "quote": self.quote,
            "chunk_id": p.chunk_id,
            "text": p.text,
        }


@dataclass
class AnswerSentence:
    """One sentence of an answer, the citations it carries and whether they support it."""

    text: str
    citations: list[int] = field(default_factory=list)
    """Numbers into ``Answer.citations``."""
    supported: bool = False
    score: float = 0.0
    """Support score of the sentence against its cited passages (0..1)."""
    attributed: bool = False
    """True when the citation was attributed after the fact, not given by the model."""
    reason: str = ""
    """Why the sentence is not supported ("" when it is): content, a number, a name or a role the passages lack."""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Answer:
    """A finished answer with its verified citations."""

    question: str
    answer: str
    language: str
    refused: bool
    backend: str
    model: str
    citations: list[Citation] = field(default_factory=list)
    sentences: list[AnswerSentence] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    extractive: bool = False
    cancelled: bool = False
    """True when the user stopped the generation; ``answer`` then holds what came so far."""
    dropped_markers: list[str] = field(default_factory=list)
    """Citation markers the model wrote that named no retrieved passage (e.g. "[9]")."""
    standalone_question: str | None = None
    """The follow-up condensed into a standalone question, when history was used."""
    passages: list[Passage] = field(default_factory=list)
    """Every passage retrieved for the question (cited or not)."""
    answers_question: bool = False
    """Whether the checked answer answers the question (not only is supported by its sources)."""
    answer_check: str = ""
    """A short reason for ``answers_question`` (or why the question was refused)."""
    quoted: bool = False
    """The answer is the best evidence quoted from the article (in the article's language), not generated."""

    def notes(self) -> list[str]:
        """Short lines a reader needs beside the answer: cancelled, refused, unverified, attributed, dropped."""
        if self.cancelled:
            return ["⏹ cancelled: the answer stops where you pressed Esc"]
        if self.refused:
            return [f"no answer: {self.answer_check or 'the articles do not support one'}"]
        notes: list[str] = []
        if self.answers_question and self.answer_check:
            notes.append(f"✓ answers the question: {self.answer_check}")
        if not self.answers_question and self.answer_check:
            notes.append(f"may not answer the question: {self.answer_check}")
        unverified = [s for s in self.sentences if not s.supported]
        if unverified:
            noun = "sentence is" if len(unverified) == 1 else "sentences are"
            notes.append(f"unverified: {len(unverified)} {noun} not supported by the cited passages")
        attributed = [s for s in self.sentences if s.attributed]
        if attributed:
            notes.append(f"citations of {len(attributed)} sentence(s) were added by the checker, not the model")
        if self.dropped_markers:
            notes.append(f"dropped markers that name no passage: {', '.join(self.dropped_markers)}")
        return notes

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "question": self.question,
            "answer": self.answer,
            "language": self.language,
            "refused": self.refused,
            "backend": self.backend,
            "model": self.model,
            "extractive": self.extractive,
            "quoted": self.quoted,
            "answers_question": self.answers_question,
            "answer_check": self.answer_check,
            "cancelled": self.cancelled,
            "citations": [c.to_json() for c in self.citations],
            "sentences": [s.to_json() for s in self.sentences],
            "dropped_markers": list(self.dropped_markers),
            "timings": {k: round(v, 4) for k, v in self.timings.items()},
            "retrieved": [
                {"file": p.file, "lines": list(p.lines), "score": round(p.score, 6)}
                for p in self.passages
            ],
        }
        if self.standalone_question:
            out["standalone_question"] = self.standalone_question
        return out
