"""The article viewer: the whole article text with line numbers, the cited lines marked, the exact quoted
span highlighted and scrolled into view (within a long line too)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from assistant.errors import AssistantError
from assistant.render import outlet_label
from assistant.safe_text import safe
from assistant.tui.widgets.sources import line_span

if TYPE_CHECKING:
    from assistant.types import Citation

CONTEXT_LINES_ABOVE = 1


class ArticleUnavailable(AssistantError):
    """The cited article file cannot be read; the message says what to do."""


def read_article(path: str) -> str:
    """The article text citations point into (raises ArticleUnavailable with an actionable message)."""
    from assistant.ingest.loader import article_text

    file = Path(path)
    if not path or not file.is_file():
        raise ArticleUnavailable(
            f"the article file {path or '(unknown)'} no longer exists: restore it, or re-ingest "
            "(Ctrl+P: Re-ingest the seeds) so the sources point at existing files"
        )
    text = article_text(file)
    if text is None:
        raise ArticleUnavailable(f"cannot read the article file {path}: check that it is readable, then re-ingest")
    return text


def split_lines(text: str) -> tuple[list[str], list[int]]:
    """The lines of an article as ingest numbers them, and the character offset each starts at."""
    pieces = re.split(r"(\r\n|\r|\n)", text)
    lines, starts, offset = pieces[0::2], [], 0
    for i, line in enumerate(lines):
        starts.append(offset)
        offset += len(line) + (len(pieces[2 * i + 1]) if 2 * i + 1 < len(pieces) else 0)
    return lines, starts


def line_spans(lines: list[str], starts: list[int], span: tuple[int, int] | None) -> dict[int, tuple[int, int]]:
    """Line number -> the part of that line (offsets in the line) that the character span covers."""
    if span is None:
        return {}
    out: dict[int, tuple[int, int]] = {}
    for number, (line, offset) in enumerate(zip(lines, starts, strict=True), start=1):
        start, end = max(span[0], offset), min(span[1], offset + len(line))
        if start < end:
            out[number] = (start - offset, end - offset)
    return out


def line_content(text: str, span: tuple[int, int] | None) -> Content:
    """A line of the article, the quoted span in it highlighted."""
    if span is None:
        return Content(safe(text) or " ")
    a, b = span
    return Content.assemble(safe(text[:a]), (safe(text[a:b]), "bold reverse"), safe(text[b:]))


class ArticleLine(Horizontal):
    """One numbered line of the article."""

    def __init__(self, number: int, text: str, cited: bool, span: tuple[int, int] | None = None) -> None:
        super().__init__(id=f"line-{number}", classes="article-line cited" if cited else "article-line")
        self.number = number
        self.line_text = text
        self.span = span

    def compose(self) -> ComposeResult:
        yield Label(f"{self.number:>4}", classes="lineno")
        yield Static(line_content(self.line_text, self.span), classes="line-text")

    def span_row(self) -> int:
        """The row, within this line as wrapped on screen, where the highlighted span starts."""
        if self.span is None:
            return 0
        width = self.query_one(".line-text", Static).content_region.width
        return max(0, len(Content(safe(self.line_text[: self.span[0]]) + "x").wrap(max(1, width))) - 1)


class PassageScreen(ModalScreen[None]):
    """Shows the article a citation points into; Esc or q closes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "dismiss", "Close"),
        Binding("n", "jump_to_cited", "Cited lines"),
    ]

    def __init__(self, citation: Citation, text: str) -> None:
        super().__init__()
        self.citation = citation
        self.lines, self.starts = split_lines(text)

    def compose(self) -> ComposeResult:
        p = self.citation.passage
        first, last = p.lines
        spans = line_spans(self.lines, self.starts, self.citation.span)
        marked = "the quote highlighted" if spans else "highlighted"
        heading = (
            f"[{self.citation.n}] {p.file} · {outlet_label(p.outlet, p.published)} · {line_span(p.lines)} {marked}"
        )
        with Vertical(id="passage-dialog"):
            yield Label(Content.styled(heading, "bold"), id="passage-heading")
            yield Label(Content(safe(p.title) or "(untitled)"), id="passage-title")
            with VerticalScroll(id="article"):
                for number, text in enumerate(self.lines, start=1):
                    yield ArticleLine(number, text, first <= number <= last, spans.get(number))
            yield Label("Esc close · ↑↓ PgUp PgDn scroll · n back to the quote", id="passage-help")

    def on_mount(self) -> None:
        self.query_one("#article", VerticalScroll).focus()
        self.call_after_refresh(self.action_jump_to_cited)

    def action_jump_to_cited(self) -> None:
        """Scroll so the quote (else the cited lines) is at the top, with a line of context above."""
        article = self.query_one("#article", VerticalScroll)
        quoted = [line for line in self.query(ArticleLine) if line.span is not None]
        if quoted:
            row = quoted[0].virtual_region.y + quoted[0].span_row()
            article.scroll_to(y=max(0, row - CONTEXT_LINES_ABOVE), animate=False)
            return
        first = self.citation.passage.lines[0]
        target = max(1, min(first - CONTEXT_LINES_ABOVE, len(self.lines)))
        rows = self.query(f"#line-{target}")
        if rows:
            article.scroll_to_widget(rows.first(), top=True, animate=False)
