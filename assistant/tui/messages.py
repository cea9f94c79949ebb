"""App-level messages, posted by widgets and workers and handled by the app."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message
from textual.message_pump import MessagePump

if TYPE_CHECKING:
    from assistant.types import Citation
    from assistant.tui.widgets.transcript import AnswerMessage


@dataclass
class QuestionSubmitted(Message):
    """The user pressed Enter in the input bar."""

    text: str


@dataclass
class AnswerSelected(Message):
    """An answer in the transcript got focus: the sources panel should show its citations."""

    view: AnswerMessage


@dataclass
class CitationRequested(Message):
    """Open the article of a citation (a source was selected, or its number typed)."""

    citation: Citation


@dataclass
class MissingCitation(Message):
    """A citation number was typed that the focused answer does not have."""

    n: int


@dataclass
class IngestProgressed(Message):
    """Re-ingesting the seeds moved on (posted from the ingest thread)."""

    text: str
    done: int = 0
    total: int = 0


class IngestReporter:
    """Ingest progress (called from the ingest thread) posted to the app as ``IngestProgressed``."""

    def __init__(self, target: MessagePump) -> None:
        self.target = target
        self.files = 0
        self.done = 0
        self.chunks = 0

    def _post(self) -> None:
        text = f"ingesting {self.done}/{self.files} files · {self.chunks} chunks embedded"
        self.target.post_message(IngestProgressed(text, self.done, self.files))

    def start(self, files: int) -> None:
        self.files = files
        self._post()

    def file_done(self, name: str, status: str, chunks: int) -> None:
        self.done += 1
        self._post()

    def chunks_embedded(self, n: int) -> None:
        self.chunks += n
        self._post()

    def message(self, text: str) -> None:
        self.target.post_message(IngestProgressed(text, self.done, self.files))
