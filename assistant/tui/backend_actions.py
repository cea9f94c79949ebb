"""Chat app actions on what answers: the backend's health, switching backend or model, re-ingesting."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual import work
from textual.timer import Timer

from assistant.safe_text import safe
from assistant.tui.base import ChatBase, error_line
from assistant.tui.widgets.status_bar import IngestActivity, model_label

if TYPE_CHECKING:
    from assistant.settings import Settings


POLL_SECONDS = 5.0
"""How often a chat answering extractively asks whether its configured backend is ready now."""


class BackendActions(ChatBase):
    """Backend status, model and backend switching (command palette) and re-ingesting the seeds.

    With no reachable model the chat starts on the extractive backend (the rule `assistant ask` applies,
    ``assistant.llms.choose_backend``), says so in the status bar, and offers the configured backend (a
    notification and a palette command) once it is ready."""

    poll_seconds = POLL_SECONDS
    offered = ""
    """The configured backend, once it is ready to take over from the extractive fallback ("" until then)."""
    _poll: Timer | None = None

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
        if self.session.fallback and not self.offered:
            self._on_fallback()
        if problem:
            self.error(problem, title=f"{self.settings.backend} backend")

    def _on_fallback(self) -> None:
        """Say (once, in the status bar) that answers are extractive and why; watch for the LLM to appear."""
        configured = self.session.configured.backend
        self.status.backend = self.settings.backend
        self.status.model = model_label(self.settings)
        self.status.note = f"{configured} not ready: answering extractively (quotes, no LLM)"
        self.status.tooltip = self.session.fallback
        if self._poll is None:
            self._poll = self.set_interval(self.poll_seconds, self._poll_tick, name="poll backend")

    def _poll_tick(self) -> None:
        if not any(w.group == "poll" and w.is_running for w in self.workers):  # one question at a time
            self.poll_configured()

    @work(thread=True, group="poll", exit_on_error=False, name="poll backend")
    def poll_configured(self) -> None:
        """Whether the configured backend is ready now (then offer it)."""
        from assistant.llms import make_backend

        if self.session.fallback and make_backend(self.session.configured).status().ok:
            self.call_from_thread(self._offer, self.session.configured.backend)

    def _offer(self, name: str) -> None:
        if self._poll is not None:
            self._poll.stop()
            self._poll = None
        if not self.session.fallback or self.offered:
            return
        self.offered = name
        self.status.note = f"{name} is ready: Ctrl+P → Answer with {name}"
        self.notify(
            f"{name} is ready now ({model_label(self.session.configured)}): press Ctrl+P and pick "
            f"“Answer with {name}” to stop answering extractively",
            title="Backend",
            timeout=12.0,
            markup=False,
        )

    def accept_offer(self) -> None:
        """Answer with the configured backend that became ready."""
        if self.offered:
            self.switch_to(self.session.configured)

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
        status.note = ""
        self.offered = ""
        if self._poll is not None:
            self._poll.stop()
            self._poll = None
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
