"""A claim that names whom a passage quotes or speaks of rests on the sentence of the article that names them:
news writes a full name and title once and goes on with a short name, a quote or a pronoun."""

from __future__ import annotations

from assistant.answering.verify import Draft, verify_draft
from assistant.citations import split_sentences
from assistant.lexical import claim_tokens
from assistant.types import Passage
from assistant.verification import OverlapEmbeddingJudge
from assistant.verification.attribution import naming_sentence, preceding, speakers

JUDGE = OverlapEmbeddingJudge()  # lexical support only

ARTICLE = (
    "Kepala Dinas Pertanian Kabupaten Klaten, Joko Santosa, mengatakan panen padi tahun ini mundur dua pekan. "
    "Hujan deras pada Maret membuat sebagian sawah terendam. "
    "Sekretaris Daerah Klaten, Bambang Wijaya, yang memimpin rapat darurat, meminta petani menunda tanam. "
    '"Stok gabah di gudang Bulog masih cukup sampai Juni," ujar Joko. '
    "Ia menyebut harga gabah kering panen kini Rp 6.800 per kilogram."
)
SENTENCES = [" ".join(s.split()) for s in split_sentences(ARTICLE)]


def _naming(claim: str, run: list[str]) -> int | None:
    at = SENTENCES.index(run[0])
    return naming_sentence(claim_tokens(claim), SENTENCES[:at], run)


def test_a_quote_and_a_pronoun_are_attributed_to_the_sentence_that_names_the_speaker() -> None:
    quote = SENTENCES[3:4]
    claim = "Menurut Kepala Dinas Pertanian Klaten, Joko Santosa, stok gabah di gudang Bulog masih cukup sampai Juni."
    assert _naming(claim, quote) == 0
    pronoun = SENTENCES[4:5]
    assert _naming("Joko Santosa menyebut harga gabah kering panen Rp 6.800 per kilogram.", pronoun) == 0


def test_no_naming_sentence_when_the_run_names_someone_else_or_nothing_is_missing() -> None:
    # the run says Bambang Wijaya asked farmers to wait: it is not Joko Santosa's statement
    swapped = "Kepala Dinas Pertanian Joko Santosa meminta petani menunda tanam."
    assert _naming(swapped, SENTENCES[2:3]) is None
    # a quote followed by who said it: "ujar Joko" is known, "ujar Bambang" would not be
    claim = "Menurut Sekretaris Daerah Bambang Wijaya, stok gabah di gudang Bulog masih cukup sampai Juni."
    assert _naming(claim, SENTENCES[3:4]) is None
    assert _naming("Stok gabah di gudang Bulog masih cukup sampai Juni, ujar Joko.", SENTENCES[3:4]) is None


def test_a_subject_after_an_opening_phrase_is_attributed_to_the_sentence_that_names_them() -> None:
    article = [
        "Pelari asal Sleman, Dimas Arya Nugroho, memenangi lomba maraton Borobudur 2025.",
        "Berkat kemenangan itu, Dimas membawa pulang hadiah Rp 75 juta.",
        "Menurut panitia, Wulan menempati posisi kedua.",
    ]
    claim = "Marathon winner Dimas Arya Nugroho took home Rp 75 million."
    assert naming_sentence(claim_tokens(claim), article[:1], article[1:2]) == 0
    # the opening phrase's subject is someone the naming sentence does not name
    other = "Dimas Arya Nugroho menempati posisi kedua."
    assert naming_sentence(claim_tokens(other), article[:2], article[2:3]) is None


def test_speakers_are_the_names_next_to_words_of_attribution() -> None:
    assert speakers('"Stoknya cukup," ujar Joko. Hendra mengatakan harga naik. Kirby said so.') == [
        "joko",
        "hendra",
        "kirby",
    ]


def test_preceding_sentences_of_a_passage_in_its_article() -> None:
    assert preceding(ARTICLE, SENTENCES[3], 2) == SENTENCES[1:3]
    assert preceding(ARTICLE, "A sentence the article does not hold.") == []


def test_a_claim_naming_the_speaker_cites_the_quote_and_the_naming_sentence() -> None:
    passage = Passage(file="klaten.txt", path="/a/klaten.txt", lines=(4, 4), text=SENTENCES[3], chunk_id="c4")
    claim = (
        "Menurut Joko Santosa, Kepala Dinas Pertanian Klaten, stok gabah di gudang Bulog masih cukup sampai Juni [1]."
    )
    alone = verify_draft(Draft(claim, (passage,), "model"), JUDGE)
    assert not alone.all_supported and "wrong name" in alone.sentences[0].reason
    named = verify_draft(Draft(claim, (passage,), "model"), JUDGE, preceding=lambda p: preceding(ARTICLE, p.text))
    assert named.all_supported
    assert [c.quote for c in named.citations] == [SENTENCES[3], SENTENCES[0]]
    swapped = claim.replace("Joko Santosa, Kepala Dinas Pertanian Klaten", "Bambang Wijaya, Sekretaris Daerah")
    other = verify_draft(Draft(swapped, (passage,), "model"), JUDGE, preceding=lambda p: preceding(ARTICLE, p.text))
    assert not other.all_supported
