"""Article filters: by outlet and by publication date, given on the command line or named in the question.

A filter is resolved against the outlets the index holds (so "radarcirebon" finds "RADARCIREBON.TV"), then
applied on both sides of retrieval: as Chroma metadata filters (LlamaIndex ``MetadataFilters``) and as a
BM25 weight mask over the same chunks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from llama_index.core.vector_stores import FilterCondition, FilterOperator, MetadataFilter, MetadataFilters

from assistant.errors import UsageError
from assistant.store.metadata import META_OUTLET, META_PUBLISHED_DAY

EPOCH = date(1970, 1, 1)
ATTRIBUTION = re.compile(
    r"\b(?:menurut|kata|versi|laporan|dilaporkan(?:\s+oleh)?|diberitakan(?:\s+oleh)?|according\s+to|reported\s+by|"
    r"as\s+reported\s+by|per)\s+(?P<name>[\w.\-]+(?:\s+[\w.\-]+){0,2})",
    re.IGNORECASE,
)
"""A phrase that attributes the question to an outlet: "menurut CNN Indonesia ...", "according to Perspektif ..."."""


class FilterError(UsageError):
    """A filter names no indexed outlet, has a bad date, or matches no article; the message says what to do."""


def outlet_key(name: str) -> str:
    """What outlet names are compared by: letters and digits only, case-folded, without a web suffix."""
    key = re.sub(r"[^\w]+", "", name.casefold().replace("_", ""))
    return re.sub(r"(?:coid|com|tv|net|id|org|news)$", "", key) or key


@dataclass(frozen=True)
class ArticleFilter:
    """Which articles may answer: outlets (exact indexed names), and a publication date range."""

    outlets: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None
    from_question: tuple[str, ...] = ()
    """The outlets that were named in the question (a subset of ``outlets``)."""

    def __bool__(self) -> bool:
        return bool(self.outlets or self.since or self.until)

    def matches(self, metadata: Mapping[str, Any]) -> bool:
        """Whether a chunk with this metadata passes the filter."""
        if self.outlets and metadata.get(META_OUTLET, "") not in self.outlets:
            return False
        day = int(metadata.get(META_PUBLISHED_DAY, -1))
        if (self.since or self.until) and day < 0:
            return False
        if self.since and day < (self.since - EPOCH).days:
            return False
        return not (self.until and day > (self.until - EPOCH).days)

    def metadata_filters(self) -> MetadataFilters | None:
        """The filter as LlamaIndex metadata filters (for the Chroma query); None when there is none."""
        parts: list[MetadataFilter | MetadataFilters] = []
        if self.outlets:
            parts.append(MetadataFilter(key=META_OUTLET, value=list(self.outlets), operator=FilterOperator.IN))
        if self.since or self.until:
            low = (self.since - EPOCH).days if self.since else 0
            parts.append(MetadataFilter(key=META_PUBLISHED_DAY, value=low, operator=FilterOperator.GTE))
        if self.until:
            parts.append(
                MetadataFilter(key=META_PUBLISHED_DAY, value=(self.until - EPOCH).days, operator=FilterOperator.LTE)
            )
        return MetadataFilters(filters=parts, condition=FilterCondition.AND) if parts else None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"outlets": list(self.outlets)}
        if self.since:
            out["since"] = self.since.isoformat()
        if self.until:
            out["until"] = self.until.isoformat()
        if self.from_question:
            out["from_question"] = list(self.from_question)
        return out

    def describe(self) -> str:
        """The filter in words, for messages ("outlet RADARCIREBON.TV, published since 2024-06-19")."""
        parts = [f"outlet {' or '.join(self.outlets)}"] if self.outlets else []
        if self.since:
            parts.append(f"published since {self.since.isoformat()}")
        if self.until:
            parts.append(f"published until {self.until.isoformat()}")
        return ", ".join(parts)


def parse_day(text: str, option: str) -> date:
    """An ISO date (YYYY-MM-DD) given to ``option``."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise FilterError(
            f"{option} {text!r} is not a date: write it as YYYY-MM-DD, e.g. {option} 2024-06-19"
        ) from None


def resolve_outlets(names: Iterable[str], known: Iterable[str]) -> tuple[str, ...]:
    """The indexed outlet names that ``names`` stand for (each by exact name or by ``outlet_key``)."""
    by_key: dict[str, list[str]] = {}
    for outlet in sorted(set(known) - {""}):
        by_key.setdefault(outlet_key(outlet), []).append(outlet)
    out: list[str] = []
    for name in names:
        found = by_key.get(outlet_key(name), [])
        if not found:
            listed = ", ".join(sorted({o for os in by_key.values() for o in os})) or "none"
            raise FilterError(f"no indexed article is from outlet {name!r}: the indexed outlets are {listed}")
        out.extend(o for o in found if o not in out)
    return tuple(out)


def outlets_named(question: str, known: Sequence[str]) -> tuple[str, ...]:
    """The indexed outlets a question attributes itself to ("Menurut RadarCirebon, ..." -> RADARCIREBON.TV)."""
    by_key = {outlet_key(o): o for o in known if o}
    found: list[str] = []
    for m in ATTRIBUTION.finditer(question):
        words = m.group("name").split()
        for n in range(len(words), 0, -1):  # the longest run of words that is an outlet's name
            outlet = by_key.get(outlet_key(" ".join(words[:n]).rstrip(".,")))
            if outlet is not None:
                if outlet not in found:
                    found.append(outlet)
                break
    return tuple(found)


@dataclass(frozen=True)
class FilterRequest:
    """Filters as the user gave them, before they are resolved against the index."""

    outlets: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None
    from_question: bool = True
    """Whether an outlet named in the question limits the answer to that outlet."""

    def to_json(self) -> dict[str, Any]:
        """The request as a batch's ``run`` record keeps it."""
        return {
            "outlets": list(self.outlets),
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
        }

    def resolve(self, question: str, known: Sequence[str]) -> ArticleFilter:
        """The filter for ``question`` over an index holding the outlets ``known``."""
        if self.since and self.until and self.since > self.until:
            raise FilterError(f"--since {self.since} is after --until {self.until}: swap them")
        outlets = resolve_outlets(self.outlets, known)
        named = outlets_named(question, known) if self.from_question and not outlets else ()
        return ArticleFilter(outlets or named, self.since, self.until, named)
