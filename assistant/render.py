"""Every rendering of an answer: plain text for the CLI, Markdown for the TUI transcript, the Markdown
export of a conversation and the eval report's details. One place, so they never drift apart."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from assistant.citations import format_sentence
from assistant.safe_text import safe

if TYPE_CHECKING:
    from assistant.types import Answer, AnswerSentence, Citation, Disagreement, Passage

UNVERIFIED_MARK = "⚠"


def lines_label(lines: tuple[int, int] | list[int]) -> str:
    """ "lines 3-5" (also for one line: "lines 3-3", as every report and export writes it)."""
    return f"lines {lines[0]}-{lines[-1]}"


def kind(answer: Answer) -> tuple[str, str]:
    """(what kind of answer this is, why) - ("", "") for a plain generated or refused answer."""
    if answer.cancelled:
        return "cancelled", ""
    if answer.refused:
        return "", ""
    if answer.extractive:
        return "extractive", "sentences quoted from the articles, no LLM"
    if answer.quoted:
        why = "the model stopped answering" if answer.fallback else "the model's answer did not pass the checks"
        return "quoted", f"from the article, in its language: {why}"
    return "", ""


def heading(answer: Answer) -> str:
    """The kind of answer for a header line: "extractive (sentences quoted ...)", "cancelled", ""."""
    label, why = kind(answer)
    return f"{label} ({why})" if why else label


def unverified_reason(sentence: AnswerSentence) -> str:
    """Why a sentence is flagged, for the reader."""
    if sentence.reason:
        return safe(sentence.reason)
    return "its citations do not support it" if sentence.citations else "no passage supports it"


def answer_notes(answer: Answer) -> list[str]:
    """Short lines a reader needs under an answer (see ``Answer.notes``), the unverified one marked."""
    prefix = "unverified: "
    notes = [safe(n) for n in answer.notes()]
    return [f"{UNVERIFIED_MARK} {n.removeprefix(prefix)}" if n.startswith(prefix) else n for n in notes]


def answer_markdown(answer: Answer) -> str:
    """The checked answer as Markdown: normalized [n] markers, unverified sentences marked with ⚠ and italics."""
    if answer.refused or answer.cancelled or not answer.sentences:
        return safe(answer.answer)
    parts: list[str] = []
    for s in answer.sentences:
        text = format_sentence(safe(s.text), s.citations)
        parts.append(text if s.supported else f"{UNVERIFIED_MARK} *{text}*")
    return " ".join(p for p in parts if p)


def passage_text(passage: Passage, i: int) -> str:
    """One retrieved passage as `assistant search` prints it: where it is, how it scored, its text."""
    scores = ", ".join(f"{k} {v:.3f}" for k, v in passage.scores.items())
    head = f"[{i}] {passage.file}:{passage.lines[0]}-{passage.lines[1]}  {passage.title}"
    return "\n".join([f"\n{safe(head)}", f"    score {passage.score:.4f} ({scores})", "    " + safe(passage.text)])


def outlet_label(outlet: str, published: str = "") -> str:
    """ "BaperaNews, 2024-06-19", "outlet unknown"."""
    return ", ".join(x for x in (outlet or "outlet unknown", published) if x)


def source_line(citation: Citation) -> str:
    """ "[1] file (BaperaNews, 2024-06-19), lines 3-5, characters 410-539: title"."""
    p = citation.passage
    span = f", characters {citation.span[0]}-{citation.span[1]}" if citation.span else ""
    return safe(
        f"[{citation.n}] {p.file} ({outlet_label(p.outlet, p.published)}), {lines_label(p.lines)}{span}: {p.title}"
    )


def quote_text(quote: str) -> str:
    """An exact quote for display, with "…" where it starts or ends inside a sentence."""
    text = safe(quote).strip()
    if not text:
        return text
    start = "…" if text[0].islower() else ""
    end = "" if text[-1] in ".!?…\"'”’)" else "…"
    return f"{start}{text}{end}"


def reported_by(sentence: AnswerSentence, sources: int) -> str:
    """ "reported by 2 of 4 outlets (BaperaNews, KABARDUNIA.ID)"; "" when only one outlet was read."""
    if sources <= 1 or not sentence.outlets:
        return ""
    others = [c.outlet or c.file for c in sentence.corroborated_by]
    named = f" (also {', '.join(others)})" if others else ""
    return safe(f"reported by {sentence.outlets} of {sources} outlets{named}")


def reported_lines(answer: Answer) -> list[str]:
    """The "reported by" lines under an answer: one line when every supported sentence is reported alike,
    else one per sentence, led by its beginning."""
    reports = [(s, by) for s in answer.sentences if s.supported and (by := reported_by(s, answer.sources))]
    if len({by for _, by in reports}) <= 1:
        return [by for _, by in reports[:1]]
    return [f'"{safe(s.text[:60])}{"…" if len(s.text) > 60 else ""}": {by}' for s, by in reports]


def disagreement_line(d: Disagreement) -> str:
    """ "⚠ the sources disagree on the time: “Selasa” (X.COM) [1] · “Rabu” (Y.TV) [2]"."""
    sides = " · ".join(
        f"“{s.value}” ({', '.join(s.outlets)}) {''.join(f'[{n}]' for n in s.citations)}" for s in d.sides
    )
    return safe(f"{UNVERIFIED_MARK} the sources disagree on the {d.about}: {sides}")


def answer_text(answer: Answer) -> str:
    """The checked answer as plain text: its kind, the text, flagged sentences, the check, the sources."""
    lines: list[str] = []
    label, why = kind(answer)
    if why:
        lines.append(f"{label.capitalize()} answer ({why}):")
    lines.append(safe(answer.answer))
    if not answer.refused:
        lines.extend(f"  ({safe(note)})" for note in answer.notes())
        lines.extend(f"  {disagreement_line(d)}" for d in answer.disagreements)
        for s in answer.sentences:
            if not s.supported:
                lines.append(f'  ! unverified: "{safe(s.text)}" ({unverified_reason(s)})')
        lines.extend(f"  {line}" for line in reported_lines(answer))
    elif answer.answer_check:
        lines.append(f"  ({safe(answer.answer_check)})")
    if answer.citations:
        lines += ["", "Sources:"]
        for c in answer.citations:
            lines.append(source_line(c))
            lines.append(f'    "{quote_text(c.quote)}"')
    return "\n".join(lines)


def sources_markdown(citations: Iterable[Citation]) -> list[str]:
    """The sources of an answer as a Markdown list."""
    out: list[str] = []
    for c in citations:
        p = c.passage
        out.append(safe(f"{c.n}. `{p.file}` ({outlet_label(p.outlet, p.published)}) {lines_label(p.lines)}: {p.title}"))
        out.append(f"   > {quote_text(c.quote)}")
    return out


def exchange_markdown(question: str, answer: Answer | None, missing: str = "no answer was saved") -> list[str]:
    """One question and its answer as Markdown, for a conversation export."""
    out = [f"## {safe(question)}", ""]
    if answer is None:
        return out + [f"_Not answered: {missing}_", ""]
    label, why = kind(answer)
    if label:
        out += [f"_({label} answer{': ' + why if why else ''})_", ""]
    out += [answer_markdown(answer), ""]
    unverified = [s for s in answer.sentences if not s.supported]
    doubtful = bool(answer.answer_check) and not answer.refused and not answer.answers_question
    for s in unverified:
        out.append(f"> {UNVERIFIED_MARK} not supported by its sources: {safe(s.text)} ({unverified_reason(s)})")
    if doubtful:
        out.append(f"> {UNVERIFIED_MARK} may not answer the question: {safe(answer.answer_check)}")
    out.extend(f"> {disagreement_line(d)}" for d in answer.disagreements)
    if unverified or doubtful or answer.disagreements:
        out.append("")
    if answer.citations:
        out += ["Sources:", "", *sources_markdown(answer.citations), ""]
    return out
