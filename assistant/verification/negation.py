"""Negation: a claim that says the opposite of its source ("there was no incident at the border" where the
passage reports one, "relations were not a concern" where the passage voices concern).

``flipped`` aligns the claim with the clause of the passages that holds most of its words (across
languages, as lexical support matches them) and compares their polarity: an odd number of negations in one
and not in the other. Phrases that look negative but are not ("not only", "tidak hanya", "tak lama
kemudian") do not count. Pure functions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.citations import split_sentences
from assistant.lexical import TokenIndex, claim_tokens, numbers, weighted_share
from assistant.vocabulary import NEGATING_PHRASES, NEGATIONS, NOT_NEGATING, NUMBER_WORDS, OPPOSITES, YESNO_PARTICLES

MIN_ALIGNMENT = 0.5
"""Share of the claim's words the aligned clause must hold for its polarity to be compared."""

_NOT_NEGATING = re.compile(
    r"\b(?:" + "|".join(re.escape(p) for p in sorted(NOT_NEGATING, key=len, reverse=True)) + r")\b", re.IGNORECASE
)
_CLAUSE = re.compile(
    r"\s*[;:]\s*|,\s+|\s+[–—]\s+"
    r"|\s+(?=(?:but|while|whereas|although|namun|tetapi|sedangkan|sementara|meskipun|padahal)\b)"
    r"|(?<!\bnot)(?<!\bbukan)(?<!\btidak)\s+(?=(?:because|karena|sebab)\b)",  # a reason has a polarity of its own
    re.IGNORECASE,
)
_PHRASE = re.compile(r"\s+(?=(?:yang|dan|serta|which|who|that|and)\b)", re.IGNORECASE)
"""Where a clause splits into the phrases a negation binds to ("sistem yang tidak dikendalikan Barat | dan
mendukung Pyongyang")."""


_NEGATING_PHRASE = re.compile(
    r"\b(?:" + "|".join(re.escape(p) for p in sorted(NEGATING_PHRASES, key=len, reverse=True)) + r")\b", re.IGNORECASE
)


def negations(text: str) -> int:
    """How many negating words ``text`` holds ("n't" and "ruled out" count; "not only", "tidak hanya" do not)."""
    text = _NEGATING_PHRASE.sub(" not ", _NOT_NEGATING.sub(" ", text.lower()))
    words = re.findall(r"[^\W\d_]+(?:'t)?", text)
    return sum(1 for w in words if w in NEGATIONS or w.endswith("n't"))


def negative(text: str) -> bool:
    return negations(text) % 2 == 1


def passage_clauses(passages: Sequence[str]) -> list[tuple[str, str]]:
    """(clause, the sentence it belongs to) for every clause of the passages' sentences."""
    return [(c, s) for p in passages for s in split_sentences(p) for c in _CLAUSE.split(s) if c and c.strip()]


def with_previous(sentence: str, passages: Sequence[str]) -> list[str]:
    """The sentence and the one before it in its passage: "the shallow quake" of a claim may be described
    there ("... gempa dangkal ... . Ia memastikan gempa tidak berpotensi tsunami")."""
    for p in passages:
        sentences = split_sentences(p)
        if sentence in sentences:
            return sentences[max(0, sentences.index(sentence) - 1) : sentences.index(sentence) + 1]
    return [sentence]


def aligned_clause(claim: str, passages: Sequence[str], predicate: bool = False) -> tuple[str, str, float] | None:
    """The passage clause that holds the largest weighted share of the claim's words, its sentence, and that
    share; a clause that negates wins a tie (its polarity is what a flip is checked against). ``predicate``:
    align by the claim's words other than names when it has two or more, since a negation binds to what is
    said, not to who says it ("Kepala Stasiun Geofisika Palu, Hendra Sinaga, mengatakan ... Ia memastikan
    gempa tidak berpotensi tsunami")."""
    tokens = [t for t in claim_tokens(claim) if t.word not in NEGATIONS]
    plain = [t for t in tokens if not t.is_name]
    if predicate and len(plain) >= 2:
        tokens = plain
    if not tokens:
        return None
    best: tuple[str, str, float] | None = None
    for clause, sentence in passage_clauses(passages):
        share = weighted_share(tokens, TokenIndex([clause]))[0]
        if best is None or share > best[2] or (share == best[2] and negative(clause) and not negative(best[0])):
            best = (clause, sentence, share)
    return best


def phrases(text: str) -> list[str]:
    """The phrases of a clause; a phrase of fewer than two content words joins the one before it."""
    out: list[str] = []
    for piece in _PHRASE.split(text):
        if out and len(claim_tokens(piece)) < 2:
            out[-1] = f"{out[-1]} {piece}"
        elif piece.strip():
            out.append(piece)
    return out


def affirms_a_denial(claim: str, clause: str) -> bool:
    """Whether an affirmative phrase of ``claim`` aligns best with a negating phrase of ``clause`` (a negating
    phrase wins a tie). A claim that affirms what one phrase says does not deny another phrase's negation:
    "mendukung Pyongyang" against "... yang tidak dikendalikan Barat dan mendukung Pyongyang"."""
    theirs = phrases(clause)
    for phrase in phrases(claim):
        tokens = [t for t in claim_tokens(phrase) if t.word not in NEGATIONS]
        if negative(phrase) or not tokens:
            continue
        share, denies = max((weighted_share(tokens, TokenIndex([p]))[0], negative(p)) for p in theirs)
        if denies and share > 0:
            return True
    return False


