"""Lexical matching across Indonesian and English: claim tokens, numbers, and "is this word in these texts?".

A claim's content tokens (``assistant.text.content_tokens``: stemmed, no stopwords) are weighted - numbers
3, proper-noun-like tokens 2 (capitalised or acronym, not sentence-initial), others 1. A token is *found* in
a set of texts when it is one of their tokens, is within ``FUZZY`` ``difflib`` similarity of one (5+
letters: Russia/Rusia, Moscow/Moskow, president/presiden), has one of its Indonesian glosses among them
(``assistant.vocabulary.glossary``: north/utara, wednesday/rabu, court/pengadilan, ...), or expands to an alias
they hold (Korut -> Korea Utara). Numbers are compared as digits, number words included ("lima" -> "5").
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

from assistant.text import content_tokens, stem
from assistant.vocabulary import (
    ALIASES,
    CLAIM_NUMBER_WORDS,
    COUNTRIES,
    DETERMINERS,
    MONTH_NAMES,
    NUMBER_WORDS,
    PASSAGE_NUMBER_WORDS,
    REPORTING_WORDS,
    ROLE_WORDS,
    glossary,
)

FUZZY = 0.8
"""difflib similarity at which two 5+ letter tokens count as the same word (Rusia/Russia)."""
NUMBER_WEIGHT = 3.0
NAME_WEIGHT = 2.0

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_PIECE = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)
_EDGE = "\"'“”‘’()[]{}.,;:!?…*"


def norm_number(token: str) -> str:
    """Digits of a number token without separators or leading zeros."""
    return token.replace(".", "").replace(",", "").lstrip("0") or "0"


_ROMAN = re.compile(r"\b[A-Z][\w-]* (X{0,3}(?:IX|IV|V?I{1,3}|V)|XX{1,2})(?![\w-])")
"""A Roman numeral after a capitalised word: "Perang Dunia II", "Komisi III", "Elizabeth II" (a bare "X"
is left alone: it is also a name)."""
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}


_REDUPLICATED = re.compile(r"\b([^\W\d_]+)-\1\w*")
"""A reduplicated word: "satu-satunya" (the only one), "dua-duanya" (both) count nothing."""


def roman_value(numeral: str) -> int:
    """The value of a Roman numeral of I, V and X ("IV" -> 4, "XII" -> 12)."""
    values = [_ROMAN_VALUES[c] for c in numeral]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def roman_numerals(text: str) -> dict[int, str]:
    """Offset -> digits of each Roman numeral that follows a capitalised word in ``text``."""
    return {m.start(1): str(roman_value(m.group(1))) for m in _ROMAN.finditer(text)}


_CLOCK_TIME = re.compile(r"\b(?:pukul|jam)\s+(\d{1,2})[.:](\d{2})\b|\b(\d{1,2})[.:](\d{2})\s*(?:wib|wita|wit)\b", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“A-Z])")


def elapsed_hours(text: str) -> set[str]:
    """The hours, rounded, between each clock time a sentence gives and the next later one ("sejak pukul 13.15
    WIB ... pulih pukul 21.05 WIB" -> "8"): a duration an answer may state that the text implies, not writes."""
    out: set[str] = set()
    for sentence in _SENTENCE_END.split(text):
        clocks = [int(m[0] or m[2]) * 60 + int(m[1] or m[3]) for m in _CLOCK_TIME.findall(sentence)]
        out.update(str(round((b - a) / 60)) for a, b in zip(clocks, clocks[1:], strict=False) if b - a >= 60)
    return out


def numbers(text: str, words: dict[str, str] = PASSAGE_NUMBER_WORDS) -> set[str]:
    """Numbers in ``text`` as digit strings without separators ("1.2" and "1,2" -> "12"; "lima" -> "5";
    "Perang Dunia II" -> "2")."""
    out = {norm_number(m.group(0)) for m in _NUMBER.finditer(text)} | set(roman_numerals(text).values())
    for w in re.findall(r"[^\W\d_]+", _REDUPLICATED.sub(" ", text.lower())):
        if w in words:
            out.add(words[w])
    return out


@lru_cache(maxsize=2)
def _gloss_table(everyday: bool = True) -> dict[str, frozenset[str]]:
    """English word -> stems of its Indonesian glosses (``vocabulary.glossary``)."""
    table: dict[str, set[str]] = {}
    for en, ids in glossary(everyday).items():
        table.setdefault(en, set()).update(t for w in ids for t in (content_tokens(w) or [w]))
    return {k: frozenset(v) for k, v in table.items()}


@lru_cache(maxsize=1)
def _gloss_senses() -> dict[str, frozenset[str]]:
    """Any word of the glossary (an English key, or the stem of an Indonesian gloss) -> the English keys it
    belongs to."""
    senses: dict[str, set[str]] = {}
    for en, stems in _gloss_table().items():
        senses.setdefault(en, set()).add(en)
        for stem_ in stems:
            senses.setdefault(stem_, set()).add(en)
    return {k: frozenset(v) for k, v in senses.items()}


def meanings(word: str) -> frozenset[str]:
    """The glossary entries ``word`` belongs to, as the English key and the stems of its Indonesian glosses,
    in either language: two words whose meanings meet are given one meaning somewhere ("cemas" and
    "dikhawatirkan" meet in "worried"; "presents" and "gifts" in "hadiah"). Empty for a word the glossary
    does not hold."""
    low = word.lower()
    senses = _gloss_senses()
    forms = {english_base(low), *english_forms(low), *content_tokens(low)}
    keys = set().union(*(senses.get(w, frozenset()) for w in forms))
    table = _gloss_table()
    return frozenset(keys.union(*(table.get(k, frozenset()) for k in keys)))


_NUMERIC_DATE = re.compile(r"\b(?:\d{1,2})/(\d{1,2})(?:/(?:\d{2}|\d{4}))?\b|\b\d{4}-(\d{1,2})-\d{1,2}\b")


def month_words(text: str) -> set[str]:
    """The names of the months that numeric dates in ``text`` give ("(19/6)" -> juni, june), so that a
    claim naming the month is found."""
    out: set[str] = set()
    for m in _NUMERIC_DATE.finditer(text):
        month = int(m.group(1) or m.group(2))
        out.update(name for name, number in MONTH_NAMES.items() if number == month)
    return out


def glosses(word: str, everyday: bool = True) -> frozenset[str]:
    """Stems of the Indonesian glosses of an English word (empty when the table has none); without
    ``everyday``, those of the news sections only (``vocabulary.EVERYDAY_SECTION``: for query expansion)."""
    return _gloss_table(everyday).get(word, frozenset())


def alias_tokens(word: str) -> list[str]:
    """Content tokens of what an abbreviation stands for ("Korut" -> korea, utara); empty for other words."""
    expansion = ALIASES.get(word.lower())
    return content_tokens(expansion) if expansion else []


@dataclass(frozen=True)
class ClaimToken:
    """One content token of a claim, with what kind of word it came from."""

    token: str
    word: str
    """The lower-cased word it came from (before stemming)."""
    is_number: bool
    is_name: bool

    @property
    def weight(self) -> float:
        return NUMBER_WEIGHT if self.is_number else NAME_WEIGHT if self.is_name else 1.0


def claim_tokens(claim: str) -> list[ClaimToken]:
    """The distinct content tokens of a claim.

    Names are capitalised words that do not start a sentence, and acronyms; numbers are digit tokens and
    number words (stored as digits: "five" -> "5"), except a number word after a determiner ("the two
    leaders"). Parts of hyphenated words are judged separately ("US-led", "Mercedes-Benz").
    """
    out: dict[str, ClaimToken] = {}
    sentence_start = True
    previous = ""
    roman = roman_numerals(claim)
    for m in re.finditer(r"\S+", claim):
        chunk = m.group(0)
        core = chunk.strip(_EDGE)
        if m.start() in roman:
            out.setdefault(roman[m.start()], ClaimToken(roman[m.start()], core.lower(), True, False))
            previous, sentence_start = core.lower(), False
            continue
        if re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]?", core):  # U.S., A.S.
            pieces = [re.sub(r"\W", "", core)]
        else:
            pieces = [p for w in _PIECE.findall(core) for p in (w.split("-") if "-" in w else [w]) if p]
        for word in pieces:
            low = word.lower()
            name_like = (
                not word[0].isdigit()
                and low not in ROLE_WORDS  # a capitalised title ("Presiden", "Secretary") is not a name
                and ((word[0].isupper() and not sentence_start) or (len(word) >= 2 and word.isupper()))
            )
            if low in CLAIM_NUMBER_WORDS:
                if previous not in DETERMINERS:
                    tok = NUMBER_WORDS[low]
                    out.setdefault(tok, ClaimToken(tok, low, True, False))
                previous = low
                continue
            previous = low
            if len(low) < 2 and not low.isdigit():
                continue
            for tok in content_tokens(word):
                if len(tok) < 2 and not tok.isdigit():
                    continue
                is_number = tok[0].isdigit()
                key = norm_number(tok) if is_number else tok
                out.setdefault(key, ClaimToken(key, low, is_number, name_like and not is_number))
        if not pieces:
            previous = core.lower()
        sentence_start = bool(re.search(r"[.!?…][\"'”’)]*$", chunk)) and len(re.sub(r"\W", "", core)) > 1
    return list(out.values())


