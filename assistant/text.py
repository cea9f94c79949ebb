"""Indonesian- and English-aware word tokens (Sastrawi stemming, stopwords) for BM25 and overlap checks."""

from __future__ import annotations

import re
from functools import lru_cache

_WORD = re.compile(r"[0-9]+(?:[.,][0-9]+)*|[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)

ENGLISH_STOPWORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had
    has have having he her here hers herself him himself his how i if in into is it its itself just
    me more most my myself no nor not now of off on once only or other our ours ourselves out over
    own same she should so some such than that the their theirs them themselves then there these
    they this those through to too under until up very was we were what when where which while who
    whom why will with would you your yours yourself yourselves according articles article did does
    also per said says""".split()
)


@lru_cache(maxsize=1)
def indonesian_stopwords() -> frozenset[str]:
    from Sastrawi.StopWordRemover.StopWordRemoverFactory import StopWordRemoverFactory

    return frozenset(StopWordRemoverFactory().get_stop_words())


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Indonesian (Sastrawi) and English stopwords together."""
    return indonesian_stopwords() | ENGLISH_STOPWORDS


@lru_cache(maxsize=1)
def _stemmer():
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Sastrawi stem of one lower-case word; numbers and short words stay as they are."""
    if len(word) <= 3 or word[0].isdigit():
        return word
    return _stemmer().stem(word) or word


def words(text: str) -> list[str]:
    """Lower-case word and number tokens, hyphenated words kept whole."""
    return [m.group(0).lower() for m in _WORD.finditer(text)]


def _stems(text: str, stop: frozenset[str]) -> list[str]:
    out: list[str] = []
    for w in words(text):
        for part in w.split("-") if "-" in w and not w[0].isdigit() else (w,):
            if part and part not in stop:
                out.append(stem(part))
    return out


def content_tokens(text: str) -> list[str]:
    """Stemmed tokens without stopwords: what lexical support checks compare."""
    return _stems(text, stopwords())


def index_tokens(text: str) -> list[str]:
    """Every word stemmed, stopwords kept: what BM25 indexes and queries. Its IDF weighs common words down
    by itself, and the stopword lists hold words a question turns on ("tiba", "dua", "hari", "pukul")."""
    return _stems(text, frozenset())


class SastrawiStemmer:
    """A PyStemmer-shaped object (``stemWords``) so bm25s can stem with Sastrawi."""

    def stemWords(self, words_: list[str]) -> list[str]:  # noqa: N802 - PyStemmer's name
        return [stem(w) for w in words_]

    def stemWord(self, word: str) -> str:  # noqa: N802
        return stem(word)
