"""Tell Indonesian from English by scoring function words and word shapes (pure Python, no model).

Each word adds evidence to one side:

* a function word of the language (``yang``, ``di``, ``siapa`` / ``the``, ``of``, ``who``) adds 1.0
  (a few short or ambiguous ones add less, see the tables);
* a lower-case Indonesian word with an affix that the Sastrawi stemmer strips to a dictionary root
  (``disambut`` -> ``sambut``) adds 1.0, other ``-nya/-kan/-lah/-kah`` words 0.75, any other lower-case
  word of the Sastrawi root dictionary 0.5;
* a lower-case word outside that dictionary with an English suffix (``-ing``, ``-ed``, ``-tion``, ``-ly``...)
  adds 1.0 to English, one with an English letter cluster (``th``, ``wh``, ``ck``, ``ee``...) 0.5.

Capitalised words that are not function words (Putin, Kim, Pyongyang, Korea Utara), acronyms (AS, NATO)
and numbers are neutral, except that the first word of a sentence is also scored as if lower-case, at half
weight ("Berdasarkan artikel:").
A language wins when it has at least ``MIN_EVIDENCE`` and at least ``MIN_RATIO`` times the other side's
evidence; otherwise the text is undecided (None).
"""

from __future__ import annotations

import os
import re
from functools import lru_cache

from assistant.text import stem
from assistant.vocabulary import PARTICLES

LANGUAGE_NAMES: dict[str, str] = {"id": "Indonesian (Bahasa Indonesia)", "en": "English"}

MIN_EVIDENCE = 1.0
"""Evidence the winning language needs: one clear function word, or two dictionary words."""

MIN_RATIO = 1.5
"""How many times more evidence than the other language the winner needs."""

_ID_FUNCTION: dict[str, float] = {
    w: 1.0
    for w in """yang dan di ke dari untuk dengan adalah ialah ini itu tidak tak akan pada dalam apa apakah siapa
    siapakah kapan kapankah mengapa kenapa bagaimana berapa berapakah manakah dimana juga atau oleh sebagai
    telah sudah belum bahwa karena saat ketika setelah sebelum antara tersebut para serta namun tetapi tapi
    bisa dapat ada kami kita saya aku dia mereka ia beliau sang bagi hingga sampai tentang seperti lebih masih
    sedang yaitu yakni pun lalu kemudian menurut sejak selama terhadap melalui secara jika kalau agar supaya
    sangat hanya semua beberapa banyak kedua pertama tahun hari bulan kata ujar kepada daripada sini sana
    maupun baik begitu demikian sekitar sementara yakni guna demi apabila bila tanpa belakangan setiap
    tiap sesudah selain termasuk bukan bukanlah adapun pula lagi ya tidaklah jadi maka""".split()
}
_ID_FUNCTION.update({"mana": 0.75, "per": 0.25, "sang": 0.5, "ya": 0.5})
_ID_FUNCTION.update(dict.fromkeys(PARTICLES, 1.0))

_EN_FUNCTION: dict[str, float] = {
    w: 1.0
    for w in """the and of to in is are was were be been being has have had having what who whom whose when
    where why how which did does do done not this that these those they them their there then than with
    from for by about after before during into over under between against through without while will would
    should could can cannot may might must shall its it he she his her him we our you your i my me us
    also only just very much many more most some any all each every other such both either neither
    an a at as or but if because since until so yes according said says told asked visit visited
    met meet meeting year years first last next ago""".split()
}
_EN_FUNCTION.update({"a": 0.5, "i": 0.5, "us": 0.5, "so": 0.75, "an": 0.75, "as": 0.5, "it": 0.75})

_EN_SUFFIX = re.compile(r"(?:ing|ed|tion|tions|sion|sions|ly|ness|ment|ments|ity|ous|ies|ful|less|ship)$")
_EN_SHAPE = re.compile(r"th|wh|ck|ph|ee|oo|ou|sh(?![aio])|qu|x")
_AFTER_END = re.compile(r"[.!?:;\n][\"'”’)\]]*\s*[\"'“‘(\[-]*$")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)


