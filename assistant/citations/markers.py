"""Citation markers in answers: parsing the many spellings small models write, renumbering, and the
normalized style written back.

Passages are numbered [1]..[k] in the prompt and the model is asked to end each sentence with the
markers of the passages that support it. Small models drift, so the parser accepts many spellings
(see ``parse_markers``) and ``format_answer`` writes one normalized style back.

Marker rules (``n`` = number of passages in the prompt):

* Explicit markers - square or full-width brackets ("[1]", "[1, 2]", "[1-3]", "[^1]", "^[1]", "【1】",
  "[Source 1]", "[Passage 3]") and citation words with a number ("Source 1", "Sources 1 and 2",
  "Sumber 2", "(Source 1)"): numbers 1..n are markers; any other number of at most three digits makes
  the whole marker a *dropped* one (its raw text is reported, its valid numbers still count). Ranges
  expand ("[1-3]" -> 1, 2, 3). Four-digit numbers are never markers: "[2019]" stays text.
* A bare parenthesised number or list "(N)", "(1, 2)" is a marker only when every number is in 1..n
  and at most 50; otherwise it stays text ("(2018)", "(19/6)", "(7)" with 4 passages).

Normalized style (``format_answer``): each sentence's markers, sorted, go right before its final
punctuation - "Kim Jong Un greeted Putin at the airport [1][3]." - or after a closing quote that ends it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

MAX_BARE_PAREN = 50
"""Largest number a bare "(N)" may carry and still count as a marker."""

_NUM = r"\d{1,3}(?!\d|[.,]\d{3}|\.\d)"
_RANGE_WORDS = r"to|sampai|hingga|s/d"
_SEP = rf"\s*(?:,|;|&|\band\b|\bdan\b|\b(?:{_RANGE_WORDS})\b|[-–—]|\s)\s*"
_BARE_SEP = r"\s*(?:,|&|\band\b|\bdan\b|[-–—])\s*"
_PREFIX_IN = (
    r"(?:sources?|sumber|passages?|pasase|paragraph|references?|refs?|referensi|documents?|docs?|dokumen"
    r"|kutipan|citations?|artikel|articles?|bagian|teks|texts?|konteks|context)"
)
_PREFIX_BARE = r"(?:sources?|sumber|passages?)"
_ITEM = rf"(?:{_PREFIX_IN}\s*[:#]?\s*)?\^?\s*{_NUM}"
_GROUP = rf"{_ITEM}(?:{_SEP}{_ITEM})*"

MARKER = re.compile(
    rf"""
    (?P<square>\^?\[\s*\^?\s*{_GROUP}\s*\]|【\s*{_GROUP}\s*】|［\s*{_GROUP}\s*］)
    |(?P<paren>\(\s*(?P<pprefix>{_PREFIX_IN}\s*[:#]?\s*)?{_GROUP}\s*\))
    |(?P<bare>(?<![\w-]){_PREFIX_BARE}\s*[:#]?\s*
        (?:\[\s*{_GROUP}\s*\]|{_NUM}(?:{_BARE_SEP}{_NUM})*)(?![\w]))
    """,
    re.IGNORECASE | re.VERBOSE,
)
_RANGE_TOKEN = re.compile(rf"\d+|[-–—]|\b(?:{_RANGE_WORDS})\b", re.IGNORECASE)


@dataclass
class ParsedSentence:
    """One answer sentence with its markers removed and read as passage numbers."""

    text: str
    markers: list[int] = field(default_factory=list)
    """Valid 1-based passage numbers, deduplicated, in order of appearance."""
    dropped: list[str] = field(default_factory=list)
    """Raw text of markers that named a number outside 1..n (e.g. "[9]")."""


def _numbers(marker_text: str) -> list[int] | None:
    """The numbers a marker names, ranges expanded; None for a backwards or huge range."""
    tokens = _RANGE_TOKEN.findall(marker_text)
    out: list[int] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.isdigit():
            if i + 2 < len(tokens) and not tokens[i + 1].isdigit() and tokens[i + 2].isdigit():
                a, b = int(tok), int(tokens[i + 2])
                if b < a or b - a > MAX_BARE_PAREN:
                    return None
                out.extend(range(a, b + 1))
                i += 3
                continue
            out.append(int(tok))
        i += 1
    return out


def _classify(m: re.Match[str], n_passages: int) -> tuple[list[int], bool, bool]:
    """(valid numbers, is a marker at all, has invalid numbers) for one regex match."""
    raw = m.group(0)
    nums = _numbers(raw)
    explicit = m.group("paren") is None or m.group("pprefix") is not None
    if explicit:
        if nums is None:
            return [], True, True
        valid = [x for x in nums if 1 <= x <= n_passages]
        return valid, True, len(valid) != len(nums)
    if nums and all(1 <= x <= min(n_passages, MAX_BARE_PAREN) for x in nums):
        return nums, True, False
    return [], False, False


_LEAD_PHRASE = re.compile(
    r"^\s*(?:according to|based on|as stated in|as mentioned in|see|menurut|berdasarkan|lihat|"
    r"seperti (?:disebutkan|dijelaskan) (?:di|dalam))\s*(?:the\s+)?[,:;]\s*",
    re.IGNORECASE,
)
_DANGLING_PHRASE = re.compile(
    r"[,;]?\s*\b(?:according to|based on|as stated in|see|menurut|berdasarkan|lihat)\s*(?=[.!?,;:]*\s*$)",
    re.IGNORECASE,
)


def _tidy(text: str, original: str) -> str:
    """Clean the whitespace and punctuation left where markers were removed."""
    t = re.sub(r"\(\s*\)|\[\s*\]|【\s*】", " ", text)
    t = re.sub(r"[ \t]+", " ", t)
    t = re.sub(r"\s+([.,;:!?…])", r"\1", t)
    t = re.sub(r"([,;:])(?:\s*[,;:])+", r"\1", t)
    t = re.sub(r"[,;:]\s*([.!?])", r"\1", t)
    t = re.sub(r"(?<!\.)\.\.(?!\.)", ".", t)
    t = _LEAD_PHRASE.sub("", t)
    t = _DANGLING_PHRASE.sub("", t)
    t = re.sub(r"^[\s,;:]+", "", t).strip()
    if t and original.lstrip()[:1].isupper() and t[0].islower():
        t = t[0].upper() + t[1:]
    return t


def parse_markers(sentence: str, n_passages: int) -> ParsedSentence:
    """Read and remove the citation markers of one sentence (rules in the module docstring)."""
    markers: list[int] = []
    dropped: list[str] = []
    pieces: list[str] = []
    last = 0
    for m in MARKER.finditer(sentence):
        valid, is_marker, has_invalid = _classify(m, n_passages)
        if not is_marker:
            continue
        pieces.append(sentence[last : m.start()])
        pieces.append(" ")
        last = m.end()
        for x in valid:
            if x not in markers:
                markers.append(x)
        if has_invalid:
            dropped.append(m.group(0).strip())
    if not pieces:
        return ParsedSentence(text=sentence.strip(), markers=[], dropped=[])
    pieces.append(sentence[last:])
    return ParsedSentence(text=_tidy("".join(pieces), sentence), markers=markers, dropped=dropped)


def remove_markers(text: str) -> str:
    """``text`` without its citation markers; bare "(N)" numbers are kept (they may be text)."""
    pieces: list[str] = []
    last = 0
    for m in MARKER.finditer(text):
        if m.group("paren") is not None and m.group("pprefix") is None:
            continue
        pieces += [text[last : m.start()], " "]
        last = m.end()
    if not pieces:
        return text.strip()
    pieces.append(text[last:])
    return _tidy("".join(pieces), text)


def renumber(sentence_markers: Iterable[Sequence[int]]) -> dict[int, int]:
    """Map passage numbers to citation numbers 1, 2, ... in order of first use."""
    mapping: dict[int, int] = {}
    for markers in sentence_markers:
        for p in markers:
            if p not in mapping:
                mapping[p] = len(mapping) + 1
    return mapping


_FINAL = re.compile(r"(?P<body>.*?)(?P<punct>[.!?…。！？]+)$", re.DOTALL)


def format_marker(numbers: Iterable[int]) -> str:
    """ "[1][3]" for the given numbers, sorted and deduplicated."""
    return "".join(f"[{n}]" for n in sorted(set(numbers)))


def format_sentence(text: str, markers: Iterable[int]) -> str:
    """One sentence in the normalized style: markers before the final punctuation, "Kim met Putin [1]."

    A sentence that ends in a closing quote or bracket gets its markers after it (`... worried.” [1]`);
    a sentence without final punctuation gets them at the end.
    """
    text = text.strip()
    mark = format_marker(markers)
    if not mark:
        return text
    m = _FINAL.match(text)
    if m and m.group("body").strip():
        return f"{m.group('body').rstrip()} {mark}{m.group('punct')}"
    return f"{text} {mark}" if text else mark


def format_answer(sentences: Sequence[tuple[str, Sequence[int]]]) -> str:
    """Render ``(text, citation numbers)`` pairs as one paragraph in the normalized marker style."""
    return " ".join(s for s in (format_sentence(t, ms) for t, ms in sentences) if s)
