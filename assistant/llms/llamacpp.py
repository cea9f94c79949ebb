"""The ``llamacpp`` backend: a local GGUF model run in-process by llama-cpp-python (imported lazily)."""

from __future__ import annotations

import functools
import os
import threading
import time
from collections.abc import Generator, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from llama_index.core.base.llms.types import (
    ChatMessage,
    ChatResponse,
    ChatResponseGen,
    CompletionResponse,
    CompletionResponseGen,
    LLMMetadata,
    MessageRole,
)
from llama_index.core.bridge.pydantic import Field, PrivateAttr
from llama_index.core.llms.callbacks import llm_chat_callback, llm_completion_callback
from llama_index.core.llms.custom import CustomLLM

from assistant.llms.base import Backend, BackendError

if TYPE_CHECKING:
    from llama_cpp import Llama
    from llama_cpp.llama_types import ChatCompletionRequestMessage, CreateChatCompletionStreamResponse

INSTALL_HINT = "from the project folder run `pip install -e '.[llamacpp]'` (it builds llama.cpp: several minutes)"
"""How to install llama-cpp-python: the project is installed from its checkout, not from PyPI."""
CONFIG_HINT = "set llamacpp_model_path in assistant.toml or ASSISTANT_LLAMACPP_MODEL_PATH"


