"""News-article metadata: outlet, publication date, title, language and author.

Pure functions over text. The outlet comes from a dateline ("BaperaNews - ", "JAKARTA, KOMPAS.com - ",
"WASHINGTON (Reuters) - ") or else a photo credit (".../CNN Indonesia", "(Foto: Reuters)"); the date is the
one the article states as its own, else one inferred from the dates it mentions (``published.py``). A
``NAME.meta.toml`` sidecar or ``.md`` front matter overrides what is derived.
"""

from __future__ import annotations

import datetime
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from assistant.errors import AssistantError
from assistant.ingest.clean import is_noise
from assistant.ingest.published import published_from_text
from assistant.language import detect_language, dictionary_word, function_word
from assistant.text import stem

KNOWN_FIELDS = ("outlet", "published", "title", "language", "author")

EPOCH = datetime.date(1970, 1, 1)

CITY_DATELINES = frozenset(
    """JAKARTA BANDUNG SURABAYA MEDAN SEMARANG YOGYAKARTA MAKASSAR DENPASAR PALEMBANG BEKASI DEPOK BOGOR
    TANGERANG SERANG CIREBON MALANG SOLO SURAKARTA PADANG PEKANBARU BATAM PONTIANAK BANJARMASIN BALIKPAPAN
    SAMARINDA MANADO KUPANG MATARAM AMBON JAYAPURA ACEH LAMPUNG JAMBI BENGKULU WASHINGTON LONDON PARIS MOSKOW
    MOSCOW BEIJING TOKYO SEOUL PYONGYANG KYIV KIEV SINGAPURA SINGAPORE BANGKOK HANOI MANILA BERLIN GENEVA
    JENEWA BRUSSELS DUBAI RIYADH TEHRAN GAZA YERUSALEM JERUSALEM""".split()
)
"""ALLCAPS place names that open a city-only dateline ("JAKARTA - "): not outlets."""

CAPTION_NON_OUTLETS = frozenset(
    "dok dokumentasi istimewa ist ilustrasi net internet tangkapan screenshot courtesy handout file pribadi repro arsip".split()
)
"""First words of photo credits that name no outlet ("Foto: Istimewa", "Dok. Pribadi")."""

_DASH = r"(?:--|[-–—])"
_SEP = rf"(?:\s+{_DASH}\s*|\s*{_DASH}\s+)"
_DOMAIN = r"[A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,6}"
_CAMEL = r"[A-Z][a-z0-9]+(?:[A-Z][A-Za-z0-9]*)+|[a-z]{1,6}[A-Z][A-Za-z0-9]+"
_CAPS = r"[A-Z][A-Z0-9&]+"
_OUTLET = rf"(?:{_DOMAIN}|{_CAMEL}|{_CAPS})(?:\s(?:Indonesia|TV|News|Online|Media))?"
_CITY = r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2}"  # no dots: "JAKARTA, KOMPAS.com" is city, outlet
_AGENCY = r"[A-Z][\w.&/-]*(?:\s[A-Z][\w.&/-]*){0,2}"
DATELINE_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(rf"(?P<outlet>{_OUTLET})(?:\s*,\s*(?P<city>{_CITY}))?{_SEP}"),  # BaperaNews - / TEMPO.CO, Jakarta -
    re.compile(rf"(?P<city>{_CITY})\s*,\s*(?P<outlet>{_OUTLET}){_SEP}"),  # JAKARTA, KOMPAS.com -
    re.compile(rf"(?:(?P<city>{_CITY})(?:\s*,\s*[\w ]{{1,20}}?)?\s*)?\((?P<agency>{_AGENCY})\){_SEP}"),  # X (Reuters) -
)
_CREDIT_LABEL = r"(?:Foto|Photo|Gambar|Image|Sumber\s+foto)\s*:\s*"
CAPTION_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(rf"\({_CREDIT_LABEL}(?P<credit>[^)]+)\)", re.IGNORECASE),  # (Foto: Reuters)
    re.compile(rf"^{_CREDIT_LABEL}(?P<credit>.+)$", re.IGNORECASE),  # Foto: REUTERS/Kim Hong-Ji
)
_CAPTION_TAIL = re.compile(r"/\s*(?P<credit>[A-Z][\w.&]*(?:\s+[A-Z][\w.&]*){0,2})\s*$")  # caption text/CNN Indonesia
CAPTION_MAX_WORDS = 16

