"""Main-text extraction from saved news pages (see tests/fixtures/html/README.md)."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from assistant.ingest.clean import is_noise
from assistant.ingest.html import HTML_SUFFIXES, MIN_ARTICLE_CHARS, HtmlArticle, decode_page, extract_html

REPO = Path(__file__).resolve().parents[2]
HTML = REPO / "tests" / "fixtures" / "html"
SEEDS = REPO / "seeds"

# Boilerplate of the fixture pages that must never reach the article text.
BOILERPLATE = (
    "Tinggalkan Balasan",
    "Alamat email Anda",
    "Kirim Komentar",
    "Terpopuler",
    "Harga Emas Hari Ini",
    "Jadwal Lengkap Euro 2024",
    "Daftar HP Terbaru Juni 2024",
    "Iklan",
    "Gulir untuk melanjutkan",
    "Pasang iklan",
    "Promo spesial",
    "Beranda",
    "Gaya Hidup",
    "Cari berita",
    "Masuk",
    "Tentang Kami",
    "Pedoman Media Siber",
    "Kebijakan Privasi",
    "Info Iklan",
    "Hak cipta dilindungi",
    "Graha Media",
    "©",
    "Baca Juga",
    "Korea Selatan Lepaskan Tembakan Peringatan",  # the invented related-box title of 000
    "WhatsApp",
    "Telegram",
    "Tag:",
    "Komentar *",
    "0 Komentar",
)


def _norm(line: str) -> str:
    return " ".join(line.replace("\xa0", " ").split())


def _seed_lines(name: str) -> list[str]:
    """The seed's non-empty lines minus what the README says the page dropped."""
    lines = [_norm(line) for line in (SEEDS / name).read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line]
    title, body = lines[0], lines[1:]
    body = [
        line
        for line in body
        if not line.startswith("Baca Juga") and not line.endswith("/CNN Indonesia") and line != "0 Komentar"
    ]
    return [title, *body]


def _article(name: str) -> HtmlArticle:
    article = extract_html((HTML / name).read_bytes())
    assert article is not None
    return article


def _lines(article: HtmlArticle) -> list[str]:
    """The article text's lines, checking the seed shape: non-empty lines separated by one blank line."""
    blocks = article.text.split("\n\n")
    assert all(block and "\n" not in block and block == block.strip() for block in blocks)
    return blocks


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Extraction must only parse the given page: any connection attempt fails the test."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("extract_html tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_suffixes() -> None:
    assert HTML_SUFFIXES == {".html", ".htm"}


@pytest.mark.parametrize(
    ("page", "seed", "paragraphs"),
    [
        ("000_baperanews.html", "000_f3b0780ee10127ff.txt", 13),
        ("003_radarcirebon.html", "003_69800c166bddfbab.txt", 15),
    ],
)
def test_page_gives_exactly_the_seed_paragraphs(page: str, seed: str, paragraphs: int) -> None:
    article = _article(page)
    lines = _lines(article)
    assert lines == _seed_lines(seed)
    assert len(lines) == 1 + paragraphs
    assert lines[0] == article.title
    assert "\xa0" not in article.text


@pytest.mark.parametrize("page", ["000_baperanews.html", "003_radarcirebon.html"])
def test_no_boilerplate(page: str) -> None:
    text = _article(page).text
    for string in BOILERPLATE:
        assert string not in text, string


def test_000_metadata() -> None:
    article = _article("000_baperanews.html")
    assert article.title == "Vladimir Putin Bertemu Kim Jong Un: Seluruh Pimpinan Dunia Was-was"
    assert article.outlet == "BaperaNews"
    assert article.author == "Tim Redaksi BaperaNews"
    assert article.published == "2024-06-19"
    assert article.url == ""  # the page has only relative links
    lines = _lines(article)
    assert lines[1].endswith("Baca selengkapnya di sini!")  # the teaser line is article text; clean.py cuts it
    assert lines[2].startswith("BaperaNews - Presiden Rusia")
    # The related box's two titles that are seed teaser lines are not article text either.
    assert "Kim Jong Un Selamati Putin Saat Rusia Peringati Hari Kemenangan" not in article.text
    assert "Konsol Game" not in article.text


