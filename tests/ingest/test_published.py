"""An article's publication date: the date it states as its own (label, dateline, byline), else one inferred
from the dates it mentions, never one it says lies ahead and never one after the reference day."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from assistant.ingest.dates import MONTHS, date_mentions
from assistant.ingest.published import published_from_text

REPO = Path(__file__).resolve().parents[2]
REF = date(2026, 12, 1)

RATE_MEETING_ID = """BI Diperkirakan Tahan Suku Bunga

Bank Indonesia akan menggelar Rapat Dewan Gubernur pada 20 Mei 2025 untuk menentukan suku bunga acuan.

"Kami akan melihat data inflasi terbaru," kata Gubernur BI Perry Warjiyo di Jakarta, Selasa (22/4/2025).

Para ekonom memperkirakan suku bunga tetap 5,75 persen.
"""

RATE_MEETING_EN = """Fed expected to hold rates

The Federal Reserve will meet on May 20, 2025 to set interest rates.

Chair Jerome Powell said on Tuesday, April 22, 2025 that inflation was easing.
"""


# --- the article's own date ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [RATE_MEETING_ID, RATE_MEETING_EN], ids=["id", "en"])
def test_a_rate_meeting_ahead_does_not_date_the_article(text: str) -> None:
    assert published_from_text(text, REF)[:2] == ("2025-04-22", True)


@pytest.mark.parametrize(
    "text",
    [
        "Rapat dewan gubernur akan digelar pada 20 Mei 2025.",
        "Rapat berikutnya dijadwalkan berlangsung pada 20 Mei 2025.",
        "The board will meet on May 20, 2025.",
        "The vote is scheduled for Tuesday, May 20.",
        "Pemungutan suara digelar Selasa (20/5) mendatang.",
    ],
)
def test_a_date_said_to_lie_ahead_is_never_the_publication_date(text: str) -> None:
    assert published_from_text(text, date(2025, 6, 1)) == ("", False, "")


def test_the_reporting_day_beats_a_later_event_the_text_does_not_say_lies_ahead() -> None:
    text = "Sidang digelar 20 Mei 2025. Hal itu disampaikan juru bicara pengadilan, Selasa (22/4/2025)."
    assert published_from_text(text, REF) == ("2025-04-22", True, 'inferred from "Selasa (22/4/2025)"')
    no_report = "Sidang digelar 20 Mei 2025. Berkas diterima pengadilan pada Selasa (22/4/2025)."
    assert published_from_text(no_report, REF)[0] == "2025-05-20"  # no word says which: the latest past date


@pytest.mark.parametrize(
    ("text", "iso", "basis"),
    [
        (
            "BI Tahan Suku Bunga\n\nJakarta, Selasa (22/4/2025) - Bank Indonesia akan menggelar rapat pada 20 Mei 2025.",
            "2025-04-22",
            'dateline "Selasa (22/4/2025)"',
        ),
        (
            "Fed\n\nKOMPAS.com, 22 April 2025 - The Federal Reserve will meet on May 20, 2025.",
            "2025-04-22",
            'dateline "22 April 2025"',
        ),
        (
            "BI\nKOMPAS.com, 22 April 2025\nBank Indonesia akan menggelar rapat dewan gubernur pada 20 Mei 2025 untuk "
            "menentukan arah suku bunga acuan nasional.",
            "2025-04-22",
            'byline "22 April 2025"',
        ),
        (
            "BI\nOleh Budi Santoso | Selasa, 22 April 2025 10:15 WIB\nBank Indonesia mengumumkan hasil rapat yang "
            "digelar pada 1 Mei 2025 dan 2 Mei 2025 di kantor pusatnya.",
            "2025-04-22",
            'byline "Selasa, 22 April 2025"',
        ),
        (
            "Fed\nThe Federal Reserve held its meeting on May 20, 2025, officials said.\nPublished: April 22, 2025",
            "2025-04-22",
            'labelled "April 22, 2025"',
        ),
        ("Diterbitkan 2024-06-19 pukul 10.00.", "2024-06-19", 'labelled "2024-06-19"'),
        ("Sumber: Kompas | Diterbitkan 19.06.2024", "2024-06-19", 'labelled "19.06.2024"'),
    ],
)
def test_the_date_the_article_states_as_its_own_is_not_inferred(text: str, iso: str, basis: str) -> None:
    assert published_from_text(text, REF) == (iso, False, basis)


def test_a_dateline_without_a_year_takes_the_latest_year_and_is_marked_inferred() -> None:
    text = "Fed holds\n\nWASHINGTON, April 22 (Reuters) - The Federal Reserve will meet on May 20, 2025."
    published, inferred, basis = published_from_text(text, date(2025, 5, 1))
    assert (published, inferred) == ("2025-04-22", True)
    assert basis.startswith('dateline "April 22": the year is the latest')


def test_a_short_title_with_a_date_is_not_a_byline() -> None:
    text = "Pemilu 14 Februari 2024\n\nKPU akan mengumumkan hasil rekapitulasi pada Rabu (20/3/2024)."
    assert published_from_text(text, REF) == ("2024-02-14", True, 'inferred from "14 Februari 2024"')


@pytest.mark.parametrize("text", ["Judul saja\n\nTidak ada tanggal di sini, hanya kata-kata.", "", "\n\n", "Judul"])
def test_a_dateless_article_has_no_date(text: str) -> None:
    assert published_from_text(text, REF) == ("", False, "")


# --- dates the text mentions -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Putin tiba pada 19 Juni 2024 di Pyongyang.", "2024-06-19"),
        ("Putin tiba pada Rabu (19/6/2024).", "2024-06-19"),
        ("Putin arrived on June 19, 2024.", "2024-06-19"),
        ("Berkas diterima 19-06-2024.", "2024-06-19"),
        ("Pada 1 Pebruari 2024 dan 3 Nop 2023.", "2024-02-01"),
        ("Pertemuan 9 Agt 2023.", "2023-08-09"),
    ],
)
def test_a_date_the_text_only_mentions_is_inferred(text: str, iso: str) -> None:
    published, inferred, basis = published_from_text(text, REF)
    assert (published, inferred) == (iso, True)
    assert basis.startswith('inferred from "')


@pytest.mark.parametrize("month", sorted(MONTHS))
def test_every_month_name_is_understood_by_dateparser(month: str) -> None:
    [mention] = date_mentions(f"Terbit 5 {month} 2024.", REF)
    assert mention.date == date(2024, MONTHS[month], 5)


def test_weekday_inference_picks_the_latest_matching_year_not_after_the_reference() -> None:
    # 18 June is a Tuesday in 2024 and in 2019 (not in 2025 or 2026): the latest is 2024.
    assert published_from_text("dikutip pada Selasa (18/6).", REF) == (
        "2024-06-18",
        True,
        'inferred from "Selasa (18/6)": 18 June is a Tuesday in 2024',
    )
    assert published_from_text("dikutip pada Selasa (18/6).", date(2024, 6, 17))[0] == "2019-06-18"


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Rabu, 19/6 pagi", "2024-06-19"),
        ("Selasa, 18 Juni malam", "2024-06-18"),
        ("on Tuesday, June 18 at night", "2024-06-18"),
        ("Jum'at (21/6)", "2024-06-21"),
    ],
)
def test_other_weekday_forms_are_inferred(text: str, iso: str) -> None:
    assert published_from_text(text, REF)[:2] == (iso, True)


@pytest.mark.parametrize(
    "text",
    [
        "kunjungan pertama dalam 24 tahun",
        "Pada Juli 2000, Putin pernah mengunjungi Pyongyang. Pada September 2023 Kim ke Rusia.",
        "Kesepakatan militer 2018 runtuh tahun lalu.",
        "Insiden serupa terjadi pada 9 Juni.",  # day and month, no year, no weekday
        "dikutip pada (18/6).",  # no weekday: any year would do
        "kemarin, Selasa malam, pukul 21.00",  # relative words are not parsed
        "",
    ],
)
def test_no_date(text: str) -> None:
    assert published_from_text(text, REF) == ("", False, "")


def test_the_weekday_decides_the_year() -> None:
    # 19 June is a Wednesday in 2024 but a Tuesday in 2018: the written weekday is trusted.
    assert published_from_text("Selasa (19/6)", REF) == (
        "2018-06-19",
        True,
        'inferred from "Selasa (19/6)": 19 June is a Tuesday in 2018',
    )


def test_the_latest_past_date_wins_and_a_written_year_beats_an_inferred_one_on_a_tie() -> None:
    text = "Pada Selasa (18/6) malam tiba. Pembicaraan digelar Rabu (19/6/2024). Rabu (19/6) juga."
    assert published_from_text(text, REF) == ("2024-06-19", True, 'inferred from "Rabu (19/6/2024)"')
    assert published_from_text("Putin tiba 17 Juni 2024, dikutip Rabu (19/6).", REF)[:2] == ("2024-06-19", True)


def test_dates_after_the_reference_are_never_used() -> None:
    assert published_from_text("Pemilu digelar 14 Februari 2029. Terbit 1 Mei 2026.", REF)[0] == "2026-05-01"
    assert published_from_text("Judul\n\nJakarta, Selasa (22/4/3025) - Bank Indonesia tiba.", REF) == ("", False, "")


def test_dates_do_not_depend_on_today_and_dateparser_is_imported_lazily() -> None:
    code = "import sys, assistant.ingest.news; print('dateparser' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert out.stdout.strip() == "False"
    assert published_from_text("Selasa (18/6)", date(2030, 1, 1))[0] == "2024-06-18"
    assert published_from_text("Selasa (18/6)", date(2031, 1, 1))[0] == "2030-06-18"
