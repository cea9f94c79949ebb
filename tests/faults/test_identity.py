"""An article is known by its path: same-named files in two folders stay two articles, ids that change
(older stores, moved files, other roots) migrate without embedding anything again."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.ingest.sync import ingest
from assistant.retrieval import Searcher
from assistant.settings import load_settings
from assistant.store import IndexStore, StoreError
from tests.conftest import SEEDS, chroma_ids, committed, committed_ids
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


def vectors_match_index(store: Path) -> bool:
    settings = load_settings(store_dir=store)
    return chroma_ids(settings) == committed_ids(settings)


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
    assert set(committed(load_settings(store_dir=store))) == {"hanoi.txt", "seoul.txt"}

    # Now outside every declared root: the same files are known by their absolute paths.
    settings = load_settings(store_dir=store, seeds_dir=tmp_path / "seeds-elsewhere")
    moved = ingest(settings, [folder])
    assert (moved.chunks_embedded, len(moved.renamed), moved.removed, moved.added) == (0, 2, [], [])
    assert moved.chunks_total == first.chunks_total
    assert set(committed(settings)) == {(folder.resolve() / n).as_posix() for n in ("hanoi.txt", "seoul.txt")}
    assert vectors_match_index(store)
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
    assert vectors_match_index(tmp_path / "store")


def test_more_declared_roots_keep_the_seed_ids_and_label_their_own(tmp_path: Path, store_copy: Path) -> None:
    wires = tmp_path / "wires"
    article(wires, "hanoi.txt", "Hanoi")
    settings = load_settings(store_dir=store_copy, seeds_dir=SEEDS, article_roots=[wires])
    report = ingest(settings)
    assert report.added == ["wires/hanoi.txt"] and len(report.unchanged) == 5
    top = Searcher(settings).search("Warga Hanoi menyambut rombongan presiden, pelabuhan baru", 1)[0]
    assert top.file == "wires/hanoi.txt"  # the labelled id is what search and citations show
    index = committed(settings)
    assert "000_f3b0780ee10127ff.txt" in index
    assert report.chunks_embedded == len(index["wires/hanoi.txt"])  # the seeds embed nothing


def test_an_index_of_the_earlier_format_is_converted_by_ingest(tmp_path: Path) -> None:
    store = tmp_path / "store"
    clips = tmp_path / "clips"
    outside = article(clips, "hanoi.txt", "Hanoi")  # indexed from outside the declared folders
    settings = load_settings(store_dir=store, seeds_dir=SEEDS)
    old = IndexStore(settings).collection("articles-old1234", create=True)
    old.upsert(ids=["x"], embeddings=[[1.0] + [0.0] * 383])
    files = {p.name: {"path": str(p), "hash": "h", "chunks": ["x"]} for p in sorted(SEEDS.glob("*.txt"))}
    files[outside.as_posix()] = {"path": str(outside), "hash": "h", "chunks": []}
    manifest = {"version": 2, "embedder": settings.embed_model, "dim": 384, "collection": "articles-old1234"}
    (store / "index.json").write_text(json.dumps({**manifest, "chunking": {}, "files": files}), encoding="utf-8")
    (store / "docstore.json").write_text("{}", encoding="utf-8")
    (store / "bm25-0123456789abcdef-dead1234").mkdir()

    with pytest.raises(StoreError) as err:
        Searcher(settings)
    assert "earlier version" in str(err.value) and "run `assistant ingest`" in str(err.value)
    assert "\n" not in str(err.value)
    report = ingest(settings)
    assert len(report.added) == 6 and outside.as_posix() in report.added  # read again where it was
    assert sorted(p.name for p in store.iterdir() if p.name != "chroma") == [".ingest.lock", "index.sqlite3"]
    assert IndexStore(settings).collection_names() == [IndexStore(settings).open_info().collection]
    built = load_settings(store_dir=tmp_path / "built", seeds_dir=SEEDS)
    ingest(built, [SEEDS, clips])  # the same articles indexed afresh: the converted index searches the same
    assert results(settings) == results(built)
