"""Pure text functions for cited answers: sentence splitting, citation-marker parsing, renumbering, quotes.

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

from assistant.text import content_tokens

MAX_BARE_PAREN = 50
"""Largest number a bare "(N)" may carry and still count as a marker."""

_NUM = r"\d{1,3}(?!\d|[.,]\d{3}|\.\d)"
_RANGE_WORDS = r"to|sampai|hingga|s/d"
_SEP = rf"\s*(?:,|;|&|\band\b|\bdan\b|\b(?:{_RANGE_WORDS})\b|[-–—]|\s)\s*"
_BARE_SEP = rf"\s*(?:,|&|\band\b|\bdan\b|[-–—])\s*"
_PREFIX_IN = (
    r"(?:sources?|sumber|passages?|pasase|paragraph|references?|refs?|referensi|documents?|docs?|dokumen"
    r"|kutipan|citations?|artikel|articles?|bagian|teks|texts?|konteks|context)"
)
_PREFIX_BARE = r"(?:sources?|sumber|passages?)"
_ITEM = rf"(?:{_PREFIX_IN}\s*[:#]?\s*)?\^?\s*{_NUM}"
_GROUP = rf"{_ITEM}(?:{_SEP}{_ITEM})*"

_MARKER = re.compile(
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
    for m in _MARKER.finditer(sentence):
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


def strip_markers(text: str, n_passages: int | None = None) -> str:
    """``text`` without citation markers; without ``n_passages`` bare "(N)" numbers are kept."""
    if n_passages is not None:
        return " ".join(p.text for p in parse_answer(text, n_passages) if p.text)
    pieces: list[str] = []
    last = 0
    for m in _MARKER.finditer(text):
        if m.group("paren") is not None and m.group("pprefix") is None:
            continue
        pieces += [text[last : m.start()], " "]
        last = m.end()
    if not pieces:
        return text.strip()
    pieces.append(text[last:])
    return _tidy("".join(pieces), text)


# --- sentence splitting -------------------------------------------------------------------------

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
    rf"""(?P<punct>[.!?…]+|[。！？])(?P<close>["'”’»)\]]*)(?P<marks>(?:\s*(?:{_MARKER.pattern}))*)""",
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
    return not re.search(r"\w", strip_markers(segment, None) if segment else "")


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


_LEADING_RUN = re.compile(r"((?:\[\d{1,3}\]\s*)+)")


def _trailing_markers(answer: str) -> str:
    """Rewrite "[1] text. [2] more." (markers written before their text, as small models do) to
    "text. [1]\nmore. [2]", so that each marker run belongs to the text after it."""
    if not re.match(r"\s*\[\d{1,3}\]", answer):
        return answer
    out: list[str] = []
    pending = ""
    for part in _LEADING_RUN.split(answer):
        if _LEADING_RUN.fullmatch(part):
            pending = part.strip()
        elif part.strip():
            out.append(f"{part.strip()} {pending}".strip())
            pending = ""
    if pending:
        out.append(pending)
    return "\n".join(out)


def parse_answer(answer: str, n_passages: int) -> list[ParsedSentence]:
    """Split an answer into sentences and parse each one's markers (leading markers included)."""
    return [parse_markers(s, n_passages) for s in split_sentences(_trailing_markers(answer))]


# --- numbering and rendering --------------------------------------------------------------------


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
    """"[1][3]" for the given numbers, sorted and deduplicated."""
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


# --- quotes -------------------------------------------------------------------------------------


def _weights(text: str) -> dict[str, float]:
    return {t: (2.0 if t[0].isdigit() else 1.0) for t in content_tokens(text)}


def _trim(text: str, max_chars: int, wanted: set[str]) -> str:
    """Cut ``text`` to ``max_chars`` at word boundaries, keeping the window with most ``wanted`` tokens.

    Cuts are marked with "…" (counted in ``max_chars``); among equal windows the earliest wins.
    """
    if len(text) <= max_chars:
        return text
    spans = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    last = len(spans) - 1
    hits = [1 if set(content_tokens(text[a:b])) & wanted else 0 for a, b in spans]

    def cost(i: int, j: int) -> int:
        return spans[j][1] - spans[i][0] + (i > 0) + (j < last)

    best: tuple[int, int, int] | None = None
    for i in range(len(spans)):
        j = i
        while j < last and cost(i, j + 1) <= max_chars:
            j += 1
        if cost(i, j) > max_chars:
            continue
        score = sum(hits[i : j + 1])
        if best is None or score > best[0]:
            best = (score, i, j)
    if best is None:  # not even one word fits
        return text[: max(0, max_chars - 1)] + "…"
    _, i, j = best
    return ("…" if i > 0 else "") + text[spans[i][0] : spans[j][1]] + ("…" if j < last else "")


def make_quote(passage_text: str, sentence: str, max_chars: int = 200) -> str:
    """The passage sentence(s) that best overlap ``sentence``, at most ``max_chars`` long ("…" marks cuts).

    Sentences are scored by shared content tokens (numbers count double); the best one is extended by a
    neighbour that adds shared tokens while it fits. With no overlap at all the passage's first sentence
    is used.
    """
    want = _weights(strip_markers(sentence))
    sents = [re.sub(r"\s+", " ", s) for s in split_sentences(passage_text)]
    if not sents:
        return ""
    toks = [set(content_tokens(s)) for s in sents]

    def gain(i: int, have: set[str]) -> float:
        return sum(w for t, w in want.items() if t in toks[i] and t not in have)

    best = max(range(len(sents)), key=lambda i: (gain(i, set()), -i))
    lo = hi = best
    have = toks[best] & set(want)
    while True:
        options = [k for k in (lo - 1, hi + 1) if 0 <= k < len(sents) and gain(k, have) > 0]
        options = [k for k in options if len(" ".join(sents[min(lo, k) : max(hi, k) + 1])) <= max_chars]
        if not options:
            break
        k = max(options, key=lambda k: gain(k, have))
        lo, hi = min(lo, k), max(hi, k)
        have |= toks[k] & set(want)
    return _trim(" ".join(sents[lo : hi + 1]), max_chars, set(want))
