"""Article metadata at ingest: derived from the text, overridden by a sidecar or front matter, stored with
the chunks and the manifest; a broken sidecar is one line and loses nothing."""

from __future__ import annotations

from pathlib import Path

from assistant.ingest.sync import ingest
from assistant.retrieval import Searcher
from assistant.settings import load_settings
from tests.conftest import article_entries

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "seeds" / "000_f3b0780ee10127ff.txt"


class Lines:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def start(self, files: int) -> None: ...
    def file_done(self, name: str, status: str, chunks: int) -> None: ...
    def chunks_embedded(self, n: int) -> None: ...
    def message(self, text: str) -> None:
        self.lines.append(text)


def test_sidecar_and_front_matter_override_the_text_and_reach_the_chunks(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "a.meta.toml").write_text('outlet = "Harian Contoh"\npublished = "2024-06-20"\n', encoding="utf-8")
    body = "\n".join(SEED.read_text(encoding="utf-8").splitlines()[:4])
    (folder / "b.md").write_text(f'---\noutlet: "Majalah B"\ntags: x\n---\n{body}\n', encoding="utf-8")
    settings = load_settings(store_dir=tmp_path / "store", seeds_dir=folder)
    ingest(settings)
    files = article_entries(settings)
    assert (files["a.txt"]["outlet"], files["a.txt"]["published"]) == ("Harian Contoh", "2024-06-20")
    assert files["b.md"]["outlet"] == "Majalah B" and files["b.md"]["title"].startswith("Vladimir Putin Bertemu")
    passages = Searcher(settings).search("Putin tiba di Korea Utara", 10)
    assert {(p.file, p.outlet) for p in passages} >= {("a.txt", "Harian Contoh"), ("b.md", "Majalah B")}
    assert all(p.lines[0] >= 5 for p in passages if p.file == "b.md")  # front matter lines kept their numbers

    (folder / "a.meta.toml").write_text('outlet = "Harian Baru"\n', encoding="utf-8")
    report = ingest(settings)
    assert report.updated == ["a.txt"] and article_entries(settings)["a.txt"]["outlet"] == "Harian Baru"


def test_a_broken_sidecar_is_one_line_and_the_article_is_indexed(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "a.meta.toml").write_text('outlet = "X"\npublished = "20-06-2024"\n', encoding="utf-8")
    settings = load_settings(store_dir=tmp_path / "store", seeds_dir=folder)
    progress = Lines()
    report = ingest(settings, progress=progress)
    [line] = [m for m in progress.lines if "a.meta.toml" in m]
    assert "\n" not in line and "indexed a.txt with the metadata its text gives" in line
    entry = article_entries(settings)["a.txt"]
    assert report.added == ["a.txt"] and entry["outlet"] == "BaperaNews"  # from the dateline
