"""A chat session without a screen: the backend, the engine, the conversation so far, and the locks.

The TUI is a thin view over this; so could any other face. The index and the embedder load lazily (the
first screen must not wait for them); every method may be called from a worker thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from assistant.answering.chat import Turn

if TYPE_CHECKING:
    from assistant.answering.engine import AnswerEngine
    from assistant.ingest.sync import IngestProgress, SyncReport
    from assistant.llms.base import Backend, BackendStatus
    from assistant.retrieval import Searcher
    from assistant.settings import Settings
    from assistant.types import Answer


class ChatSession:
    """One conversation over one index and backend (see the module docstring)."""

    def __init__(self, settings: Settings, explicit_backend: bool = False) -> None:
        self.settings = settings
        """The settings answers are made with (``backend`` is "extractive" after a fallback)."""
        self.configured = settings
        """The settings as given: the backend to offer again once it is ready."""
        self.explicit_backend = explicit_backend
        """The backend was chosen on the command line: no fallback from it."""
        self.fallback = ""
        """Why the session answers extractively instead of with the configured backend ("" when it does not)."""
        self.turns: list[Turn] = []
        """The conversation so far, for follow-ups."""
        self.generation = 0
        """Bumped when a new conversation starts, so that a late answer does not join it."""
        self._lock = threading.Lock()
        """Guards the index and the engine (taken before ``_backend_lock``)."""
        self._backend_lock = threading.Lock()
        self._searcher: Searcher | None = None
        self._backend: Backend | None = None
        self._engine: AnswerEngine | None = None
        self._stamp: tuple[int, int] | None = None
        """The commit the open index was read at (``IndexStore.stamp``)."""

    # --- what answers ---------------------------------------------------------------------------

    def backend(self) -> Backend:
        """The answer backend, made on first use by the rule `assistant ask` applies (``choose_backend``): the
        configured one if it is ready, else (unless chosen explicitly) the extractive one, and ``fallback``
        says why."""
        from assistant.llms import choose_backend, make_backend

        with self._backend_lock:
            if self._backend is None:
                if self.explicit_backend:
                    self._backend = make_backend(self.settings)  # its problems are reported, not replaced
                else:
                    choice = choose_backend(self.settings, explicit=False)
                    self._backend, self.fallback = choice.backend, choice.fallback
                    if choice.fallback:
                        self.settings = self.settings.model_copy(update={"backend": choice.backend.name})
            return self._backend

    def backend_status(self) -> BackendStatus:
        """Whether the backend can answer now (asked of the backend itself)."""
        return self.backend().status()

    def engine(self) -> AnswerEngine:
        """The answer engine, opening the index and making the backend first if needed. When an ingest (a
        watched folder, another process) committed since the index was opened, the new index is opened: a
        question is answered from one committed index, the old or the new, never a mix."""
        from assistant.answering.build import build_engine
        from assistant.retrieval import Searcher
        from assistant.store import IndexStore

        with self._lock:
            stamp = IndexStore(self.settings).stamp()
            if self._searcher is not None and stamp != self._stamp:
                self._engine = None
                self._searcher = Searcher(self.settings, embedder=self._searcher.embedder)
            if self._engine is None:
                if self._searcher is None:
                    self._searcher = Searcher(self.settings)
                self._stamp = stamp
                self._engine = build_engine(self.settings, backend=self.backend(), searcher=self._searcher)
            return self._engine

    def index_size(self) -> tuple[int, int] | None:
        """(articles, chunks) of the opened index, None before it is open."""
        searcher = self._searcher
        return None if searcher is None else (searcher.n_articles, searcher.n_chunks)

    def switch(self, settings: Settings) -> Backend:
        """Answer with the backend ``settings`` ask for from now on (BackendError, one line, if it is not ready)."""
        from assistant.llms import make_backend

        backend = make_backend(settings)
        backend.check()
        with self._lock, self._backend_lock:
            self._backend = backend
            self._engine = None
            self.settings = settings
            self.fallback = ""
        return backend

    def reingest(self, progress: IngestProgress | None = None) -> SyncReport:
        """Sync the articles folder into the index, then reopen the index (answers keep working meanwhile)."""
        from assistant.ingest.sync import ingest

        report = ingest(self.settings, progress=progress)
        self.engine()  # opens the index just committed
        return report

    # --- the conversation ---------------------------------------------------------------------

    def ask(
        self, question: str, on_token: Callable[[str], None] | None = None, cancel: threading.Event | None = None
    ) -> Answer:
        """Answer ``question`` with the conversation so far; the turn joins the conversation unless a new
        one was started meanwhile or the answer was cancelled."""
        from assistant.answering.chat import AnswerChatEngine

        generation = self.generation
        chat = AnswerChatEngine(self.engine(), history=list(self.turns))
        answer = chat.ask(question, on_token=on_token, cancel=cancel)
        if generation == self.generation and not answer.cancelled:
            self.turns.append(chat.turns[-1])
        return answer

    def restart(self, turns: Sequence[Turn] = ()) -> None:
        """Start another conversation (empty, or a saved one's turns)."""
        self.generation += 1
        self.turns = list(turns)
