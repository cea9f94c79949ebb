"""Newsroom questions about the outlets themselves, recognised by their form (pure functions).

* "Which outlets reported that ...?", "Media apa saja yang memberitakan ...?": a ``WhichOutlets`` question,
  whose claim is the question without its outlet phrase;
* "Did X and Y agree on ...?", "Apakah X dan Y sama-sama menyebut ...?": an ``AgreeQuestion`` about the
  named outlets (each resolved to an indexed outlet, as filters resolve them) and the claim or topic;
* "According to X, ...", "Menurut X, ...": an ordinary question limited to X's articles (the filter does
  that, ``assistant.retrieval.filters``); ``without_attribution`` is the question it asks of them.

``assistant.answering.newsroom`` answers the first two.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.retrieval.filters import ATTRIBUTION, outlet_key

_OUTLET_NOUNS = (
    r"(?:news\s+)?(?:outlets?|media|sites?|websites?|portals?|newspapers?|publications?|organi[sz]ations?|"
    r"agencies|sources?)|news"
)
_REPORTED = (
    r"(?:have\s+|has\s+|had\s+)?(?:reported|report|reports|wrote|write|writes|covered|cover|covers|carried|carry|"
    r"carries|mentioned|mention|mentions|published|publish|publishes|said|say|says|ran|run)"
)
_PUBLISHED = r"(?:(?:have\s+|has\s+|had\s+)?(?:reported|reports|wrote|covered|carried|published|ran))"
"""Verbs that make "who ...?" a question about outlets ("Who said ...?" asks for a person)."""
_MEMBERITAKAN = r"(?:memberitakan|melaporkan|mewartakan|memuat|mengabarkan)"
_MELAPORKAN = r"(?:memberitakan|melaporkan|menulis(?:kan)?|menyebut(?:kan)?|mewartakan|memuat|mengabarkan|mengatakan)"
_MEDIA = r"(?:media(?:\s+massa)?|outlet|situs(?:\s+berita)?|portal(?:\s+berita)?|kantor\s+berita|sumber(?:\s+berita)?)"
_ABOUT_EN = r"(?:\s+(?P<about>on|about|that))?"
_ABOUT_ID = r"(?:\s+(?P<about>bahwa|soal|tentang|mengenai|perihal))?"

WHICH_PATTERNS = (
    re.compile(rf"^(?:which|what)\s+(?:{_OUTLET_NOUNS})\s+{_REPORTED}{_ABOUT_EN}\s+(?P<claim>.+)$", re.IGNORECASE),
    re.compile(rf"^who\s+{_PUBLISHED}{_ABOUT_EN}\s+(?P<claim>.+)$", re.IGNORECASE),
    re.compile(
        rf"^(?:(?:apa|mana)\s+saja\s+)?{_MEDIA}\s+(?:apa|mana)(?:\s+saja)?\s+yang\s+{_MELAPORKAN}{_ABOUT_ID}\s+(?P<claim>.+)$",
        re.IGNORECASE,
    ),
    re.compile(
        rf"^(?:siapa|apa|mana)\s+saja\s+{_MEDIA}\s+yang\s+{_MELAPORKAN}{_ABOUT_ID}\s+(?P<claim>.+)$", re.IGNORECASE
    ),
    re.compile(rf"^(?:siapa|apa|mana)\s+saja\s+yang\s+{_MEMBERITAKAN}{_ABOUT_ID}\s+(?P<claim>.+)$", re.IGNORECASE),
)
"""Forms of "which outlets reported CLAIM?"; ``claim`` is what they reported."""

_AGREE_EN = (
    r"(?:agree|both\s+(?:say|said|report|reported|mention|mentioned|write|wrote|state|stated|name|named)|"
    r"say\s+the\s+same|report\s+the\s+same|give\s+the\s+same\s+\w+)"
)
_AGREE_ID = (
    rf"(?:sepakat|sependapat|sama-sama\s+{_MELAPORKAN}|kompak\s+{_MELAPORKAN}|memberitakan\s+hal\s+yang\s+sama|"
    r"menyebut\s+hal\s+yang\s+sama)"
)
AGREE_PATTERNS = (
    re.compile(
        rf"^(?:did|do|does)\s+(?P<a>.+?)\s+and\s+(?P<b>.+?)\s+{_AGREE_EN}(?:\s+(?:on|about|that|whether|in))?\s+(?P<claim>.+)$",
        re.IGNORECASE,
    ),
    re.compile(
        rf"^(?:apakah\s+)?(?P<a>.+?)\s+dan\s+(?P<b>.+?)\s+{_AGREE_ID}(?:\s+(?:soal|tentang|mengenai|bahwa|dalam|perihal))?\s+(?P<claim>.+)$",
        re.IGNORECASE,
    ),
)
"""Forms of "did X and Y agree on CLAIM?"."""


@dataclass(frozen=True)
class WhichOutlets:
    """ "Which outlets reported CLAIM?"."""

    claim: str
    about: str = ""
    """The word the question put before the claim ("that", "bahwa", "soal"; "" when none)."""


@dataclass(frozen=True)
class AgreeQuestion:
    """ "Did OUTLETS agree on CLAIM?" (the outlets as indexed)."""

    outlets: tuple[str, ...]
    claim: str


def _clean(claim: str) -> str:
    return claim.strip().rstrip("?.!").strip()


def outlet_question(question: str, known: Sequence[str]) -> WhichOutlets | AgreeQuestion | None:
    """The newsroom question ``question`` is, over an index holding the outlets ``known``; None for any other
    question (an outlet phrase that names no indexed outlet makes no agree question)."""
    text = " ".join(question.split())
    for pattern in AGREE_PATTERNS:
        m = pattern.match(text)
        if m:
            outlets = [_outlet(m.group(g), known) for g in ("a", "b")]
            if all(outlets) and len(set(outlets)) == 2 and _clean(m.group("claim")):
                return AgreeQuestion(tuple(o for o in outlets if o), _clean(m.group("claim")))
    for pattern in WHICH_PATTERNS:
        m = pattern.match(text)
        if m and _clean(m.group("claim")):
            return WhichOutlets(_clean(m.group("claim")), (m.group("about") or "").lower())
    return None


def _outlet(name: str, known: Sequence[str]) -> str | None:
    """The indexed outlet ``name`` stands for ("Perspektif" -> "PERSPEKTIF.CO.ID"), None when none."""
    key = outlet_key(name.strip().strip(",").removeprefix("the ").removeprefix("media "))
    found = [o for o in known if o and outlet_key(o) == key]
    return found[0] if found else None


def without_attribution(question: str, outlets: Sequence[str]) -> str:
    """The question an outlet-attributed question asks of that outlet's articles: "According to PERSPEKTIF.CO.ID,
    where would Putin stop?" -> "where would Putin stop?"; unchanged when it names none of ``outlets``."""
    keys = {outlet_key(o) for o in outlets if o}
    for m in ATTRIBUTION.finditer(question):
        words = m.group("name").split()
        for n in range(len(words), 0, -1):
            if outlet_key(" ".join(words[:n]).rstrip(".,")) in keys:
                end = m.start("name") + len(" ".join(words[:n]))
                rest = question[end:].lstrip(" ,:;-–")
                before = question[: m.start()].rstrip(" ,:;-–")
                joined = f"{before} {rest}".strip() if before else rest
                return joined[:1].upper() + joined[1:] if joined and not before else joined or question
    return question
