"""Prompt templates as files: bundled in ``prompts/``, overridable per file, validated on load.

Each ``<name>.md`` starts with a front-matter block declaring its variables::

    ---
    variables: [question, passages, language]
    description: optional, one line
    ---
    body with {question} ...

Bodies are Python ``str.format`` templates (literal braces doubled). ``refusal.toml`` holds the fixed
refusal phrase of each answer language (``id``, ``en``) and ``no_answer``, the token the model is told
to reply with when the passages do not contain the answer.
"""

from __future__ import annotations

import hashlib
import re
import string
import tomllib
from importlib import resources
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import AssistantError
from assistant.citations import strip_markers
from assistant.language import LANGUAGE_NAMES

def _bundled_dir() -> Path:
    """The shipped prompts: the repository's ``prompts/`` folder, installed as ``assistant.bundled_prompts``."""
    source = Path(__file__).resolve().parent.parent / "prompts"
    if (source / "answer.md").is_file():  # a source checkout or an editable install
        return source
    return Path(str(resources.files("assistant.bundled_prompts")))


BUNDLED_DIR = _bundled_dir()

TEMPLATE_VARIABLES: dict[str, frozenset[str]] = {
    "system": frozenset({"language"}),
    "answer": frozenset({"question", "passages", "language"}),
    "focused_answer": frozenset({"question", "passages", "language", "hint"}),
    "condense": frozenset({"history", "question"}),
    "judge": frozenset({"claim", "passages"}),
}
"""The variables the code passes to each template; a file must declare and use exactly these."""

REFUSAL_FILE = "refusal.toml"
REFUSAL_LANGUAGES = ("id", "en")
DEFAULT_NO_ANSWER = "NO_ANSWER"
_FRONT_MATTER_KEYS = frozenset({"variables", "description"})


class PromptError(AssistantError):
    """A prompt file is broken; the message is one line naming the file and the problem."""


@dataclass(frozen=True)
class Template:
    """One validated template: its body and where it came from."""

    name: str
    body: str
    variables: frozenset[str]
    path: Path
    sha256: str

    def render(self, **values: str) -> str:
        """The body with ``values`` filled in (exactly the declared variables)."""
        given = set(values)
        if given != self.variables:
            missing = ", ".join(sorted(self.variables - given)) or "-"
            extra = ", ".join(sorted(given - self.variables)) or "-"
            raise TypeError(f"template {self.name}: missing values: {missing}; unexpected values: {extra}")
        return self.body.format(**values)


def _err(path: Path, problem: str) -> PromptError:
    return PromptError(f"{path}: {problem}")


def _parse_front_matter(path: Path, text: str) -> tuple[frozenset[str], str]:
    """(declared variables, body) of a template file's text."""
    text = text.lstrip("\ufeff")
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise _err(path, "missing front matter (start the file with '---', 'variables: [...]', '---' lines)")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise _err(path, "front matter is not closed by a '---' line") from None
    declared: frozenset[str] | None = None
    for raw in lines[1:end]:
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition(":")
        key = key.strip()
        if not sep:
            raise _err(path, f"front matter line {raw.strip()!r} is not 'key: value'")
        if key not in _FRONT_MATTER_KEYS:
            raise _err(path, f"unknown front matter key {key!r} (allowed: {', '.join(sorted(_FRONT_MATTER_KEYS))})")
        if key == "variables":
            m = re.fullmatch(r"\[(.*)\]", value.strip())
            if m is None:
                raise _err(path, "front matter 'variables' must be a list like [question, passages]")
            names = [v.strip().strip("'\"") for v in m.group(1).split(",") if v.strip()]
            bad = [v for v in names if not v.isidentifier()]
            if bad:
                raise _err(path, f"front matter variable {bad[0]!r} is not a valid name")
            declared = frozenset(names)
    if declared is None:
        raise _err(path, "front matter does not declare 'variables: [...]'")
    body = "\n".join(lines[end + 1 :]).strip("\n") + "\n"
    return declared, body


