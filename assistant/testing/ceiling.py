"""The engine measured apart from the model: the scripted models (``scripted_models``) behind the loopback
Ollama-protocol server, and the extractive backend, answer question files through `assistant batch`'s
machinery (``build_batch_engine``, ``run_batch``); `assistant eval`'s scoring reads the answers.

``bench/engine_ceiling.py`` runs it over the corpora and prints the figures.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.evaluation import Evaluation, evaluate
from assistant.settings import Settings, load_settings
from assistant.testing.ollama_server import OllamaProtocolServer
from assistant.testing.responders import ScriptedResponder
from assistant.testing.scripted_models import QuestionBook, ScriptedModel, Sent

MODELS: tuple[str, ...] = ("honest", "liar", "extractive")
"""What answers: the two scripted models through the Ollama backend, and the extractive backend (no model)."""


@dataclass(frozen=True)
class QuestionSet:
    """A question file, named for the table (``dev``, ``topics_tune``)."""

    name: str
    path: Path
    heldout: bool = False


@dataclass(frozen=True)
class Corpus:
    """Articles to ingest together (the first folder as ``seeds_dir``, the others as ``article_roots``) and the
    question sets asked over them."""

    name: str
    folders: tuple[Path, ...]
    sets: tuple[QuestionSet, ...]


@dataclass
class Row:
    """One question set answered by one model, scored."""

    corpus: str
    set: QuestionSet
    model: str
    evaluation: Evaluation
    answers: Path
    sent: list[Sent] = field(default_factory=list)
    """The requests the scripted model received for this set (none for extractive)."""

    @property
    def unmatched(self) -> list[str]:
        """Questions the scripted model was asked that matched no record of the set."""
        return [s.question or "" for s in self.sent if s.match == "none"]

    @property
    def errors(self) -> int:
        return sum(r.status in ("error", "missing") for r in self.evaluation.results)

    def to_json(self) -> dict[str, Any]:
        """The row for ``--json``: metrics only (no question text, so held-out sets can be reported too)."""
        return {
            "corpus": self.corpus,
            "set": self.set.name,
            "heldout": self.set.heldout,
            "model": self.model,
            "questions": len(self.evaluation.results),
            "errors": self.errors,
            "unmatched": len(self.unmatched),
            "metrics": {name: {"value": v.value, "n": v.n} for name, v in self.evaluation.metrics.items()},
        }


def corpus_settings(corpus: Corpus, store: Path, **overrides: Any) -> Settings:
    """Settings over ``corpus`` with its index in ``store``."""
    first, *more = corpus.folders
    return load_settings(store_dir=store, seeds_dir=first, article_roots=list(more), **overrides)


def ingest_corpus(corpus: Corpus, store: Path) -> Settings:
    """Ingest the corpus's articles into ``store``; the settings that read it."""
    from assistant.ingest.sync import ingest

    settings = corpus_settings(corpus, store)
    ingest(settings)
    return settings


@contextlib.contextmanager
def answering(
    model: str, settings: Settings, timeout: float = 120.0
) -> Iterator[tuple[Settings, ScriptedModel | None]]:
    """Settings that answer with ``model`` ("honest" and "liar" served on a loopback port while the context
    lasts, "extractive"), and the scripted model (None for extractive)."""
    if model == "extractive":
        yield settings.model_copy(update={"backend": "extractive"}), None
        return
    scripted = ScriptedModel(model, QuestionBook([]))
    with OllamaProtocolServer(ScriptedResponder(scripted), models=[scripted.name]) as server:
        update = {"backend": "ollama", "ollama_url": server.url, "ollama_model": scripted.name}
        yield settings.model_copy(update={**update, "request_timeout": timeout}), scripted


def answer_set(engine: Any, settings: Settings, question_set: QuestionSet, answers: Path, concurrency: int = 1) -> None:
    """`assistant batch QUESTIONS -o ANSWERS` with ``engine`` (quiet: held-out questions are not printed)."""
    from assistant.batch import read_questions, run_batch, run_info

    items = read_questions(question_set.path)
    run_batch(engine, items, answers, run_info(settings, engine), concurrency=concurrency, err=io.StringIO())


def score_set(question_set: QuestionSet, answers: Path, judge: Any) -> Evaluation:
    """`assistant eval QUESTIONS --answers ANSWERS` as an Evaluation (the script is read from the lines)."""
    from assistant.batch import parse_output, read_questions

    rows = [{"id": i.id, "question": i.question, **i.extra} for i in read_questions(question_set.path)]
    records = parse_output(answers.read_bytes()).records
    return evaluate(rows, records, judge, questions_path=question_set.path, answers_path=answers)


def run_corpus(  # noqa: PLR0913 - the bench's options
    corpus: Corpus,
    workdir: Path,
    models: Sequence[str] = MODELS,
    concurrency: int = 1,
    timeout: float = 120.0,
    store: Path | None = None,
) -> list[Row]:
    """Ingest ``corpus`` under ``workdir`` (or read the index already in ``store``), then answer and score
    each of its sets with each model; the answers stay in ``workdir`` (``<corpus>-<set>-<model>.jsonl``)."""
    from assistant.batch import build_batch_engine

    if store is None:
        settings = ingest_corpus(corpus, workdir / f"{corpus.name}-store")
    else:
        settings = corpus_settings(corpus, store)
    rows = []
    for model in models:
        with answering(model, settings, timeout) as (answer_settings, scripted):
            engine = build_batch_engine(answer_settings, explicit_backend=True, err=io.StringIO())
            for question_set in corpus.sets:
                answers = workdir / f"{corpus.name}-{question_set.name}-{model}.jsonl"
                answers.unlink(missing_ok=True)
                before = 0
                if scripted is not None:
                    scripted.book = QuestionBook.read([question_set.path])
                    before = len(scripted.sent)
                answer_set(engine, answer_settings, question_set, answers, concurrency)
                sent = [] if scripted is None else scripted.sent[before:]
                evaluation = score_set(question_set, answers, engine.judge)
                rows.append(Row(corpus.name, question_set, model, evaluation, answers, sent))
    return rows
