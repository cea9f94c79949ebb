"""Watching article folders: every change under them is synced into the index, one line per change.

A change (a file added, edited, deleted or renamed; a folder moved) starts an ordinary incremental ingest
of the watched roots once the changes have settled (``watchfiles`` debounces them), so a watched sync has
the crash-safety, the lock and the no-mass-deletion rule of `assistant ingest`. A sync that fails (another
ingest holds the lock, the run would remove more than half of the index) says why in one line and is tried
again on the next change or after ``RETRY_SECONDS``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from assistant.errors import AssistantError
from assistant.ingest.loader import ARTICLE_SUFFIXES
from assistant.ingest.plan import REMOVED, UNCHANGED
from assistant.ingest.progress import SyncReport
from assistant.ingest.roots import declared_roots
from assistant.settings import Settings

SIDECAR_SUFFIX = ".meta.toml"
RETRY_SECONDS = 5.0
"""How soon a sync that failed is tried again when nothing else changes."""
LOCK_TIMEOUT = 10.0
"""Seconds a watched sync waits for another ingest's lock before it gives up until the next try."""


class WatchError(AssistantError):
    """The folders cannot be watched."""


def watched(path: str | Path) -> bool:
    """Whether a change to ``path`` can change the index: an article, a sidecar, or a folder (no suffix)."""
    name = Path(path).name
    if not name or name.startswith(".") or name.endswith("~"):
        return False
    suffix = Path(name).suffix.lower()
    return not suffix or suffix in ARTICLE_SUFFIXES or name.lower().endswith(SIDECAR_SUFFIX)


@dataclass
class ChangeLog:
    """Collects what one sync did to each article, as ingest reports it (an ``IngestProgress``)."""

    lines: list[str] = field(default_factory=list)

    def start(self, files: int) -> None:
        pass

    def file_done(self, name: str, status: str, chunks: int) -> None:
        if status == UNCHANGED:
            return
        name = name.replace(" -> ", " → ")
        self.lines.append(f"{status} {name}" + ("" if status == REMOVED else f" ({chunks} chunks)"))

    def chunks_embedded(self, n: int) -> None:
        pass

    def message(self, text: str) -> None:
        self.lines.append(text)


def change_lines(log: ChangeLog, report: SyncReport, recovered: bool = False) -> list[str]:
    """One line per change of a sync, ending with the size of the index when anything changed (or when the
    sync succeeded after one that failed: the index is in sync again)."""
    if not log.lines and not recovered:
        return []
    return [*log.lines, f"index: {report.files_total} articles, {report.chunks_total} chunks"]


class Watcher:
    """Syncs ``paths`` (default: the declared article roots) into the index whenever something changes."""

    def __init__(
        self,
        settings: Settings,
        paths: Sequence[Path] | None = None,
        on_line: Callable[[str], None] = print,
        on_sync: Callable[[SyncReport], None] | None = None,
        on_failure: Callable[[str], None] | None = None,
        debounce_ms: int = 400,
    ) -> None:
        self.settings = settings
        self.paths = list(paths) if paths else [r.path for r in declared_roots(settings)]
        self.on_line, self.on_sync, self.on_failure = on_line, on_sync, on_failure
        self.debounce_ms = debounce_ms
        self.failed = False
        """The last sync failed (it is tried again)."""
        self.stop_event = threading.Event()
        self.ready = threading.Event()
        """Set once the first sync is done and the folders are being watched."""

    def sync(self, raise_errors: bool = False) -> None:
        """One incremental ingest; its change lines go to ``on_line``, a failure (one line) to ``on_line`` and
        ``on_failure``, and is retried later."""
        from assistant.ingest.sync import ingest

        log = ChangeLog()
        try:
            report = ingest(self.settings, self.paths, progress=log, lock_timeout=LOCK_TIMEOUT)
        except AssistantError as exc:
            if raise_errors:
                raise
            for line in log.lines:
                self.on_line(line)
            failure = f"not synced: {exc} (tried again on the next change)"
            self.on_line(failure)
            if self.on_failure is not None:
                self.on_failure(failure)
            self.failed = True
            return
        recovered, self.failed = self.failed, False
        for line in change_lines(log, report, recovered):
            self.on_line(line)
        if self.on_sync is not None and log.lines:
            self.on_sync(report)

    def run(self) -> None:
        """Sync once, then after every settled batch of changes, until ``stop()``. The folders are watched
        from before the first sync, so a change made while it runs is not missed. The first sync's error
        (a missing root, the lock held) is raised; later ones are said in one line and retried."""
        from watchfiles._rust_notify import RustNotify

        try:
            notify = RustNotify([str(p) for p in self.paths], False, False, 300, True, False)
        except OSError as exc:
            self.sync(raise_errors=True)  # names the root that is missing or unreadable
            raise WatchError(f"cannot watch {', '.join(map(str, self.paths))}: {exc}") from exc
        with notify:
            self.sync(raise_errors=True)
            self.ready.set()
            while not self.stop_event.is_set():
                changes = notify.watch(self.debounce_ms, 50, int(RETRY_SECONDS * 1000), self.stop_event)
                if changes == "stop":
                    return
                if changes == "signal":  # Ctrl+C while waiting in the watcher
                    raise KeyboardInterrupt
                relevant = isinstance(changes, set) and any(watched(path) for _change, path in changes)
                if relevant or self.failed:
                    self.sync()

    def stop(self) -> None:
        self.stop_event.set()