class _Meter:
    """Counts and times one generation by watching the model's eval and sample calls."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.prompt_tokens = 0
        self.cached_prompt_tokens = 0
        self.sampled_tokens = 0
        self.first_token_at: float | None = None
        self.evals = 0

    def on_eval(self, n_tokens: int, n_past: int) -> None:
        if self.evals == 0:
            self.prompt_tokens, self.cached_prompt_tokens = n_tokens, n_past
        self.evals += 1

    def on_sample(self) -> None:
        self.sampled_tokens += 1
        if self.first_token_at is None:
            self.first_token_at = time.perf_counter()


@dataclass(frozen=True)
class GenerationStats:
    """How one generation went.

    load_seconds: model load plus waiting for the model; prefill_seconds: time to first token;
    generation_seconds: the rest; prompt_tokens: prompt tokens evaluated; cached_prompt_tokens: prompt
    tokens reused from the previous call's cache instead; completion_tokens: tokens sampled (the end-of-turn
    token included).
    """

    load_seconds: float
    prefill_seconds: float
    generation_seconds: float
    prompt_tokens: int
    cached_prompt_tokens: int
    completion_tokens: int
    finish_reason: str

    def timings(self) -> dict[str, float]:
        """The numeric fields as a flat dict."""
        return {key: float(value) for key, value in asdict(self).items() if key != "finish_reason"}


class LlamaCppChat:
    """A lazily loaded llama.cpp model that streams chat answers through the GGUF's own chat template.

    One generation runs at a time (llama.cpp contexts are not thread-safe).
    """

    def __init__(self, model_path: Path, n_ctx: int = 4096, n_threads: int | None = None, seed: int = 0) -> None:
        self.model_path = Path(model_path)
        self.n_ctx = n_ctx
        self.n_threads = n_threads or os.cpu_count() or 1
        self.seed = seed
        self.last_stats: GenerationStats | None = None
        self._llama: Llama | None = None
        self._meter = _Meter()
        self._load_lock = threading.Lock()
        self._generate_lock = threading.Lock()

    def load(self) -> Llama:
        """The model, loaded (and warmed up, so first-answer timings are honest) on first use."""
        with self._load_lock:
            if self._llama is None:
                from llama_cpp import Llama

                llama = Llama(
                    model_path=str(self.model_path),
                    n_ctx=self.n_ctx,
                    n_threads=self.n_threads,
                    seed=self.seed,
                    verbose=False,
                )
                llama.eval(llama.tokenize(b"warm up", add_bos=False))  # pages weights in, starts the thread pool
                self._watch(llama)
                self._llama = llama
            return self._llama

    def _watch(self, llama: Llama) -> None:
        """Route the model's eval/sample calls through the current meter (they are looked up on the instance)."""
        evaluate, sample = llama.eval, llama.sample

        @functools.wraps(evaluate)
        def metered_eval(tokens: Sequence[int]) -> None:
            self._meter.on_eval(len(tokens), llama.n_tokens)
            evaluate(tokens)

        @functools.wraps(sample)
        def metered_sample(*args: Any, **kwargs: Any) -> int:
            token = sample(*args, **kwargs)
            self._meter.on_sample()
            return token

        llama.eval = metered_eval  # type: ignore[method-assign]
        llama.sample = metered_sample  # type: ignore[method-assign]

    def stream(
        self,
        messages: Sequence[dict[str, Any]],
        *,
        temperature: float | None = None,
        max_tokens: int | None = None,
        top_p: float | None = None,
        top_k: int | None = None,
        seed: int | None = None,
        stop: Sequence[str] | None = None,
        schema: dict[str, Any] | None = None,
    ) -> Generator[str, None, GenerationStats]:
        """Yield the answer's text pieces, then return its stats; None keeps llama-cpp-python's default.
        ``schema``: a JSON schema the reply is held to (a grammar llama.cpp builds from it)."""
        requested = time.perf_counter()
        with self._generate_lock:
            llama = self.load()
            self._meter = meter = _Meter()
            sampling: dict[str, Any] = {
                "temperature": temperature,
                "max_tokens": max_tokens if max_tokens is not None and max_tokens > 0 else None,
                "top_p": top_p,
                "top_k": top_k,
                "seed": seed,
                "stop": list(stop) if stop else None,
                "response_format": {"type": "json_object", "schema": schema} if schema else None,
            }
            chunks = llama.create_chat_completion(
                messages=cast("list[ChatCompletionRequestMessage]", list(messages)),
                stream=True,
                **{key: value for key, value in sampling.items() if value is not None},
            )
            finish_reason = ""
            for chunk in cast("Iterator[CreateChatCompletionStreamResponse]", chunks):
                choice = chunk["choices"][0]
                finish_reason = choice["finish_reason"] or finish_reason
                piece = choice["delta"].get("content")
                if isinstance(piece, str) and piece:
                    yield piece
            ended = time.perf_counter()
            first = meter.first_token_at if meter.first_token_at is not None else ended
            self.last_stats = GenerationStats(
                load_seconds=meter.started - requested,
                prefill_seconds=first - meter.started,
                generation_seconds=ended - first,
                prompt_tokens=meter.prompt_tokens,
                cached_prompt_tokens=meter.cached_prompt_tokens,
                completion_tokens=meter.sampled_tokens,
                finish_reason=finish_reason,
            )
            return self.last_stats


