"""The sources panel: the cited passages of the selected answer (file, outlet and date, line range, title,
quote)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.events import Key
from textual.message import Message
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from assistant.render import outlet_label, quote_text
from assistant.safe_text import safe

if TYPE_CHECKING:
    from assistant.types import Answer, Citation


@dataclass
class CitationRequested(Message):
    """Open the article of a citation (a source was selected, or its number typed)."""

    citation: Citation


@dataclass
class MissingCitation(Message):
    """A citation number was typed that the answer does not have."""

    n: int


def request_citation(citations: list[Citation], n: int) -> Message:
    """The message for typing citation number ``n``: open it, or say there is no such source."""
    match = next((c for c in citations if c.n == n), None)
    return CitationRequested(match) if match else MissingCitation(n)


EMPTY_HINT = "The sources of the selected answer appear here."


def line_span(lines: tuple[int, int]) -> str:
    """ "line 3" or "lines 3-5"."""
    first, last = lines
    return f"line {first}" if first == last else f"lines {first}-{last}"


def source_prompt(citation: Citation) -> Content:
    """One source as shown in the list: number and file, line range and title, quote."""
    p = citation.passage
    return Content.assemble(
        (safe(f"[{citation.n}] {p.file}"), "bold"),
        "\n",
        (safe(outlet_label(p.outlet, p.published)), "bold"),
        " · ",
        (line_span(p.lines), "bold"),
        " · ",
        safe(p.title) or "(untitled)",
        "\n",
        (f"“{quote_text(citation.quote)}”", "italic"),
    )


class SourceList(OptionList):
    """The selectable list of sources; a digit key opens that source too."""

    def on_key(self, event: Key) -> None:
        if event.character and event.character.isdigit() and event.character != "0":
            event.stop()
            self.post_message(request_citation(self.query_ancestor(SourcesPanel).citations, int(event.character)))


class SourcesPanel(Vertical):
    """Shows the citations of one answer; selecting one asks the app to open the article."""

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.citations: list[Citation] = []

    def compose(self) -> ComposeResult:
        yield Label("Sources", classes="panel-title")
        yield Label(EMPTY_HINT, classes="sources-hint")
        yield SourceList(classes="source-list")

    def show(self, answer: Answer | None) -> None:
        """Show the citations of ``answer`` (or the hint when it has none)."""
        self.citations = list(answer.citations) if answer is not None else []
        hint = self.query_one(".sources-hint", Label)
        if answer is None:
            hint.update(EMPTY_HINT)
        elif answer.cancelled:
            hint.update("The answer was cancelled before its sources were checked.")
        elif not self.citations:
            hint.update("This answer cites no sources.")
        hint.display = not self.citations
        options = self.query_one(SourceList)
        options.set_options(Option(source_prompt(c), id=f"source-{c.n}") for c in self.citations)
        options.display = bool(self.citations)
        if self.citations:
            options.highlighted = 0

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(CitationRequested(self.citations[event.option_index]))
