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

* ``templates``: one prompt file parsed and validated;
* ``passages``: article text numbered and quoted for a prompt;
* ``library``: the effective prompts (bundled plus overrides), rendered by name.
"""

from assistant.prompts.library import BUNDLED_DIR, Prompts, load_prompts
from assistant.prompts.passages import QUOTE_CLOSE, QUOTE_OPEN, format_passages, language_name, neutralize
from assistant.prompts.templates import REFUSAL_FILE, TEMPLATE_VARIABLES, PromptError, Template

__all__ = [
    "BUNDLED_DIR",
    "QUOTE_CLOSE",
    "QUOTE_OPEN",
    "REFUSAL_FILE",
    "TEMPLATE_VARIABLES",
    "PromptError",
    "Prompts",
    "Template",
    "format_passages",
    "language_name",
    "load_prompts",
    "neutralize",
]
