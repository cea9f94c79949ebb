"""Data shared by every layer, as pydantic models: retrieved passages, citations and checked answers.

The JSON of `assistant ask --json` and of batch lines is these models' dump (``Answer.to_json``), and
``Answer.from_json`` reads it back: nothing is written by hand, and ``assistant schema`` prints the schema.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_serializer


class Passage(BaseModel):
    """One retrieved chunk of an article, with where it came from."""

    model_config = ConfigDict(extra="forbid")

    chunk_id: str = ""
    file: str
    """The article's id: its path inside its articles folder (see assistant/ingest/roots.py)."""
    path: str
    """Absolute path of the original article file."""
    title: str = ""
    outlet: str = ""
    """Who published the article ("" when the article names no outlet)."""
    published: str = ""
    """ISO date the article was published ("" when unknown)."""
    lines: tuple[int, int]
    """First and last line (1-based, inclusive) of the chunk in the ORIGINAL file."""
    text: str
    hit: str = ""
    """The retrieved chunk's own text when ``text`` is widened by its neighbours ("" when not widened)."""
    instruction: str = ""
    """The instruction-like phrase the passage holds ("" for none); such passages are never evidence."""
    score: float = 0.0
    """Fused retrieval score (reciprocal-rank fusion)."""
    scores: dict[str, float] = Field(default_factory=dict)
    """Per-retriever scores, e.g. {"dense": 0.83, "bm25": 7.1}."""

    @property
    def source(self) -> str:
        """Who reported it: the outlet, or the article's file when it names none (each such article counts alone)."""
        return self.outlet or self.file

    def to_json(self) -> dict[str, Any]:
        """The passage as `assistant search --json` prints it."""
        out = self.model_dump(mode="json", exclude={"chunk_id", "path", "hit"})
        out["score"] = round(self.score, 6)
        out["scores"] = {k: round(v, 6) for k, v in self.scores.items()}
        return out


class Citation(BaseModel):
    """A passage cited by an answer; ``n`` is its number as shown under the answer."""

    model_config = ConfigDict(extra="forbid")

    n: int
    file: str
    path: str
    title: str = ""
    outlet: str = ""
    published: str = ""
    lines: tuple[int, int]
    quote: str
    """The sentence(s) of the passage the answer rests on, at most about 200 characters, exactly as the
    article has them (whitespace aside): ``article_text[span[0]:span[1]]``."""
    span: tuple[int, int] | None = None
    """Character offsets of ``quote`` in the article text (None when the article changed since it was indexed)."""
    chunk_id: str = ""
    text: str = ""
    """The whole cited passage (what the support check read)."""

    @classmethod
    def of(cls, n: int, passage: Passage, quote: str) -> Citation:
        return cls(
            n=n, file=passage.file, path=passage.path, title=passage.title, outlet=passage.outlet,
            published=passage.published, lines=passage.lines, quote=quote, chunk_id=passage.chunk_id,
            text=passage.text,
        )  # fmt: skip

    @property
    def passage(self) -> Passage:
        """The cited passage (its retrieval scores are not kept with the citation)."""
        return Passage(
            chunk_id=self.chunk_id, file=self.file, path=self.path, title=self.title, outlet=self.outlet,
            published=self.published, lines=self.lines, text=self.text,
        )  # fmt: skip


class Corroboration(BaseModel):
    """Another outlet whose retrieved passage also supports an answer sentence."""

    model_config = ConfigDict(extra="forbid")

    outlet: str
    """The outlet ("" when the article names none: ``file`` then tells it apart)."""
    file: str
    span: tuple[int, int] | None = None
    """Character offsets, in that article's text, of its sentence that supports the answer sentence."""
    quote: str = ""


class AnswerSentence(BaseModel):
    """One sentence of an answer, the citations it carries and whether they support it."""

    model_config = ConfigDict(extra="forbid")

    text: str
    citations: list[int] = Field(default_factory=list)
    """Numbers into ``Answer.citations``."""
    supported: bool = False
    score: float = 0.0
    """Support score of the sentence against its cited passages (0..1)."""
    attributed: bool = False
    """True when the citation was attributed after the fact, not given by the model."""
    reason: str = ""
    """Why the sentence is not supported ("" when it is): content, a number, a name or a role the passages lack."""
    corroborated_by: list[Corroboration] = Field(default_factory=list)
    """Other outlets whose retrieved passages also support the sentence."""
    outlets: int = 0
    """How many outlets report it: the cited ones and the corroborating ones."""
    role: str | None = None
    """None for the answer's own sentences; "disagreement" for the sentence that says where the outlets
    disagree (added after the answer was checked)."""