_PART_OF = re.compile(r"\b(\w+)\s+(?:dari|of|out of|di antara)\s+(?:the\s+)?(\w+)\b", re.IGNORECASE)
_OF_WHOLE = re.compile(r"\b(?:dari|of)\s+(?:the\s+)?(\w+)(?:\s+[^\W\d_]+){1,2},\s+(\w+)\b", re.IGNORECASE)
"""The whole first: "Dari delapan fraksi, tujuh ...", "Of the five victims, three ..."."""


def part_of_whole(text: str) -> bool:
    """Whether ``text`` counts a part of a whole ("tujuh dari delapan fraksi", "three of the five"): it says
    "only", not "all"."""
    pairs = [m.groups() for m in _PART_OF.finditer(text)] + [m.groups()[::-1] for m in _OF_WHOLE.finditer(text)]
    for part, whole in ((_count(a), _count(b)) for a, b in pairs):
        if part is not None and whole is not None and part < whole:
            return True
    return False


def _count(word: str) -> int | None:
    """The number a word writes ("tujuh", "8"), None when it writes none."""
    found = numbers(word, NUMBER_WORDS)
    return int(next(iter(found))) if len(found) == 1 else None


def _words(text: str, counted: str) -> set[str]:
    """The words of ``text``, and "only" when ``counted`` counts a part of a whole."""
    return set(re.findall(r"[^\W\d_]+", text.lower())) | ({"only"} if part_of_whole(counted) else set())


def opposed(claim: str, clause: str, sentence: str = "") -> bool:
    """Whether the claim uses a predicate whose opposite the clause uses (``OPPOSITES``: "admitted" where
    the clause says "menyangkal"; "seluruh delapan fraksi" where its sentence says "tujuh dari delapan"),
    and not that opposite itself."""
    mine, theirs = _words(claim, claim), _words(clause, sentence or clause)
    return any(
        mine & x and theirs & y and not mine & y and not theirs & x for a, b in OPPOSITES for x, y in ((a, b), (b, a))
    )


def denies_what_it_follows(before: str, part: str, passages: Sequence[str]) -> str | None:
    """The passage sentence that states what a short negated afterthought denies ("..., bukan karena
    kesalahan", "..., not by mistake"): the clause aligned with the claim's words before it, when it holds
    the afterthought's words and does not negate them. "..., not deliberately" where the passage says "by
    mistake" denies nothing the passage states."""
    words = [t for t in claim_tokens(part) if t.word not in NEGATIONS]
    if not before or not negative(part) or not words or len(words) >= 2:
        return None
    found = aligned_clause(before, passages)
    if found is None or found[2] < MIN_ALIGNMENT or negative(found[1]):
        return None
    index = TokenIndex([found[1]])  # its sentence: the passage may state it in a clause of its own
    return " ".join(found[1].split()) if all(index.has(w) for w in words) else None


def negated_nearby(phrase: str, sentence: str) -> bool:
    """Whether a clause of ``sentence`` that holds some of the phrase's words negates: a negation about
    something else in the sentence ("..., meskipun belum seluruh perhiasannya kembali") says nothing of
    the phrase."""
    tokens = [t for t in claim_tokens(phrase) if t.word not in NEGATIONS]
    return any(
        negative(c) and weighted_share(tokens, TokenIndex([c]))[0] > 0
        for c in _CLAUSE.split(sentence)
        if c and c.strip()
    )


_ANSWER_PARTICLE = re.compile(
    r"^\W*(?:" + "|".join(sorted(YESNO_PARTICLES, key=len, reverse=True)) + r")\s*[.,;:!]\s*", re.IGNORECASE
)
"""A yes/no answer's opening word set off by punctuation ("No. The quake had no tsunami potential"): it answers
the question; it does not negate what follows."""


def flipped(claim: str, passages: Sequence[str]) -> str | None:
    """The passage clause a phrase of the claim negates (or that negates what it affirms, or says the
    opposite of), else None. Phrases are judged one by one: "never visited ... and did not meet ..." denies
    twice, it does not affirm. A yes/no answer's opening "No." or "Tidak," is not read as a negation."""
    claim = _ANSWER_PARTICLE.sub("", claim, count=1)
    parts = [p for p in _CLAUSE.split(claim) if p and p.strip()]
    for before, part in zip(["", *parts], parts, strict=False):
        denial = denies_what_it_follows(before, part, passages)
        if denial:
            return denial
        for phrase in phrases(part):
            if len(claim_tokens(phrase)) < 2:
                continue
            found = aligned_clause(phrase, passages, predicate=True)
            if found is None:
                continue
            clause, sentence, share = found
            words = [t for t in claim_tokens(phrase) if t.word not in NEGATIONS]
            if share < MIN_ALIGNMENT:
                if weighted_share(words, TokenIndex(with_previous(sentence, passages)))[0] < MIN_ALIGNMENT:
                    continue  # neither what it says nor the sentences it says it in, names and all
                if opposed(phrase, sentence) and not negative(phrase) and not negative(sentence):
                    return " ".join(sentence.split())  # said across clauses ("Ketua ..., Dedi Mulyana, menilai ...")
            if opposed(phrase, clause, sentence):  # "tidak mengakui" says what "menyangkal" says
                contradicts = negative(phrase) == negative(clause)
            else:  # the negation may sit in a neighbouring clause ("..., yang tidak ...")
                denied = negative(phrase) and not negative(clause) and not negated_nearby(phrase, sentence)
                contradicts = denied or (not negative(phrase) and negative(clause) and affirms_a_denial(phrase, clause))
            if contradicts:
                return " ".join(clause.split())
    return None
