"""Value contradictions: a time, duration or count the sentence an answer rests on gives differently is
flagged; a number the passages write in another role (a date's day, a clock time) is not another value."""

from __future__ import annotations

import pytest

from assistant.answering.contradictions import value_conflict

PASSAGE = (
    "Bupati menetapkan status tanggap darurat selama tujuh hari, mulai 10 Maret hingga 16 Maret 2025. "
    "Sebanyak 1.200 warga mengungsi ke balai desa pada pukul 3 pagi. "
    "Seorang nelayan berusia 52 tahun hilang di laut pada Sabtu sekitar pukul 19.45 WIB."
)


@pytest.mark.parametrize(
    "claim",
    [
        "Status tanggap darurat berlaku selama tujuh hari, mulai 10 hingga 16 Maret 2025.",
        "The emergency lasted seven days, from 10 to 16 March 2025.",
        "About 1,200 residents fled to the village hall at 3 a.m.",
        "The 52-year-old fisherman went missing at sea on Saturday at about 19.45 WIB.",
    ],
)
def test_values_the_passage_gives_are_not_contradictions(claim: str) -> None:
    assert value_conflict(claim, [PASSAGE]) is None


@pytest.mark.parametrize(
    "claim",
    [
        "Status tanggap darurat berlaku selama sepuluh hari, mulai 10 hingga 16 Maret 2025.",
        "Sebanyak 2.500 warga mengungsi ke balai desa pada pukul 3 pagi.",
        "About 1,200 residents fled to the village hall at 3 p.m.",
    ],
)
def test_a_different_value_for_the_same_thing_is_a_contradiction(claim: str) -> None:
    assert value_conflict(claim, [PASSAGE]) is not None


TRIP = (
    "Gubernur meninjau lokasi banjir di Kabupaten Garut pada Senin. "
    "Rombongan kemudian bermalam di Tasikmalaya sebelum kembali ke Bandung."
)


@pytest.mark.parametrize(
    "claim",
    [
        "Gubernur meninjau lokasi banjir di Kabupaten Garut pada Senin.",
        "Rombongan gubernur bermalam di Tasikmalaya.",
        "Gubernur meninjau lokasi banjir pada Senin, lalu rombongan kembali ke Bandung.",
    ],
)
def test_a_place_the_passages_give_in_that_slot_is_no_contradiction(claim: str) -> None:
    assert value_conflict(claim, [TRIP]) is None


def test_another_place_in_the_same_slot_is_a_contradiction() -> None:
    found = value_conflict("Gubernur meninjau lokasi banjir di Kabupaten Cianjur pada Senin.", [TRIP])
    assert found is not None and "Cianjur" in found and "Garut" in found
    # a place the passages name, but in another slot ("bermalam di Tasikmalaya"), is still another place here
    assert value_conflict("Gubernur meninjau lokasi banjir di Tasikmalaya pada Senin.", [TRIP]) is not None


STOPOVER = "Dilansir Antara, Jokowi diperkirakan akan singgah di Balikpapan, Kalimantan Timur, sebelum menuju Makassar."


def test_a_place_the_passage_names_beside_the_slot_value_is_the_same_place() -> None:
    # "Balikpapan, Kalimantan Timur": the province set off by a comma says where Balikpapan is
    claim = "Balikpapan is in Eastern Kalimantan; Jokowi was expected to stop there before flying on to Makassar."
    assert value_conflict(claim, [STOPOVER]) is None
    # another province, or another city, in that slot is still another place
    other = "Balikpapan is in Western Sulawesi; Jokowi was expected to stop there before flying on to Makassar."
    assert value_conflict(other, [STOPOVER]) is not None
    assert value_conflict("Jokowi was expected to stop in Samarinda before flying on to Makassar.", [STOPOVER])


def test_a_number_written_of_something_else_is_not_the_claims_own() -> None:
    passage = (
        "Penjualan mobil listrik di Jawa Timur pada Maret 2025 mencapai 2.150 unit. "
        "Angka itu naik tajam dibanding Februari yang hanya 940 unit."
    )
    lie = "Penjualan mobil listrik di Jawa Timur pada Maret 2025 mencapai 940 unit."
    assert value_conflict(lie, [passage]) == 'a different number: "940" where the passage says "2.150"'
    assert (
        value_conflict("Penjualan mobil listrik di Jawa Timur pada Maret 2025 mencapai 2.150 unit.", [passage]) is None
    )
    # a claim about February rests on the second sentence, where 940 is written
    assert value_conflict("Pada Februari, penjualan mobil listrik hanya 940 unit.", [passage]) is None


def test_a_claim_giving_several_values_may_take_each_from_its_own_sentence() -> None:
    passage = (
        "Penjualan mobil listrik di Jawa Timur pada Maret 2025 mencapai 2.150 unit. "
        "Angka itu naik tajam dibanding Februari yang hanya 940 unit."
    )
    claim = (
        "Penjualan mobil listrik di Jawa Timur pada Maret 2025 mencapai 2.150 unit, naik dari 940 unit pada Februari."
    )
    assert value_conflict(claim, [passage]) is None


def test_a_weekday_and_its_date_written_together_are_one_value() -> None:
    # "Jumat (1/8/2025)" is one time: borrowed from a sentence about something else, it is not the claim's own
    final = "Pada laga final di GOR Djarum Jati, Kudus, Minggu (3/8/2025), Raka mengalahkan Fikri Maulana Yusuf."
    tickets = "Panitia mencatat tiket laga final terjual habis sejak Jumat (1/8/2025)."
    found = value_conflict("Laga final digelar di GOR Djarum Jati, Kudus, pada Jumat (1/8/2025).", [final, tickets])
    assert found is not None and "Jumat" in found and "Minggu" in found
    assert (
        value_conflict("Laga final digelar di GOR Djarum Jati, Kudus, pada Minggu (3/8/2025).", [final, tickets])
        is None
    )


def test_a_place_swapped_between_two_events_is_a_contradiction_across_languages() -> None:
    passage = "Harga cabai naik di tengah gagal panen di Jawa Tengah dan banjir besar-besaran di Jawa Timur."
    swapped = "Chilli prices rose amid crop failures in East Java and large-scale floods in Central Java."
    assert value_conflict(swapped, [passage]) is not None
    assert (
        value_conflict(
            "Chilli prices rose amid crop failures in Central Java and large-scale floods in East Java.", [passage]
        )
        is None
    )


def test_two_years_are_two_values_even_written_close_together() -> None:
    # "sebelum tahun 2023" bounds the question; "April 2019" is the answer, written in its own sentence
    passage = "Pada April 2019, Bupati Sleman pernah mengunjungi Jepang. Ia kembali ke sana pada September 2023."
    assert value_conflict("Bupati Sleman mengunjungi Jepang sebelum tahun 2023 pada April 2019.", [passage]) is None
