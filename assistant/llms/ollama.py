"""The default backend: a local (or remote) Ollama server through llama-index-llms-ollama."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from assistant.llms.base import Backend, BackendError, BackendStatus

if TYPE_CHECKING:
    from llama_index.core.base.llms.types import ChatMessage
    from llama_index.core.llms import LLM

# Small prompts, short answers: a 4k context is plenty and keeps the KV cache small on a CPU.
CONTEXT_WINDOW = 4096


class OllamaBackend(Backend):
    """Answers through an Ollama server's /api/chat, streaming."""

    name = "ollama"

    def __init__(
        self,
        model: str,
        url: str = "http://127.0.0.1:11434",
        request_timeout: float = 120.0,
        temperature: float = 0.1,
        max_tokens: int = 160,
    ) -> None:
        super().__init__(model, deadline=request_timeout, max_tokens=max_tokens)
        self.url = url.rstrip("/")
        self.request_timeout = request_timeout
        self.temperature = temperature
        self._llm: Any = None

    @property
    def location(self) -> str:
        return self.url

    @property
    def options(self) -> dict[str, Any]:
        """The sampling options every request sends (the LlamaIndex LLM sends the same)."""
        return {
            "temperature": self.temperature,
            "num_ctx": CONTEXT_WINDOW,
            "num_predict": self.max_tokens,
            "seed": 0,
            "top_p": 0.9,
        }

    def stream(
        self, messages: Sequence[ChatMessage], schema: dict[str, Any] | None = None
    ) -> Iterator[tuple[str, dict[str, Any]]]:
        """/api/chat streamed with the ollama client itself: each piece as it comes (LlamaIndex's stream
        rebuilds the whole text at every token); the last piece carries the token counts. ``schema``: held
        to it by Ollama's structured output (``format``)."""
        parts = self._client(timeout=self.request_timeout).chat(
            model=self.model,
            messages=[{"role": m.role.value, "content": m.content or ""} for m in messages],
            stream=True,
            options=self.options,
            format=schema or "",
        )
        for part in parts:
            raw = {k: getattr(part, k, None) for k in ("prompt_eval_count", "eval_count") if part.done}
            yield part.message.content or "", raw

    def _client(self, timeout: float) -> Any:
        import ollama

        return ollama.Client(host=self.url, timeout=timeout)

    def list_models(self) -> list[str]:
        """Names of the models the server has pulled."""
        try:
            listing = self._client(timeout=min(self.request_timeout, 5.0)).list()
        except Exception as exc:  # noqa: BLE001 - connection refused, DNS, timeout: all "not reachable"
            raise BackendError(
                f"Ollama is not reachable at {self.url} ({type(exc).__name__}): start it with `ollama serve`, "
                "or set ollama_url (ASSISTANT_OLLAMA_URL) to where it runs"
            ) from exc
        return [m.model or "" for m in listing.models]

    def check(self) -> None:
        self._check_pulled(self.list_models())

    def _check_pulled(self, names: list[str]) -> None:
        wanted = {self.model, f"{self.model}:latest"} if ":" not in self.model else {self.model}
        if not wanted & set(names):
            raise BackendError(
                f"model '{self.model}' is not pulled on the Ollama server at {self.url}: run `ollama pull {self.model}`"
                + (f" (or pick one of: {', '.join(sorted(names))})" if names else "")
            )

    def status(self) -> BackendStatus:
        """Reachable (the model pulled), unreachable, or reachable without the model."""
        try:
            names = self.list_models()
        except BackendError as exc:
            return BackendStatus("unreachable", str(exc))
        try:
            self._check_pulled(names)
        except BackendError as exc:
            return BackendStatus("model missing", str(exc))
        return BackendStatus("reachable")

    def llm(self) -> LLM:
        if self._llm is None:
            from llama_index.llms.ollama import Ollama

            self._llm = Ollama(
                model=self.model,
                base_url=self.url,
                request_timeout=self.request_timeout,
                temperature=self.temperature,
                context_window=CONTEXT_WINDOW,
                additional_kwargs={k: v for k, v in self.options.items() if k not in ("temperature", "num_ctx")},
            )
        return self._llm


def explain_llm_error(exc: BaseException, backend: Backend, timeout: float) -> BackendError:
    """Turn a failure while generating into one actionable line."""
    import httpx

    name = type(exc).__name__
    if isinstance(exc, httpx.TimeoutException):
        return BackendError(
            f"the model '{backend.model}' did not answer within {timeout:.0f}s: raise request_timeout "
            "(ASSISTANT_REQUEST_TIMEOUT) or use a smaller model"
        )
    if isinstance(exc, httpx.TransportError):
        where = getattr(backend, "url", "the server")
        return BackendError(f"lost the connection to {where} ({name}): is `ollama serve` still running?")
    status = getattr(exc, "status_code", None)
    message = getattr(exc, "error", None) or str(exc)
    if status == 404:
        return BackendError(f"{message}: run `ollama pull {backend.model}`")
    return BackendError(f"the {backend.name} backend failed ({name}: {message})")
