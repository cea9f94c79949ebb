"""A claim that gives a cause must rest on a passage that gives it as one (``verification.causes``)."""

from __future__ import annotations

import pytest

from assistant.verification import OverlapEmbeddingJudge
from assistant.verification.causes import unstated_cause

PASSAGE = (
    "Pemerintah kota menutup Pasar Induk selama tiga hari setelah ditemukan 12 kasus keracunan makanan. "
    "Pasar itu menampung sekitar 1.500 pedagang dari lima kecamatan. "
    "Omzet pedagang turun hingga 70 persen. Akibatnya, sebagian pedagang memilih berjualan di pinggir jalan."
)


@pytest.mark.parametrize(
    "claim",
    [
        # two true facts joined by an invented "because"
        "Pasar Induk ditutup karena menampung sekitar 1.500 pedagang dari lima kecamatan.",
        "The market was closed because it holds about 1,500 traders from five districts.",
    ],
)
def test_an_invented_link_between_two_true_facts_is_an_unstated_cause(claim: str) -> None:
    assert unstated_cause(claim, [PASSAGE])


@pytest.mark.parametrize(
    "claim",
    [
        "Pasar Induk ditutup karena ditemukan 12 kasus keracunan makanan.",  # "setelah" in the sentence
        "The market was closed because 12 food poisoning cases were found.",
        "Sebagian pedagang berjualan di pinggir jalan karena omzet mereka turun hingga 70 persen.",  # "Akibatnya"
        "Pasar Induk ditutup selama tiga hari.",  # no cause given
        "Pasar Induk ditutup karena banjir besar melanda kota itu.",  # not in the passage: support judges it
    ],
)
def test_a_cause_the_passage_gives_or_no_cause_at_all_is_not_flagged(claim: str) -> None:
    assert unstated_cause(claim, [PASSAGE]) is None


def test_the_judge_does_not_support_an_unstated_cause_and_says_why() -> None:
    judge = OverlapEmbeddingJudge(None)
    linked = judge.verdict("Pasar Induk ditutup karena ditemukan 12 kasus keracunan makanan.", [PASSAGE])
    invented = judge.verdict(
        "Pasar Induk ditutup karena menampung sekitar 1.500 pedagang dari lima kecamatan.", [PASSAGE]
    )
    assert linked.supported
    assert not invented.supported and "not as the reason" in invented.reason


@pytest.mark.parametrize(
    ("claim", "stated"),
    [
        # "due to" before a verb is a schedule, not a cause
        ("The festival was due to open on Friday evening in the city square.", False),
        ("The minister is due to meet the traders at Pasar Induk.", False),
        # before a noun phrase it is a cause
        ("Pasar Induk was closed due to the traders from five districts.", True),
        ("Pasar Induk was closed due to heavy trading from five districts.", True),
    ],
)
def test_due_to_before_a_verb_is_a_schedule(claim: str, stated: bool) -> None:
    passage = (
        PASSAGE + " Festival kota dijadwalkan dibuka Jumat malam di alun-alun kota. Menteri akan bertemu pedagang."
    )
    assert bool(unstated_cause(claim, [passage])) is stated