def test_003_metadata() -> None:
    article = _article("003_radarcirebon.html")
    assert article.title == "Kompak Bahas Dunia 'Multipolar', Vladimir Putin Terbang ke Korea Utara Temui Kim Jong Un"
    assert article.outlet == "RADARCIREBON.TV"
    assert article.author == "Redaksi Radar Cirebon TV"
    assert article.published == "2024-06-19"
    assert article.url == ""
    assert _lines(article)[1].startswith("RADARCIREBON.TV – Presiden Rusia")  # \xa0 became a space
    for related in ("Perbandingan Rumah", "Mimpi Buruk NATO", "Pelukan dan Jabat Tangan", "Merk-Merk HP"):
        assert related not in article.text


def test_extracted_lines_survive_cleaning_like_seed_lines() -> None:
    """No extracted line is something clean.py would drop as noise (teasers, comment forms, counters)."""
    for page in ("000_baperanews.html", "003_radarcirebon.html"):
        assert not [line for line in _lines(_article(page)) if is_noise(line)]


def test_bytes_and_str_give_the_same_article() -> None:
    for page in ("000_baperanews.html", "003_radarcirebon.html"):
        data = (HTML / page).read_bytes()
        assert extract_html(data) == extract_html(data.decode("utf-8"))
        assert extract_html(b"\xef\xbb\xbf" + data) == extract_html(data)  # UTF-8 BOM


def test_page_in_a_declared_legacy_charset_is_decoded() -> None:
    page = (HTML / "003_radarcirebon.html").read_text(encoding="utf-8")
    expected = extract_html(page)
    assert expected is not None and "“dunia multipolar”" in expected.text
    for label in ("windows-1252", "iso-8859-1"):  # browsers read iso-8859-1 as windows-1252 too
        legacy = page.replace('<meta charset="utf-8">', f'<meta charset="{label}">')
        data = legacy.replace("\xa0", " ").encode("cp1252")
        assert extract_html(data) == expected
    assert decode_page("Rusia – “multipolar”".encode("cp1252")) == "Rusia – “multipolar”"  # no declaration


def test_canonical_url_is_reported() -> None:
    html = (HTML / "000_baperanews.html").read_text(encoding="utf-8")
    html = html.replace(
        '<link rel="icon"',
        '<link rel="canonical" href="https://baperanews.example/internasional/putin-kim">\n<link rel="icon"',
    )
    article = extract_html(html)
    assert article is not None
    assert article.url == "https://baperanews.example/internasional/putin-kim"
    assert article.published == "2024-06-19"


def test_login_page_is_not_an_article() -> None:
    assert extract_html((HTML / "empty_page.html").read_bytes()) is None


BOILERPLATE_PAGE = """<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8"><title>Indeks Berita - BaperaNews</title>
<meta property="og:site_name" content="BaperaNews"></head>
<body>
<header><nav><ul><li><a href="/">Beranda</a></li><li><a href="/nasional">Nasional</a></li>
<li><a href="/internasional">Internasional</a></li><li><a href="/ekonomi">Ekonomi</a></li></ul></nav></header>
<div class="ads">Iklan - Pasang iklan Anda di sini, hubungi tim pemasaran kami.</div>
<main><h1>Indeks Berita</h1><ul class="index">
<li><a href="/a">Putin Tiba di Pyongyang untuk Kunjungan Kenegaraan</a></li>
<li><a href="/b">Harga Emas Hari Ini Naik Tipis</a></li>
<li><a href="/c">Jadwal Lengkap Euro 2024 Pekan Ini</a></li></ul></main>
<aside><h2>Terpopuler</h2><ol><li><a href="/d">Daftar HP Terbaru Juni 2024</a></li></ol></aside>
<footer><ul><li><a href="/tentang-kami">Tentang Kami</a></li><li><a href="/kontak">Kontak</a></li></ul>
<p class="copyright">&copy; 2024 BaperaNews. Hak cipta dilindungi undang-undang.</p></footer>
</body></html>"""


