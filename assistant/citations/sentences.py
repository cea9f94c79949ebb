"""Sentence splitting for Indonesian and English news text and answers: abbreviations, titles, bullets
and quotes do not end a sentence; citation markers stay with the sentence they follow."""

from __future__ import annotations

import re

from assistant.citations.markers import MARKER, remove_markers

_TITLES = frozenset(
    """dr dr drs drg ir mr mrs ms mx prof sen rep gov gen lt col capt cpt sgt maj adm cmdr st mt ft jl jln no nr
    nos vol hal ps pp bpk ibu sdr sdri tn ny yth kh hj h kol mayjen brigjen letjen jend kapt rp kab kec kel prov
    jan feb apr jun jul aug agu agt sep sept okt oct nov des dec fig vs approx ca cf e.g i.e a.n u.p""".split()
)
"""Abbreviations that do not end a sentence, lower-cased, without their final period."""

_AMBIGUOUS = frozenset("etc dll dsb dst dkk inc ltd co corp jr sr bros a.m p.m".split())
"""Abbreviations that may or may not end a sentence: split only before a capitalised word."""

_AFTER_ABBREV = frozenset(
    """president presiden secretary sekretaris minister menteri department departemen state states army navy
    air senate senator congress kongres embassy kedutaan dollar dolar treasury federal forces government
    official officials ambassador duta""".split()
)
"""Capitalised words that usually continue a sentence after a dotted acronym such as "U.S."."""

_OPEN_CHARS = "\"'“‘«([【"
_END = re.compile(
    rf"""(?P<punct>[.!?…]+|[。！？])(?P<close>["'”’»)\]]*)(?P<marks>(?:\s*(?:{MARKER.pattern}))*)""",
    re.IGNORECASE | re.VERBOSE,
)
_BULLET = re.compile(r"^\s*(?:[-*•·▪●◦–—+]|\d{1,2}[.)]|[a-z][.)]|\(\d{1,2}\)|\([a-z]\))\s+")


def _is_boundary(text: str, m: re.Match[str]) -> bool:
    """Whether the punctuation matched at ``m`` ends a sentence."""
    rest = text[m.end() :]
    nxt = rest.lstrip()
    if not nxt:
        return True
    if rest[:1] and not rest[:1].isspace() and not m.group("marks"):
        return False  # "3.5", "U.S.A", "Kim.[1]" handled via marks
    first = nxt[0]
    if not (first.isupper() or first.isdigit() or first in _OPEN_CHARS or first in "-•*"):
        return False
    if m.group("punct") != "." or m.group("marks") or m.group("close"):
        return True
    before = text[: m.start()]
    word_m = re.search(r"([^\s\"'“‘(\[]+)$", before)
    if word_m is None:
        return True
    word = word_m.group(1)
    low = word.lower()
    if low in _TITLES:
        return False
    if re.fullmatch(r"[A-Z]", word):  # an initial: "John F. Kennedy"
        return False
    next_word = re.match(r"[\w’']+", nxt)
    next_low = next_word.group(0).lower() if next_word else ""
    if low in _AMBIGUOUS or re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", word):
        return next_low not in _AFTER_ABBREV
    return True


def _split_block(block: str) -> list[str]:
    """Split one paragraph or list item into sentences."""
    out: list[str] = []
    start = 0
    for m in _END.finditer(block):
        if m.end() <= start or not _is_boundary(block, m):
            continue
        piece = block[start : m.end()].strip()
        if piece:
            out.append(piece)
        start = m.end()
    tail = block[start:].strip()
    if tail:
        out.append(tail)
    return out


def _blocks(text: str) -> list[str]:
    """Paragraphs and list items: every bullet or numbered item is its own block."""
    blocks: list[str] = []
    joinable = False
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.replace("**", "").replace("__", "").strip()
        if not line:
            joinable = False
            continue
        bullet = _BULLET.match(line)
        if bullet:
            line = line[bullet.end() :].strip()
            if not line:
                continue
            blocks.append(line)
        elif blocks and joinable and line[:1].islower():
            blocks[-1] += " " + line  # a line wrapped mid-sentence
        else:
            blocks.append(line)
        joinable = not re.search(r"[.!?…:]\W*$", line)
    return blocks


def _marker_only(segment: str) -> bool:
    return not re.search(r"\w", remove_markers(segment) if segment else "")


def split_sentences(text: str) -> list[str]:
    """Sentences of ``text``; list items are sentences, markers after a full stop stay with its sentence."""
    out: list[str] = []
    pending: list[str] = []  # marker-only pieces seen before any sentence
    for block in _blocks(text):
        for piece in _split_block(block):
            if _marker_only(piece):
                if not re.search(r"\d", piece):
                    continue  # stray punctuation
                if out:
                    out[-1] = f"{out[-1]} {piece}"
                else:
                    pending.append(piece)
                continue
            if pending:
                piece = f"{piece} {' '.join(pending)}"
                pending = []
            out.append(piece)
    if pending:
        out.append(" ".join(pending))
    return out
