"""Rendering an evaluation: metrics as text, a Markdown report with charts, an optional HTML page."""

from __future__ import annotations

import html as _html
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.evaluation import Evaluation, MetricValue, QuestionResult

from assistant.evaluation.metrics import METRIC_BY_NAME, METRICS
from assistant.safe_text import safe

BAR_WIDTH = 30
_EIGHTHS = " ▏▎▍▌▋▊▉"

LANGUAGE_NOTE = (
    "Language is checked on generated answers and refusal phrases. Extractive answers (no LLM) quote the "
    "Indonesian articles verbatim, so an English question gets an Indonesian answer by design: their "
    "language is reported as `language_match_extractive`, for information only, and cannot be gated."
)


def bar(fraction: float, width: int = BAR_WIDTH) -> str:
    """A Unicode bar of ``fraction`` (0..1) of ``width`` cells, in eighths of a cell."""
    fraction = min(max(fraction, 0.0), 1.0)
    eighths = round(fraction * width * 8)
    full, part = divmod(eighths, 8)
    return ("█" * full + (_EIGHTHS[part] if part else "")).ljust(width)


def format_value(name: str, value: MetricValue) -> str:
    if value.value is None:
        return "n/a"
    metric = METRIC_BY_NAME[name]
    if metric.count:
        return f"{value.value:.0f}/{value.n}"
    return f"{value.value:.2f}{metric.unit}" if metric.unit else f"{value.value:.3f}"


def fraction(name: str, value: MetricValue) -> float | None:
    """A 0..1 metric's value, a count metric's share of its questions; None when it has no bar."""
    metric = METRIC_BY_NAME[name]
    if value.value is None or metric.unit:
        return None
    if metric.count:
        return value.value / value.n if value.n else None
    return value.value


def _counts(evaluation: Evaluation) -> str:
    results = evaluation.results
    answerable = sum(r.answerable for r in results)
    statuses = {s: sum(r.status == s for r in results) for s in ("answered", "refused", "error", "missing")}
    shown = ", ".join(f"{n} {s}" for s, n in statuses.items() if n)
    return f"{len(results)} questions ({answerable} answerable, {len(results) - answerable} unanswerable): {shown}"


def run_line(run: dict | None) -> str:
    if not run:
        return 'run: unknown (the answer lines carry no "run" record)'
    return (
        f"run: backend {run.get('backend')}, model {run.get('model')}, embedder {run.get('embedder')}, "
        f"index {run.get('index')}"
    )


def format_metrics(evaluation: Evaluation) -> str:
    """The metrics as aligned plain text (what `assistant eval` prints)."""
    lines = [f"eval: {_counts(evaluation)}", run_line(evaluation.run)]
    lines.append(f"{'metric':<26} {'value':>7}  {'n':>3}  meaning")
    for m in METRICS:
        value = evaluation.metrics[m.name]
        note = m.description + ("" if m.higher_is_better else " (lower is better)")
        lines.append(f"{m.name:<26} {format_value(m.name, value):>7}  {value.n:>3}  {note}")
    failing = [r for r in evaluation.results if r.problems]
    if failing:
        lines.append(f"questions with problems: {len(failing)} of {len(evaluation.results)}")
        for r in failing:
            lines.append(f"  {r.id}: {'; '.join(r.problems)}")
    return "\n".join(lines)


def metric_chart(evaluation: Evaluation) -> str:
    """A text bar chart of the 0..1 metrics."""
    rows = []
    for m in METRICS:
        if m.unit:
            continue
        value = evaluation.metrics[m.name]
        name = m.name + ("" if m.higher_is_better else " ↓")
        share = fraction(m.name, value)
        if share is None:
            rows.append(f"{name:<28} {'':<{BAR_WIDTH}}   n/a")
        else:
            rows.append(f"{name:<28} {bar(share)} {format_value(m.name, value) if m.count else f'{share:5.2f}'}")
    rows.append("(↓: lower is better)")
    return "\n".join(rows)


def histogram(values: Sequence[float], bins: int = 8, width: int = BAR_WIDTH) -> str:
    """A text histogram of ``values`` (seconds): one row per bin, bars scaled to the fullest bin."""
    if not values:
        return "(no latencies)"
    lo, hi = min(values), max(values)
    if hi - lo < 1e-9:
        return f"{lo:6.2f}s         {'█' * width} {len(values)}"
    step = (hi - lo) / bins
    counts = [0] * bins
    for v in values:
        counts[min(int((v - lo) / step), bins - 1)] += 1
    top = max(counts)
    rows = []
    for i, count in enumerate(counts):
        a, b = lo + i * step, lo + (i + 1) * step
        rows.append(f"{a:6.2f}s–{b:6.2f}s {bar(count / top, width)} {count}")
    return "\n".join(rows)


