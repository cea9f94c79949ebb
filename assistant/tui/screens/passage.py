"""The article viewer: the whole original file with line numbers, the cited lines highlighted and in view."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from assistant.errors import AssistantError
from assistant.safe_text import safe
from assistant.tui.widgets.sources import line_span

if TYPE_CHECKING:
    from assistant.types import Citation

CONTEXT_LINES_ABOVE = 1


class ArticleUnavailable(AssistantError):
    """The cited article file cannot be read; the message says what to do."""


def read_article_lines(path: str) -> list[str]:
    """The lines of the original article file (raises ArticleUnavailable with an actionable message)."""
    file = Path(path)
    if not path or not file.is_file():
        raise ArticleUnavailable(
            f"the article file {path or '(unknown)'} no longer exists: restore it, or re-ingest "
            "(Ctrl+P: Re-ingest the seeds) so the sources point at existing files"
        )
    try:
        return file.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError as exc:
        raise ArticleUnavailable(f"cannot read the article file {path} ({exc.strerror or exc})") from exc


class ArticleLine(Horizontal):
    """One numbered line of the article."""

    def __init__(self, number: int, text: str, cited: bool) -> None:
        super().__init__(id=f"line-{number}", classes="article-line cited" if cited else "article-line")
        self.number = number
        self.line_text = text

    def compose(self) -> ComposeResult:
        yield Label(f"{self.number:>4}", classes="lineno")
        yield Static(Content(safe(self.line_text) or " "), classes="line-text")


class PassageScreen(ModalScreen[None]):
    """Shows the article a citation points into; Esc or q closes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "dismiss", "Close"),
        Binding("n", "jump_to_cited", "Cited lines"),
    ]

    def __init__(self, citation: Citation, lines: list[str]) -> None:
        super().__init__()
        self.citation = citation
        self.lines = lines

    def compose(self) -> ComposeResult:
        p = self.citation.passage
        first, last = p.lines
        heading = f"[{self.citation.n}] {p.file} · {line_span(p.lines)} highlighted"
        with Vertical(id="passage-dialog"):
            yield Label(Content.styled(heading, "bold"), id="passage-heading")
            yield Label(Content(safe(p.title) or "(untitled)"), id="passage-title")
            with VerticalScroll(id="article"):
                for number, text in enumerate(self.lines, start=1):
                    yield ArticleLine(number, text, first <= number <= last)
            yield Label("Esc close · ↑↓ PgUp PgDn scroll · n back to the cited lines", id="passage-help")

    def on_mount(self) -> None:
        self.query_one("#article", VerticalScroll).focus()
        self.call_after_refresh(self.action_jump_to_cited)

    def action_jump_to_cited(self) -> None:
        """Scroll so the cited lines are at the top (with a line of context above)."""
        first = self.citation.passage.lines[0]
        target = max(1, min(first - CONTEXT_LINES_ABOVE, len(self.lines)))
        article = self.query_one("#article", VerticalScroll)
        rows = self.query(f"#line-{target}")
        if rows:
            article.scroll_to_widget(rows.first(), top=True, animate=False)
