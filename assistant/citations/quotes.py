"""Quotes: the words of a passage that back an answer sentence, trimmed to fit."""

from __future__ import annotations

import re

from assistant.citations.answers import strip_markers
from assistant.citations.sentences import split_sentences
from assistant.text import content_tokens


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