def _cell(text: object) -> str:
    return safe(str(text)).replace("|", "\\|").replace("\n", " ")


def _mark(flag: bool | None) -> str:
    return "–" if flag is None else ("✓" if flag else "✗")


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _outcome(r: QuestionResult) -> str:
    return r.status + (" (extractive)" if r.extractive and r.status == "answered" else "")


def question_rows(evaluation: Evaluation) -> list[list[str]]:
    """The per-question table: a header row, then one row per question."""
    rows = [
        [
            "id",
            "lang",
            "kind",
            "outcome",
            "gold rank",
            "cites gold",
            "cit. recall",
            "cit. precision",
            "facts",
            "disagreement",
            "outlets",
            "answer lang",
            "latency",
            "problems",
        ]
    ]
    for r in evaluation.results:
        rows.append(
            [
                r.id,
                r.lang or "–",
                "answerable" if r.answerable else "unanswerable",
                _outcome(r),
                "–" if not r.has_gold else (str(r.gold_rank) if r.gold_rank else "none"),
                _mark(r.cites_gold),
                _pct(r.citation.recall if r.citation else None),
                _pct(r.citation.precision if r.citation else None),
                _mark(r.facts_ok),
                _mark(r.disagreement_ok if r.expect_disagreement else (False if r.false_disagreement else None)),
                "–" if not r.expect_outlets else f"{sum(r.outlets_found)}/{len(r.expect_outlets)}",
                (r.detected_language or "?") + ("" if r.language_ok is None else f" {_mark(r.language_ok)}"),
                "–" if r.latency is None else f"{r.latency:.2f}s",
                "; ".join(r.problems) or "ok",
            ]
        )
    return rows


def _details(r: QuestionResult) -> list[str]:
    """Markdown lines explaining one question with problems."""
    lines = [f"### {r.id}: {safe(r.question)}", ""]
    lines.append(f"- problems: {'; '.join(r.problems)}")
    if r.status in ("error", "missing"):
        return lines + [""]
    lines.append(f"- answer ({_outcome(r)}): {safe(r.answer)}")
    if r.citations:
        lines.append("- citations:")
        for c in r.citations:
            span = c.get("lines") or ["?", "?"]
            lines.append(safe(f"  - [{c.get('n')}] {c.get('file')}:{span[0]}-{span[-1]} “{c.get('quote', '')}”"))
    for sides in r.disagreement_values:
        lines.append(safe("- reported disagreement: " + " vs ".join(f"“{v}”" for v in sides)))
    if r.citation is not None:
        lines.append("- sentences (judge on the cited passages; engine's own score in brackets):")
        engine = {s.get("text"): s for s in r.engine_sentences}
        for s in r.citation.sentences:
            own = engine.get(s.text, {})
            marks = (
                "".join(f"[{n}{'' if p else ' unneeded'}]" for n, p in zip(s.citations, s.precise, strict=True))
                or "no citation"
            )
            verdict = "supported" if s.supported else "NOT supported"
            lines.append(f"  - {verdict} {s.score:.2f} ({own.get('score', '–')}) {marks}: {safe(s.text)}")
    lines.append("")
    return lines


