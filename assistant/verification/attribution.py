"""Who a run of sentences speaks of, when the run does not name them: news writes a speaker's or a subject's
full name once ("Kepala Dinas Kesehatan Pandeglang, dr Ratna Sari Dewi, mengatakan ...") and goes on with a
quote, a pronoun or a short name ("\"Vaksin MR sudah ...,\" ujarnya", "Raka membawa pulang ..."). A claim
that names them ("According to dr Ratna Sari Dewi, ...") rests on the run and on that naming sentence."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from assistant.citations import split_sentences
from assistant.lexical import ClaimToken, TokenIndex, claim_tokens, weighted_share
from assistant.vocabulary import PERSON_PRONOUNS, UNSPECIFIC_NAMES

QUOTE_MARKS = "\"“'‘"
ATTRIBUTION_BACK = 12
"""How many sentences before a run its naming sentence may be."""


def naming_sentence(tokens: Sequence[ClaimToken], before: Sequence[str], run: Sequence[str]) -> int | None:
    """The index in ``before`` (the sentences before ``run``, in order) of the nearest sentence, at most
    ATTRIBUTION_BACK back, that names every name of the claim (``tokens``) the run does not, beside a name the
    run's statement (its sentence holding most of the claim) writes (the full name of a "Raka" or "kata Ratna"),
    or for a run that quotes someone or a statement that speaks of someone by a pronoun ("Ia menyebut"); None when the run
    names them all, when no such sentence is found, or when the statement names someone neither the claim nor
    that sentence names (then it speaks of someone else)."""
    names = [t for t in tokens if t.is_name]
    run_index = TokenIndex(run)
    missing = [t for t in names if not run_index.has(t)]
    if not missing or not run:
        return None
    statement = max(run, key=lambda sentence: weighted_share(tokens, _index(sentence))[0])
    own = _specific(statement)
    quoted = any(sentence[:1] in QUOTE_MARKS for sentence in run)
    unnamed = quoted or bool(PERSON_PRONOUNS & set(re.findall(r"\w+", statement.lower())))
    for i in range(len(before) - 1, max(-1, len(before) - 1 - ATTRIBUTION_BACK), -1):
        index = _index(before[i])
        if all(index.has(t) for t in missing) and (unnamed or any(index.has(t) for t in own)):
            known = TokenIndex([before[i], *(t.word for t in tokens)])
            return None if any(not known.has(t) for t in own) else i
    return None


@lru_cache(maxsize=4096)
def _index(sentence: str) -> TokenIndex:
    return TokenIndex([sentence])


def _specific(text: str) -> list[ClaimToken]:
    """The names of a text that name someone or something in particular (not "Kabupaten", "Dr", "Senin")."""
    return [t for t in claim_tokens(text) if t.is_name and len(t.word) > 2 and t.word not in UNSPECIFIC_NAMES]


def preceding(article: str, passage: str, n: int = ATTRIBUTION_BACK) -> list[str]:
    """The ``n`` sentences of ``article`` before ``passage`` (fewer at its start; none when the passage's first
    sentence is not one of the article's), whitespace normalised."""
    sentences = [" ".join(s.split()) for s in split_sentences(article) if s.strip()]
    first = next((" ".join(s.split()) for s in split_sentences(passage) if s.strip()), "")
    if first not in sentences:
        return []
    at = sentences.index(first)
    return sentences[max(0, at - n) : at]
