"""Who did it to whom (``verification.parties``): two named parties the other way round about the same verb, or
a doer where the passage's passive names another, are caught across languages; passives, what two parties do
together and paraphrases are not."""

from __future__ import annotations

import pytest

from assistant.verification.parties import other_doer, swapped_parties

VERDICT = (
    "Dalam sidang di Pengadilan Negeri Surabaya, Jaksa Penuntut Umum Ahmad Fauzi menuntut terdakwa Budi Santoso "
    "dengan hukuman lima tahun penjara karena penggelapan dana koperasi."
)
MATCH = "Persib Bandung mengalahkan Persija Jakarta dengan skor 2-1 di Stadion Gelora Bandung Lautan Api."


@pytest.mark.parametrize(
    "claim",
    [
        "Budi Santoso menuntut Ahmad Fauzi dengan hukuman lima tahun penjara.",
        "Budi Santoso demanded a five-year prison sentence for Ahmad Fauzi.",
        "Persija Jakarta mengalahkan Persib Bandung dengan skor 2-1.",
    ],
)
def test_parties_the_other_way_round_are_caught(claim: str) -> None:
    assert swapped_parties(claim, [VERDICT, MATCH]) is not None


@pytest.mark.parametrize(
    "claim",
    [
        "Ahmad Fauzi menuntut Budi Santoso dengan hukuman lima tahun penjara.",
        "Prosecutor Ahmad Fauzi demanded five years in prison for Budi Santoso.",
        "Budi Santoso dituntut lima tahun penjara oleh Ahmad Fauzi.",  # a passive names them the other way round
        "Budi Santoso was sentenced after Ahmad Fauzi demanded five years.",  # no verb between them to compare
        "Persija Jakarta bertanding melawan Persib Bandung.",  # what two parties do together
        "Persib Bandung mengalahkan Persija Jakarta 2-1.",
    ],
)
def test_the_same_order_a_passive_or_a_joint_act_is_not(claim: str) -> None:
    assert swapped_parties(claim, [VERDICT, MATCH]) is None


# --- someone else named as the doer by a passive ------------------------------------------------------------
OPENING = (
    "Peresmian jalur kereta itu dihadiri warga sejak pagi. Kedatangan Gubernur Rina Wulandari yang disambut "
    "langsung oleh Wali Kota Hendra Gunawan di Stasiun Cikarang menjadi pusat perhatian."
)
ARREST = "Tersangka Joko Susilo ditangkap oleh polisi setelah Kepala Polres Dimas Prakoso memimpin penggerebekan."
REPORT = "The proposal was rejected by Senator Alice Moore, while Governor Tom Reyes praised it."


@pytest.mark.parametrize(
    "claim",
    [
        "Gubernur Rina Wulandari menyambut Rina Wulandari di Stasiun Cikarang.",  # the patient as the doer
        "Governor Rina Wulandari welcomed the mayor at Cikarang station.",
        "Rina Wulandari was welcomed by Rina Wulandari.",
        "Tom Reyes rejected the proposal.",
    ],
)
def test_a_doer_the_passage_names_otherwise_is_caught(claim: str) -> None:
    assert other_doer(claim, [OPENING, ARREST, REPORT]) is not None


@pytest.mark.parametrize(
    "claim",
    [
        "Wali Kota Hendra Gunawan menyambut Gubernur Rina Wulandari di Stasiun Cikarang.",
        "Mayor Hendra Gunawan welcomed Governor Rina Wulandari.",
        "Rina Wulandari disambut oleh Hendra Gunawan.",
        "Alice Moore rejected the proposal.",
        "Tom Reyes praised the proposal.",  # the passage says so in an active clause
        "Dimas Prakoso memimpin penggerebekan.",
        "Rina Wulandari tiba di Stasiun Cikarang.",  # another verb: not this check's business
        "Hendra Gunawan dan Rina Wulandari bertemu di stasiun.",  # what two do together
    ],
)
def test_the_doer_the_passage_names_or_another_verb_is_not(claim: str) -> None:
    assert other_doer(claim, [OPENING, ARREST, REPORT]) is None
