"""A syndicated copy is the same report: it shares the rank of the passage it copies and does not push the
passages after it down (evidence ranking weighs a passage's retrieval rank)."""

from __future__ import annotations

from assistant.answering.corroboration import distinct_passages, report_ranks
from assistant.types import Passage

REPORT = "Putin tiba di Pyongyang pada Rabu dini hari dan disambut langsung oleh Kim Jong Un di bandara."
OTHER = "Sebelum ke Pyongyang, Putin singgah di Yakutsk untuk bertemu kepala wilayah Yakutia."
THIRD = "Kedua pemimpin menandatangani perjanjian kemitraan strategis komprehensif di Pyongyang."


def _passage(n: int, text: str) -> Passage:
    return Passage(chunk_id=f"c{n}", file=f"{n}.txt", path=f"/x/{n}.txt", lines=(1, 1), text=text, score=0.0)


def test_a_copy_shares_the_rank_of_the_report_it_copies() -> None:
    passages = [_passage(0, REPORT), _passage(1, REPORT), _passage(2, OTHER), _passage(3, THIRD)]
    assert report_ranks(passages) == [0, 0, 1, 2]
    assert [p.chunk_id for p in distinct_passages(passages)] == ["c0", "c2", "c3"]


def test_distinct_passages_keep_their_positions() -> None:
    passages = [_passage(0, REPORT), _passage(1, OTHER), _passage(2, THIRD)]
    assert report_ranks(passages) == [0, 1, 2]
    assert distinct_passages(passages) == passages


def test_a_neighbour_sentence_of_a_widened_passage_ranks_one_place_below_its_hit() -> None:
    """Retrieval ranked the chunk, not the neighbours a passage is widened with: their sentences weigh as
    if retrieved one place lower (``rank_evidence(hits=...)``)."""
    import numpy as np

    from assistant.answering.evidence import rank_evidence
    from assistant.answering.question import analyse_question
    from assistant.answering.sentences import PassageSentence
    from assistant.calibration import Calibration

    vector = np.ones(4, dtype=np.float32) / 2.0
    sentences = [[PassageSentence(OTHER, vector), PassageSentence(REPORT, vector)], [PassageSentence(THIRD, vector)]]
    calibration = Calibration(("rank",), (1.0,), 0.0)
    question = analyse_question("Kapan Putin tiba di Pyongyang?")
    ranked = rank_evidence([question], sentences, vector[None, :], calibration, hits=[REPORT, ""])
    rank = {e.sentence: e.values["rank"] for e in ranked}
    assert rank[REPORT] == 1.0 and rank[OTHER] == 0.5 and rank[THIRD] == 0.5
