"""Who did it to whom: a claim that puts two named parties on the other sides of what the passage says one did
to the other ("Kim Jong Un thanked Putin" where the passage says Putin thanked Kim; "Moskow menuduh Washington"
where Washington accused Moscow). Every word of such a claim is in the passage; only the order is wrong.

The passage sentence the claim rests on must name both parties and write the claim's verb (its first word
after who does it; across languages, as lexical support matches words) between them, with the parties the
other way round. Not read as a swap: a passive on either side ("oleh", "by", "was ... by", an Indonesian
"di-" verb), and what two parties do together whichever way it is written (``vocabulary.SYMMETRIC``: "met",
"bertemu", "with").

A passive that names its doer says who did it: "Kedatangan Putin yang disambut langsung oleh Kim Jong Un"
(Kim welcomed Putin). A claim that gives that verb to another party the sentence names ("Putin menyambut
...") is caught (``other_doer``), unless a cited passage says that party did it too. Pure functions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.citations import split_sentences
from assistant.language import function_word
from assistant.lexical import ClaimToken, TokenIndex, claim_tokens, weighted_share
from assistant.text import stem
from assistant.vocabulary import ROLE_WORDS, SYMMETRIC

_NAME_RUN = re.compile(r"(?<![\w-])[A-Z][\w-]*(?:['’]s)?(?:\s+[A-Z][\w-]*(?:['’]s)?)*")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_PASSIVE = re.compile(r"\b(?:oleh|by)\b|\b(?:was|were|been|being|is|are)\s+\w+(?:ed|en)\b", re.IGNORECASE)
MIN_ALIGNMENT = 0.6
"""Share of the claim's words the passage sentence must hold to be the one it restates."""


def _parties(text: str) -> list[tuple[str, int, int]]:
    """(key, start, end) of each named party: a capitalised run, its last word that is not a role word as key
    ("Kim Jong Un" -> "un"; "Presiden Putin" -> "putin"), possessive "'s" dropped."""
    out = []
    for m in _NAME_RUN.finditer(text):
        people = _people(m.group(0))
        if people:
            out.append((people[-1], m.start(), m.end()))
    return out


def _people(run: str) -> list[str]:
    """The lower-cased words of a name run that are not role or function words, possessive "'s" dropped."""
    words = [re.sub(r"['’]s$", "", w).lower() for w in run.split()]
    return [w for w in words if w not in ROLE_WORDS and not function_word(w)]


def _first(key: str, words: Sequence[tuple[str, int]]) -> int | None:
    """The position of the first word of ``words`` that is the name ``key`` (exactly, by alias or fuzzily)."""
    return next((at for w, at in words if w.lower() == key or TokenIndex([w]).has_name(key)), None)


def _restated(claim: str, passages: Sequence[str]) -> str | None:
    """The passage sentence that holds the largest share of the claim's words, when it holds MIN_ALIGNMENT."""
    tokens = claim_tokens(claim)
    scored = [(weighted_share(tokens, TokenIndex([s]))[0], s) for p in passages for s in split_sentences(p)]
    share, sentence = max(scored, default=(0.0, ""))
    return sentence if tokens and share >= MIN_ALIGNMENT else None


def swapped_parties(claim: str, passages: Sequence[str]) -> str | None:
    """The passage sentence in which the claim's first two parties (who does it, and to whom) stand the other
    way round about what the claim says between them, else None."""
    parties = _parties(claim)
    if len(parties) < 2:
        return None
    sentence = _restated(claim, passages)
    if sentence is None:
        return None
    words = [(m.group(0), m.start()) for m in _WORD.finditer(sentence)]
    (a, _, a_end), (b, b_start, _) = parties[0], parties[1]  # who does it, and to whom
    between = claim[a_end:b_start]
    said = [t for t in claim_tokens(between) if not t.is_name and not t.is_number][:1]  # the verb after "who"
    if a == b or not said or _PASSIVE.search(between) or _symmetric(between):
        return None
    at_a, at_b = _first(a, words), _first(b, words)
    if at_a is None or at_b is None or at_b >= at_a:
        return None
    theirs = sentence[at_b:at_a]
    if _PASSIVE.search(theirs) or _symmetric(theirs):
        return None
    inside = [w for w, at in words if at_b < at < at_a and w.islower() and not w.startswith("di")]
    return " ".join(sentence.split()) if any(TokenIndex([w]).has(t) for t in said for w in inside) else None


