"""Question forms: the model's translation is read tolerantly, and passages found by either form are fused."""

from __future__ import annotations

from assistant.answering.forms import clean_translation
from assistant.answering.search import fuse_passages
from assistant.types import Passage


def test_a_translation_reply_is_cleaned() -> None:
    q = "How long was the visit planned to last?"
    assert (
        clean_translation("Translation: Berapa lama kunjungan direncanakan?", q)
        == "Berapa lama kunjungan direncanakan?"
    )
    assert clean_translation('\n  "Berapa lama kunjungan itu?"\nExtra line', q) == "Berapa lama kunjungan itu?"
    assert clean_translation("   ", q) is None
    assert clean_translation("x " * 200, q) is None


def test_a_reply_that_answers_instead_of_translating_is_not_a_translation() -> None:
    q = "When did Russia start its full-scale invasion of Ukraine?"
    assert clean_translation("Kapan Rusia memulai invasi skala penuh ke Ukraina?", q)
    assert clean_translation("Dalam artikel tersebut, Rusia mulai beroperasi sekitar tahun 2014.", q) is None
    assert clean_translation("Kapan Rusia memulai invasi pada 2014?", q) is None  # a number the question lacks
    assert clean_translation("Berapa korban dalam 24 jam?", "How many victims in 24 hours?")
    assert clean_translation("Berapa korban dalam 2 jam?", "How many victims in 24 hours?") is None


def _p(cid: str) -> Passage:
    return Passage(chunk_id=cid, file=f"{cid}.txt", path=f"/a/{cid}.txt", lines=(1, 1), text=cid)


def test_fusion_puts_a_passage_both_forms_found_first() -> None:
    fused = fuse_passages([[_p("a"), _p("b"), _p("c")], [_p("c"), _p("d")]])
    assert [p.chunk_id for p in fused][:1] == ["c"]
    assert {p.chunk_id for p in fused} == {"a", "b", "c", "d"}
    single = [_p("x"), _p("y")]
    assert fuse_passages([single]) == single
