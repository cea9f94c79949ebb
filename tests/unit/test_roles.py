"""Name-role binding across languages: an English claim that gives a person another person's title in an
Indonesian passage is a conflict; the title the passage gives them is not."""

from __future__ import annotations

import pytest

from assistant.verification.roles import role_conflicts

PASSAGE = (
    "Rapat itu dihadiri Menteri Keuangan Sri Wahyuni, Menteri Pertahanan Budi Hartono, "
    "dan Wakil Perdana Menteri Arif Santoso."
)


@pytest.mark.parametrize(
    "claim",
    [
        "Defence Minister Sri Wahyuni attended the meeting.",
        "Deputy Prime Minister Budi Hartono attended the meeting.",
        "Menteri Pertahanan Sri Wahyuni hadir dalam rapat itu.",
    ],
)
def test_a_title_the_passage_gives_someone_else_is_a_conflict(claim: str) -> None:
    assert role_conflicts(claim, [PASSAGE])


@pytest.mark.parametrize(
    "claim",
    [
        "Finance Minister Sri Wahyuni attended the meeting.",
        "Defence Minister Budi Hartono attended the meeting.",
        "Deputy Prime Minister Arif Santoso was there too.",
    ],
)
def test_the_title_the_passage_gives_them_is_not(claim: str) -> None:
    assert not role_conflicts(claim, [PASSAGE])


FAMILY = "Hakim juga membacakan kesaksian Siti Aminah, ibu terdakwa Rudi Hartono, yang hadir di persidangan."


@pytest.mark.parametrize(
    "claim",
    [
        "Hakim membacakan kesaksian Siti Aminah, nenek terdakwa Rudi Hartono.",
        "The judge read out the testimony of Siti Aminah, the sister of the defendant Rudi Hartono.",
    ],
)
def test_a_kinship_the_passage_gives_as_another_is_a_conflict(claim: str) -> None:
    # nobody else is the grandmother or the sister: the pair are one kind of relatives, and the passage says which
    found = role_conflicts(claim, [FAMILY])
    assert found and found[0].name == "Aminah" and not found[0].holder and "ibu" in found[0].reason()


@pytest.mark.parametrize(
    "claim",
    [
        "Hakim membacakan kesaksian Siti Aminah, ibu terdakwa Rudi Hartono.",
        "The judge read out the testimony of Siti Aminah, the mother of the defendant Rudi Hartono.",
    ],
)
def test_the_kinship_the_passage_gives_is_not(claim: str) -> None:
    assert role_conflicts(claim, [FAMILY]) == []
