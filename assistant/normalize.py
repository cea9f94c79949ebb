"""Text used for matching: NFKC-normalised, with invisible formatting characters removed, and a map back to
the original text.

Chunks (so BM25, embeddings, evidence, values and disagreements) and questions are made of ``matching_text``:
"Pu\\u200btin" is "Putin", full-width "ＰＵＴＩＮ" is "PUTIN", the ligature "ﬁ" is "fi". Citation spans still
point into the original file: ``matching_map`` gives every character of the matching text the offsets of the
original characters it came from.

NFKC never composes a character with a following ASCII one (no canonical composition has an ASCII second
element), so the text can be normalised piece by piece, cut before ASCII characters, with the same result as
normalising it whole: ``matching_map(t)[0] == matching_text(t)``.
"""

from __future__ import annotations

import re
import unicodedata

from assistant.safe_text import BIDI_CONTROLS, ZERO_WIDTH

INVISIBLE = ZERO_WIDTH + BIDI_CONTROLS + "\u00ad"
"""Characters that never count for matching: zero-width characters, bidirectional controls, the soft hyphen."""

_DROP = re.compile(f"[{INVISIBLE}]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def matching_text(text: str) -> str:
    """``text`` as it is matched: invisible characters removed, then NFKC."""
    kept = _DROP.sub("", text)
    return kept if unicodedata.is_normalized("NFKC", kept) else unicodedata.normalize("NFKC", kept)


def _piece(text: str, a: int, b: int, out: list[str], starts: list[int], ends: list[int]) -> None:
    """Append the matching text of ``text[a:b]`` (one ASCII character at most, then non-ASCII ones), each of
    its characters mapped to the original character it came from, with its combining marks; when
    normalising character by character differs from normalising the piece whole, to the whole piece."""
    clusters: list[list[int]] = []  # [start, end] in text of a character with its combining marks
    for k in range(a, b):
        ch = text[k]
        if ch in INVISIBLE:
            continue
        if clusters and unicodedata.combining(ch):
            clusters[-1][1] = k + 1
        else:
            clusters.append([k, k + 1])
    parts = [matching_text(text[s:e]) for s, e in clusters]
    whole = matching_text(text[a:b])
    if "".join(parts) != whole:
        out.append(whole)
        starts.extend([a] * len(whole))
        ends.extend([b] * len(whole))
        return
    for (s, e), part in zip(clusters, parts, strict=True):
        out.append(part)
        starts.extend([s] * len(part))
        ends.extend([e] * len(part))


def matching_map(text: str, start: int = 0, end: int | None = None) -> tuple[str, list[int], list[int]]:
    """The matching text of ``text[start:end]`` and, for each of its characters, the start and end offsets
    in ``text`` of the original characters it came from (``text[starts[i]:ends[j]]`` is what characters
    ``i``..``j`` stand for)."""
    end = len(text) if end is None else end
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    done = start
    for m in _NON_ASCII.finditer(text, start, end):
        a = m.start() - 1 if m.start() > start else m.start()  # the ASCII base of a first combining mark
        out.append(text[done:a])
        starts.extend(range(done, a))
        ends.extend(range(done + 1, a + 1))
        _piece(text, a, m.end(), out, starts, ends)
        done = m.end()
    out.append(text[done:end])
    starts.extend(range(done, end))
    ends.extend(range(done + 1, end + 1))
    return "".join(out), starts, ends
