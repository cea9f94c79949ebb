"""News-article metadata derived from the text, sidecars and front matter."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from assistant.errors import AssistantError
from assistant.ingest.news import (
    KNOWN_FIELDS,
    ArticleMeta,
    ArticleMetaError,
    derive_meta,
    outlet_from_text,
    parse_sidecar,
    split_front_matter,
    validate_fields,
)

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"
NEWS = REPO / "tests" / "fixtures" / "news"
REF = date(2026, 12, 1)


def _meta(path: Path) -> ArticleMeta:
    return derive_meta(path.read_text(encoding="utf-8"), REF)


# --- the seeds and fixtures ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "outlet", "source", "published", "inferred", "basis"),
    [
        (SEEDS / "000_f3b0780ee10127ff.txt", "BaperaNews", "dateline", "", False, ""),
        (
            SEEDS / "001_1d4b5249daf8730a.txt",
            "PERSPEKTIF.CO.ID",
            "dateline",
            "2024-06-18",
            True,
            'inferred from "Selasa (18/6)": 18 June is a Tuesday in 2024',
        ),
        (SEEDS / "002_60ed03d616c78821.txt", "", "", "", False, ""),
        (
            SEEDS / "003_69800c166bddfbab.txt",
            "RADARCIREBON.TV",
            "dateline",
            "2024-06-19",
            True,
            'inferred from "Rabu (19/6)": 19 June is a Wednesday in 2024',
        ),
        (SEEDS / "004_00032e31b8a57b46.txt", "", "", "", False, ""),
        (
            NEWS / "005_durasi_tiga_hari.txt",
            "KABARDUNIA.ID",
            "dateline",
            "2024-06-19",
            True,
            'inferred from "Rabu (19/6/2024)"',
        ),
        (
            NEWS / "006_tiba_selasa_malam.txt",
            "WARTANUSANTARA.COM",
            "dateline",
            "2024-06-19",
            True,
            'inferred from "Rabu (19/6/2024)"',
        ),
        (
            NEWS / "007_syndicated.txt",
            "INFOGLOBAL.NET",
            "dateline",
            "2024-06-19",
            True,
            'inferred from "Rabu (19/6)": 19 June is a Wednesday in 2024',
        ),
    ],
    ids=lambda v: v.name if isinstance(v, Path) else None,
)
def test_seed_and_fixture_metadata(
    path: Path, outlet: str, source: str, published: str, inferred: bool, basis: str
) -> None:
    meta = _meta(path)
    assert (meta.outlet, meta.outlet_source) == (outlet, source)
    assert (meta.published, meta.published_inferred, meta.published_basis) == (published, inferred, basis)
    assert meta.language == "id"
    assert meta.title == path.read_text(encoding="utf-8").splitlines()[0].strip()
    assert meta.author == ""


def test_seed_004_title_section_is_not_an_outlet() -> None:
    meta = _meta(SEEDS / "004_00032e31b8a57b46.txt")
    assert meta.title.endswith("| Berita Politik")
    assert meta.outlet == ""


def test_dateline_beats_the_cnn_indonesia_caption_credit() -> None:
    lines = (SEEDS / "003_69800c166bddfbab.txt").read_text(encoding="utf-8").splitlines()[1:]
    assert outlet_from_text(lines) == ("RADARCIREBON.TV", "dateline")
    without_dateline = [line for line in lines if not line.startswith("RADARCIREBON.TV")]
    assert outlet_from_text(without_dateline) == ("CNN Indonesia", "caption")


@pytest.mark.parametrize("path", sorted(NEWS.glob("*.meta.toml")), ids=lambda p: p.name)
def test_fixture_sidecars_parse_and_agree_with_the_text(path: Path) -> None:
    fields = parse_sidecar(path.read_text(encoding="utf-8"), path.name)
    assert set(fields) == {"outlet", "published", "title", "language"}
    article = path.with_name(path.name.removesuffix(".meta.toml") + ".txt")
    derived = _meta(article)
    assert fields["title"] == derived.title
    assert fields["outlet"] == derived.outlet
    assert fields["published"] == derived.published
    assert fields["language"] == derived.language == "id"


# --- outlets --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "outlet"),
    [
        ("WASHINGTON (Reuters) - The U.S. said on Tuesday it was concerned.", "Reuters"),
        ("WASHINGTON, June 18 (Reuters) - The U.S. said it was concerned.", "Reuters"),
        ("(AP) — Russian President Vladimir Putin arrived.", "AP"),
        ("Jakarta (ANTARA) - Presiden Rusia tiba di Pyongyang.", "ANTARA"),
        ("JAKARTA, KOMPAS.com - Presiden Rusia tiba di Pyongyang.", "KOMPAS.com"),
        ("Bandung, KOMPAS.com - Presiden Rusia tiba di Pyongyang.", "KOMPAS.com"),
        ("Jakarta, CNN Indonesia -- Presiden Rusia tiba di Pyongyang.", "CNN Indonesia"),
        ("TEMPO.CO, Jakarta - Presiden Rusia tiba di Pyongyang.", "TEMPO.CO"),
        ("Liputan6.com, Jakarta - Presiden Rusia tiba di Pyongyang.", "Liputan6.com"),
        ("BaperaNews\u00a0– Presiden Rusia tiba.", "BaperaNews"),  # no-break space and en dash
        ("RADARCIREBON.TV — Presiden Rusia tiba.", "RADARCIREBON.TV"),  # em dash
    ],
)
def test_datelines(line: str, outlet: str) -> None:
    assert outlet_from_text(["Foto pembuka tanpa kredit", line]) == (outlet, "dateline")


@pytest.mark.parametrize(
    "line",
    [
        "Namun - seperti biasa - Kremlin tidak memberi jadwal.",  # a common word, not a brand
        "NAMUN - seperti biasa - Kremlin tidak memberi jadwal.",
        "Presiden - kata juru bicara - akan tiba malam ini.",
        "Kata juru bicara, Presiden - entah mengapa - datang terlambat.",  # mid-paragraph
        "Hal itu disampaikan BaperaNews - media daring - kemarin.",  # mid-paragraph
        "JAKARTA - Presiden Rusia tiba di Pyongyang.",  # a city-only dateline names no outlet
        "Presiden Joko Widodo (Jokowi) - menurut laporan - hadir.",
        "Sementara, KPK - lembaga antirasuah - diam.",
        "Kim Jong-un menyambut Putin di bandara.",
        "Tiba di Pyongyang (Foto: Istimewa)",
        "Presiden Rusia saat kunjungan ke Korea Utara menemui Kim Jong-un--",
    ],
)
def test_not_outlets(line: str) -> None:
    assert outlet_from_text([line]) == ("", "")


@pytest.mark.parametrize(
    ("line", "outlet"),
    [
        ("Putin dan Kim Jong Un Kompak Bahas Dunia \\'Multipolar\\'/CNN Indonesia", "CNN Indonesia"),
        ("Putin dan Kim berjabat tangan di Pyongyang. (Foto: Reuters)", "Reuters"),
        ("Foto: REUTERS/Kim Hong-Ji", "REUTERS"),
        ("Kim menyambut Putin (Foto: ANTARA FOTO/Hafidz Mubarak)", "ANTARA"),
    ],
)
def test_caption_credits(line: str, outlet: str) -> None:
    assert outlet_from_text(["Paragraf biasa tanpa dateline.", line]) == (outlet, "caption")


def test_teaser_lines_are_not_searched_for_datelines() -> None:
    assert outlet_from_text(["Baca Juga: KABARDUNIA.ID - Putin tiba"]) == ("", "")


# --- front matter ---------------------------------------------------------------------------------------------------


def test_front_matter_is_split_and_line_numbers_are_kept() -> None:
    text = "---\noutlet: \"BaperaNews\"\npublished: '2024-06-19'\ntags: putin, kim\n---\nJudul Berita\n\nIsi pertama.\n"
    fields, body, unclosed = split_front_matter(text)
    assert not unclosed
    assert fields == {"outlet": "BaperaNews", "published": "2024-06-19", "tags": "putin, kim"}
    original, kept = text.splitlines(), body.splitlines()
    assert len(kept) == len(original)
    assert kept[:5] == [""] * 5
    assert kept[5:] == original[5:]
    assert derive_meta(body, REF).title == "Judul Berita"


def test_front_matter_keeps_crlf_line_endings() -> None:
    fields, body, _ = split_front_matter("---\r\ntitle: T\r\n---\r\nJudul\r\n")
    assert fields == {"title": "T"}
    assert body == "\r\n\r\n\r\nJudul\r\n"


@pytest.mark.parametrize("text", ["Judul\n---\ntitle: x\n---\n", "", "Judul saja"])
def test_no_front_matter_leaves_text_unchanged(text: str) -> None:
    assert split_front_matter(text) == ({}, text, False)


def test_a_front_matter_never_closed_is_text_whose_fence_is_not_the_title() -> None:
    text = "---\r\nJudul Berita Tanpa Penutup\r\n\r\nIsi pertama berita ini.\r\n"
    fields, body, unclosed = split_front_matter(text)
    assert unclosed and fields == {}
    assert body == text[3:]  # only the fence is blanked: line numbers and line endings stay
    assert derive_meta(body, REF).title == "Judul Berita Tanpa Penutup"


def test_a_markdown_article_whose_front_matter_is_never_closed_is_indexed_with_one_line(tmp_path: Path) -> None:
    from assistant.ingest.metadata import article_meta

    path = tmp_path / "terbuka.md"
    text = "---\noutlet: Harian Contoh\nJudul Berita Tanpa Penutup\n\nIsi pertama berita ini.\n"
    path.write_text(text, encoding="utf-8")
    meta, body, notes = article_meta(path, text)
    assert meta.title != "---" and meta.outlet != "Harian Contoh"
    assert body.splitlines()[1:] == text.splitlines()[1:]
    assert len(notes) == 1 and "terbuka.md" in notes[0] and "never closed" in notes[0]


def test_front_matter_validation_ignores_other_keys_but_checks_known_ones() -> None:
    assert validate_fields({"title": " T ", "tags": ["a"]}, "a.md", strict=False) == {"title": "T"}
    with pytest.raises(ArticleMetaError, match=r"^a\.md: .*unknown key 'tags'"):
        validate_fields({"tags": "a"}, "a.md", strict=True)
    with pytest.raises(ArticleMetaError, match=r"^a\.md: published '19/6/2024' is not an ISO date"):
        validate_fields({"published": "19/6/2024"}, "a.md", strict=False)


# --- sidecars -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('outlet = "X"\nsection = "Politik"\n', "unknown key 'section'"),
        ('published = "19-06-2024"\n', "published '19-06-2024' is not an ISO date YYYY-MM-DD"),
        ('published = "2024-02-30"\n', "not an ISO date"),
        ("published = 2024-06-19\n", "published must be a string"),  # a TOML date, not a string
        ("outlet = 5\n", "outlet must be a string"),
        ('outlet = "X\ntitle = ', "not valid TOML"),
        ("[meta]\noutlet = 'X'\n", "unknown key 'meta'"),
    ],
)
def test_bad_sidecars_raise_one_line_errors_naming_the_file(text: str, expected: str) -> None:
    with pytest.raises(ArticleMetaError) as info:
        parse_sidecar(text, "005_x.meta.toml")
    message = str(info.value)
    assert isinstance(info.value, AssistantError)
    assert message.startswith("005_x.meta.toml: ") and message.endswith("fix or delete the file")
    assert expected in message
    assert "\n" not in message


def test_unknown_key_error_lists_the_known_keys() -> None:
    with pytest.raises(ArticleMetaError, match=", ".join(KNOWN_FIELDS)):
        parse_sidecar('autor = "Budi"\n', "a.meta.toml")


def test_good_sidecar_with_author_and_bom() -> None:
    fields = parse_sidecar('\ufeffauthor = "Budi"\npublished = "2024-06-19"\n', "a.meta.toml")
    assert fields == {"author": "Budi", "published": "2024-06-19"}


# --- ArticleMeta ----------------------------------------------------------------------------------------------------


def test_merged_overrides_replace_derived_fields() -> None:
    derived = _meta(SEEDS / "001_1d4b5249daf8730a.txt")
    merged = derived.merged({"outlet": "Perspektif", "published": "2024-06-17", "author": "Budi"}, "sidecar")
    assert (merged.outlet, merged.outlet_source) == ("Perspektif", "sidecar")
    assert (merged.published, merged.published_inferred, merged.published_basis) == ("2024-06-17", False, "sidecar")
    assert merged.author == "Budi"
    assert merged.title == derived.title and merged.language == "id"
    assert derived.outlet == "PERSPEKTIF.CO.ID"  # frozen: the original is unchanged


def test_merged_keeps_derived_fields_that_are_not_overridden_and_ignores_other_keys() -> None:
    derived = _meta(SEEDS / "003_69800c166bddfbab.txt")
    merged = derived.merged({"title": "Judul Lain", "tags": "x"}, "front matter")
    assert merged.title == "Judul Lain"
    assert (merged.outlet, merged.outlet_source) == ("RADARCIREBON.TV", "dateline")
    assert (merged.published, merged.published_inferred) == ("2024-06-19", True)


def test_merged_rejects_a_bad_published_override() -> None:
    with pytest.raises(ArticleMetaError, match="not an ISO date"):
        ArticleMeta().merged({"published": "19 Juni 2024"}, "front matter")


def test_to_metadata_is_flat_and_typed() -> None:
    meta = ArticleMeta(outlet="KABARDUNIA.ID", published="2024-06-19", title="T", language="id")
    data = meta.to_metadata()
    assert set(data) == {"outlet", "published", "published_inferred", "published_day", "title", "language", "author"}
    assert all(isinstance(v, str | int | bool) for v in data.values())
    assert data["published_day"] == (date(2024, 6, 19) - date(1970, 1, 1)).days == 19893
    assert data["published_inferred"] is False
    assert data["outlet"] == "KABARDUNIA.ID" and data["author"] == ""


def test_to_metadata_unknown_date_is_minus_one() -> None:
    data = ArticleMeta().to_metadata()
    assert data["published_day"] == -1 and data["published"] == ""
    assert type(data["published_day"]) is int
