"""What a run will do with each article, decided before anything is written (pure functions).

- An article read under an id the index knows is unchanged or updated (by the document hash).
- An article read under a new id is renamed when the index holds an article at the same path (ids moved to
  path-based identity, or the roots changed), or an article that is gone with the same text (a file moved);
  its vectors are copied, not embedded again. Otherwise it is added.
- An indexed article whose file is gone, and that no rename took, is removed; when that is more than half
  of the index the run stops and asks for ``--prune`` (or ``--yes``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from assistant.store.records import KnownArticle

ADDED, UPDATED, UNCHANGED, RENAMED, REMOVED = "added", "updated", "unchanged", "renamed", "removed"


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class Article:
    """An article as read in this run."""

    doc_id: str
    path: str
    hash: str
    """The document hash (text and metadata), as the index records it."""
    sha256: str
    """Of the text alone, to recognise a moved file."""


@dataclass
class Plan:
    status: dict[str, str] = field(default_factory=dict)
    """doc id read in this run -> ADDED, UPDATED, UNCHANGED or RENAMED."""
    renamed: dict[str, str] = field(default_factory=dict)
    """new doc id -> the indexed doc id it replaces."""
    removed: list[str] = field(default_factory=list)

    @property
    def changes(self) -> bool:
        return bool(self.removed) or any(s != UNCHANGED for s in self.status.values())


def make_plan(known: Mapping[str, KnownArticle], articles: Sequence[Article], gone: Iterable[str]) -> Plan:
    """Classify the ``articles`` read against the ``known`` index entries; ``gone``: known ids whose file is gone."""
    present = {a.doc_id for a in articles}
    by_path = {entry.path: doc_id for doc_id, entry in known.items() if doc_id not in present}
    gone = sorted(set(gone) - present)
    gone_by_sha: dict[str, list[str]] = {}
    for doc_id in gone:
        if known[doc_id].sha256:
            gone_by_sha.setdefault(known[doc_id].sha256, []).append(doc_id)
    plan = Plan()
    taken: set[str] = set()
    for article in articles:
        if article.doc_id in known:
            same = known[article.doc_id].hash == article.hash
            plan.status[article.doc_id] = UNCHANGED if same else UPDATED
            continue
        old = by_path.get(article.path)
        if old is None or old in taken:
            old = next((g for g in gone_by_sha.get(article.sha256, []) if g not in taken), None)
        if old is None:
            plan.status[article.doc_id] = ADDED
        else:
            taken.add(old)
            plan.renamed[article.doc_id] = old
            plan.status[article.doc_id] = RENAMED
    plan.removed = [doc_id for doc_id in gone if doc_id not in taken]
    return plan


def removal_refusal(removed: Sequence[str], n_known: int) -> str | None:
    """The one-line refusal when a run would remove more than half of the ``n_known`` indexed articles."""
    if not removed or len(removed) * 2 <= n_known:
        return None
    examples = ", ".join(removed[:3]) + (", …" if len(removed) > 3 else "")
    return (
        f"this run would remove {len(removed)} of the {n_known} indexed articles because their files are gone "
        f"({examples}): run again with `--prune` to remove them, or restore the files; nothing was changed"
    )
