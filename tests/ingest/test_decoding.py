"""Article bytes are decoded by the standard the archive uses: UTF-8, with a bad byte replaced and named (never
the whole file read as Latin-1); a file that is not UTF-8 at all in its legacy encoding; UTF-16 with a BOM."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from assistant.ingest.decoding import decode_bytes
from assistant.ingest.loader import ArticleFile, read_article
from assistant.ingest.sync import ingest
from assistant.progress import IngestLines
from assistant.retrieval import Searcher
from assistant.settings import load_settings
from tests.conftest import SEEDS

SEED = SEEDS / "003_69800c166bddfbab.txt"  # curly quotes, an en dash, no-break spaces


def with_bad_byte(text: str, marker: str, bad: bytes = b"\xff") -> tuple[bytes, int]:
    """``text`` as UTF-8 with ``bad`` inserted before ``marker``, and the byte offset it is at."""
    data = text.encode("utf-8")
    at = data.index(marker.encode("utf-8"))
    return data[:at] + bad + data[at:], at


def test_one_bad_byte_in_a_utf8_article_becomes_one_replacement_character_and_is_named() -> None:
    text = SEED.read_text(encoding="utf-8")
    data, at = with_bad_byte(text, "Presiden Rusia")
    decoded = decode_bytes(data)
    assert decoded is not None and decoded.encoding == "utf-8"
    assert decoded.text == text.replace("Presiden Rusia", "\ufffdPresiden Rusia", 1)
    assert "“dunia multipolar”" in decoded.text and "â€" not in decoded.text  # nothing read as Latin-1
    assert (decoded.bad_bytes, decoded.first_bad) == (1, at)
    note = decoded.note("a/berita.txt")
    assert note is not None and "a/berita.txt" in note and f"byte {at}" in note and "\n" not in note


def test_a_bad_byte_after_a_utf8_bom_is_counted_from_the_start_of_the_file() -> None:
    data, at = with_bad_byte("\ufeffJudul “Berita”\n\nIsi berita tentang Pyongyang.", "Isi")
    decoded = decode_bytes(data)
    assert decoded is not None and decoded.first_bad == at and decoded.text.startswith("Judul “Berita”")


def test_many_bad_bytes_are_counted_in_one_line() -> None:
    text = SEED.read_text(encoding="utf-8")
    data, at = with_bad_byte(text, "Presiden Rusia", b"\xc3\x28\xff")
    decoded = decode_bytes(data)
    assert decoded is not None and decoded.bad_bytes == 2 and decoded.first_bad == at
    assert "and 1 more" in (decoded.note("x.txt") or "")


def test_a_real_windows_1252_file_is_still_read_as_windows_1252() -> None:
    text = "Berita “Kafé” – Pyongyang\n\nSeorang pejabat berkata café itu ramai sekali."
    decoded = decode_bytes(text.encode("cp1252"))
    assert decoded is not None and (decoded.text, decoded.encoding, decoded.bad_bytes) == (text, "cp1252", 0)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_a_bom_still_works(encoding: str) -> None:
    text = SEED.read_text(encoding="utf-8")
    data = text.encode(encoding) if encoding == "utf-16" else "\ufeff".encode(encoding) + text.encode(encoding)
    decoded = decode_bytes(data)
    assert decoded is not None and decoded.text == text and decoded.encoding == "utf-16"


def test_binary_data_is_not_an_article() -> None:
    assert decode_bytes(b"\x00\x01\x02PNG\x00" * 50) is None
    assert decode_bytes(bytes(range(128, 256)) * 40) is None  # high bytes, no NUL, no UTF-8: not text


def test_ingest_indexes_the_article_and_says_one_line_naming_the_file_and_the_offset(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    data, at = with_bad_byte(SEED.read_text(encoding="utf-8"), "Presiden Rusia")
    (folder / "rusak.txt").write_bytes(data)
    article = read_article(folder / "rusak.txt", "rusak.txt")
    assert isinstance(article, ArticleFile) and len(article.notes) == 1
    out = io.StringIO()
    settings = load_settings(store_dir=tmp_path / "store", seeds_dir=folder)
    report = ingest(settings, progress=IngestLines(out))
    assert report.added == ["rusak.txt"] and not report.skipped
    lines = [line for line in out.getvalue().splitlines() if "not valid UTF-8" in line]
    assert len(lines) == 1 and "rusak.txt" in lines[0] and f"byte {at}" in lines[0]
    passages = Searcher(settings).search("dunia multipolar Putin Kim Jong Un", 3)
    assert any("“dunia multipolar”" in p.text for p in passages)
