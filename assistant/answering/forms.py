"""The forms of a question the engine searches and checks with: the question as asked and, when it is in
another language than the articles and a model is at hand, the question put into the articles' language.

The translation is one short model call (``prompts/translate.md``), cached per question; it drives retrieval
(dense and BM25) and the checks beside the question itself. Without a model the question's own words are
matched across languages by the vocabulary fallback and the multilingual embedder.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass

from assistant.answering.question import QuestionAnalysis, analyse_question
from assistant.llms.base import Backend, BackendError
from assistant.llms.bounded import complete
from assistant.prompts import Prompts

CACHE_SIZE = 512
MAX_TRANSLATION_TOKENS = 96


@dataclass(frozen=True)
class QueryForms:
    """The question as analysed, and its translation into the articles' language when there is one."""

    analysis: QuestionAnalysis
    translation: QuestionAnalysis | None = None

    @property
    def texts(self) -> list[str]:
        """Every form's text, the question's own first."""
        return [self.analysis.text] + ([self.translation.text] if self.translation else [])

    @property
    def articles_form(self) -> QuestionAnalysis:
        """The form in the articles' language (the question itself when it was not translated)."""
        return self.translation or self.analysis


_NUMBER = re.compile(r"\d+")


def faithful(translated: str, question: str) -> bool:
    """Whether a translation can be the question put in other words: it asks (when the question asks) and
    writes the question's numbers, no other (a model that answers instead of translating adds one)."""
    asks = not question.rstrip().endswith("?") or translated.rstrip().endswith("?")
    return asks and set(_NUMBER.findall(translated)) == set(_NUMBER.findall(question))


def clean_translation(reply: str, question: str) -> str | None:
    """The translated question in a model's reply: its first non-empty line without a label or quotes;
    None when the reply is empty, an echo of the prompt's label, far longer than the question, or not
    ``faithful`` to it."""
    for line in reply.strip().splitlines():
        text = re.sub(r"^\s*(?:translation|terjemahan|question|pertanyaan)\s*:\s*", "", line, flags=re.IGNORECASE)
        text = text.strip().strip("\"'“”«»").strip()
        if text:
            return text if len(text) <= 3 * len(question) + 20 and faithful(text, question) else None
    return None


class Translator:
    """Puts questions into the articles' language with the answer model; one call per distinct question."""

    def __init__(self, backend: Backend, prompts: Prompts, language: str) -> None:
        self.backend = backend
        self.prompts = prompts
        self.language = language
        self._cache: OrderedDict[str, str | None] = OrderedDict()

    def __call__(self, question: str) -> str | None:
        """The question in the articles' language; None when the model gave nothing usable (the question
        alone is then used) or failed (the answer itself will say what went wrong)."""
        key = " ".join(question.split())
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        try:
            reply = complete(
                self.backend,
                self.prompts.translate(question=key, language=self.language),
                MAX_TRANSLATION_TOKENS,
                system=self.prompts.system(language=self.language),
            )
        except BackendError:
            return None
        translated = clean_translation(reply, key)
        if translated is not None and " ".join(translated.lower().split()) == key.lower():
            translated = None
        self._cache[key] = translated
        while len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        return translated


def query_forms(analysis: QuestionAnalysis, articles_language: str, translator: Translator | None) -> QueryForms:
    """The question's forms: a translation is asked for when the question is in another language than the
    articles and a translator (a generative backend) is at hand."""
    if translator is None or not articles_language or analysis.language == articles_language or analysis.problem:
        return QueryForms(analysis)
    translated = translator(analysis.text)
    if not translated:
        return QueryForms(analysis)
    return QueryForms(analysis, analyse_question(translated))
