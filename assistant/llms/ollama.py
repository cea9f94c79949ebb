"""The default backend: a local (or remote) Ollama server through llama-index-llms-ollama."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from assistant.llms.base import Backend, BackendError, BackendStatus

if TYPE_CHECKING:
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
        super().__init__(model)
        self.url = url.rstrip("/")
        self.request_timeout = request_timeout
        self.temperature = temperature
        self.max_tokens = max_tokens
        self._llm: Any = None

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

    def complete(self, system: str, prompt: str, *, schema: dict[str, Any] | None = None, max_tokens: int = 64) -> str:
        """One short reply through /api/chat, held to ``schema`` by Ollama's structured output (``format``)."""
        messages = [{"role": "system", "content": system}, {"role": "user", "content": prompt}]
        try:
            reply = self._client(timeout=self.request_timeout).chat(
                model=self.model,
                messages=messages,
                format=schema or "",
                options={"num_predict": max_tokens, "temperature": 0.0, "seed": 0},
                stream=False,
            )
        except Exception as exc:  # noqa: BLE001 - every client failure becomes one actionable line
            raise explain_llm_error(exc, self, self.request_timeout) from exc
        return str(reply.message.content or "")

    def llm(self) -> LLM:
        if self._llm is None:
            from llama_index.llms.ollama import Ollama

            self._llm = Ollama(
                model=self.model,
                base_url=self.url,
                request_timeout=self.request_timeout,
                temperature=self.temperature,
                context_window=CONTEXT_WINDOW,
                additional_kwargs={"num_predict": self.max_tokens, "seed": 0, "top_p": 0.9},
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
