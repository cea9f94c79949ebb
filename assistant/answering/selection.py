"""What evidence selection found, and a draft after its checks: the values the engine's stages pass on."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assistant.answering.check import AnswerCheck
from assistant.answering.corroboration import distinct_passages
from assistant.answering.evidence import Evidence
from assistant.answering.quote import quote_evidence
from assistant.answering.sentences import passage_sentences
from assistant.answering.verify import Draft, Verified
from assistant.retrieval.postprocessors import refers_back
from assistant.types import Passage

WINDOW = 2
"""Sentences shown on each side of an evidence sentence: evidence ranking often puts the sentence that answers
a reader's paraphrase a few places down, next to the one it ranks best (two a side shows it for a tenth more
prompt than one; bench/RESULTS.md)."""
WINDOW_EVIDENCE = 8
"""A passage's window spans all of its sentences among this many best evidence sentences: evidence ranking
is least sure of the order of the first few, and the one that answers is often next to the best."""


def sentence_window(passage: Passage, chosen: list[str], width: int) -> Passage:
    """The passage cut to the run of its ``chosen`` sentences with ``width`` sentences on each side (the whole
    passage when it is no longer than that, or none is found in it), and the sentence before that when the
    first refers back to someone by a pronoun."""
    sentences = passage_sentences(passage.text)
    found = [sentences.index(s) for s in chosen if s in sentences]
    if len(sentences) <= 2 * width + 1 or not found:
        return passage
    start, end = max(0, min(found) - width), max(found) + width + 1
    if start > 0 and refers_back(sentences[start]):
        start -= 1  # the sentence that names who "ia" is
    return passage.model_copy(update={"text": " ".join(sentences[start:end])})


def containers(passages: Sequence[Passage]) -> list[int]:
    """For each passage, the longest passage of the same article whose text holds it (itself when none does):
    neighbouring chunks widen hits into overlapping passages, and a window cut from the shorter one could
    leave out the sentence the longer one shows beside the same evidence."""
    out = []
    for i, p in enumerate(passages):
        holders = [j for j, q in enumerate(passages) if q.file == p.file and p.text in q.text]
        out.append(max(holders, key=lambda j: (len(passages[j].text), -j), default=i))
    return out


@dataclass
class Selection:
    """What evidence selection found: the passages it read, their sentences ranked, the answering ones.

    The answer is made from the ``limit`` passages whose sentences rank best as evidence (not the first
    ``limit`` retrieved: a passage retrieval ranked low may hold the sentence that answers); the rest are
    read only to find other outlets' reports (corroboration, disagreements)."""

    passages: list[Passage]
    evidence: list[Evidence]
    limit: int | None = None

    @property
    def answer_evidence(self) -> list[Evidence]:
        """The evidence the answer may use: the sentences of the ``limit`` passages with the best evidence."""
        if self.limit is None:
            return list(self.evidence)
        chosen = set(list(dict.fromkeys(e.passage for e in self.evidence))[: self.limit])
        return [e for e in self.evidence if e.passage in chosen]

    @property
    def answering(self) -> list[Evidence]:
        return [e for e in self.answer_evidence if e.answers]

    @property
    def basis(self) -> dict[str, list[str]]:
        """chunk id -> the answering evidence sentences of that passage."""
        out: dict[str, list[str]] = {}
        for e in self.answering:
            out.setdefault(self.passages[e.passage].chunk_id, []).append(e.sentence)
        return out

    def prompt_passages(self, limit: int, width: int = WINDOW) -> list[Passage]:
        """What the model is shown: for the best evidence sentences, best first, a window of its passage (one per
        passage: the run of its sentences among the ``WINDOW_EVIDENCE`` best, with ``width`` sentences on
        each side), at most ``limit``; a near-duplicate of one already chosen (the same story from another
        outlet) is left out."""
        evidence = self.answer_evidence
        within = containers(self.passages)
        top: dict[int, list[str]] = {}
        for e in evidence[:WINDOW_EVIDENCE]:
            top.setdefault(within[e.passage], []).append(e.sentence)
        windows: dict[int, Passage] = {}
        for e in evidence:
            at = within[e.passage]
            if at not in windows:
                windows[at] = sentence_window(self.passages[at], top.get(at, [e.sentence]), width)
        return distinct_passages(list(windows.values()))[:limit]

    def quote(self, among: Sequence[Evidence] | None = None) -> Draft:
        return quote_evidence(list(among) if among is not None else self.answering, self.passages)


@dataclass
class Checked:
    """A draft after citing, verifying and the answer check."""

    draft: Draft
    verified: Verified
    check: AnswerCheck
    language_ok: bool

    @classmethod
    def cancelled(cls, text: str, passages: Sequence[Passage]) -> Checked:
        """What the user stopped: the text so far, unchecked."""
        return cls(Draft(text, tuple(passages), "cancelled"), Verified(), AnswerCheck(False, ""), True)

    @property
    def accepted(self) -> bool:
        """Its supported sentences answer the question in the question's language."""
        return self.check.answers_question and self.language_ok
