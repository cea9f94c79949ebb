"""A claim that negates its source is caught across Indonesian and English; "not only" and paraphrases
are not."""

from __future__ import annotations

import pytest

from assistant.verification.negation import flipped, negations

PASSAGE = (
    "Insiden terjadi di perbatasan Korea pada hari Selasa, ketika tentara Korea Utara melintasi garis demarkasi. "
    "Sekretaris Jenderal NATO Jens Stoltenberg mengatakan hubungan Rusia dan Korea Utara menjadi kekhawatiran serius."
)


@pytest.mark.parametrize(
    "claim",
    [
        "Tidak ada insiden apa pun di perbatasan Korea pada hari Selasa.",
        "There was no incident at the Korean border on Tuesday.",
        "Jens Stoltenberg mengatakan hubungan Rusia dan Korea Utara tidak menjadi kekhawatiran.",
        "Stoltenberg said the relationship between Russia and North Korea was not a serious concern.",
    ],
)
def test_a_negated_claim_is_flipped(claim: str) -> None:
    assert flipped(claim, [PASSAGE]) is not None


@pytest.mark.parametrize(
    "claim",
    [
        "Insiden terjadi di perbatasan Korea pada hari Selasa.",
        "Stoltenberg said the relationship between Russia and North Korea was a serious concern.",
        "Tidak hanya insiden di perbatasan, Stoltenberg juga menyebut kekhawatiran serius.",
    ],
)
def test_an_affirmed_claim_is_not(claim: str) -> None:
    assert flipped(claim, [PASSAGE]) is None


def test_a_claim_that_affirms_what_the_passage_denies_is_flipped() -> None:
    passage = "Kremlin tidak mengonfirmasi jumlah dokumen yang akan ditandatangani."
    assert flipped("The Kremlin confirmed the number of documents to be signed.", [passage]) is not None


def test_negation_words_are_counted_as_words() -> None:
    assert negations("Pyongyang tidak menanggapi, and he didn't answer") == 2
    assert negations("Tak lama kemudian, not only Kim but also Putin spoke") == 0
    assert negations("Notably, the nonstop flight") == 0