@lru_cache(maxsize=1)
def _id_dictionary() -> frozenset[str]:
    """Sastrawi's Indonesian root-word dictionary (about 30,000 words)."""
    import Sastrawi

    path = os.path.join(os.path.dirname(Sastrawi.__file__), "Stemmer", "data", "kata-dasar.txt")
    with open(path, encoding="utf-8") as f:
        return frozenset(line.strip().lower() for line in f if line.strip())


def function_word(word: str) -> bool:
    """Whether ``word`` (any case) is an Indonesian or English function word."""
    low = word.lower()
    return low in _ID_FUNCTION or low in _EN_FUNCTION


def dictionary_word(word: str) -> bool:
    """Whether ``word`` (any case) or its stem is in the Indonesian root-word dictionary."""
    low = word.lower()
    return low in _id_dictionary() or stem(low) in _id_dictionary()


def _word_evidence(word: str) -> tuple[float, float]:
    """(Indonesian, English) evidence of one word as written (case matters: names are neutral)."""
    low = word.lower().replace("’", "'")
    if len(word) > 1 and word.isupper():
        return 0.0, 0.0  # acronyms: AS, US, NATO, KCNA
    if low in _ID_FUNCTION or low in _EN_FUNCTION:
        return _ID_FUNCTION.get(low, 0.0), _EN_FUNCTION.get(low, 0.0)
    if "'" in low:  # English contractions and possessives: don't, Kim's, it's
        return 0.0, 0.75 if re.search(r"'(?:s|t|re|ve|ll|d|m)$", low) else 0.0
    if not word.islower() or len(low) < 3:
        return 0.0, 0.0  # names, acronyms, sentence-initial content words, stray letters
    dictionary = _id_dictionary()
    if len(low) >= 5 and stem(low) != low and stem(low) in dictionary:
        return 1.0, 0.0
    if low.endswith(("nya", "kan", "lah", "kah")) and len(low) >= 6:
        return 0.75, 0.0
    if low in dictionary:
        return 0.5, 0.0
    if len(low) >= 5 and _EN_SUFFIX.search(low):
        return 0.0, 1.0
    if _EN_SHAPE.search(low):
        return 0.0, 0.5
    return 0.0, 0.0


_LEAD = " \t\"'“‘([-"
"""What may stand before the first word of a text (quotes, brackets, a dash)."""


def _at_sentence_start(text: str, pos: int, lead: int) -> bool:
    """Whether the word at ``pos`` is the first of a sentence: the text's first (``lead`` is where the text
    starts after quotes and brackets), or after a sentence end. Looks at 8 characters only, so scoring stays
    linear in the text."""
    return pos <= lead or bool(_AFTER_END.search(text[max(0, pos - 8) : pos]))


def language_scores(text: str) -> dict[str, float]:
    """Evidence for each language in ``text`` (see the module docstring)."""
    id_score = en_score = 0.0
    lead = len(text) - len(text.lstrip(_LEAD))
    for m in _WORD.finditer(text):
        word = m.group(0)
        i, e = _word_evidence(word)
        if i == e == 0.0 and word[:1].isupper() and not word.isupper() and _at_sentence_start(text, m.start(), lead):
            # "Berdasarkan artikel:" - a capitalised first word may be an ordinary word (or a name): half weight
            i, e = (x * 0.5 for x in _word_evidence(word.lower()))
        id_score += i
        en_score += e
    return {"id": id_score, "en": en_score}


def detect_language(text: str) -> str | None:
    """ "id", "en", or None when the text is too short or neutral to tell."""
    scores = language_scores(text)
    best = max(scores, key=lambda k: scores[k])
    other = scores["en" if best == "id" else "id"]
    if scores[best] < MIN_EVIDENCE or scores[best] < MIN_RATIO * other:
        return None
    return best


NEUTRAL_WORDS = 4
"""Texts of fewer words than this with no decided language ("Kim Jong Un.", "2019.") are language-neutral."""


def in_language(text: str, language: str) -> bool:
    """Whether ``text`` is in ``language``: detected as it, or too short to tell (a bare name or number)."""
    detected = detect_language(text)
    return detected == language or (detected is None and len(_WORD.findall(text)) < NEUTRAL_WORDS)


def question_language(text: str, default: str = "en") -> str:
    """The language of a question, ``default`` when undecided."""
    return detect_language(text) or default
