"""What ingest reports: progress while it works, and the summary of a run."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from assistant.ingest.loader import Skipped


class IngestProgress(Protocol):
    """What ingest reports while it works (a progress bar on a terminal, plain lines otherwise)."""

    def start(self, files: int) -> None: ...
    def file_done(self, name: str, status: str, chunks: int) -> None: ...
    def chunks_embedded(self, n: int) -> None: ...
    def message(self, text: str) -> None: ...


class QuietProgress:
    def start(self, files: int) -> None:
        pass

    def file_done(self, name: str, status: str, chunks: int) -> None:
        pass

    def chunks_embedded(self, n: int) -> None:
        pass

    def message(self, text: str) -> None:
        pass


@dataclass
class SyncReport:
    unchanged: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    renamed: list[str] = field(default_factory=list)
    """"OLD -> NEW" for articles whose id changed (vectors copied, not embedded)."""
    kept: list[str] = field(default_factory=list)
    """Indexed articles left as they are because their file could not be read this time."""
    repaired: list[str] = field(default_factory=list)
    """One line per repair of the store."""
    flagged: list[str] = field(default_factory=list)
    """"ARTICLE: phrase" per passage of an article synced this run that holds an instruction to an AI model."""
    skipped: list[Skipped] = field(default_factory=list)
    opened: int = 0
    """Article files opened this run (an unchanged file is not)."""
    chunks_embedded: int = 0
    chunks_reused: int = 0
    chunks_total: int = 0
    files_total: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        extras = [
            f"{len(items)} {label}"
            for items, label in (
                (self.renamed, "renamed"),
                (self.kept, "unreadable (kept)"),
                (self.repaired, "repaired"),
                (self.flagged, "passages flagged as instructions to an AI, never used as evidence"),
            )
            if items
        ]
        return (
            f"{len(self.unchanged)} unchanged, {len(self.added)} added, {len(self.updated)} updated, "
            f"{len(self.removed)} removed; {self.chunks_embedded} chunks embedded "
            f"({self.files_total} articles, {self.chunks_total} chunks in the index)"
            + (f"; {', '.join(extras)}" if extras else "")
        )
