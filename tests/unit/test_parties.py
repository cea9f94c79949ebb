"""Who did it to whom (``verification.parties``): two named parties the other way round about the same verb
are caught across languages; passives, what two parties do together and paraphrases are not."""

from __future__ import annotations

import pytest

from assistant.verification.parties import swapped_parties

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