_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


class ArticleMetaError(AssistantError):
    """A sidecar or front matter that cannot be used; the message names the file and what to fix."""


@dataclass(frozen=True)
class ArticleMeta:
    outlet: str = ""
    outlet_source: str = ""
    published: str = ""
    published_inferred: bool = False
    published_basis: str = ""
    title: str = ""
    language: str = ""
    author: str = ""

    def to_metadata(self) -> dict[str, str | int | bool]:
        """Flat, Chroma-safe metadata; ``published_day`` is days since 1970-01-01 (-1 when unknown)."""
        day = (datetime.date.fromisoformat(self.published) - EPOCH).days if self.published else -1
        return {
            "outlet": self.outlet,
            "published": self.published,
            "published_inferred": self.published_inferred,
            "published_day": day,
            "title": self.title,
            "language": self.language,
            "author": self.author,
        }

    def merged(self, overrides: Mapping[str, object], source: str) -> ArticleMeta:
        """These fields with the known ones of ``overrides`` (from ``source``, e.g. "sidecar") in their place."""
        fields = validate_fields({k: v for k, v in overrides.items() if k in KNOWN_FIELDS}, source)
        changes: dict[str, object] = dict(fields)
        if "outlet" in fields:
            changes["outlet_source"] = source if fields["outlet"] else ""
        if "published" in fields:
            changes.update(published_inferred=False, published_basis=source)
        return replace(self, **changes)  # type: ignore[arg-type]


def _one_line(message: str) -> str:
    return re.sub(r"\s*[\r\n]+\s*", " ", message)


def _is_iso_date(value: str) -> bool:
    if not _ISO.fullmatch(value):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def validate_fields(fields: Mapping[str, object], name: str, strict: bool = True) -> dict[str, str]:
    """The known fields as stripped strings; ``strict`` (sidecars) rejects unknown keys, else they are dropped."""
    fix = "fix or delete the file" if strict else "fix the front matter"

    def fail(problem: str) -> ArticleMetaError:
        return ArticleMetaError(_one_line(f"{name}: {problem}: {fix}"))

    unknown = [k for k in fields if k not in KNOWN_FIELDS]
    if unknown and strict:
        listed = ", ".join(repr(k) for k in unknown)
        raise fail(f"unknown key {listed} (known keys: {', '.join(KNOWN_FIELDS)})")
    result: dict[str, str] = {}
    for key in KNOWN_FIELDS:
        if key not in fields:
            continue
        value = fields[key]
        if not isinstance(value, str):
            raise fail(f"{key} must be a string, not {type(value).__name__} {value!r}")
        if key == "published" and not _is_iso_date(value.strip()):
            raise fail(f"published {value!r} is not an ISO date YYYY-MM-DD")
        result[key] = value.strip()
    return result


def parse_sidecar(text: str, name: str) -> dict[str, str]:
    """The fields of a ``NAME.meta.toml`` sidecar, validated (``ArticleMetaError`` names ``name``)."""
    try:
        data = tomllib.loads(text.lstrip("\ufeff"))
    except tomllib.TOMLDecodeError as exc:
        raise ArticleMetaError(_one_line(f"{name}: not valid TOML ({exc}): fix or delete the file")) from None
    return validate_fields(data, name, strict=True)


_FRONT_FENCE = re.compile(r"\ufeff?---\s*")
_FRONT_FIELD = re.compile(r"\s*(?P<key>[A-Za-z_][\w-]*)\s*:\s*(?P<value>.*?)\s*")


