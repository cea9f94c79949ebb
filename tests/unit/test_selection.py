"""What the model is shown of each passage (``Selection.prompt_passages``)."""

from __future__ import annotations

from assistant.answering.evidence import Evidence
from assistant.answering.selection import Selection
from assistant.types import Passage

SENTENCES = [
    "Gempa berkekuatan 5,7 mengguncang Kabupaten Banggai pada Minggu dini hari.",
    "Pusat gempa berada di darat, sekitar 23 kilometer dari Luwuk.",
    "Warga berhamburan keluar rumah saat guncangan terasa.",
    "Sebanyak 620 warga memilih mengungsi ke tenda darurat.",
    "Satu orang meninggal dan 11 orang luka-luka tertimpa reruntuhan.",
    "Pemerintah menetapkan status tanggap darurat selama tujuh hari.",
    "Bantuan logistik mulai disalurkan pada Senin pagi.",
]


def evidence(sentence: str, probability: float, passage: int = 0) -> Evidence:
    return Evidence(sentence, passage, probability, {}, (), "description", False)


def test_a_passage_shows_the_run_of_its_sentences_among_the_best_evidence() -> None:
    passage = Passage(file="gempa.txt", path="/gempa.txt", lines=(1, 7), text=" ".join(SENTENCES))
    ranked = [evidence(SENTENCES[1], 0.6), evidence(SENTENCES[4], 0.3)]
    shown = Selection([passage], ranked).prompt_passages(5, width=1)[0].text
    # the best sentence and the second best, three sentences apart, with one on each side
    assert shown == " ".join(SENTENCES[0:6])
    alone = Selection([passage], [evidence(SENTENCES[1], 0.6)]).prompt_passages(5, width=1)[0].text
    assert alone == " ".join(SENTENCES[0:3])
    # by default two a side: the sentence that answers is often two from the one ranked best
    assert Selection([passage], [evidence(SENTENCES[3], 0.6)]).prompt_passages(5)[0].text == " ".join(SENTENCES[1:6])


def test_a_passage_another_passage_of_its_article_holds_is_shown_as_that_one() -> None:
    # neighbouring chunks widen two hits into passages of one article, one inside the other: a window cut from
    # the shorter one would drop the sentence the longer one holds next to the same evidence
    short = Passage(file="gempa.txt", path="/gempa.txt", lines=(1, 7), text=" ".join(SENTENCES[0:4]))
    long = Passage(file="gempa.txt", path="/gempa.txt", lines=(1, 7), text=" ".join(SENTENCES))
    ranked = [evidence(SENTENCES[1], 0.6, 0), evidence(SENTENCES[4], 0.3, 1)]
    shown = Selection([short, long], ranked).prompt_passages(5, width=1)
    assert [p.text for p in shown] == [" ".join(SENTENCES[0:6])]
