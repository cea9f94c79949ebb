"""Several cited passages may lend a claim a detail (a number, a date), never its subject or what it says:
a claim is not stitched together from one passage's names and another passage's statement."""

from __future__ import annotations

from assistant.answering.verify import Draft, supported_by, verify_draft
from assistant.lexical import leading_names
from assistant.types import Passage
from assistant.verification import OverlapEmbeddingJudge

JUDGE = OverlapEmbeddingJudge()  # lexical support only: what these rules add does not depend on an embedder

MINISTER = (
    "Menteri Keuangan Sri Mulyani berbicara kepada wartawan setelah rapat dengan Gubernur BI Perry Warjiyo pada Senin."
)
TRADE = "Sementara itu, juru bicara Kementerian Perdagangan Budi Santoso mengatakan harga beras naik menjelang Lebaran."
REGENT = "Bupati Sleman meresmikan jembatan gantung baru di Desa Wukirsari pada Kamis pagi bersama warga setempat."
PROVINCE = (
    "Pemerintah provinsi dijadwalkan membangun sebuah pasar tradisional dan terminal bus tahun depan, kata gubernur."
)
PRICE = "Harga beras medium di Pasar Induk Cipinang naik menjadi Rp 14.500 per kilogram pada pekan ini."
RISE = "Kenaikan harga beras di Cipinang itu, menurut pedagang, mencapai 12 persen dibanding bulan lalu."
CHILLI = "Di Jakarta, harga cabai rawit naik 12 persen dibanding bulan lalu."


def test_a_sentence_initial_word_the_passages_write_as_a_name_is_a_name() -> None:
    claim = "Santoso berbicara kepada wartawan setelah rapat dengan Gubernur BI Perry Warjiyo pada Senin."
    assert leading_names(claim, [MINISTER, TRADE]) == ["santoso"]
    assert leading_names("Wartawan mendengar Sri Mulyani.", [MINISTER, TRADE]) == []
    assert leading_names(claim, [MINISTER]) == []  # written capitalised only at a sentence's start: unknown


def test_a_subject_swapped_in_from_another_passage_is_a_wrong_name() -> None:
    swapped = "Santoso berbicara kepada wartawan setelah rapat dengan Gubernur BI Perry Warjiyo pada Senin [1]."
    verdict = supported_by(swapped, [1], [MINISTER, TRADE], JUDGE)
    assert not verdict.supported and "santoso" in verdict.reason
    right = "Sri Mulyani berbicara kepada wartawan setelah rapat dengan Gubernur BI Perry Warjiyo pada Senin [1]."
    assert supported_by(right, [1], [MINISTER, TRADE], JUDGE).supported


def test_a_statement_from_one_passage_given_to_the_subject_of_another_is_not_supported() -> None:
    stitched = "Bupati Sleman dijadwalkan membangun pasar tradisional dan terminal bus tahun depan [1][2]."
    assert JUDGE.supports(stitched, [REGENT, PROVINCE])  # the two passages together hold every word
    verdict = supported_by(stitched, [1, 2], [REGENT, PROVINCE], JUDGE)
    assert not verdict.supported and "only part" in verdict.reason
    both = (
        "Bupati Sleman meresmikan jembatan gantung baru di Desa Wukirsari, sementara pemerintah provinsi "
        "dijadwalkan membangun pasar tradisional dan terminal bus tahun depan [1][2]."
    )
    assert supported_by(both, [1, 2], [REGENT, PROVINCE], JUDGE).supported  # each clause stated by one passage


