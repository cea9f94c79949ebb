"""Text as the injection checks read it: look-alike letters folded to Latin. Pure functions.

An article can spell an order with letters of another script that look like Latin ones ("іgnore" with a
Cyrillic і, "SYSTΕM" with a Greek Ε), so that no Latin pattern matches it. ``check_text`` undoes that, for
the check only (the indexed and cited text is never changed): terminal escapes and control characters
removed, NFKC (full-width and mathematical letters to ASCII), invisible characters removed, and in every word
that mixes Latin with look-alike letters, or is made of look-alike letters only, those letters replaced by
the Latin ones they imitate. Words of real Russian or Greek ("Игнорируй") keep their letters, so the
multilingual embedding still reads them.
"""

from __future__ import annotations

import re
import unicodedata

from assistant.safe_text import safe

_LOOK_ALIKES = """
0430 a  0435 e  043e o  0440 p  0441 c  0443 y  0445 x  0456 i  0458 j  0455 s  043a k  0501 d  051b q  051d w  04bb h
04cf l  0410 A  0412 B  0415 E  041a K  041c M  041d H  041e O  0420 P  0421 C  0422 T  0425 X  0423 Y  0406 I  0408 J
0405 S  050c G  03b1 a  03bf o  03b9 i  03c1 p  03c5 u  03bd v  03ba k  03c7 x  0391 A  0392 B  0395 E  0396 Z  0397 H
0399 I  039a K  039c M  039d N  039f O  03a1 P  03a4 T  03a5 Y  03a7 X  0131 i  0237 j
"""
_PAIRS = _LOOK_ALIKES.split()
CONFUSABLES: dict[str, str] = {chr(int(code, 16)): latin for code, latin in zip(_PAIRS[::2], _PAIRS[1::2], strict=True)}
"""Letters of other scripts that look like a Latin letter (Cyrillic U+04xx/U+05xx, Greek U+03xx, dotless
ı and ȷ), by code point, with that letter."""

INVISIBLE = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff"
)
"""Characters that show as nothing (soft hyphen, zero-width space/joiners, word joiner, BOM, ...)."""

_FOLD = str.maketrans(CONFUSABLES)
_DROP = dict.fromkeys(map(ord, INVISIBLE))
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_SPACES = re.compile(r"[^\S\n]+")


def _fold_word(match: re.Match[str]) -> str:
    word = match.group(0)
    look_alike = sum(ch in CONFUSABLES for ch in word)
    if not look_alike:
        return word
    latin = sum("a" <= ch.lower() <= "z" for ch in word)
    if latin or look_alike == len(word):
        return word.translate(_FOLD)
    return word


def fold_confusables(text: str) -> str:
    """``text`` with look-alike letters replaced by Latin ones in the words that use them to pass for Latin."""
    return _WORD.sub(_fold_word, text)


def check_text(text: str) -> str:
    """``text`` as the injection checks read it (see the module docstring); line breaks are kept, runs of
    other spaces become one space."""
    text = unicodedata.normalize("NFKC", safe(text)).translate(_DROP)
    text = fold_confusables(text)
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))
