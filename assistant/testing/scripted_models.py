"""Two scripted models driven by a question file (bench/corpora/FORMAT.md), to measure the engine apart from
any model: ``honest`` answers ``gold_answer``, ``liar`` answers ``wrong_answer``, each citing the prompt passage
that holds its evidence, whatever order retrieval showed the passages in.

* answer requests: the record whose ``question``, ``standalone`` or ``translation`` is the prompt's
  "Question:" line (case, spacing and punctuation aside; the most similar question when the engine reworded
  it). ``[eN]`` becomes the number of the passage holding ``evidence[N]``. The honest model drops a sentence
  whose evidence is in no shown passage (and the tags of evidence not shown from a sentence it keeps), and
  replies NO_ANSWER when nothing is left or the question is unanswerable. The liar also cites ``[wN]`` (``wrong_evidence[N]``) and keeps ``[1]`` (the first passage); a
  tag whose needle no passage holds becomes [1], and it lies about unanswerable questions too;
* follow-up rewrites get the record's ``standalone``; translation requests its ``translation`` (or the
  question unchanged);
* judges are gullible: "yes", or a JSON value valid against the request's schema with every boolean true.

Every request is kept (``ScriptedModel.sent``), like simonw/llm's mock model.
``python -m assistant.testing.ollama_server --script honest --questions FILE`` serves one.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.evaluation.outcomes import SCRIPTS, scripted_model
from assistant.jsonl import load_jsonl
from assistant.prompts import load_prompts
from assistant.testing.prompt_reading import (
    Kind,
    labelled_line,
    passage_with,
    passages,
    prompt_of,
    question_key,
    request_kind,
)
from assistant.testing.responders import ChatRequest, ScriptedResponder
from assistant.testing.schema_reply import gullible_value, numbered_items

NO_ANSWER_TAG = "NO_ANSWER"
"""What a question file's ``gold_answer`` holds for an unanswerable question (bench/corpora/FORMAT.md)."""

SIMILAR_ENOUGH = 0.5
"""The least word overlap (Jaccard) at which a reworded question is taken for a record's question."""