_BY_WORDS = frozenset({"oleh", "by"})
_BY = re.compile(rf"\b(?:{'|'.join(sorted(_BY_WORDS))})\s+$", re.IGNORECASE)
_JOINED = re.compile(r"^\s*(?:,|dan|and|serta|&)\s*$", re.IGNORECASE)
_BE = frozenset({"was", "were", "is", "are", "been", "being"})
_DOER_GAP = 3
"""Words a verb may stand after who does it ("Kim Jong Un langsung menyambut"), or after "oleh"/"by"."""


def _agents(text: str, parties: Sequence[tuple[str, int, int]], at: int) -> set[str]:
    """The name words of the party that starts at ``at`` and of the parties joined to it ("Kim dan Putin")."""
    keys: set[str] = set()
    end = None
    for _, start, stop in parties:
        if start == at or (end is not None and start > end and _JOINED.match(text[end:start])):
            keys.update(_people(text[start:stop]))
            end = stop
        elif end is not None and start > end:
            break
    return keys


def _passive_acts(sentence: str, parties: Sequence[tuple[str, int, int]]) -> list[tuple[set[str], str]]:
    """(who did it, the verb) of each passive that names its doer: "disambut langsung oleh Kim Jong Un",
    "was welcomed by Kim". An Indonesian "di-" verb or an English one after "was"/"were"/"is"/"are"/"been".
    ``parties``: the sentence's (``_parties``)."""
    words = list(_WORD.finditer(sentence))
    acts: list[tuple[set[str], str]] = []
    for _, start, _ in parties:
        before = sentence[:start]
        if not _BY.search(before):
            continue
        near = [w for w in words if w.end() <= start][-(_DOER_GAP + 2) : -1]
        for i, w in enumerate(near):
            low = w.group(0).lower()
            english = i > 0 and near[i - 1].group(0).lower() in _BE
            if _passive_word(low) or english:
                acts.append((_agents(sentence, parties, start), low))
                break
    return acts


def _doer(claim: str) -> tuple[set[str], ClaimToken] | None:
    """Who the claim says did it and the verb it says they did: the party before its first content word
    ("Putin menyambut ..."), or the one after "oleh"/"by" of a passive claim; None when the claim says neither."""
    parties = _parties(claim)
    if not parties:
        return None
    passive = _passive_acts(claim, parties)
    if passive:
        agents, verb = passive[0]
        tokens = claim_tokens(verb)
        return (agents, tokens[0]) if tokens else None
    _, start, end = parties[0]
    after = claim[end:]
    if after.lstrip().startswith((",", "dan ", "and ", "serta ")) or _PASSIVE.search(
        " ".join(after.split()[:_DOER_GAP])
    ):
        return None
    for word in after.split()[:_DOER_GAP]:
        tokens = [t for t in claim_tokens(word) if not t.is_name and not t.is_number]
        if tokens:
            low = tokens[0].word
            return None if _passive_word(low) else (set(_people(claim[start:end])), tokens[0])
    return None


def other_doer(claim: str, passages: Sequence[str]) -> str | None:
    """The passage sentence that names the claim's doer but says, in a passive with its doer named, that someone
    else did what the claim says they did ("Vladimir Putin menyambut Putin" where the passage says "Kedatangan
    Putin yang disambut langsung oleh Kim Jong Un"), unless a passage says they did it. Else None."""
    found = _doer(claim)
    if found is None or found[1].word in SYMMETRIC:
        return None
    doers, verb = found
    conflict = None
    for sentence in (s for p in passages for s in split_sentences(p)):
        parties = _parties(sentence)
        acts = [agents for agents, word in _passive_acts(sentence, parties) if TokenIndex([word]).has(verb)]
        if any(agents & doers for agents in acts) or _does(sentence, parties, doers, verb):
            return None
        named = {w for _, start, end in parties for w in _people(sentence[start:end])}
        if acts and conflict is None and doers & named:
            conflict = " ".join(sentence.split())
    return conflict


def _does(sentence: str, parties: Sequence[tuple[str, int, int]], doers: set[str], verb: ClaimToken) -> bool:
    """Whether the sentence writes the verb within a few words after one of ``doers`` (an active clause)."""
    for _, start, end in parties:
        if not doers & set(_people(sentence[start:end])):
            continue
        for w in [m.group(0).lower() for m in _WORD.finditer(sentence[end:])][: _DOER_GAP + 1]:
            if _passive_word(w) or w in _BE or w in _BY_WORDS:
                break  # what is done to them
            if TokenIndex([w]).has(verb):
                return True
    return False


def _passive_word(word: str) -> bool:
    """An Indonesian "di-" verb ("disambut"; not "dia", "dinas")."""
    return word.startswith("di") and stem(word) != word


def _symmetric(text: str) -> bool:
    return any(w.lower() in SYMMETRIC for w in _WORD.findall(text))