def leading_names(claim: str, texts: Sequence[str]) -> list[str]:
    """The claim's sentence-initial word when ``texts`` write it as a name (capitalised inside a sentence) or
    it is a country's name: ``claim_tokens`` cannot tell "Blinken met ..." from "Officials met ..." by the
    claim alone, and "Iran, ..." where the passages say "Cina, ..." names a country they do not."""
    first = re.match(r"\W*([^\W\d_]{2,})", claim)
    if not first or not first.group(1)[0].isupper():
        return []
    word = first.group(1)
    inside = re.compile(rf"(?<![.!?\n])\s+[\"'“‘(]?{re.escape(word)}\b")
    return [word.lower()] if word.lower() in COUNTRIES or any(inside.search(t) for t in texts) else []


class TokenIndex:
    """Tokens and numbers of a set of texts, with the fuzzy, gloss and alias lookups matching needs."""

    def __init__(self, texts: Iterable[str]) -> None:
        self.tokens: set[str] = set()
        self.numbers: set[str] = set()
        capitalised: set[str] = set()
        for p in texts:
            self.tokens.update(content_tokens(p))
            for w in re.findall(r"[^\W\d_]+", p):
                self.tokens.add(w.lower())
                self.tokens.update(alias_tokens(w))
                if w[0].isupper():
                    capitalised.add(w.lower())
            self.tokens.update(month_words(p))
            self.numbers |= numbers(p) | elapsed_hours(p)
        self._long = [t for t in self.tokens if len(t) >= 5 and not t[0].isdigit()]
        self._long_names = [t for t in self._long if t in capitalised]
        """A name is matched fuzzily only by a word the texts write capitalised (Moskow for Moscow, never
        "tokoh" for Tokyo)."""

    @cached_property
    def reports(self) -> bool:
        """Whether the texts attribute something to someone ("mengatakan", "ujar", "said")."""
        return any(t in REPORTING_WORDS or stem(t) in REPORTING_WORDS for t in self.tokens)

    def has(self, ct: ClaimToken) -> bool:
        """Whether a claim token is found in the texts (exactly, by gloss, alias or fuzzily); an English word
        is also tried without its inflection ("drones", "Iranian", "used")."""
        if ct.is_number:
            return ct.token in self.numbers
        if self._has(ct):
            return True
        base = english_base(ct.word)
        return base != ct.word and self._has(ClaimToken(base, base, False, ct.is_name))

    def has_name(self, word: str) -> bool:
        """Whether a lower-cased word read as a name (``leading_names``) is found in the texts."""
        return self.has(ClaimToken(word, word, False, True))

    def has_any(self, tokens: Iterable[ClaimToken]) -> bool:
        return any(self.has(t) for t in tokens)

    def _has(self, ct: ClaimToken) -> bool:
        if ct.token in self.tokens or ct.word in self.tokens:
            return True
        if not ct.is_name and reporting(ct) and self.reports:
            return True  # who said it is checked by names and roles; how it was said is no fact
        found = glosses(ct.token).union(*(glosses(form) for form in english_forms(ct.word)))
        if any(g in self.tokens or g[1:] in self.tokens for g in found):
            return True  # g[1:]: Sastrawi drops an initial k/p/t/s with the prefix ("mengunjungi" -> "unjung")
        alias = alias_tokens(ct.word)
        if alias and all(t in self.tokens for t in alias):
            return True
        if len(ct.token) >= 5:
            pool = self._long_names if ct.is_name else self._long
            for token in {ct.token, spelled(ct.token)}:
                if any(abs(len(t) - len(token)) <= 3 and similar_words(token, t) for t in pool):
                    return True
        return False