_TAG = re.compile(r"\[(?:([ew])(\d+)|(\d+))\]")
_TAG_RUN = re.compile(r"(?:\s*\[(?:[ew]\d+|\d+)\])+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


class QuestionBook:
    """The records of question files, found by any of their questions' forms."""

    def __init__(self, records: Iterable[Mapping[str, Any]]) -> None:
        self.records = list(records)
        self._by_key: dict[str, list[Mapping[str, Any]]] = {}
        for record in self.records:
            for field in ("question", "standalone", "translation"):
                key = question_key(str(record.get(field) or ""))
                if key and record not in self._by_key.setdefault(key, []):
                    self._by_key[key].append(record)

    @classmethod
    def read(cls, paths: Sequence[Path]) -> QuestionBook:
        return cls(record for path in paths for record in load_jsonl(path))

    def find(self, question: str, context: str = "") -> tuple[Mapping[str, Any] | None, str]:
        """(the record asked about, "exact" / "similar"), or (None, "none"). When several records share the
        question (a follow-up such as "What did he say?"), the one whose conversation's other questions
        ``context`` (the conversation in a rewrite prompt) holds."""
        key = question_key(question)
        if key in self._by_key:
            return self._in_context(self._by_key[key], question_key(context)), "exact"
        words = set(key.split())
        scored = sorted(((_overlap(words, set(k.split())), k) for k in self._by_key), reverse=True)
        if scored and scored[0][0] >= SIMILAR_ENOUGH and (len(scored) == 1 or scored[1][0] < scored[0][0]):
            return self._in_context(self._by_key[scored[0][1]], question_key(context)), "similar"
        return None, "none"

    def _in_context(self, candidates: list[Mapping[str, Any]], context: str) -> Mapping[str, Any]:
        def mates(record: Mapping[str, Any]) -> int:
            conversation = record.get("conversation")
            if conversation in (None, "") or not context:
                return 0
            others = [r for r in self.records if r.get("conversation") == conversation and r is not record]
            return sum(1 for r in others if question_key(str(r.get("question") or "")) in context)

        return max(candidates, key=mates)  # the first of equals


def _overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def _sentences(text: str) -> list[str]:
    """The sentences of an answer template; a piece without a citation tag joins the next (an abbreviation's
    full stop is no sentence end)."""
    out: list[str] = []
    carry = ""
    for piece in _SENTENCE_END.split(text.strip()):
        carry = f"{carry} {piece}".strip()
        if _TAG.search(carry):
            out.append(carry)
            carry = ""
    if carry:
        out.append(f"{out.pop()} {carry}" if out else carry)
    return out


def _cite_sentence(sentence: str, needles: Mapping[str, str], shown: Mapping[int, str], liar: bool) -> tuple[str, int]:
    """(the sentence with its tags numbered, how many tags' needles a shown passage holds). A tag whose
    needle no shown passage holds is left out by the honest model, cited [1] by the liar."""
    found: list[str] = []

    def numbers(run: re.Match[str]) -> str:
        cited: list[int] = []
        for kind, index, literal in _TAG.findall(run.group(0)):
            number = int(literal) if literal else passage_with(needles.get(f"{kind}{index}", ""), shown)
            if number is not None:
                found.append(f"{kind}{index}")
            elif liar:
                number = 1
            if number is not None and number not in cited:
                cited.append(number)
        return " " + "".join(f"[{n}]" for n in cited) if cited else ""

    return _TAG_RUN.sub(numbers, sentence), len(found)


def cite(template: str, needles: Mapping[str, str], shown: Mapping[int, str], liar: bool) -> str | None:
    """``template`` with each run of tags (``[e0][w1]``, ``[1]``) replaced by the numbers of the shown passages
    holding their needles (``needles``: "e0" -> text). The honest model drops a sentence none of whose
    needles a shown passage holds (and leaves out the tags of needles not shown); the liar cites [1] for
    them instead. None when no sentence is left."""
    if not shown:
        return None
    kept = []
    for sentence in _sentences(template):
        text, found = _cite_sentence(sentence, needles, shown, liar)
        if liar or found:
            kept.append(text)
    return " ".join(kept) or None


def _needles(record: Mapping[str, Any]) -> dict[str, str]:
    out = {f"e{i}": str(n) for i, n in enumerate(record.get("evidence") or [])}
    out.update({f"w{i}": str(n) for i, n in enumerate(record.get("wrong_evidence") or [])})
    return out


def answer_for(record: Mapping[str, Any], shown: Mapping[int, str], script: str) -> str | None:
    """The scripted model's answer to ``record``'s question over the ``shown`` passages; None: no answer."""
    gold = str(record.get("gold_answer") or "").strip()
    wrong = str(record.get("wrong_answer") or "").strip()
    if script == "liar" and wrong:
        return cite(wrong, _needles(record), shown, liar=True)
    if not record.get("answerable", True) or not gold or gold == NO_ANSWER_TAG:
        return None
    return cite(gold, _needles(record), shown, liar=False)


@dataclass(frozen=True)
class Sent:
    """One request the scripted model received and what it replied."""

    kind: Kind
    prompt: str
    question: str | None
    record: str | None
    """The id of the record it answered from (None: no record matched)."""
    match: str
    """"exact", "similar" or "none" (how the question was matched; "-" for judges)."""
    reply: str
    request: ChatRequest


class ScriptedModel:
    """The honest or lying model over a question book; a responder script (``ScriptedResponder(model)``)."""

    def __init__(self, script: str, book: QuestionBook, no_answer: str | None = None) -> None:
        if script not in SCRIPTS:
            raise ValueError(f"unknown script {script!r}: choose one of {', '.join(SCRIPTS)}")
        self.script = script
        self.book = book
        self.no_answer = no_answer or load_prompts().no_answer_phrase
        """What it replies when it has no answer: the prompts' no-answer token (prompts/refusal.toml)."""
        self._sent: list[Sent] = []
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        """The model name it is served under (``scripted-honest``, ``scripted-liar``)."""
        return scripted_model(self.script)

    @property
    def sent(self) -> list[Sent]:
        """Every request received so far, in arrival order (a copy)."""
        with self._lock:
            return list(self._sent)

    def unmatched(self) -> list[Sent]:
        """Requests whose question matched no record of the book."""
        return [s for s in self.sent if s.match == "none"]

    def __call__(self, request: ChatRequest) -> str:
        prompt = prompt_of(request.messages)
        kind = request_kind(prompt, request.body)
        question, record, match = None, None, "-"
        if kind is Kind.JUDGE:
            reply = json.dumps(gullible_value(request.body["format"], numbered_items(prompt)))
        else:
            label = "Follow-up question:" if kind is Kind.CONDENSE else "Question:"
            question = labelled_line(prompt, label) or ""
            record, match = self.book.find(question, prompt if kind is Kind.CONDENSE else "")
            reply = self._reply(kind, question, record, prompt)
        sent = Sent(kind, prompt, question, None if record is None else str(record.get("id")), match, reply, request)
        with self._lock:
            self._sent.append(sent)
        return reply

    def _reply(self, kind: Kind, question: str, record: Mapping[str, Any] | None, prompt: str) -> str:
        if kind is Kind.CONDENSE:
            return str((record or {}).get("standalone") or question)
        if kind is Kind.TRANSLATE:
            return str((record or {}).get("translation") or question)
        answer = None if record is None else answer_for(record, passages(prompt), self.script)
        return answer or self.no_answer


def scripted_responder(script: str, questions: Sequence[Path]) -> tuple[ScriptedResponder, ScriptedModel]:
    """A responder for the Ollama-protocol server answering as the ``script`` model from ``questions``."""
    model = ScriptedModel(script, QuestionBook.read(questions))
    return ScriptedResponder(model), model


__all__ = ["QuestionBook", "ScriptedModel", "Sent", "answer_for", "cite", "scripted_responder"]
