"""Who a run of sentences speaks of, when the run does not name them: news writes a speaker's or a subject's
full name once ("Kepala Dinas Kesehatan Pandeglang, dr Ratna Sari Dewi, mengatakan ...") and goes on with a
quote, a pronoun or a short name ("\"Vaksin MR sudah ...,\" ujarnya", "Raka membawa pulang ..."). A claim
that names them ("According to dr Ratna Sari Dewi, ...") rests on the run and on that naming sentence."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from assistant.citations import split_sentences
from assistant.language import function_word
from assistant.lexical import ClaimToken, TokenIndex, claim_tokens, weighted_share
from assistant.text import stem
from assistant.verification.roles import full_names
from assistant.vocabulary import PERSON_PRONOUNS, REPORTING_WORDS, UNSPECIFIC_NAMES

QUOTE_MARKS = "\"“'‘"
"""Marks a quoted sentence opens with."""
ATTRIBUTION_BACK = 20
"""How many sentences before a run its naming sentence may be."""


def naming_sentence(tokens: Sequence[ClaimToken], before: Sequence[str], run: Sequence[str]) -> int | None:
    """The index in ``before`` (the sentences before ``run``, in order) of the nearest sentence, at most
    ATTRIBUTION_BACK back, that names every name of the claim (``tokens``) the run does not; None when the run
    names them all or no such sentence is near. That sentence must name whom the run speaks of: someone the
    run quotes or makes the subject of a sentence ("kata Ratna", "Raka membawa pulang ...") by a name the
    sentence writes in full, or anyone when the run quotes without naming or speaks by a pronoun ("Ia
    menyebut"). The run's statement (its sentence holding most of the claim) may not name anything neither
    the claim nor that sentence names, nor may it or the run after it quote or name in full anyone else
    ("Sekretaris Daerah, Ahmad Fauzi, yang menandatangani ...": then it is about someone else)."""
    names = [t for t in tokens if t.is_name]
    run_index = TokenIndex(run)
    missing = [t for t in names if not run_index.has(t)]
    if not missing or not run:
        return None
    statement = max(run, key=lambda sentence: weighted_share(tokens, _index(sentence))[0])
    who = spoken_of(run)
    unnamed = any(s[:1] in QUOTE_MARKS for s in run) or bool(
        PERSON_PRONOUNS & set(re.findall(r"\w+", statement.lower()))
    )
    for i in range(len(before) - 1, max(-1, len(before) - 1 - ATTRIBUTION_BACK), -1):
        index = _index(before[i])
        if not all(index.has(t) for t in missing):
            continue
        if not (unnamed or any(index.has_name(w) for w in who)):
            return None
        known = TokenIndex([before[i], *(t.word for t in tokens)])
        said = " ".join(run[run.index(statement) :])  # the statement and who the run says said it
        strangers = [n for n in full_names(said) if not any(known.has_name(w) for w in n)]
        strangers += [[w] for w in speakers(said) if not known.has_name(w)]
        return None if strangers or any(not known.has(t) for t in _specific(statement)) else i
    return None


def subjects(sentence: str) -> list[str]:
    """Who a sentence is about, lower-cased: its first word, or the first word after an opening phrase set off
    by a comma ("Berkat kemenangan itu, Raka membawa ..."), when it is capitalised, names someone and a
    lower-case word follows it ("Hendra membantah ...")."""
    opening = re.match(r"\W*([^\W\d_]+)\s+[a-z]", sentence)
    after_comma = re.match(r"[^,]{1,60},\s*([^\W\d_]+)\s+[a-z]", sentence)
    words = [m.group(1) for m in (opening, after_comma) if m]
    return [
        w.lower()
        for w in words
        if w[:1].isupper() and not function_word(w.lower()) and w.lower() not in UNSPECIFIC_NAMES
    ]


def spoken_of(sentences: Sequence[str]) -> list[str]:
    """Whom sentences quote (``speakers``) or make their subject (``subjects``), lower-cased."""
    return speakers(" ".join(sentences)) + [w for s in sentences for w in subjects(s)]


def speakers(text: str) -> list[str]:
    """Capitalised words right after or right before a word of attribution, lower-cased: who is quoted
    ("ujar Fauzi", "kata Ratna", "Hendra mengatakan", "Kirby said")."""
    words = re.findall(r"[^\W\d_]+", text)
    out = []
    for i, word in enumerate(words):
        if word.lower() in REPORTING_WORDS or stem(word.lower()) in REPORTING_WORDS:
            out += [w.lower() for w in (words[i - 1 : i] + words[i + 1 : i + 2]) if w[0].isupper()]
    return [w for w in out if not (w in UNSPECIFIC_NAMES or w in REPORTING_WORDS or function_word(w))]


@lru_cache(maxsize=4096)
def _index(sentence: str) -> TokenIndex:
    return TokenIndex([sentence])


def _specific(text: str) -> list[ClaimToken]:
    """The names of a text that name someone or something in particular (not "Kabupaten", "Dr", "Senin")."""
    return [t for t in claim_tokens(text) if t.is_name and len(t.word) > 2 and t.word not in UNSPECIFIC_NAMES]


def preceding(article: str, passage: str, n: int = ATTRIBUTION_BACK) -> list[str]:
    """The ``n`` sentences of ``article`` before ``passage`` (fewer at its start; none when the passage's first
    sentence is not one of the article's), whitespace normalised."""
    sentences = _normalised_sentences(article)
    first = next(iter(_normalised_sentences(passage)), "")
    if first not in sentences:
        return []
    at = sentences.index(first)
    return sentences[max(0, at - n) : at]


def _normalised_sentences(text: str) -> list[str]:
    return [" ".join(s.split()) for s in split_sentences(text) if s.strip()]
