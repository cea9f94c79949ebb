"""What a run does with each article, decided before anything is written."""

from __future__ import annotations

from assistant.ingest.plan import ADDED, RENAMED, UNCHANGED, UPDATED, Article, make_plan, removal_refusal


def _known(**entries: tuple[str, str]) -> dict[str, dict[str, object]]:
    return {doc_id: {"path": path, "hash": h, "chunks": []} for doc_id, (path, h) in entries.items()}


def test_unchanged_updated_added_and_removed() -> None:
    known = _known(a=("/r/a.txt", "h1"), b=("/r/b.txt", "h2"), c=("/r/c.txt", "h3"))
    articles = [
        Article("a", "/r/a.txt", "h1", "s1"),
        Article("b", "/r/b.txt", "h2-new", "s2"),
        Article("d", "/r/d.txt", "h4", "s4"),
    ]
    plan = make_plan(known, articles, gone={"c"}, known_sha={"c": "s3"})
    assert plan.status == {"a": UNCHANGED, "b": UPDATED, "d": ADDED}
    assert plan.removed == ["c"] and plan.renamed == {} and plan.changes


def test_a_new_id_for_an_indexed_path_is_a_rename() -> None:
    known = _known(**{"article.txt": ("/x/B/article.txt", "h")})
    plan = make_plan(known, [Article("/x/B/article.txt", "/x/B/article.txt", "h2", "s")], gone=set(), known_sha={})
    assert plan.renamed == {"/x/B/article.txt": "article.txt"} and plan.status["/x/B/article.txt"] == RENAMED
    assert plan.removed == []


def test_a_moved_file_is_a_rename_by_its_text_not_a_removal() -> None:
    known = _known(**{"old/a.txt": ("/r/old/a.txt", "h")})
    plan = make_plan(
        known,
        [Article("new/a.txt", "/r/new/a.txt", "h-other", "same")],
        gone={"old/a.txt"},
        known_sha={"old/a.txt": "same"},
    )
    assert plan.renamed == {"new/a.txt": "old/a.txt"} and plan.removed == []


def test_nothing_is_renamed_twice() -> None:
    known = _known(old=("/r/old.txt", "h"))
    articles = [Article("n1", "/r/n1.txt", "x", "same"), Article("n2", "/r/n2.txt", "y", "same")]
    plan = make_plan(known, articles, gone={"old"}, known_sha={"old": "same"})
    assert list(plan.renamed.values()) == ["old"] and sorted(plan.status.values()) == [ADDED, RENAMED]


def test_removing_more_than_half_of_the_index_is_refused_naming_the_flag() -> None:
    assert removal_refusal(["a"], 2) is None  # exactly half is allowed
    assert removal_refusal([], 0) is None
    refusal = removal_refusal(["a", "b"], 3)
    assert refusal is not None and "--prune" in refusal and "2 of the 3" in refusal and "\n" not in refusal
