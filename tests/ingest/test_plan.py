"""What a run does with each article, decided before anything is written."""

from __future__ import annotations

from assistant.ingest.plan import ADDED, RENAMED, UNCHANGED, UPDATED, Article, make_plan, removal_refusal
from assistant.store.records import KnownArticle


def _known(**entries: tuple[str, str, str]) -> dict[str, KnownArticle]:
    """doc id -> (path, document hash, text sha256)."""
    return {doc_id: KnownArticle(doc_id, path, "", h, sha, 0) for doc_id, (path, h, sha) in entries.items()}


def test_unchanged_updated_added_and_removed() -> None:
    known = _known(a=("/r/a.txt", "h1", "s1"), b=("/r/b.txt", "h2", "s2"), c=("/r/c.txt", "h3", "s3"))
    articles = [
        Article("a", "/r/a.txt", "h1", "s1"),
        Article("b", "/r/b.txt", "h2-new", "s2"),
        Article("d", "/r/d.txt", "h4", "s4"),
    ]
    plan = make_plan(known, articles, gone={"c"})
    assert plan.status == {"a": UNCHANGED, "b": UPDATED, "d": ADDED}
    assert plan.removed == ["c"] and plan.renamed == {} and plan.changes


def test_a_new_id_for_an_indexed_path_is_a_rename() -> None:
    known = _known(**{"article.txt": ("/x/B/article.txt", "h", "s0")})
    plan = make_plan(known, [Article("/x/B/article.txt", "/x/B/article.txt", "h2", "s")], gone=set())
    assert plan.renamed == {"/x/B/article.txt": "article.txt"} and plan.status["/x/B/article.txt"] == RENAMED
    assert plan.removed == []


def test_a_moved_file_is_a_rename_by_its_text_not_a_removal() -> None:
    known = _known(**{"old/a.txt": ("/r/old/a.txt", "h", "same")})
    plan = make_plan(known, [Article("new/a.txt", "/r/new/a.txt", "h-other", "same")], gone={"old/a.txt"})
    assert plan.renamed == {"new/a.txt": "old/a.txt"} and plan.removed == []


def test_nothing_is_renamed_twice() -> None:
    known = _known(old=("/r/old.txt", "h", "same"))
    articles = [Article("n1", "/r/n1.txt", "x", "same"), Article("n2", "/r/n2.txt", "y", "same")]
    plan = make_plan(known, articles, gone={"old"})
    assert list(plan.renamed.values()) == ["old"] and sorted(plan.status.values()) == [ADDED, RENAMED]


def test_removing_more_than_half_of_the_index_is_refused_naming_the_flag() -> None:
    assert removal_refusal(["a"], 2) is None  # exactly half is allowed
    assert removal_refusal([], 0) is None
    refusal = removal_refusal(["a", "b"], 3)
    assert refusal is not None and "--prune" in refusal and "2 of the 3" in refusal and "\n" not in refusal