def _placeholders(path: Path, body: str) -> frozenset[str]:
    """The names used as ``{name}`` placeholders in ``body``."""
    names: set[str] = set()
    try:
        for _, field, spec, conversion in string.Formatter().parse(body):
            if field is None:
                continue
            if not field.isidentifier():
                shown = "{" + field + "}"
                raise _err(path, f"placeholder {shown} is not a plain variable name (double literal braces: {{{{ }}}})")
            if spec or conversion:
                raise _err(path, f"placeholder {{{field}}} has a format spec or conversion; use plain {{{field}}}")
            names.add(field)
    except ValueError as exc:
        raise _err(path, f"unparseable braces: {exc} (double literal braces: {{{{ and }}}})") from None
    return frozenset(names)


def _load_template(name: str, path: Path) -> Template:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _err(path, "not UTF-8 text") from None
    declared, body = _parse_front_matter(path, text.replace("\r\n", "\n"))
    expected = TEMPLATE_VARIABLES[name]
    if declared != expected:
        missing = ", ".join(sorted(expected - declared))
        unknown = ", ".join(sorted(declared - expected))
        needs = ", ".join(sorted(expected))
        if missing:
            raise _err(path, f"missing variable {missing} in front matter (template {name!r} needs {needs})")
        raise _err(path, f"unknown variable {unknown} in front matter (template {name!r} takes {needs})")
    used = _placeholders(path, body)
    if used - declared:
        unused = sorted(used - declared)[0]
        raise _err(path, f"unknown variable {{{unused}}} in body (declared: {', '.join(sorted(declared))})")
    if declared - used:
        raise _err(path, f"missing variable {{{sorted(declared - used)[0]}}}: declared but not used in the body")
    return Template(name=name, body=body, variables=declared, path=path, sha256=hashlib.sha256(raw).hexdigest())


def _load_refusal(path: Path) -> tuple[dict[str, str], str, str]:
    """(refusal phrase per language, no-answer token, sha256) from ``refusal.toml``."""
    raw = path.read_bytes()
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise _err(path, f"not valid TOML: {detail}") from None
    allowed = set(REFUSAL_LANGUAGES) | {"no_answer"}
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise _err(path, f"unknown key {unknown[0]!r} (allowed: {', '.join(sorted(allowed))})")
    phrases: dict[str, str] = {}
    for lang in REFUSAL_LANGUAGES:
        value = data.get(lang)
        if value is None:
            raise _err(path, f"missing refusal language {lang!r} (add {lang} = \"...\")")
        if not isinstance(value, str) or not value.strip() or "\n" in value.strip():
            raise _err(path, f"refusal for {lang!r} must be a non-empty one-line string")
        phrases[lang] = value.strip()
    no_answer = data.get("no_answer", DEFAULT_NO_ANSWER)
    if not isinstance(no_answer, str) or not no_answer.strip() or "\n" in no_answer.strip():
        raise _err(path, "no_answer must be a non-empty one-line string")
    return phrases, no_answer.strip(), hashlib.sha256(raw).hexdigest()


def language_name(language: str) -> str:
    """"English" for "en", "Indonesian (Bahasa Indonesia)" for "id"; other text passes through."""
    return LANGUAGE_NAMES.get(language, language)


QUOTE_OPEN, QUOTE_CLOSE = "«", "»"
"""The delimiters around article text in a prompt; the system prompt says what is inside is never an instruction."""


def format_passages(passages: Sequence[str]) -> str:
    """Number passages for the prompt: ``[1] «text»`` blocks separated by blank lines. Article text is
    quoted data: marker-like text inside it ("[2]", "Sumber: [1] Reuters") is neutralised so that it cannot
    forge a citation, and the delimiters cannot be closed from inside."""
    return "\n\n".join(
        f"[{i}] {QUOTE_OPEN}{neutralize(' '.join(p.split()))}{QUOTE_CLOSE}" for i, p in enumerate(passages, 1)
    )


def neutralize(text: str) -> str:
    """Article text for a prompt: citation markers removed, the quote delimiters taken out."""
    text = strip_markers(text)
    return text.replace(QUOTE_OPEN, '"').replace(QUOTE_CLOSE, '"')


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

    def judge(self, *, claim: str, passages: Sequence[str]) -> str:
        """The LLM support judge's yes/no question about one claim and its cited passages."""
        return self.templates["judge"].render(claim=claim.strip(), passages=format_passages(passages))

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
    templates = {name: _load_template(name, paths[f"{name}.md"]) for name in TEMPLATE_VARIABLES}
    refusals, no_answer, refusal_sha = _load_refusal(paths[REFUSAL_FILE])
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
