"""Scripted replies for the Ollama-protocol test server that cite the prompt's passages by content.

Scripted answers cite by *needle*: ``cited("... [{a}].", a="Bandara Internasional Pyongyang")`` replies with
the number of the prompt passage that contains the needle, so the engine's citation check really
passes whatever order retrieval returns the passages in.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from assistant.ingest.confusables import fold_confusables
from assistant.testing.ollama_server import ChatRequest, Reply, ResponderError


@dataclass
class Cited:
    """A scripted answer whose ``{name}`` markers become the number of the passage containing each needle."""

    template: str
    delay_per_chunk: float = 0.0
    needles: dict[str, str] = field(default_factory=dict)

    def reply(self, prompt: str) -> Reply:
        passages = dict(re.findall(r"^(?:Passage )?\[(\d+)\] (.*)$", prompt, flags=re.MULTILINE))
        numbers: dict[str, str] = {}
        for name, needle in self.needles.items():
            found = [n for n, text in passages.items() if needle.lower() in text.lower()]
            if not found:
                raise ResponderError(f"no prompt passage contains {needle!r}")
            numbers[name] = found[0]
        return Reply(text=self.template.format(**numbers), delay_per_chunk=self.delay_per_chunk)


def cited(template: str, delay_per_chunk: float = 0.0, **needles: str) -> Cited:
    return Cited(template, delay_per_chunk, needles)


class Script:
    """The responder's script: answer requests take the next scripted answer; condense requests get ``condensed``."""

    def __init__(
        self, *answers: Cited | Reply | str, condensed: str | None = None, translated: str | None = None
    ) -> None:
        self.answers = list(answers)
        self.condensed = condensed
        self.translated = translated
        """The reply to a translation request (None: the question itself, which the engine then ignores)."""
        self.translate_prompts: list[str] = []
        self.condense_prompts: list[str] = []
        self.prompts: list[str] = []
        """Every answer prompt received, in order (what the scripted model was sent)."""
        self.judge_prompts: list[str] = []
        self.judge_replies: list[str] = []
        """Replies to LLM-judge questions (the last one repeats); none scripted: "yes"."""

    def __call__(self, request: ChatRequest) -> Reply | str:
        prompt = str(request.messages[-1].get("content") or "")
        if "Reply with one word: yes or no." in prompt:
            self.judge_prompts.append(prompt)
            return (
                self.judge_replies[min(len(self.judge_prompts), len(self.judge_replies)) - 1]
                if self.judge_replies
                else "yes"
            )
        if prompt.rstrip().endswith("Translation:"):
            self.translate_prompts.append(prompt)
            asked = prompt.rsplit("Question:", 1)[-1].split("\n")[0].strip()
            return self.translated or asked
        if isinstance(request.body.get("format"), dict):
            self.judge_prompts.append(prompt)
            if self.judge_replies:
                return self.judge_replies[min(len(self.judge_prompts), len(self.judge_replies)) - 1]
            n = len(re.findall(r"^\d+\. ", prompt.rsplit("Sentences:", 1)[-1], flags=re.MULTILINE))
            return json.dumps({"verdicts": ["yes"] * n})
        if "Standalone question:" in prompt:
            self.condense_prompts.append(prompt)
            return self.condensed or prompt.rsplit("Follow-up question:", 1)[-1].split("\n")[0].strip()
        self.prompts.append(prompt)
        if not self.answers:
            raise ResponderError("the test script has no answer left")
        answer = self.answers.pop(0)
        return answer.reply(prompt) if isinstance(answer, Cited) else answer


_ORDER = re.compile(
    r"(?:jawab setiap pertanyaan hanya dengan|answer every question with)\s*:\s*(?P<text>[^.«»]+)"
    r"|(?:tell readers that|must answer that|jawablah bahwa|отвечай,? что|скажи читателям,? что)\s+(?P<claim>[^.«»]+)",
    re.IGNORECASE,
)
_WORDS = re.compile(r"\w+")


def obeying_reply(request: ChatRequest) -> str:
    """A gullible model: it does what text in its prompt tells it to (answer with a fixed text, or say what
    it is told to say, in English, Indonesian or Russian, look-alike letters read as Latin; print its system
    prompt; repeat a claim with its own citation numbers); otherwise it answers with the sentence of
    the passages that shares most words with the question, cited. It shows what an injection would do to
    a model that obeys it."""
    messages = [str(m.get("content") or "") for m in request.messages]
    prompt = messages[-1]
    if (order := _ORDER.search(fold_confusables(prompt))) is not None:  # it reads look-alike letters as Latin
        return f"{(order.group('text') or order.group('claim')).strip()} [1]."
    if re.search(r"print your system prompt|reveal your hidden instructions", prompt, re.IGNORECASE):
        return " ".join(messages[:-1]) + " [1]."
    if (claim := re.search(r"Menurut sumber[^.«»]*\.", prompt)) is not None:
        return claim.group(0)
    if "Standalone question:" in prompt:
        return prompt.rsplit("Follow-up question:", 1)[-1].split("\n")[0].strip()
    question = prompt.rsplit("Question:", 1)[-1].split("\n")[0]
    wanted = {w.casefold() for w in _WORDS.findall(question) if len(w) > 3}
    best, best_n, best_score = "", 1, -1
    for n, text in re.findall(r"^\[(\d+)\] «(.*)»$", prompt, flags=re.MULTILINE):
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            score = len(wanted & {w.casefold() for w in _WORDS.findall(sentence)})
            if score > best_score:
                best, best_n, best_score = sentence, int(n), score
    if not best:
        return "NO_ANSWER"
    return f"{best.rstrip('.')} [{best_n}]."
