"""An article is known by its path: same-named files in two folders stay two articles, ids that change
(older stores, moved files, other roots) migrate without embedding anything again."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from assistant.ingest.sync import ingest
from assistant.ingest.vectors import vector_ids
from assistant.retrieval import Searcher
from assistant.settings import load_settings
from assistant.store import IndexStore
from tests.conftest import SEEDS
from tests.faults.conftest import results


def article(folder: Path, name: str, topic: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"Kabar dari {topic}\n\nWarga {topic} menyambut rombongan presiden pada pagi hari. "
        f"Pertemuan di {topic} membahas kerja sama ekonomi dan pelabuhan baru.\n",
        encoding="utf-8",
    )
    return path


def vectors_match_manifest(store: Path) -> bool:
    index = IndexStore(load_settings(store_dir=store))
    manifest = index.read_manifest()
    assert manifest is not None
    return vector_ids(index.collection(manifest.collection)) == manifest.chunk_ids


def test_the_same_file_name_in_two_folders_is_two_articles_and_a_second_run_embeds_nothing(
    tmp_path: Path, cli: Callable[..., tuple[int, str]]
) -> None:
    a = article(tmp_path / "A", "article.txt", "Hanoi")
    b = article(tmp_path / "B", "article.txt", "Vladivostok")
    env = {"store_dir": tmp_path / "store", "seeds_dir": SEEDS}
    code, out = cli("ingest", str(tmp_path / "A"), str(tmp_path / "B"), **env)
    assert code == 0 and "0 unchanged, 2 added" in out, out
    code, out = cli("ingest", str(tmp_path / "A"), str(tmp_path / "B"), **env)
    assert "2 unchanged, 0 added, 0 updated, 0 removed; 0 chunks embedded (2 articles" in out, out

    code, out = cli("search", "pelabuhan baru Hanoi Vladivostok", "--json", "-k", "5", **env)
    files = {p["file"] for p in json.loads(out)["passages"]}
    assert files == {a.resolve().as_posix(), b.resolve().as_posix()}  # the citation tells them apart


def test_ids_that_change_migrate_by_copying_vectors(tmp_path: Path) -> None:
    folder = tmp_path / "clips"
    for topic in ("Hanoi", "Seoul"):
        article(folder, f"{topic.lower()}.txt", topic)
    store = tmp_path / "store"
    # Indexed as the articles folder: ids relative to it (as every folder was before identity by path).
    first = ingest(load_settings(store_dir=store, seeds_dir=folder))
    manifest = IndexStore(load_settings(store_dir=store)).read_manifest()
    assert manifest is not None and set(manifest.files) == {"hanoi.txt", "seoul.txt"}

    # Now outside every declared root: the same files are known by their absolute paths.
    settings = load_settings(store_dir=store, seeds_dir=tmp_path / "seeds-elsewhere")
    moved = ingest(settings, [folder])
    assert (moved.chunks_embedded, len(moved.renamed), moved.removed, moved.added) == (0, 2, [], [])
    assert moved.chunks_total == first.chunks_total
    after = IndexStore(settings).read_manifest()
    assert after is not None and set(after.files) == {
        (folder.resolve() / n).as_posix() for n in ("hanoi.txt", "seoul.txt")
    }
    assert vectors_match_manifest(store)
    again = ingest(settings, [folder])
    assert again.chunks_embedded == 0 and len(again.unchanged) == 2 and not again.renamed


def test_a_file_moved_inside_the_folder_is_renamed_not_removed_and_added(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    article(folder, "a.txt", "Hanoi")
    article(folder, "b.txt", "Seoul")
    settings = load_settings(store_dir=tmp_path / "store", seeds_dir=folder)
    ingest(settings)
    (folder / "2024").mkdir()
    (folder / "a.txt").rename(folder / "2024" / "a.txt")
    (folder / "b.txt").rename(folder / "2024" / "b.txt")  # all of the index moves: no --prune needed
    report = ingest(settings)
    assert report.renamed == ["a.txt -> 2024/a.txt", "b.txt -> 2024/b.txt"]
    assert (report.chunks_embedded, report.removed, report.added) == (0, [], [])
    assert vectors_match_manifest(tmp_path / "store")


def test_more_declared_roots_keep_the_seed_ids_and_label_their_own(tmp_path: Path, store_copy: Path) -> None:
    wires = tmp_path / "wires"
    article(wires, "hanoi.txt", "Hanoi")
    settings = load_settings(store_dir=store_copy, seeds_dir=SEEDS, article_roots=[wires])
    report = ingest(settings)
    assert report.added == ["wires/hanoi.txt"] and len(report.unchanged) == 5
    top = Searcher(settings).search("Warga Hanoi menyambut rombongan presiden, pelabuhan baru", 1)[0]
    assert top.file == "wires/hanoi.txt"  # the labelled id is what search and citations show
    manifest = IndexStore(settings).read_manifest()
    assert manifest is not None and "000_f3b0780ee10127ff.txt" in manifest.files
    assert report.chunks_embedded == len(manifest.files["wires/hanoi.txt"]["chunks"])  # the seeds embed nothing


def test_a_store_from_before_checksums_is_upgraded_once_without_embedding(store_copy: Path, fresh_results: Any) -> None:
    index = IndexStore(load_settings(store_dir=store_copy))
    data = json.loads(index.manifest_path.read_text(encoding="utf-8"))
    (folder,) = store_copy.glob("bm25-*")
    data.pop("bm25")
    data["version"] = 1
    for entry in data["files"].values():
        entry.pop("sha256")
    index.manifest_path.write_text(json.dumps(data), encoding="utf-8")
    legacy = index.read_manifest()
    assert legacy is not None
    shutil.move(folder, store_copy / f"bm25-{legacy.fingerprint()}")  # version 1 named it so
    (store_copy / ".docstore.json.tmp").write_text("{}", encoding="utf-8")  # version 1's temp name

    settings = load_settings(store_dir=store_copy, seeds_dir=SEEDS)
    assert results(settings) == fresh_results  # still readable as it is
    report = ingest(settings)
    assert report.chunks_embedded == 0 and len(report.unchanged) == 5
    assert [line for line in report.repaired if "checksums" in line]
    assert results(settings) == fresh_results
    assert sorted(p.name for p in store_copy.iterdir() if p.name.startswith((".", "bm25"))) == [
        ".ingest.lock",
        IndexStore(settings).open_manifest().bm25_dir_name,
    ]
    assert not ingest(settings).repaired  # said once