def reporting(ct: ClaimToken) -> bool:
    """Whether a claim token is a word of attribution (``REPORTING_WORDS``), with or without "-nya"."""
    return ct.token in REPORTING_WORDS or ct.word.removesuffix("nya") in REPORTING_WORDS


@lru_cache(maxsize=200_000)
def similar_words(a: str, b: str) -> bool:
    """Whether two words are within ``FUZZY`` difflib similarity (Rusia/Russia, Moskow/Moscow); cached."""
    sm = difflib.SequenceMatcher(None, a, b)
    return sm.real_quick_ratio() >= FUZZY and sm.quick_ratio() >= FUZZY and sm.ratio() >= FUZZY


_ENGLISH_ENDINGS = ("ians", "ian", "ese", "ies", "ing", "ern", "ed", "es", "s")


def english_base(word: str) -> str:
    """An English word without a plural, past, -ing, demonym or compass ending ("Iranians" -> "iran",
    "Eastern" -> "east"); unchanged when what is left would be shorter than 4 letters."""
    low = word.lower()
    for ending in _ENGLISH_ENDINGS:
        if low.endswith(ending) and len(low) - len(ending) >= 4:
            return low[: -len(ending)] + ("y" if ending == "ies" else "")
    return low


_INFLECTIONS = (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""), ("ly", ""))