class Side(BaseModel):
    """One value the outlets give in a disagreement, who gives it, and the citations of it."""

    model_config = ConfigDict(extra="forbid")

    value: str
    outlets: list[str] = Field(default_factory=list)
    citations: list[int] = Field(default_factory=list)
    """Numbers into ``Answer.citations``."""


class Disagreement(BaseModel):
    """Passages that answer the question give different values for the same thing."""

    model_config = ConfigDict(extra="forbid")

    about: str
    """What they disagree on: the kind of answer ("time", "duration", ...) and the question's terms."""
    sides: list[Side] = Field(default_factory=list)


class Retrieved(BaseModel):
    """A retrieved passage as an answer records it: where it is and how it ranked."""

    model_config = ConfigDict(extra="forbid")

    file: str
    lines: tuple[int, int]
    score: float


class Answer(BaseModel):
    """A finished answer with its verified citations."""

    model_config = ConfigDict(extra="forbid")

    question: str
    answer: str
    language: str = ""
    refused: bool = False
    backend: str = ""
    model: str = ""
    extractive: bool = False
    quoted: bool = False
    """The answer is the best evidence quoted from the article (in the article's language), not generated."""
    answers_question: bool = False
    """Whether the checked answer answers the question (not only is supported by its sources)."""
    answer_check: str = ""
    """A short reason for ``answers_question`` (or why the question was refused)."""
    cancelled: bool = False
    """True when the user stopped the generation; ``answer`` then holds what came so far."""
    fallback: str = ""
    """Why the answer is quoted rather than generated when the model failed to answer (its deadline ran out)."""
    citations: list[Citation] = Field(default_factory=list)
    sentences: list[AnswerSentence] = Field(default_factory=list)
    dropped_markers: list[str] = Field(default_factory=list)
    """Citation markers the model wrote that named no retrieved passage (e.g. "[9]")."""
    timings: dict[str, float] = Field(default_factory=dict)
    retrieved: list[Retrieved] = Field(default_factory=list)
    """Every passage retrieved for the question (cited or not), best first."""
    standalone_question: str | None = None
    """The follow-up condensed into a standalone question, when history was used."""
    standalone_by: str | None = None
    """Which rewrite made ``standalone_question``: "model" (the model's, checked to keep the follow-up's
    words, question word and a checked referent) or "rules" (the deterministic one); None for a first turn."""
    standalone_rejected: str | None = None
    """Why the model's rewrite was not used, when it was not."""
    translated_question: str | None = None
    """The question put into the articles' language by the model, when it was in another one (used with
    the question itself for retrieval and the checks)."""
    refused_before_model: bool = False
    """A generative answer refused before the model was asked (nothing was retrieved, or the question
    cannot be asked)."""
    disagreements: list[Disagreement] = Field(default_factory=list)
    """Where the passages that answer the question give different values (each side cited)."""
    sources: int = 0
    """How many outlets the passages read as evidence come from (the M of "reported by N of M outlets")."""
    filters: dict[str, Any] | None = None
    """The article filters applied (outlets, since, until; and which came from the question)."""

    _passages: list[Passage] = PrivateAttr(default_factory=list)

    @property
    def passages(self) -> list[Passage]:
        """The retrieved passages themselves (in memory only: the JSON keeps ``retrieved``)."""
        return self._passages

    @passages.setter
    def passages(self, passages: list[Passage]) -> None:
        self._passages = list(passages)
        self.retrieved = [Retrieved(file=p.file, lines=p.lines, score=round(p.score, 6)) for p in passages]

    @field_serializer("timings")
    def _round_timings(self, timings: dict[str, float]) -> dict[str, float]:
        return {k: round(v, 4) for k, v in timings.items()}

    def notes(self) -> list[str]:
        """Short lines a reader needs beside the answer: cancelled, refused, the check, unverified, attributed."""
        if self.cancelled:
            return ["⏹ cancelled: the answer stops where you pressed Esc"]
        if self.refused:
            return [f"no answer: {self.answer_check or 'the articles do not support one'}"]
        notes: list[str] = [self.fallback] if self.fallback else []
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
        """The answer as `assistant ask --json` prints it and batch lines hold it."""
        return self.model_dump(mode="json", exclude_none=True)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Answer:
        """The answer of ``to_json`` output (other keys, such as a batch line's id, are ignored)."""
        return cls.model_validate({k: v for k, v in data.items() if k in cls.model_fields})


ANSWER_KEYS = frozenset(Answer.model_fields)
"""The keys of an answer's JSON."""
