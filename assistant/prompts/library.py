"""The effective prompts: the bundled files with any overrides applied, all validated, rendered by name.

See ``assistant.prompts`` for the file format.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant.prompts.passages import format_passages, language_name
from assistant.prompts.templates import (
    REFUSAL_FILE,
    TEMPLATE_VARIABLES,
    PromptError,
    Template,
    load_refusal,
    load_template,
)


def _bundled_dir() -> Path:
    """The shipped prompts: the repository's ``prompts/`` folder, installed as ``assistant.bundled_prompts``."""
    package = Path(__file__).resolve().parents[1]
    source = package.parent / "prompts"
    if (source / "answer.md").is_file():  # a source checkout or an editable install
        return source
    return package / "bundled_prompts"  # an installed wheel: the files themselves (the symlink is resolved)


BUNDLED_DIR = _bundled_dir()


def _norm(text: str) -> str:
    return re.sub(r"[\W_]+", " ", text.lower()).strip()


@dataclass(frozen=True)
class Prompts:
    """The effective prompts: bundled files with any overrides applied, all validated."""

    templates: Mapping[str, Template]
    refusals: Mapping[str, str]
    no_answer_phrase: str
    """What the model is told to reply with when the passages do not contain the answer."""
    refusal_path: Path
    refusal_sha256: str

    def system(self, *, language: str) -> str:
        """The system message; ``language`` is a code ("id", "en") or a language name."""
        return self.templates["system"].render(language=language_name(language))

    def answer(self, *, question: str, passages: str | Sequence[str], language: str) -> str:
        """The answer request; ``passages`` is pre-numbered text or a list numbered here as [1]..[k]."""
        text = passages if isinstance(passages, str) else format_passages(passages)
        return self.templates["answer"].render(
            question=question.strip(), passages=text, language=language_name(language)
        )

    def focused_answer(self, *, question: str, passage: str, language: str, hint: str) -> str:
        """The one retry: the best evidence passage alone, numbered [1]; ``hint`` says what kind of answer."""
        return self.templates["focused_answer"].render(
            question=question.strip(),
            passages=format_passages([passage]),
            language=language_name(language),
            hint=hint,
        )

    def condense(self, *, history: str, question: str) -> str:
        """The request to rewrite a follow-up into a standalone question."""
        return self.templates["condense"].render(history=history.strip(), question=question.strip())

    def judge(self, *, sentences: Sequence[str], passages: Sequence[str]) -> str:
        """The judge's request: for each numbered sentence, do the passages state it? (one JSON verdict each)."""
        numbered = "\n".join(f"{i}. {' '.join(s.split())}" for i, s in enumerate(sentences, 1))
        return self.templates["judge"].render(sentences=numbered, passages=format_passages(passages))

    def translate(self, *, question: str, language: str) -> str:
        """The request to put a question into the articles' language (``language``: a code or a name)."""
        return self.templates["translate"].render(question=" ".join(question.split()), language=language_name(language))

    def refusal(self, lang: str) -> str:
        """The fixed refusal phrase for ``lang`` ("id" or "en"; anything else gets English)."""
        return self.refusals.get(lang, self.refusals["en"])

    def is_no_answer(self, text: str) -> bool:
        """Whether a model reply means "the passages do not contain the answer".

        True when the reply contains the no-answer token (any case, "_" or space) or is one of the
        refusal phrases.
        """
        norm = _norm(text)
        if not norm:
            return False
        token = _norm(self.no_answer_phrase)
        if token and re.search(rf"(?<!\w){re.escape(token)}(?!\w)", norm):
            return True
        return any(norm == _norm(p) or norm.startswith(_norm(p)) for p in self.refusals.values())

    def hashes(self) -> dict[str, str]:
        """sha256 of each effective prompt file, keyed by file name."""
        out = {f"{name}.md": t.sha256 for name, t in sorted(self.templates.items())}
        out[REFUSAL_FILE] = self.refusal_sha256
        return out

    def sources(self) -> dict[str, str]:
        """Path of each effective prompt file, keyed by file name."""
        out = {f"{name}.md": str(t.path) for name, t in sorted(self.templates.items())}
        out[REFUSAL_FILE] = str(self.refusal_path)
        return out


def load_prompts(override_dir: Path | None = None, *, bundled_dir: Path = BUNDLED_DIR) -> Prompts:
    """Load the bundled prompts, replacing any file that ``override_dir`` also has; validate all of them."""
    paths: dict[str, Path] = {f"{name}.md": bundled_dir / f"{name}.md" for name in TEMPLATE_VARIABLES}
    paths[REFUSAL_FILE] = bundled_dir / REFUSAL_FILE
    if override_dir is not None:
        override_dir = Path(override_dir)
        if not override_dir.is_dir():
            raise PromptError(f"{override_dir}: prompts override folder not found")
        for path in sorted(override_dir.iterdir()):
            if path.name.startswith(".") or not path.is_file() or path.suffix not in (".md", ".toml"):
                continue
            if path.name not in paths:
                known = ", ".join(sorted(paths))
                raise PromptError(f"{path}: unknown template name {path.stem!r} (expected one of: {known})")
            paths[path.name] = path
    for path in paths.values():
        if not path.is_file():
            raise PromptError(f"{path}: prompt file not found")
    templates = {name: load_template(name, paths[f"{name}.md"]) for name in TEMPLATE_VARIABLES}
    refusals, no_answer, refusal_sha = load_refusal(paths[REFUSAL_FILE])
    for name in ("answer", "focused_answer"):
        if no_answer not in templates[name].body:
            raise PromptError(
                f"{templates[name].path}: does not contain the no-answer phrase {no_answer!r} "
                f"(from {paths[REFUSAL_FILE]}), so refusals could not be detected"
            )
    return Prompts(
        templates=templates,
        refusals=refusals,
        no_answer_phrase=no_answer,
        refusal_path=paths[REFUSAL_FILE],
        refusal_sha256=refusal_sha,
    )
