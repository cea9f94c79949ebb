"""Chat app actions on what answers: the backend's health, switching backend or model, re-ingesting."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual import work

from assistant.safe_text import safe
from assistant.tui.base import ChatBase, error_line
from assistant.tui.widgets.status_bar import IngestActivity, model_label

if TYPE_CHECKING:
    from assistant.settings import Settings


class BackendActions(ChatBase):
    """Backend status, model and backend switching (command palette) and re-ingesting the seeds."""

    @work(thread=True, exclusive=True, group="backend", exit_on_error=False, name="check backend")
    def check_backend(self, quiet: bool = False) -> None:
        """Ask the backend how it stands, for the status bar (and a notification unless ``quiet``)."""
        try:
            status = self.session.backend_status()
        except Exception as exc:  # noqa: BLE001
            self.call_from_thread(self._backend_state, "unavailable", None if quiet else error_line(exc))
            return
        self.call_from_thread(self._backend_state, status.state, None if quiet or status.ok else status.problem)

    def _backend_state(self, state: str, problem: str | None) -> None:
        self.status.reachability = state
        if problem:
            self.error(problem, title=f"{self.settings.backend} backend")

    def action_pick_model(self) -> None:
        self.list_models()

    @work(thread=True, exclusive=True, group="models", exit_on_error=False, name="list models")
    def list_models(self) -> None:
        """Ask the Ollama server for its models, then offer them in the command palette."""
        from assistant.llms.ollama import OllamaBackend

        try:
            names = OllamaBackend(self.settings.ollama_model, url=self.settings.ollama_url).list_models()
        except Exception as exc:  # noqa: BLE001
            self.call_from_thread(self.error, error_line(exc), "Switch model")
            return
        self.call_from_thread(self._offer_models, names)

    def _offer_models(self, names: list[str]) -> None:
        if not names:
            self.error(f"the Ollama server at {self.settings.ollama_url} has no models: `ollama pull` one first")
            return
        current = self.settings.ollama_model
        items = [
            (name, partial(self.switch_model, name), "current model" if name == current else "switch to this model")
            for name in sorted(names)
        ]
        self.search_commands(items, placeholder="Switch to model…")

    def switch_model(self, name: str) -> None:
        self.switch_to(self.settings.model_copy(update={"backend": "ollama", "ollama_model": name}))

    def switch_backend(self, name: str) -> None:
        self.switch_to(self.settings.model_copy(update={"backend": name}))

    @work(thread=True, exclusive=True, group="backend", exit_on_error=False, name="switch backend")
    def switch_to(self, settings: Settings) -> None:
        """Make and check the backend ``settings`` ask for; on success answer with it from now on."""
        try:
            backend = self.session.switch(settings)
        except Exception as exc:  # noqa: BLE001
            self.call_from_thread(self.error, f"{error_line(exc)} (kept {self.settings.backend})", "Switch backend")
            return
        self.call_from_thread(self._switched, backend.name)

    def _switched(self, backend: str) -> None:
        status = self.status
        status.backend = backend
        status.model = model_label(self.settings)
        status.reachability = "reachable" if backend == "ollama" else "ready"
        self.notify(f"answering with {backend} · {model_label(self.settings)}", markup=False)

    def action_reingest(self) -> None:
        if any(w.group == "ingest" and w.is_running for w in self.workers):
            self.notify("the seeds are already being re-ingested", severity="warning")
            return
        self.reingest()

    @work(thread=True, exclusive=True, group="ingest", exit_on_error=False, name="re-ingest")
    def reingest(self) -> None:
        """Sync the seeds folder into the index, then reopen the index (the app stays usable meanwhile)."""
        self.call_from_thread(setattr, self.status, "activity", "ingesting…")
        try:
            report = self.session.reingest(IngestActivity(self.status))
        except Exception as exc:  # noqa: BLE001
            self.call_from_thread(self._reingested, None, error_line(exc))
            return
        self.call_from_thread(self._reingested, report.summary(), "")

    def _reingested(self, summary: str | None, problem: str) -> None:
        self.status.activity = ""
        if summary is None:
            self.error(problem, title="Re-ingest")
            return
        self.status.show_index(self.session.index_size())
        self.notify(safe(summary), title="Re-ingest done", markup=False)