def test_boilerplate_page_is_not_an_article() -> None:
    assert extract_html(BOILERPLATE_PAGE) is None
    assert extract_html(BOILERPLATE_PAGE.encode("utf-8")) is None


def test_one_short_paragraph_is_not_an_article() -> None:
    page = (
        "<!DOCTYPE html><html><head><title>Putin Tiba</title></head><body><article><h1>Putin Tiba</h1>"
        "<p>Putin tiba di Pyongyang pada Rabu dini hari untuk kunjungan kenegaraan.</p></article></body></html>"
    )
    assert len("Putin tiba di Pyongyang pada Rabu dini hari untuk kunjungan kenegaraan.") < MIN_ARTICLE_CHARS
    assert extract_html(page) is None


@pytest.mark.parametrize(
    "data",
    [b"", "", "   \n", b"\x00\x01\x02binary\x00", "https://example.com/berita/putin-tiba", "<html></html>"],
)
def test_empty_binary_and_url_strings_give_none_without_fetching(data: bytes | str) -> None:
    assert extract_html(data) is None


def test_an_html_page_ingests_to_the_passages_of_its_text_article_with_outlet_and_date(tmp_path: Path) -> None:
    """End to end: the page of seed 000 and the seed itself give the same chunk texts; the page's chunks carry
    the page's outlet and date; a page without an article is skipped with one line and nothing else changes."""
    from assistant.ingest.sync import ingest
    from assistant.retrieval import Searcher
    from assistant.settings import load_settings
    from tests.conftest import article_entries, chunk_texts

    def texts(doc_id: str) -> list[str]:
        return [" ".join(text.split()) for text in chunk_texts(settings, doc_id)]

    folder = tmp_path / "articles"
    folder.mkdir()
    seed = next(SEEDS.glob("000_*.txt"))
    (folder / "seed.txt").write_bytes(seed.read_bytes())
    (folder / "page.html").write_bytes((HTML / "000_baperanews.html").read_bytes())
    (folder / "empty_page.html").write_bytes((HTML / "empty_page.html").read_bytes())
    settings = load_settings(store_dir=tmp_path / "store", seeds_dir=folder)
    report = ingest(settings)
    [skipped] = [str(s) for s in report.skipped]
    assert "empty_page.html" in skipped and "\n" not in skipped
    assert set(article_entries(settings)) == {"seed.txt", "page.html"}
    assert texts("page.html") == texts("seed.txt")
    [hit] = [p for p in Searcher(settings).search("Putin Kim Jong Un Pyongyang", k=10) if p.file == "page.html"][:1]
    assert hit.outlet == "BaperaNews" and hit.published.startswith("2024-06")


@pytest.mark.parametrize("where", ["</head>", "<p>", "</article>"])
def test_a_page_with_a_10_mb_inline_script_extracts_to_the_same_article(where: str) -> None:
    page = (HTML / "000_baperanews.html").read_text(encoding="utf-8")
    expected = extract_html(page)
    assert expected is not None and expected.published == "2024-06-19"  # JSON-LD and meta tags still read
    script = "<script>" + "var x=1;" * 1_300_000 + "</script>"
    style = "<style>" + "p{color:red}" * 10_000 + "</style>"
    assert extract_html(page.replace(where, script + style + where, 1)) == expected


def test_code_is_emptied_but_a_json_ld_block_is_kept() -> None:
    from assistant.ingest.html import without_code

    page = '<head><script type="application/ld+json">{"a": 1}</script><SCRIPT src=x>var y;</SCRIPT><style>p{}</style>'
    assert (
        without_code(page)
        == '<head><script type="application/ld+json">{"a": 1}</script><SCRIPT src=x></SCRIPT><style></style>'
    )
    assert without_code("<p>teks</p><script>tanpa akhir") == "<p>teks</p><script>"