@lru_cache(maxsize=50_000)
def english_forms(word: str) -> tuple[str, ...]:
    """The word and the glossary's English words it may be an inflection of: without
    -s, -es, -ed, -ing or -ly, -ies/-ied made -y ("carried" -> carry), a silent e put back ("handling" ->
    handle, "rising" -> rise) or a doubled consonant undone ("running" -> run)."""
    low = word.lower()
    out = [low]
    for ending, instead in _INFLECTIONS:
        stem_ = low[: -len(ending)] + instead
        if not low.endswith(ending) or len(stem_) < 2:
            continue
        if len(stem_) >= 3:
            out.append(stem_)
        if ending in ("ing", "ed"):
            out.append(stem_ + "e")
            if len(stem_) >= 4 and stem_[-1] == stem_[-2] and stem_[-1] not in "aeiouls":
                out.append(stem_[:-1])
    table = _gloss_table()
    return tuple(dict.fromkeys([low, *(form for form in out[1:] if form in table)]))


_SPELLING = (("ph", "f"), ("th", "t"), ("sh", "sy"), ("ch", "k"), ("ck", "k"), ("qu", "kw"), ("x", "ks"), ("ee", "i"),
             ("oo", "u"), ("ce", "se"), ("ci", "si"), ("cy", "si"), ("c", "k"), ("q", "k"))  # fmt: skip


@lru_cache(maxsize=50_000)
def spelled(word: str) -> str:
    """An English spelling respelled the Indonesian way, for fuzzy matching of names ("Pacific" -> "pasifik")."""
    out = word.lower()
    for a, b in _SPELLING:
        out = out.replace(a, b)
    return out


def weighted_share(tokens: Sequence[ClaimToken], index: TokenIndex) -> tuple[float, list[ClaimToken]]:
    """(weighted share of ``tokens`` found in ``index``, the tokens not found); (0, []) for no tokens."""
    if not tokens:
        return 0.0, []
    missing = [t for t in tokens if not index.has(t)]
    total = sum(t.weight for t in tokens)
    return (total - sum(t.weight for t in missing)) / total, missing


def lexical_support(claim: str, passages: Sequence[str]) -> tuple[float, list[ClaimToken]]:
    """(weighted share of the claim's content tokens found in the passages, the tokens not found)."""
    return weighted_share(claim_tokens(claim), TokenIndex(passages))
