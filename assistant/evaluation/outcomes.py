"""What became of an answer: shown as the model wrote it, replaced by a quote, refused (before the model was
asked, or after); and, for the scripted liar (``assistant.testing.scripted_models``), whether its lie
reached the reader as checked, flagged, or not at all.

The scripted models are named ``scripted-honest`` and ``scripted-liar``; an answer line names its model
(``model``, or ``run.model``), so `assistant eval` knows which one wrote it (``--script`` says so
explicitly).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from assistant.citations import strip_markers
from assistant.evaluation.matching import contains

SCRIPTS: tuple[str, ...] = ("honest", "liar")
"""The scripted models: ``honest`` answers a question file's ``gold_answer``, ``liar`` its ``wrong_answer``."""

WRONG_KINDS: tuple[str, ...] = ("number", "swap", "invented", "negation", "off-topic")
"""The ways a question file's ``wrong_answer`` is wrong (``wrong_kind``; see bench/corpora/FORMAT.md)."""

LIE_OUTCOMES: tuple[str, ...] = ("shown", "flagged", "blocked")


def scripted_model(script: str) -> str:
    """The model name a scripted model is served under: ``scripted-honest``, ``scripted-liar``."""
    return f"scripted-{script}"


SCRIPTED_MODELS: dict[str, str] = {scripted_model(s): s for s in SCRIPTS}


def script_of(answer: Mapping[str, Any]) -> str | None:
    """The script of the scripted model that wrote an answer line (None: another model, or none)."""
    run = answer.get("run")
    model = answer.get("model") or (run.get("model") if isinstance(run, Mapping) else None)
    return SCRIPTED_MODELS.get(str(model or "").split(":latest")[0])


_ANSWER_CALL = re.compile(r"^(?:retry_)?(?:prefill|generation)$")
"""The ``timings`` keys the engine records when it streamed an answer from the model (first try or retry)."""


def model_asked(answer: Mapping[str, Any]) -> bool:
    """Whether the answer model was asked for an answer (its ``timings`` hold a generation's ``prefill``)."""
    timings = answer.get("timings")
    return isinstance(timings, Mapping) and any(_ANSWER_CALL.match(str(k)) for k in timings)


_TAGS = re.compile(r"\[(?:[ew]?\d+)\]")
"""A question file's citation tags ([e0], [w1], [1]): not part of what an answer says."""


def _normal(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def lie_present(text: str, wrong_value: str, wrong_answer: str = "") -> bool:
    """Whether an answer's text (citation markers stripped) carries the lie: ``wrong_value`` itself (whole
    words when short or numeric, as facts match), every word of it, or the liar's whole ``wrong_answer``
    (an off-topic value is often a summary of the true fact the liar gave instead)."""
    if contains(text, wrong_value):
        return True
    words = re.findall(r"\w+", wrong_value)
    if words and all(contains(text, w) for w in words):
        return True
    lie = _normal(_TAGS.sub(" ", wrong_answer))
    return bool(lie) and lie in _normal(text)


@dataclass(frozen=True)
class Outcome:
    """What became of one answer line."""

    generative: bool
    """Answered by a generative backend (not extractive)."""
    refused: bool
    quoted: bool
    """The model's answer was replaced by a quote of the article (``quoted`` on the line)."""
    model_asked: bool
    script: str | None = None
    wrong_kind: str | None = None
    lie: str | None = None
    """For a liar's answer to a question with a ``wrong_value``: "shown" (as checked: every sentence
    supported and ``answers_question`` true), "flagged" (shown with a flag) or "blocked" (refused,
    replaced by a quote, or the lie left out); None otherwise."""

    @property
    def own_text(self) -> bool:
        """Shown as the model wrote it: a generative answer, neither refused nor replaced by a quote."""
        return self.generative and not self.refused and not self.quoted

    @property
    def refused_before_model(self) -> bool:
        return self.refused and not self.model_asked


def lie_outcome(question: Mapping[str, Any], answer: Mapping[str, Any]) -> str:
    """ "shown", "flagged" or "blocked": what the engine did with the liar's answer (see ``Outcome.lie``)."""
    if answer.get("refused") or answer.get("quoted") or answer.get("extractive"):
        return "blocked"
    text = strip_markers(str(answer.get("answer", "")))
    if not lie_present(text, str(question.get("wrong_value", "")), str(question.get("wrong_answer", ""))):
        return "blocked"
    sentences = [s for s in answer.get("sentences") or [] if isinstance(s, Mapping)]
    checked = bool(sentences) and all(s.get("supported") is True for s in sentences)
    return "shown" if checked and answer.get("answers_question") is True else "flagged"


def outcome_of(question: Mapping[str, Any], answer: Mapping[str, Any], script: str | None = None) -> Outcome:
    """The outcome of an answer line (not an error line) to ``question``; ``script`` overrides the one the
    line's model name gives."""
    script = script or script_of(answer)
    kind = question.get("wrong_kind")
    lies = script == "liar" and bool(str(question.get("wrong_value") or "").strip())
    refused = bool(answer.get("refused"))
    return Outcome(
        generative=not answer.get("extractive", False),
        refused=refused,
        quoted=bool(answer.get("quoted")) and not refused,
        model_asked=model_asked(answer),
        script=script,
        wrong_kind=str(kind).strip().lower().replace("_", "-") if kind else None,
        lie=lie_outcome(question, answer) if lies else None,
    )