def split_front_matter(text: str) -> tuple[dict[str, str], str, bool]:
    """(fields, text with the front-matter lines blanked so line numbers stay, whether a front matter was
    opened and never closed); ({}, text, False) when there is none. A front matter that is never closed is
    not one: the text is read as it is, only its opening ``---`` line blanked (it is not the title)."""
    lines = text.splitlines(keepends=True)
    if not lines or not _FRONT_FENCE.fullmatch(lines[0].rstrip("\r\n")):
        return {}, text, False
    fields: dict[str, str] = {}
    for end in range(1, len(lines)):
        body = lines[end].rstrip("\r\n")
        if _FRONT_FENCE.fullmatch(body):
            blanked = [line[len(line.rstrip("\r\n")) :] for line in lines[: end + 1]]
            return fields, "".join(blanked + lines[end + 1 :]), False
        m = _FRONT_FIELD.fullmatch(body)
        if m and not body.lstrip().startswith("#"):
            value = m["value"]
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
            fields[m["key"]] = value
    return {}, "".join([lines[0][len(lines[0].rstrip("\r\n")) :], *lines[1:]]), True


def _ordinary_word(word: str) -> bool:
    """A common Indonesian word as written ("Namun", "NAMUN", "Presiden"; not "Bernama") rather than a name."""
    low = word.lower()
    return function_word(low) or (dictionary_word(low) and stem(low) == low)


def _good_city(city: str | None) -> bool:
    if not city:
        return True
    words = city.split()
    if all(w.isupper() for w in words):
        return not any(function_word(w) for w in words)
    return len(words) <= 2 and not any(_ordinary_word(w) and w.upper() not in CITY_DATELINES for w in words)


def _good_outlet(outlet: str) -> bool:
    if "." in outlet or not outlet.isupper():
        return True  # a domain or a BrandName
    return outlet not in CITY_DATELINES and not _ordinary_word(outlet)


def _dateline(line: str) -> str:
    for pattern in DATELINE_PATTERNS:
        m = pattern.match(line)
        if not m or not _good_city(m["city"]):
            continue
        if "agency" in pattern.groupindex:
            agency = m["agency"]
            if agency.isupper() or not _ordinary_word(agency):  # "(ANTARA)", "(Reuters)"; not "(Presiden)"
                return agency
            continue
        if _good_outlet(m["outlet"]):
            return m["outlet"]
    return ""


def _credit(credit: str) -> str:
    name = re.sub(r"\s+(?:foto|photo)$", "", credit.split("/")[0].strip(), flags=re.IGNORECASE)
    first = name.split()[0].rstrip(".").casefold() if name.split() else ""
    return "" if not first or first in CAPTION_NON_OUTLETS else name


def _caption(line: str) -> str:
    for pattern in CAPTION_PATTERNS:
        m = pattern.search(line)
        if m and _credit(m["credit"]):
            return _credit(m["credit"])
    m = _CAPTION_TAIL.search(line)
    if m and len(line.split()) <= CAPTION_MAX_WORDS and not line.endswith("."):
        return _credit(m["credit"])
    return ""


def outlet_from_text(lines: Sequence[str]) -> tuple[str, str]:
    """(outlet, "dateline" | "caption") from the body lines (title excluded); ("", "") when none is written."""
    body = [s for s in (line.strip().lstrip("\ufeff").strip() for line in lines) if s and not is_noise(s)]
    for finder, source in ((_dateline, "dateline"), (_caption, "caption")):
        for line in body:
            outlet = finder(line)
            if outlet:
                return outlet, source
    return "", ""


def derive_meta(text: str, reference: datetime.date) -> ArticleMeta:
    """Everything derived from the text itself: title, outlet, published date and language."""
    lines = [s for s in (line.strip().lstrip("\ufeff").strip() for line in text.splitlines()) if s]
    title = lines[0] if lines else ""
    outlet, source = outlet_from_text(lines[1:])
    published, inferred, basis = published_from_text(text, reference)
    language = detect_language(text) or ""
    return ArticleMeta(outlet, source, published, inferred, basis, title, language)
