"""Article metadata at ingest: derived from the text, overridden by a sidecar or front matter, stored with
the chunks and the manifest; a broken sidecar is one line and loses nothing."""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path

from assistant.ingest.html import HtmlArticle
from assistant.ingest.metadata import article_meta
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


# --- publication dates after today -----------------------------------------------------------------------------------

ARTICLE = "BI Tahan Suku Bunga\n\nJakarta, Selasa (22/4/2025) - Bank Indonesia akan menggelar rapat pada 20 Mei 2025.\n"
TODAY = date(2025, 6, 1)


def test_a_sidecar_date_in_3024_is_refused_with_one_line_and_the_text_date_is_kept(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "a.meta.toml").write_text('outlet = "Harian Contoh"\npublished = "3024-04-22"\n', encoding="utf-8")
    meta, _, notes = article_meta(article, ARTICLE, today=TODAY)
    assert (meta.published, meta.published_inferred, meta.outlet) == ("2025-04-22", False, "Harian Contoh")
    [note] = notes
    assert note == (
        f"{tmp_path / 'a.meta.toml'}: published '3024-04-22' is after today: fix it (indexed a.txt with published "
        "2025-04-22)"
    )


def test_a_front_matter_or_page_date_after_today_is_refused(tmp_path: Path) -> None:
    article = tmp_path / "a.md"
    meta, _, notes = article_meta(article, "---\npublished: 2025-06-05\n---\nJudul\n\nTanpa tanggal.\n", today=TODAY)
    assert meta.published == "" and len(notes) == 1
    assert notes[0].startswith(f"{article} (front matter): published '2025-06-05' is after today")
    assert notes[0].endswith("(indexed a.md with no publication date)")
    page = HtmlArticle(text="Judul\n\nTeks.", title="Judul", outlet="Situs", author="", published="2099-01-01", url="")
    meta, _, notes = article_meta(tmp_path / "p.html", page.text, page, today=TODAY)
    assert (meta.published, meta.outlet) == ("", "Situs") and "(page): published '2099-01-01'" in notes[0]


def test_a_date_within_a_day_of_today_is_kept_for_time_zones(tmp_path: Path) -> None:
    (tmp_path / "a.meta.toml").write_text('published = "2025-06-02"\n', encoding="utf-8")
    meta, _, notes = article_meta(tmp_path / "a.txt", "Judul\n\nTeks.", today=TODAY)
    assert (meta.published, notes) == ("2025-06-02", [])


def test_a_file_dated_in_the_future_does_not_let_an_inferred_date_pass_today(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Judul\n\nPembicaraan berlangsung 20 Juni 2025 di Jakarta.\n", encoding="utf-8")
    future = datetime(3024, 1, 1).timestamp()
    os.utime(article, (future, future))
    meta, _, _ = article_meta(article, article.read_text(encoding="utf-8"), today=TODAY)
    assert meta.published == ""


def test_ingest_reports_a_sidecar_of_3024_and_indexes_the_article_with_its_own_date(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "a.meta.toml").write_text('published = "3024-04-22"\n', encoding="utf-8")
    settings = load_settings(store_dir=tmp_path / "store", seeds_dir=folder)
    progress = Lines()
    ingest(settings, progress=progress)
    [line] = [m for m in progress.lines if "3024" in m]
    assert "\n" not in line and "is after today: fix it" in line
    entry = article_entries(settings)["a.txt"]
    assert (entry["published"], entry["published_inferred"]) == ("2025-04-22", False)
