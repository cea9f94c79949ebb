"""Facts match short and numeric alternatives as whole words, longer ones as substrings."""

from __future__ import annotations

import pytest

from assistant.evaluation.matching import contains, facts_found, values_found, whole_word


@pytest.mark.parametrize(
    ("text", "alternative"),
    [
        ("Putin tiba di Pyongyang.", "ya"),
        ("North Korea welcomed him.", "no"),
        ("His first visit since 2024.", "24"),
        ("Sebanyak 24.000 warga mengungsi.", "24"),
        ("Banjir pada 14 Juli.", "4 Juli"),
        ("Kasus KKN itu disidangkan.", "KK"),
        ("Kimchi was served.", "Kim"),
    ],
)
def test_a_short_or_numeric_alternative_inside_a_longer_word_or_number_is_not_found(
    text: str, alternative: str
) -> None:
    assert facts_found(text, [[alternative]]) == [False]


@pytest.mark.parametrize(
    ("text", "alternative"),
    [
        ("Ya, pelayanan terganggu.", "ya"),
        ("No, it did not.", "no"),
        ("Putin visited for the first time in 24 years.", "24"),
        ("Hasilnya diumumkan Kamis (4/7/2024).", "4/7/2024"),
        ("Pengumuman pukul 10.00 WIB.", "10.00"),
        ("Nilai transaksi Rp 18,7 miliar.", "18,7"),
        ("Kim's limousine", "Kim"),
        ("Kim Jong Un menyambut Putin", "kim jong un"),
        ("The data was falsified.", "falsif"),  # long alternatives are substrings: a stem finds its word
        ("a sum of 2000.", "2000"),
    ],
)
def test_whole_words_and_long_substrings_are_found(text: str, alternative: str) -> None:
    assert facts_found(text, [[alternative]]) == [True]


def test_short_means_four_characters_or_a_digit() -> None:
    assert [whole_word(a) for a in ("Kim", "Aurus", "KK", " ya ", "2 hari", "Mantrurov")] == [
        True,
        False,
        True,
        True,
        True,
        False,
    ]


def test_every_group_needs_one_alternative() -> None:
    assert facts_found("Kim met Putin in 2000 in Pyongyang", [["Kim Jong Un", "Kim"], ["20"], ["Pyongyang"]]) == [
        True,
        False,
        True,
    ]
    assert not contains("anything", "   ")


def test_disagreement_values_match_the_same_way() -> None:
    assert values_found(["pukul 21.00 WIB", "dua  hari"], ["21.00", "Dua hari", "1.00", "2 hari"]) == [
        True,
        True,
        False,
        False,
    ]