def test_a_clause_whose_name_is_in_one_passage_and_whose_statement_is_in_another_is_not_stated() -> None:
    mayor = "Wali Kota Palu, Rahmat Hidayat, meminta maaf kepada pedagang dan menunda relokasi pasar."
    head = "Kepala Dinas Perdagangan Palu, Yusuf Lamba, menjelaskan relokasi sudah disiapkan sejak Maret."
    swapped = (
        "Kepala Dinas Perdagangan Palu, Yusuf Lamba, meminta maaf kepada pedagang dan menunda relokasi pasar [1][2]."
    )
    verdict = supported_by(swapped, [1, 2], [mayor, head], JUDGE)
    assert not verdict.supported
    right = "Wali Kota Palu, Rahmat Hidayat, meminta maaf kepada pedagang dan menunda relokasi pasar [1][2]."
    assert supported_by(right, [1, 2], [mayor, head], JUDGE).supported
    # the passage that says it quotes the named official by a short name: the statement is theirs
    quote = '"Relokasi pasar ditunda sampai Juni karena pedagang keberatan," kata Yusuf.'
    said = "Kepala Dinas Perdagangan Palu, Yusuf Lamba, mengatakan relokasi pasar ditunda sampai Juni [1][2]."
    assert supported_by(said, [1, 2], [quote, head], JUDGE).supported


def test_a_number_is_lent_only_by_a_sentence_about_the_same_named_thing() -> None:
    claim = "Harga beras medium di Pasar Induk Cipinang naik 12 persen menjadi Rp 14.500 per kilogram [1][2]."
    assert supported_by(claim, [1, 2], [PRICE, RISE], JUDGE).supported
    verdict = supported_by(claim, [1, 2], [PRICE, CHILLI], JUDGE)  # 12 percent, but of chilli in Jakarta
    assert not verdict.supported and "12" in verdict.reason


def test_a_sentence_initial_name_must_be_in_the_sentences_the_claim_rests_on() -> None:
    filler = "Rapat itu membahas anggaran tahun depan. Para menteri juga menyinggung harga pangan."
    passage = f"{MINISTER} {filler} {TRADE}"  # names Santoso, three sentences away
    claim = "Santoso berbicara kepada wartawan setelah rapat dengan Gubernur BI Perry Warjiyo pada Senin."
    assert "santoso" in JUDGE.details(claim, [passage]).missing_names
    assert not JUDGE.supports(claim, [passage])
    assert JUDGE.supports(claim.replace("Santoso", "Sri Mulyani"), [passage])


def test_a_claim_its_cited_passage_negates_is_not_recited_to_another() -> None:
    from assistant.answering.verify import Draft, verify_draft
    from assistant.types import Passage

    def passage(n: int, text: str) -> Passage:
        return Passage(chunk_id=f"c{n}", file=f"{n}.txt", path=f"/{n}.txt", title="Jembatan", lines=(1, 1), text=text)

    opened = passage(1, "Bupati Sleman meresmikan jembatan gantung baru di Desa Wukirsari pada Kamis pagi.")
    rumour = passage(2, "Warga menyebut Bupati Sleman tidak meresmikan jembatan gantung baru di Desa Wukirsari.")
    denial = "Bupati Sleman tidak meresmikan jembatan gantung baru di Desa Wukirsari [1]."
    verified = verify_draft(Draft(denial, (opened, rumour), "model"), JUDGE)
    [sentence] = verified.sentences
    assert not sentence.supported and not sentence.attributed and "negates" in sentence.reason
    # the same claim cited to the passage that states it is supported: only a contradicted citation is kept
    cited_right = verify_draft(Draft(denial.replace("[1]", "[2]"), (opened, rumour), "model"), JUDGE)
    assert cited_right.sentences[0].supported


def test_a_country_named_first_is_a_name_even_where_the_passages_do_not_write_it() -> None:
    assert leading_names("Vietnam, mitra dagang utama Indonesia, menaikkan tarif impor.", [TRADE]) == ["vietnam"]
    assert leading_names("Pedagang di Cipinang menaikkan harga.", [PRICE]) == []


def test_a_bare_yes_or_no_is_kept_with_the_sentence_that_says_what_it_answers() -> None:
    passage = Passage(file="beras.txt", path="/a/beras.txt", lines=(1, 1), text=PRICE, chunk_id="c1")
    draft = "Sudah. Harga beras medium di Pasar Induk Cipinang naik menjadi Rp 14.500 per kilogram [1]. Ya."
    verified = verify_draft(Draft(draft, (passage,), "model"), JUDGE)
    assert [s.text for s in verified.sentences] == [
        "Sudah. Harga beras medium di Pasar Induk Cipinang naik menjadi Rp 14.500 per kilogram."
    ]
    assert verified.all_supported and verified.text.startswith("Sudah. Harga beras")
