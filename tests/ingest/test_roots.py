"""Article identity (ids from declared roots) and scanning (links, unreadable folders, missing roots)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import assistant.ingest.roots as roots
from assistant.ingest.loader import DUPLICATE, LINK, MISSING, UNREADABLE
from assistant.ingest.roots import DeclaredRoot, RootError, assign_ids, declared_roots, natural_id, scan_roots
from assistant.settings import load_settings

AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _write(path: Path, text: str = "Judul\n\nIsi berita tentang Pyongyang.\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_ids_are_relative_to_seeds_labelled_for_other_roots_and_absolute_outside(tmp_path: Path) -> None:
    settings = load_settings(
        seeds_dir=tmp_path / "seeds",
        article_roots=[tmp_path / "x" / "wires", tmp_path / "y" / "wires", tmp_path / "feeds"],
    )
    declared = declared_roots(settings)
    assert [r.label for r in declared] == ["", "x/wires", "y/wires", "feeds"]
    assert natural_id(tmp_path / "seeds" / "2024" / "a.md", declared) == ("2024/a.md", 0)
    assert natural_id(tmp_path / "x" / "wires" / "a.md", declared) == ("x/wires/a.md", 1)
    assert natural_id(tmp_path / "feeds" / "a.md", declared) == ("feeds/a.md", 3)
    outside = tmp_path / "elsewhere" / "a.md"
    assert natural_id(outside, declared) == (outside.as_posix(), 4)


def test_a_clash_leaves_the_id_to_the_earlier_root_and_gives_the_other_its_absolute_path(tmp_path: Path) -> None:
    declared = [DeclaredRoot(tmp_path / "seeds", ""), DeclaredRoot(tmp_path / "news", "news")]
    in_seeds = tmp_path / "seeds" / "news" / "a.md"
    in_news = tmp_path / "news" / "a.md"
    for order in ([in_seeds, in_news], [in_news, in_seeds]):
        assert assign_ids(order, declared) == {in_seeds: "news/a.md", in_news: in_news.as_posix()}


def test_two_folders_with_the_same_file_name_give_two_ids(tmp_path: Path) -> None:
    a, b = _write(tmp_path / "A" / "article.txt"), _write(tmp_path / "B" / "article.txt")
    scan = scan_roots([tmp_path / "A", tmp_path / "B"])
    ids = assign_ids(scan.files, declared_roots(load_settings(seeds_dir=tmp_path / "seeds")))
    assert sorted(ids.values()) == sorted([a.resolve().as_posix(), b.resolve().as_posix()])


def test_a_missing_root_is_an_error_but_a_missing_article_file_in_a_folder_is_gone(tmp_path: Path) -> None:
    with pytest.raises(RootError) as err:
        scan_roots([tmp_path / "seedz"])
    assert "seedz does not exist" in str(err.value) and "nothing was changed" in str(err.value)
    assert "\n" not in str(err.value)
    with pytest.raises(RootError):
        scan_roots([tmp_path / "no-folder" / "a.txt"])  # its folder is missing too: maybe not mounted
    scan = scan_roots([tmp_path / "a.txt"])
    assert [s.kind for s in scan.skipped] == [MISSING] and scan.covers(tmp_path / "a.txt")


def test_a_link_loop_or_a_dangling_link_named_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    for named in ("loop", "dangling.txt"):
        with pytest.raises(RootError) as err:
            scan_roots([tmp_path / named])
        assert named in str(err.value) and "\n" not in str(err.value)


def test_links_inside_a_folder_are_reported_and_link_targets_counted_once(tmp_path: Path) -> None:
    root = tmp_path / "articles"
    real = _write(root / "a.txt")
    (root / "same.txt").symlink_to(real)
    (root / "broken.md").symlink_to(root / "gone.md")
    _write(tmp_path / "other" / "b.txt")
    (root / "linked-folder").symlink_to(tmp_path / "other", target_is_directory=True)
    _write(root / ".hidden" / "c.txt")
    scan = scan_roots([root])
    assert scan.files == [root.resolve() / "a.txt"]
    kinds = {s.path.name: s.kind for s in scan.skipped}
    assert kinds == {"same.txt": DUPLICATE, "broken.md": LINK, "linked-folder": LINK}
    assert all(str(s).startswith("skipped ") for s in scan.skipped)


def deny_listing(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Make listing ``folder`` fail as it does without permission (chmod does not stop root)."""
    real = roots.list_folder

    def listing(path: Path) -> list[os.DirEntry[str]]:
        if Path(path) == folder:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(roots, "list_folder", listing)


@pytest.mark.parametrize("mechanism", ["chmod", "patched"])
def test_an_unreadable_subfolder_is_reported_and_not_taken_for_empty(
    tmp_path: Path, mechanism: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = (tmp_path / "articles").resolve()
    _write(root / "a.txt")
    hidden = _write(root / "locked" / "b.txt")
    if mechanism == "chmod":
        if AS_ROOT:
            pytest.skip("chmod does not stop root from reading: the patched mechanism covers this")
        (root / "locked").chmod(0)
    else:
        deny_listing(monkeypatch, root / "locked")
    try:
        scan = scan_roots([root])
    finally:
        (root / "locked").chmod(0o755)
    assert scan.files == [root / "a.txt"]
    assert [(s.path, s.kind) for s in scan.skipped] == [(root / "locked", UNREADABLE)]
    assert not scan.covers(hidden) and scan.covers(root / "gone.txt")


def test_an_unreadable_root_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = (tmp_path / "articles").resolve()
    _write(root / "a.txt")
    deny_listing(monkeypatch, root)
    with pytest.raises(RootError) as err:
        scan_roots([root])
    assert "Permission denied" in str(err.value) and "nothing was changed" in str(err.value)
