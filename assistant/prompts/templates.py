"""Prompt files: each template parsed and validated against the variables the code passes (the file
format is described in ``assistant.prompts``)."""

from __future__ import annotations

import hashlib
import re
import string
import tomllib
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import AssistantError

TEMPLATE_VARIABLES: dict[str, frozenset[str]] = {
    "system": frozenset({"language"}),
    "answer": frozenset({"question", "passages", "language"}),
    "focused_answer": frozenset({"question", "passages", "language", "hint"}),
    "condense": frozenset({"history", "question"}),
    "judge": frozenset({"passages", "sentences"}),
    "translate": frozenset({"question", "language"}),
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


def load_template(name: str, path: Path) -> Template:
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


def load_refusal(path: Path) -> tuple[dict[str, str], str, str]:
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
            raise _err(path, f'missing refusal language {lang!r} (add {lang} = "...")')
        if not isinstance(value, str) or not value.strip() or "\n" in value.strip():
            raise _err(path, f"refusal for {lang!r} must be a non-empty one-line string")
        phrases[lang] = value.strip()
    no_answer = data.get("no_answer", DEFAULT_NO_ANSWER)
    if not isinstance(no_answer, str) or not no_answer.strip() or "\n" in no_answer.strip():
        raise _err(path, "no_answer must be a non-empty one-line string")
    return phrases, no_answer.strip(), hashlib.sha256(raw).hexdigest()
