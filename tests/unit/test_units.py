"""The unit of a quantity is checked like a number (``verification.units``)."""

from __future__ import annotations

import pytest

from assistant.verification import OverlapEmbeddingJudge
from assistant.verification.units import missing_units

RATION = "Dalam operasi pasar, beras dijual dengan batas pembelian maksimal lima kilogram per kartu keluarga."
CLOSURE = "Jalan itu ditutup selama dua pekan untuk perbaikan jembatan."


@pytest.mark.parametrize(
    ("claim", "passage", "missing"),
    [
        # a unit added to a quantity, or the quantity's unit changed
        ("Pembelian dibatasi lima kilogram per kartu keluarga setiap minggu.", RATION, ["minggu"]),
        ("Buyers may take five kilograms per family every week.", RATION, ["week"]),
        ("Jalan itu ditutup selama dua hari.", CLOSURE, ["hari"]),
        ("The road was closed for two months.", CLOSURE, ["months"]),
        # the same unit in other words, or in the other language
        ("Jalan itu ditutup selama dua minggu.", CLOSURE, []),
        ("The road was closed for two weeks.", CLOSURE, []),
        ("Jalan itu ditutup sepekan lebih.", CLOSURE, []),
        ("Listrik padam delapan jam.", "Listrik padam sejak pukul 13.15 WIB dan baru pulih pukul 21.05 WIB.", []),
        # not a quantity: a unit word as a filler, the day "Minggu"
        ("Pembelian dibatasi lima kilogram per kartu keluarga mulai hari ini.", RATION, []),
        ("Operasi pasar digelar pada Minggu.", RATION, []),
        ("Warga kembali ke kehidupan sehari-hari.", RATION, []),
    ],
)
def test_a_quantity_s_unit_must_be_named_by_the_passages(claim: str, passage: str, missing: list[str]) -> None:
    assert missing_units(claim, [passage]) == missing


def test_the_judge_does_not_support_an_added_unit_and_says_it_is_a_wrong_number() -> None:
    judge = OverlapEmbeddingJudge(None)
    assert judge.verdict("Pembelian dibatasi lima kilogram per kartu keluarga.", [RATION]).supported
    added = judge.verdict("Pembelian dibatasi lima kilogram per kartu keluarga setiap minggu.", [RATION])
    assert not added.supported and "minggu" in added.reason
