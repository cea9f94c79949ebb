"""Chat app actions on the article folders: watching them, so that new articles can be asked about at once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work

from assistant.safe_text import safe
from assistant.tui.base import ChatBase, error_line

if TYPE_CHECKING:
    from assistant.ingest.progress import SyncReport
    from assistant.ingest.watch import Watcher


class WatchActions(ChatBase):
    """Watch the article folders (setting ``watch``, palette toggle); say when articles arrive."""

    _watcher: Watcher | None = None

    @property
    def watching(self) -> bool:
        return self._watcher is not None

    def action_toggle_watch(self) -> None:
        if self._watcher is not None:
            self._watcher.stop()
            self._watcher = None
            self.status.activity = ""
            self.notify("stopped watching the article folders", markup=False)
        else:
            self.start_watching()

    def start_watching(self) -> None:
        from assistant.ingest.watch import Watcher

        self._watcher = Watcher(
            self.settings,
            on_line=lambda _line: None,
            on_sync=self._synced_from_thread,
            on_failure=lambda line: self.call_from_thread(self.error, line, "Watch"),
        )
        self.status.activity = "watching articles"
        self.watch_articles(self._watcher)

    @work(thread=True, exclusive=True, group="watch", exit_on_error=False, name="watch articles")
    def watch_articles(self, watcher: Watcher) -> None:
        """Run the watcher until it is stopped; a failure to start is a notification."""
        try:
            watcher.run()
        except Exception as exc:  # noqa: BLE001
            self.call_from_thread(self._watch_failed, watcher, error_line(exc))

    def _watch_failed(self, watcher: Watcher, message: str) -> None:
        if self._watcher is watcher:
            self._watcher = None
            self.status.activity = ""
        self.error(message, title="Watch")

    def _synced_from_thread(self, report: SyncReport) -> None:
        try:
            self.session.engine()  # open the new index now, not on the next question
        except Exception as exc:  # noqa: BLE001
            self.call_from_thread(self.error, error_line(exc), "Watch")
            return
        self.call_from_thread(self._synced, report)

    def _synced(self, report: SyncReport) -> None:
        self.status.show_index(self.session.index_size())
        changes = [
            (report.added, "new article", "new articles"),
            (report.updated, "article changed", "articles changed"),
            (report.renamed, "article renamed", "articles renamed"),
            (report.removed, "article removed", "articles removed"),
        ]
        parts = [f"{len(items)} {one if len(items) == 1 else many}" for items, one, many in changes if items]
        if parts:
            names = ", ".join([*report.added, *report.updated][:3])
            self.notify(safe(", ".join(parts) + (f": {names}" if names else "")), title="Articles", markup=False)

    def on_unmount(self) -> None:
        if self._watcher is not None:
            self._watcher.stop()
