"""Per-embedder calibration of the answer checks, fitted on labelled examples and stored with the index.

Three checks combine the embedder's similarity with other signals (``assistant.calibration``):

* ``evidence``: does a retrieved sentence answer the question? (``evidence.FEATURES``)
* ``support``: do the cited passages state an answer sentence? (``verification.judge.FEATURES``)
* ``answers``: does an answer answer its question? (``check.FEATURES``)

and cross-lingual word matching needs a cosine at which a word's nearest neighbour is its translation
(``word_similarity``). The labelled examples ship with the package (``calibration_data/examples.jsonl.gz``,
made from the tuning question sets by ``bench/calibrate.py``; never from held-out sets). ``fit_calibrations``
embeds them with an embedder and fits all four; the result is stored in the index (``calibration.json`` in
``store_dir``, by embedder) the first time an index is opened with that embedder. The bundled default
embedder's calibration ships fitted (``calibration_data/<embedder>.json``), so a first run fits nothing.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from llama_index.core.base.embeddings.base import BaseEmbedding

from assistant.answering.check import FEATURES as ANSWER_FEATURES
from assistant.answering.check import answer_features, cited_evidence
from assistant.answering.crosslingual import LOCAL_POOL, WordMatcher
from assistant.answering.evidence import FEATURES as EVIDENCE_FEATURES
from assistant.answering.evidence import rank_evidence
from assistant.answering.question import analyse_question
from assistant.answering.sentences import PassageSentence, passage_sentences
from assistant.calibration import Calibration, choose_threshold, fit
from assistant.embeddings import embed_passages, embed_queries
from assistant.language import question_language
from assistant.verification.judge import FEATURES as SUPPORT_FEATURES
from assistant.verification.judge import OverlapEmbeddingJudge, is_short, support_features
from assistant.vocabulary import glossary

DATA_PACKAGE = "assistant.calibration_data"
EXAMPLES_FILE = "examples.jsonl.gz"
STORE_FILE = "calibration.json"
WRONG_QUOTE_COST = 1.5
"""At the evidence gate, quoting a sentence that does not answer costs this many refusals of one that does."""
RIGHT_FLAG_COST = 2.0
"""At the answer check, flagging a right answer costs this many answers about something else let through: the
flag is shown on every answer it marks, and a reader who sees right answers flagged learns to ignore it
(chosen on the tuning runs, bench/RESULTS.md)."""


@dataclass(frozen=True)
class Calibrations:
    """The calibrated checks of one embedder."""

    embedder: str
    evidence: Calibration
    support: Calibration
    answers: Calibration
    word_similarity: float
    """Cosine at which a word's nearest among many words is its translation (focus terms of a question)."""
    local_word_similarity: float
    """The same among the few words of a sentence or two (words of a claim aligned with its passages)."""

    def matcher(self, vectors: Callable[[list[str]], np.ndarray]) -> WordMatcher:
        """Cross-lingual word matching over ``vectors`` (query-form word vectors) at these cosines."""
        return WordMatcher(vectors, self.word_similarity, self.local_word_similarity)

    def to_json(self) -> dict[str, Any]:
        return {
            "embedder": self.embedder,
            "evidence": self.evidence.to_json(),
            "support": self.support.to_json(),
            "answers": self.answers.to_json(),
            "word_similarity": round(self.word_similarity, 4),
            "local_word_similarity": round(self.local_word_similarity, 4),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Calibrations:
        try:
            return cls(
                str(data["embedder"]),
                Calibration.from_json(data["evidence"]),
                Calibration.from_json(data["support"]),
                Calibration.from_json(data["answers"]),
                float(data["word_similarity"]),
                float(data["local_word_similarity"]),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"not a calibration file ({exc})") from None


def slug(embedder: str) -> str:
    """A file-name form of an embedder's name."""
    return re.sub(r"[^\w.-]+", "-", embedder).strip("-").lower()


def bundled(embedder: str) -> Calibrations | None:
    """The calibration that ships fitted for ``embedder``, if there is one."""
    path = resources.files(DATA_PACKAGE) / f"{slug(embedder)}.json"
    if not path.is_file():
        return None
    return Calibrations.from_json(json.loads(path.read_text(encoding="utf-8")))


def examples() -> list[dict[str, Any]]:
    """The labelled examples shipped with the package."""
    raw = (resources.files(DATA_PACKAGE) / EXAMPLES_FILE).read_bytes()
    return [json.loads(line) for line in gzip.decompress(raw).decode("utf-8").splitlines() if line.strip()]


# --- fitting ------------------------------------------------------------------------------------------


class _Vectors:
    """Query- and passage-form vectors of texts, each embedded once, in batches."""

    def __init__(self, embedder: BaseEmbedding) -> None:
        self.embedder = embedder
        self.cache: dict[tuple[str, str], np.ndarray] = {}

    def warm(self, form: str, texts: Iterable[str]) -> None:
        todo = list(dict.fromkeys(t for t in texts if (form, t) not in self.cache))
        embed = embed_queries if form == "query" else embed_passages
        for start in range(0, len(todo), 64):
            batch = todo[start : start + 64]
            for t, v in zip(batch, embed(self.embedder, batch), strict=True):
                self.cache[(form, t)] = v

    def __call__(self, form: str, texts: Sequence[str]) -> np.ndarray:
        self.warm(form, texts)
        return np.stack([self.cache[(form, t)] for t in texts]) if texts else np.zeros((0, 1), np.float32)


def _evidence_groups(rows: Sequence[Mapping[str, Any]], vectors: _Vectors) -> list[list[tuple[dict[str, float], bool]]]:
    """Per question, every ranked sentence's feature values and whether it answers (holds an evidence text)."""
    identity = Calibration(EVIDENCE_FEATURES, tuple(0.0 for _ in EVIDENCE_FEATURES), 0.0)
    vectors.warm("passage", [s for row in rows for p in row["passages"] for s in passage_sentences(p)])
    vectors.warm("query", [t for row in rows for t in row["forms"]])
    groups = []
    for row in rows:
        forms = [analyse_question(t) for t in row["forms"]]
        texts = [passage_sentences(p) for p in row["passages"]]
        sentences = [[PassageSentence(s, v) for s, v in zip(g, vectors("passage", g), strict=True)] for g in texts]
        found = rank_evidence(forms, sentences, vectors("query", row["forms"]), identity, contexts=row.get("contexts"))
        positive = {" ".join(s.split()).lower() for s in row["positive"]}
        groups.append([(e.values, " ".join(e.sentence.split()).lower() in positive) for e in found])
    return groups


def _fit_evidence(groups: Sequence[Sequence[tuple[dict[str, float], bool]]]) -> Calibration:
    """The evidence model, fitted on sentences (each question weighing the same), with the gate's threshold
    chosen on questions: the best sentence the gate would quote, and whether it answers (WRONG_QUOTE_COST)."""
    rows = [v for g in groups for v, _ in g]
    labels = [y for g in groups for _, y in g]
    weights = [1.0 / len(g) for g in groups for _ in g]
    model = fit(rows, labels, EVIDENCE_FEATURES, weights=weights)
    gate_rows, gate_labels = [], []
    for g in groups:
        usable = [(v, y) for v, y in g if not v["critical_miss"] and not v["typed_miss"]]
        if usable:
            best = max(usable, key=lambda vy: model.probability(vy[0]))
            gate_rows.append(best[0])
            gate_labels.append(best[1])
    return choose_threshold(model, gate_rows, gate_labels, false_yes_cost=WRONG_QUOTE_COST)


def _support_rows(
    rows: Sequence[Mapping[str, Any]], vectors: _Vectors, words: WordMatcher
) -> tuple[list[dict[str, float]], list[bool]]:
    judge = OverlapEmbeddingJudge(
        embed=lambda texts: vectors("query", texts), calibration=_IDENTITY_SUPPORT, matcher=words
    )
    judge.warm([r["claim"] for r in rows], list(dict.fromkeys(p for r in rows for p in r["passages"])))
    out, labels = [], []
    for row in rows:
        claim, passages = row["claim"], row["passages"]
        sim = judge.similarity(claim, passages) or 0.0
        cross = question_language(claim) != question_language(" ".join(passages))
        lex, _ = judge.lexical(claim, passages, cross)
        out.append(support_features(sim, lex, cross, is_short(claim)))
        labels.append(bool(row["label"]))
    return out, labels


_IDENTITY_SUPPORT = Calibration(SUPPORT_FEATURES, tuple(0.0 for _ in SUPPORT_FEATURES), 0.0)


def _retrievals(rows: Sequence[Mapping[str, Any]]) -> dict[tuple[str, str], Mapping[str, Any]]:
    """(corpus, question id) -> its evidence example with the most forms (the translation too, as the engine
    ranks with a generative model's translation): what the engine retrieved for the question."""
    out: dict[tuple[str, str], Mapping[str, Any]] = {}
    for row in rows:
        key = (str(row.get("corpus", "")), str(row.get("id", "")))
        if key not in out or len(row["forms"]) > len(out[key]["forms"]):
            out[key] = row
    return out


def _answer_rows(
    rows: Sequence[Mapping[str, Any]],
    vectors: _Vectors,
    evidence: Calibration,
    retrieved: Mapping[tuple[str, str], Mapping[str, Any]],
) -> tuple[list[dict[str, float]], list[bool]]:
    """The answer check's feature values of each example, as the engine computes them: the evidence is ranked
    over what retrieval found for the question (``retrieved``; the cited passages added when it missed
    them), with the question's forms; an answer's sources are found among the sentences of the cited
    passages, and measured against the best of them all. An example without
    a retrieval (a hand-written case) is ranked over its cited passages alone."""
    found = [retrieved.get((str(r.get("corpus", "")), str(r.get("id", "")))) for r in rows]
    vectors.warm(
        "passage",
        [r["answer"] for r in rows]
        + [s for r, f in zip(rows, found, strict=True) for p in _pool(r, f)[0] for s in passage_sentences(p)],
    )
    vectors.warm("query", [r["question"] for r in rows] + [s for r in rows for s in answer_sentences(r["answer"])])
    out, labels = [], []
    for row, hit in zip(rows, found, strict=True):
        passages, contexts, forms = _pool(row, hit)
        analyses = [analyse_question(f) for f in forms]
        groups = [passage_sentences(p) for p in passages]
        sentences = [[PassageSentence(s, v) for s, v in zip(g, vectors("passage", g), strict=True)] for g in groups]
        ranked = rank_evidence(analyses, sentences, vectors("query", forms), evidence, contexts=contexts)
        sim = float(vectors("passage", [row["answer"]])[0] @ vectors("query", [row["question"]])[0])
        parts = answer_sentences(row["answer"])
        cited = cited_evidence(ranked, row["passages"])
        best = max((e.probability for e in ranked), default=0.0)
        values, _ = answer_features(
            analyses[0], parts, row["passages"], cited, lambda t: vectors("query", t), sim, best
        )
        out.append(values)
        labels.append(bool(row["label"]))
    return out, labels


def _pool(row: Mapping[str, Any], hit: Mapping[str, Any] | None) -> tuple[list[str], list[str] | None, list[str]]:
    """(passages, their contexts, the question's forms) the evidence of an answer example is ranked over."""
    if hit is None:
        return list(row["passages"]), None, [row["question"]]
    passages, contexts = list(hit["passages"]), list(hit.get("contexts") or hit["passages"])
    shown = " ".join(" ".join(p.split()) for p in passages)
    for p in row["passages"]:
        if any(s not in shown for s in passage_sentences(" ".join(p.split()))):
            passages.append(p)
            contexts.append(p)
    forms = [row["question"], *hit["forms"][1:]]
    return passages, contexts, forms


def answer_sentences(text: str) -> list[str]:
    """An answer's sentences, as the check reads them."""
    return passage_sentences(text) or [text]


def word_threshold(vectors: _Vectors, pool: int | None = None) -> float:
    """The cosine above which an English word's nearest Indonesian word is its translation: chosen on the
    vocabulary's English/Indonesian pairs, each word against every Indonesian word of the table, or (``pool``)
    against its translation and ``pool - 1`` other words drawn at random (seeded)."""
    pairs = [(en, ids[0]) for en, ids in glossary().items() if ids and " " not in en]
    english = list(dict.fromkeys(en for en, _ in pairs))
    indonesian = sorted({i for _, i in pairs} - set(english))
    sims = vectors("query", english) @ vectors("query", indonesian).T
    truth = {en: {i for e, i in pairs if e == en} for en in english}
    rng = np.random.default_rng(0)
    rows, labels = [], []
    for row, en in zip(sims, english, strict=True):
        cols = np.arange(len(indonesian))
        if pool is not None:
            right = [k for k in cols if indonesian[k] in truth[en]][:1]
            others = [k for k in cols if indonesian[k] not in truth[en]]
            cols = np.asarray(right + list(rng.choice(others, size=min(pool - len(right), len(others)), replace=False)))
        j = int(cols[int(np.argmax(row[cols]))])
        rows.append({"cosine": float(row[j])})
        labels.append(indonesian[j] in truth[en])
    model = fit(rows, labels, ("cosine",))
    # The cosine where the fitted probability crosses 0.8: a wrong "translation" costs more than a miss.
    w, b = model.weights[0], model.bias
    return float((np.log(0.8 / 0.2) - b) / w) if w > 0 else 1.0


def fit_calibrations(
    embedder_name: str,
    embedder: BaseEmbedding,
    data: Sequence[Mapping[str, Any]] | None = None,
    progress: Callable[[str], None] | None = None,
    only: frozenset[str] = frozenset({"evidence", "support", "answers", "words"}),
    base: Calibrations | None = None,
) -> Calibrations:
    """Fit the checks' calibrations for ``embedder`` on the labelled examples (default: the shipped ones);
    ``only`` some of them, the others taken from ``base``."""
    data = list(data) if data is not None else examples()
    vectors = _Vectors(embedder)
    by_kind: dict[str, list[Mapping[str, Any]]] = {}
    for row in data:
        by_kind.setdefault(str(row["kind"]), []).append(row)
    if progress:
        progress(f"calibrating the checks for {embedder_name} on {len(data)} labelled examples (once per embedder)")
    if base is None and only != {"evidence", "support", "answers", "words"}:
        raise ValueError("fitting some checks only needs the calibration the others come from")
    if "evidence" in only:
        evidence = _fit_evidence(_evidence_groups(by_kind.get("evidence", []), vectors))
    word, local_word = (
        (word_threshold(vectors), word_threshold(vectors, LOCAL_POOL))
        if "words" in only
        else (base.word_similarity, base.local_word_similarity)  # type: ignore[union-attr]
    )
    if "support" in only:
        words = WordMatcher(lambda texts: vectors("query", texts), word, local_word)
        sup_rows, sup_labels = _support_rows(by_kind.get("support", []), vectors, words)
        support = choose_threshold(fit(sup_rows, sup_labels, SUPPORT_FEATURES), sup_rows, sup_labels)
    if "answers" in only:
        fitted_evidence = evidence if "evidence" in only else base.evidence  # type: ignore[union-attr]
        retrieved = _retrievals(by_kind.get("evidence", []))
        ans_rows, ans_labels = _answer_rows(by_kind.get("answers", []), vectors, fitted_evidence, retrieved)
        answers = choose_threshold(
            fit(ans_rows, ans_labels, ANSWER_FEATURES), ans_rows, ans_labels, false_yes_cost=1 / RIGHT_FLAG_COST
        )
    return Calibrations(
        embedder_name,
        evidence if "evidence" in only else base.evidence,  # type: ignore[union-attr]
        support if "support" in only else base.support,  # type: ignore[union-attr]
        answers if "answers" in only else base.answers,  # type: ignore[union-attr]
        word,
        local_word,
    )


# --- stored with the index ----------------------------------------------------------------------------


def calibrations_for(name: str, embedder: BaseEmbedding, progress: Callable[[str], None] | None = None) -> Calibrations:
    """The calibration of an embedder with no index at hand: the bundled one, or fitted now."""
    return bundled(name) or fit_calibrations(name, embedder, progress=progress)


def load_calibrations(searcher: Any, progress: Callable[[str], None] | None = None) -> Calibrations:
    """The calibration of the index's embedder: the bundled one when the package ships one (stored with the
    index, replacing a copy an earlier version stored), else the one stored with the index, else fitted now
    on the shipped examples and stored. A damaged file is derived data: it is rebuilt the same way, and
    nothing else is touched."""
    name = searcher.manifest.embedder
    path = Path(searcher.store.dir) / STORE_FILE
    shipped = bundled(name)
    stored: dict[str, Any] = {}
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(stored, dict):
            stored = {}
        if name in stored and (shipped is None or stored[name] == shipped.to_json()):
            return Calibrations.from_json(stored[name])
    except FileNotFoundError:
        pass
    except (OSError, ValueError, KeyError, TypeError):
        stored = {}
    found = shipped or calibrations_for(name, searcher.embedder, progress)
    stored[name] = found.to_json()
    try:
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(stored, indent=1), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass  # a read-only store still answers, with the calibration in memory
    return found