def render_markdown(evaluation: Evaluation) -> str:
    """The full Markdown report."""
    run = evaluation.run or {}
    out = ["# Evaluation report", ""]
    out.append(f"- questions: `{evaluation.questions_path}` — {_counts(evaluation)}")
    if evaluation.answers_path is not None:
        out.append(f"- answers: `{evaluation.answers_path}`")
    out.append(f"- {run_line(evaluation.run)}")
    if run.get("prompts"):
        hashes = ", ".join(f"{k} `{v[:12]}`" for k, v in run["prompts"].items())
        out.append(f"- prompts (sha256): {hashes}")
    out.append(f"- support judge: {evaluation.judge}")
    if evaluation.extra_answers:
        out.append(f"- {evaluation.extra_answers} answer line(s) had ids not in the question file and were ignored")
    out += ["", "## Metrics", "", "| metric | value | n | meaning |", "|---|---:|---:|---|"]
    for m in METRICS:
        value = evaluation.metrics[m.name]
        note = m.description + ("" if m.higher_is_better else " (lower is better)")
        out.append(f"| {m.name} | {format_value(m.name, value)} | {value.n} | {_cell(note)} |")
    out += ["", "```text", metric_chart(evaluation), "```", ""]
    latencies = [r.latency for r in evaluation.results if r.latency is not None]
    out += ["### Answer time", "", "```text", histogram(latencies), "```", ""]
    out += ["## Per question", ""]
    rows = question_rows(evaluation)
    out.append("| " + " | ".join(rows[0]) + " |")
    out.append("|" + "|".join("---" for _ in rows[0]) + "|")
    out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows[1:]]
    failing = [r for r in evaluation.results if r.problems]
    if failing:
        out += ["", "## Questions with problems", ""]
        for r in failing:
            out += _details(r)
    out += ["", "## How to read this", ""]
    out.append(
        "- Citation recall and precision follow ALCE: a sentence is supported when its cited passages together "
        "support it; a citation is precise unless the sentence is unsupported, or the citation alone does not "
        "support it while the other citations do. Both are computed per answer and averaged over answers "
        "(refusals have no sentences)."
    )
    out.append("- Retrieval metrics use each answer's `retrieved` list against the question's `gold_sources`.")
    out.append(
        "- The judge reads each cited passage's full text as the answer line carries it (`citations[].text`), "
        "so the scores judge exactly what was cited."
    )
    out.append(
        "- `wrong_flagged` / `right_flagged`: among answered answerable questions with wrong / right facts, the "
        "share the assistant flagged itself (an unsupported sentence, or `answers_question` false)."
    )
    out.append(
        "- `disagreement_recall`: questions whose file lists `expect_disagreement` (the values outlets give) and "
        "whose answer reports one disagreement holding every value; `false_disagreement_rate`: the other answered "
        "questions that report one anyway. `outlet_recall`: the share of `expect_outlets` named on the answer's "
        "citations, corroborations or disagreement sides."
    )
    out.append(
        "- Values shown as `k/n` are counts. `lies_*` count the scripted liar's answers (`--script liar`): *shown* "
        "carries `wrong_value` with every sentence supported and `answers_question` true; *flagged* carries it "
        "with a flag; *blocked* does not reach the reader (refused, quoted or left out)."
    )
    out.append(f"- {LANGUAGE_NOTE}")
    return "\n".join(out) + "\n"


def render_html(evaluation: Evaluation) -> str:
    """A self-contained HTML page with the metrics as bars and the per-question table."""
    esc = _html.escape
    parts = [
        "<!doctype html><html><head><meta charset='utf-8'><title>Evaluation report</title><style>",
        "body{font-family:system-ui,sans-serif;margin:2em;max-width:80em}"
        "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left;"
        "vertical-align:top}.bar{background:#eee;width:15em;height:1em}.fill{background:#3a7;height:1em}"
        ".bad{background:#fee}",
        "</style></head><body><h1>Evaluation report</h1>",
        f"<p>{esc(_counts(evaluation))}<br>{esc(run_line(evaluation.run))}<br>"
        f"support judge: {esc(evaluation.judge)}</p>",
        "<h2>Metrics</h2><table><tr><th>metric</th><th>value</th><th></th><th>n</th><th>meaning</th></tr>",
    ]
    for m in METRICS:
        value = evaluation.metrics[m.name]
        fill = ""
        share = fraction(m.name, value)
        if share is not None:
            fill = f"<div class='bar'><div class='fill' style='width:{share * 100:.1f}%'></div></div>"
        parts.append(
            f"<tr><td>{esc(m.name)}</td><td>{esc(format_value(m.name, value))}</td><td>{fill}</td>"
            f"<td>{value.n}</td><td>{esc(m.description)}</td></tr>"
        )
    parts.append("</table><h2>Answer time</h2><pre>")
    parts.append(esc(histogram([r.latency for r in evaluation.results if r.latency is not None])))
    parts.append("</pre><h2>Per question</h2><table>")
    rows = question_rows(evaluation)
    parts.append("<tr>" + "".join(f"<th>{esc(c)}</th>" for c in rows[0]) + "</tr>")
    for r, row in zip(evaluation.results, rows[1:], strict=False):
        cls = " class='bad'" if r.problems else ""
        parts.append(f"<tr{cls}>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>")
    parts.append("</table>")
    failing = [r for r in evaluation.results if r.problems]
    if failing:
        parts.append("<h2>Questions with problems</h2>")
        for r in failing:
            parts.append("<pre>" + esc("\n".join(_details(r))) + "</pre>")
    parts.append(f"<p>{esc(LANGUAGE_NOTE)}</p></body></html>")
    return "\n".join(parts)
