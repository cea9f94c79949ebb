"""Several cited passages: what one may lend a claim another states. A second passage may give a detail (a
number or date from a sentence about the same named thing), never the claim's subject, its role or what it
says."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.citations import split_sentences
from assistant.lexical import TokenIndex, claim_tokens, leading_names, numbers
from assistant.verification import SupportJudge
from assistant.verification.attribution import spoken_of
from assistant.verification.judge import CLAUSE_SHARE, SupportDetails, clauses
from assistant.vocabulary import MONTHS, WEEKDAYS

MIN_SHARED = 2
"""Words a sentence of another passage must share with a claim for a number in it to be re-cited."""


def mixed_sources(claim: str, cited: Sequence[str], judge: SupportJudge) -> str:
    """Why a claim the cited passages support together is not supported by how they are combined ("" when
    it is): each of its clauses is stated by one passage alone with its names and numbers, or one passage
    names what it names (its leading name too) and states it but for numbers and dates that another gives in
    a sentence about the same named thing (a detail re-cited, not a name, a role or a statement borrowed from
    elsewhere)."""
    details = getattr(judge, "details", None)
    if not callable(details):
        return ""
    parts = clauses(claim)
    bar = judge.threshold * CLAUSE_SHARE

    def stated(part: str, passage: str) -> bool:
        found = details(part, [passage])
        return (
            found.score >= bar
            and not found.missing_names
            and not found.missing_numbers
            and not borrowed_predicate(part, found, passage, cited)
        )

    if len(parts) > 1 and all(any(stated(part, t) for t in cited) for part in parts):
        return ""

    leading = leading_names(claim, cited)

    def names_missing(passage: str, found: SupportDetails) -> list[str]:
        index = TokenIndex([passage])
        lead = [n for n in leading if not index.has_name(n)]
        return lead + [n for n in found.missing_names if n not in MONTHS and n not in WEEKDAYS]

    # what it says: the passage that names what it names (a date or number may come from another)
    judged = [(t, details(claim, [t])) for t in cited]
    main, found = min(judged, key=lambda pair: (len(names_missing(*pair)), -pair[1].score))
    names = names_missing(main, found)
    if names or found.negated or found.roles:
        return (
            f"its name {names[0]} comes from another passage than what it says"
            if names
            else found.reason(judge.threshold)
        )
    if not found.missing_names and not found.missing_numbers and found.score < judge.threshold:
        # nothing for another passage to lend: what the claim says is not in the passage that names it
        return "each cited passage holds only part of it"
    if borrowed_predicate(claim, found, main, cited):
        return "what it says comes from another passage than the name it gives"
    words = [t for t in claim_tokens(claim) if not t.is_number]

    def about_it(sentence: str) -> bool:
        """Shares MIN_SHARED words with the claim, one of them a name of the claim when it names any."""
        index = TokenIndex([sentence])
        shared = [w for w in words if index.has(w)]
        return len(shared) >= MIN_SHARED and (any(w.is_name for w in shared) or not any(w.is_name for w in words))

    for number in found.missing_numbers:
        related = [
            s
            for t in cited
            if t is not main
            for s in split_sentences(t)
            if numbers(number) & numbers(s) and about_it(s)
        ]
        if not related:
            return f"its number {number} comes from a passage about something else"
    return ""


def borrowed_predicate(clause: str, found: SupportDetails, passage: str, cited: Sequence[str]) -> bool:
    """Whether ``passage`` holds a clause's names but another cited passage, which does not name them, writes
    every word of what the clause says that this one lacks, and does not quote or speak of anyone the clause
    names ("Kepala Disdukcapil Andi Rahmat Syarif meminta maaf" from a passage on Andi Rahmat Syarif and
    another on whoever apologised): a name swapped in. "..., kata Andi" speaks of Andi Rahmat Syarif."""
    lacking = {w for w in found.missing_tokens if w not in found.missing_names} - _beside_numbers(
        clause, found.missing_numbers
    )
    tokens = claim_tokens(clause)
    words = [t for t in tokens if t.word in lacking and not t.is_name and not t.is_number]
    if not words:
        return False
    names = [t for t in tokens if t.is_name and not t.is_number]
    own = TokenIndex([clause])
    for other in cited:
        index = TokenIndex([other])
        if other is passage or not all(index.has(t) for t in words) or all(index.has(t) for t in names):
            continue
        if not any(
            own.has_name(w) for w in spoken_of(split_sentences(other))
        ):  # not quoting or speaking of whom the clause names
            return True
    return False


def _beside_numbers(text: str, wanted: Sequence[str]) -> set[str]:
    """The lower-cased words right before and after the numbers ``wanted`` in ``text``: a number another
    passage lends brings its unit along ("12 persen", "Rp 14.500")."""
    words = re.findall(r"[^\s(),;:]+", text)
    out: set[str] = set()
    for i, word in enumerate(words):
        if numbers(word) & set(wanted):
            out.update(w.lower().strip(".") for w in words[max(0, i - 1) : i + 2])
    return out