class LlamaCppLLM(CustomLLM):
    """A LlamaIndex chat LLM backed by a local GGUF file through llama-cpp-python."""

    model_path: str = Field(description="Path of the GGUF model file.")
    temperature: float = Field(default=0.1, ge=0.0)
    max_tokens: int = Field(default=160, gt=0, description="Most tokens an answer may have.")
    context_window: int = Field(default=4096, gt=0, description="Context size (n_ctx) the model is loaded with.")
    n_threads: int | None = Field(default=None, description="CPU threads; None uses every core.")
    seed: int = Field(default=0)

    _chat: LlamaCppChat = PrivateAttr()

    def __init__(self, **data: Any) -> None:
        super().__init__(**data)
        self._chat = LlamaCppChat(
            Path(self.model_path), n_ctx=self.context_window, n_threads=self.n_threads, seed=self.seed
        )

    @classmethod
    def class_name(cls) -> str:
        return "LlamaCppLLM"

    @property
    def metadata(self) -> LLMMetadata:
        return LLMMetadata(
            context_window=self.context_window,
            num_output=self.max_tokens,
            is_chat_model=True,
            model_name=Path(self.model_path).name,
        )

    @property
    def last_timings(self) -> dict[str, float]:
        """Timings and token counts of the latest call (see :class:`GenerationStats`); empty before any."""
        stats = self._chat.last_stats
        return stats.timings() if stats is not None else {}

    def _stream(self, messages: Sequence[ChatMessage], schema: dict[str, Any] | None = None) -> Iterator[str]:
        return self._chat.stream(
            [{"role": m.role.value, "content": m.content or ""} for m in messages],
            temperature=0.0 if schema else self.temperature,
            max_tokens=self.max_tokens,
            seed=self.seed,
            schema=schema,
        )

    @llm_chat_callback()
    def chat(self, messages: Sequence[ChatMessage], **kwargs: Any) -> ChatResponse:
        text = "".join(self._stream(messages))
        return ChatResponse(message=ChatMessage(role=MessageRole.ASSISTANT, content=text), raw=dict(self.last_timings))

    @llm_chat_callback()
    def stream_chat(self, messages: Sequence[ChatMessage], **kwargs: Any) -> ChatResponseGen:
        pieces = self._stream(messages)

        def gen() -> ChatResponseGen:
            text = ""
            for piece in pieces:
                text += piece
                yield ChatResponse(message=ChatMessage(role=MessageRole.ASSISTANT, content=text), delta=piece)

        return gen()

    @llm_completion_callback()
    def complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponse:
        """Answer ``prompt`` as one user message (the chat template is always applied)."""
        response = self.chat([ChatMessage(role=MessageRole.USER, content=prompt)])
        return CompletionResponse(text=response.message.content or "", raw=response.raw)

    @llm_completion_callback()
    def stream_complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponseGen:
        """Stream the answer to ``prompt`` as one user message (the chat template is always applied)."""
        pieces = self._stream([ChatMessage(role=MessageRole.USER, content=prompt)])

        def gen() -> CompletionResponseGen:
            text = ""
            for piece in pieces:
                text += piece
                yield CompletionResponse(text=text, delta=piece)

        return gen()


class LlamaCppBackend(Backend):
    """Answers with a local GGUF model loaded in-process."""

    name = "llamacpp"

    def __init__(
        self,
        model_path: Path | None,
        temperature: float = 0.1,
        max_tokens: int = 160,
        n_ctx: int = 4096,
        deadline: float = 120.0,
    ) -> None:
        super().__init__(model_path.name if model_path is not None else "", deadline=deadline, max_tokens=max_tokens)
        self.model_path = model_path
        self.temperature = temperature
        self.n_ctx = n_ctx
        self._llm: LlamaCppLLM | None = None

    @property
    def location(self) -> str:
        return str(self.model_path)

    def stream(
        self, messages: Sequence[ChatMessage], schema: dict[str, Any] | None = None
    ) -> Iterator[tuple[str, dict[str, Any]]]:
        """The model's pieces as llama.cpp samples them (closing the stream stops the generation); ``schema``:
        held to it by a grammar llama.cpp builds from it."""
        for piece in self.llm()._stream(messages, schema):
            yield piece, {}

    def check(self) -> None:
        try:
            import llama_cpp  # noqa: F401
        except ImportError:
            raise BackendError(f"llama-cpp-python is not installed: {INSTALL_HINT}") from None
        if self.model_path is None:
            raise BackendError(f"no GGUF model configured: {CONFIG_HINT}")
        if not self.model_path.is_file():
            raise BackendError(f"GGUF model not found: {self.model_path} ({CONFIG_HINT})")

    def llm(self) -> LlamaCppLLM:
        """The backend's one LLM (the model loads on its first answer and stays loaded)."""
        if self._llm is None:
            self.check()
            assert self.model_path is not None
            self._llm = LlamaCppLLM(
                model_path=str(self.model_path),
                temperature=self.temperature,
                max_tokens=self.max_tokens,
                context_window=self.n_ctx,
            )
        return self._llm
