"""A claim that negates its source is caught across Indonesian and English; "not only" and paraphrases
are not."""

from __future__ import annotations

import pytest

from assistant.verification.negation import flipped, negations

PASSAGE = (
    "Insiden terjadi di perbatasan Korea pada hari Selasa, ketika tentara Korea Utara melintasi garis demarkasi. "
    "Sekretaris Jenderal NATO Jens Stoltenberg mengatakan hubungan Rusia dan Korea Utara menjadi kekhawatiran serius."
)


@pytest.mark.parametrize(
    "claim",
    [
        "Tidak ada insiden apa pun di perbatasan Korea pada hari Selasa.",
        "There was no incident at the Korean border on Tuesday.",
        "Jens Stoltenberg mengatakan hubungan Rusia dan Korea Utara tidak menjadi kekhawatiran.",
        "Stoltenberg said the relationship between Russia and North Korea was not a serious concern.",
    ],
)
def test_a_negated_claim_is_flipped(claim: str) -> None:
    assert flipped(claim, [PASSAGE]) is not None


@pytest.mark.parametrize(
    "claim",
    [
        "Insiden terjadi di perbatasan Korea pada hari Selasa.",
        "Stoltenberg said the relationship between Russia and North Korea was a serious concern.",
        "Tidak hanya insiden di perbatasan, Stoltenberg juga menyebut kekhawatiran serius.",
    ],
)
def test_an_affirmed_claim_is_not(claim: str) -> None:
    assert flipped(claim, [PASSAGE]) is None


def test_a_claim_that_affirms_what_the_passage_denies_is_flipped() -> None:
    passage = "Kremlin tidak mengonfirmasi jumlah dokumen yang akan ditandatangani."
    assert flipped("The Kremlin confirmed the number of documents to be signed.", [passage]) is not None


def test_negation_words_are_counted_as_words() -> None:
    assert negations("Pyongyang tidak menanggapi, and he didn't answer") == 2
    assert negations("Tak lama kemudian, not only Kim but also Putin spoke") == 0
    assert negations("Notably, the nonstop flight") == 0


def test_a_claim_affirming_one_phrase_does_not_deny_another_phrases_negation() -> None:
    passage = (
        "Putin berjanji membangun sistem perdagangan dan keamanan yang tidak dikendalikan Barat "
        "dan mendukung Pyongyang dalam menghadapi tekanan militer AS."
    )
    true = "Putin berjanji membangun sistem yang tidak dikendalikan Barat, serta mendukung Pyongyang menghadapi tekanan militer AS."
    assert flipped(true, [passage]) is None
    assert flipped("Putin berjanji membangun sistem perdagangan yang dikendalikan Barat.", [passage]) is not None


def test_two_denials_in_one_clause_are_two_negations_not_an_affirmation() -> None:
    passage = "Pada Juli 2005, Wali Kota pernah mengunjungi Surabaya. Ia bertemu Gubernur Jawa Timur di sana."
    claim = "No, the mayor never visited Surabaya in 2005 and did not meet the governor of East Java."
    assert flipped(claim, [passage]) is not None
    assert flipped("Yes, the mayor visited Surabaya in July 2005 and met the governor.", [passage]) is None


@pytest.mark.parametrize(
    ("claim", "contradicts"),
    [
        ("Kedua perusahaan mengakui adanya kesepakatan harga.", True),
        ("Both companies admitted a price-fixing deal.", True),
        ("Kedua perusahaan menyangkal adanya kesepakatan harga.", False),
        ("Kedua perusahaan tidak mengakui adanya kesepakatan harga.", False),
    ],
)
def test_an_opposite_predicate_contradicts_like_a_negation(claim: str, contradicts: bool) -> None:
    passage = "Namun, kedua perusahaan itu menyangkal adanya kesepakatan harga."
    assert (flipped(claim, [passage]) is not None) is contradicts


def test_a_short_afterthought_denying_what_the_passage_states_is_flipped() -> None:
    passage = "Menurut polisi, kebakaran gudang itu terjadi karena korsleting di lantai dua."
    lie = "Menurut polisi, kebakaran gudang itu terjadi dengan sengaja, bukan karena korsleting."
    assert flipped(lie, [passage]) is not None
    aside = "Menurut polisi, kebakaran gudang itu terjadi pada malam hari, tampaknya karena korsleting."
    assert flipped(lie, [aside]) is not None  # the passage states it in a clause of its own
    # denying what the passage does not state is no contradiction
    assert (
        flipped("Menurut polisi, kebakaran gudang itu terjadi karena korsleting, bukan disengaja.", [passage]) is None
    )


def test_a_negation_about_something_else_in_the_sentence_does_not_cover_a_denial() -> None:
    passage = "Pemilik toko, Hendra Gunawan (56), mengaku lega para pelaku tertangkap, meskipun belum seluruh perhiasannya kembali."
    # "belum" is about the jewellery, not the arrest
    assert flipped("Hendra Gunawan said the robbers have not been caught.", [passage]) is not None
    assert flipped("Hendra Gunawan mengatakan para pelaku belum tertangkap.", [passage]) is not None
    assert flipped("Hendra Gunawan mengaku lega para pelaku tertangkap.", [passage]) is None
    assert flipped("Not all of the jewellery has been returned, Hendra Gunawan said.", [passage]) is None


def test_a_reason_clause_has_a_polarity_of_its_own() -> None:
    passage = "Polisi memastikan rekaman CCTV tidak hilang karena disimpan di server cadangan milik pengelola pasar."
    # the reason the passage gives, affirmed, denies nothing: "tidak" is about the footage going missing
    honest = "The footage did not go missing, because it is kept on a backup server owned by the market operator."
    assert flipped(honest, [passage]) is None
    assert flipped("The police said the CCTV footage went missing because it is kept on a backup server.", [passage])


def test_a_denial_is_aligned_with_what_is_said_not_with_who_says_it() -> None:
    passage = (
        "Kepala Balai Wilayah Sungai Citarum, Yudha Mediawan, mengatakan debit sungai turun sejak Senin. "
        "Ia memastikan tanggul tidak jebol."
    )
    assert (
        flipped("Kepala Balai Wilayah Sungai Citarum Yudha Mediawan memastikan tanggul tidak jebol.", [passage]) is None
    )
    assert flipped("Yudha Mediawan memastikan tanggul itu jebol.", [passage]) is not None


def test_a_ban_says_what_a_negated_permission_says() -> None:
    passage = "Peserta yang terbukti curang tidak boleh mengikuti seleksi selama dua tahun."
    assert flipped("Cheaters are barred from the selection for two years.", [passage]) is None
    assert flipped("Peserta yang curang dilarang mengikuti seleksi selama dua tahun.", [passage]) is None
    assert flipped("Peserta yang curang boleh mengikuti seleksi selama dua tahun.", [passage]) is not None


def test_ruling_something_out_denies_that_it_may_happen() -> None:
    passage = "Bank sentral membuka kemungkinan menurunkan suku bunga acuan pada rapat bulan depan."
    assert negations("The central bank ruled out a rate cut") == 1
    assert flipped("The central bank ruled out cutting its benchmark rate at next month's meeting.", [passage])
    assert flipped("The central bank may cut its benchmark rate at next month's meeting.", [passage]) is None


def test_an_opposite_predicate_is_caught_across_an_appositive_name() -> None:
    passage = "Ketua serikat pekerja, Dedi Mulyana, menilai skema pesangon dua tahap itu merugikan pekerja."
    assert flipped("Union leader Dedi Mulyana said the two-stage severance scheme benefits workers.", [passage])
    assert flipped("Union leader Dedi Mulyana said the two-stage severance scheme harms workers.", [passage]) is None


def test_all_where_the_passage_says_only_is_a_contradiction() -> None:
    passage = "Selama masa fungsional, ruas tol itu hanya diperuntukkan bagi kendaraan golongan I."
    assert flipped("Selama masa fungsional, ruas itu terbuka untuk semua golongan kendaraan.", [passage])
    assert flipped("Selama masa fungsional, ruas itu hanya untuk kendaraan golongan I.", [passage]) is None


def test_a_yes_or_no_opening_an_answer_is_no_negation() -> None:
    passage = "Kepala Stasiun Geofisika Palu, Hendra Sinaga, mengatakan gempa tersebut tidak berpotensi tsunami."
    assert flipped("No. Hendra Sinaga said the quake had no tsunami potential.", [passage]) is None
    assert flipped("Tidak, menurut Hendra Sinaga gempa tersebut tidak berpotensi tsunami.", [passage]) is None
    assert flipped("Yes. Hendra Sinaga said the quake had tsunami potential.", [passage]) is not None


def test_all_where_the_passage_counts_a_part_of_the_whole_is_a_contradiction() -> None:
    passage = "Tiga dari lima korban luka adalah anak-anak, sedangkan dua lainnya orang dewasa."
    assert flipped("Seluruh lima korban luka adalah anak-anak.", [passage])
    assert flipped("Tiga korban luka adalah anak-anak.", [passage]) is None
    assert flipped("Semua korban dirawat di rumah sakit.", ["Semua lima korban dirawat di rumah sakit."]) is None
    assert flipped("Tiga dari lima korban adalah anak-anak.", ["Semua lima korban adalah anak-anak."])
    whole_first = "Dari lima korban luka, tiga korban adalah anak-anak, sementara dua lainnya orang dewasa."
    assert flipped("Seluruh lima korban luka adalah anak-anak.", [whole_first])


def test_land_where_the_passage_says_sea_is_a_contradiction() -> None:
    passage = "Latihan militer itu digelar di laut, sekitar 50 kilometer dari garis pantai."
    assert flipped("Latihan militer itu digelar di darat, sekitar 50 kilometer dari garis pantai.", [passage])
    assert flipped("Latihan militer itu digelar di laut lepas, jauh dari garis pantai.", [passage]) is None


def test_ended_where_the_passage_says_began_and_unlikely_where_it_expects_are_contradictions() -> None:
    started = "Vaksinasi massal di Kabupaten Garut dimulai Senin (3/2/2025) dan berlangsung selama sepekan."
    assert flipped("Vaksinasi massal di Kabupaten Garut berakhir pada Senin (3/2/2025).", [started])
    assert flipped("Vaksinasi massal di Kabupaten Garut dimulai pada Senin (3/2/2025).", [started]) is None
    expects = "Ia memperkirakan proyek itu dapat menyerap sekitar 5.000 tenaga kerja."
    assert flipped("Ia menilai proyek itu kecil kemungkinan dapat menyerap sekitar 5.000 tenaga kerja.", [expects])
    assert flipped("He said the project was unlikely to employ about 5,000 workers.", [expects])


def test_a_subject_described_in_the_sentence_before_still_aligns_with_the_denial() -> None:
    """ "The weak tropical cyclone" is described in one sentence, what it cannot do denied in the next."""
    passage = (
        "Kepala Stasiun Meteorologi Kupang, Rahmat Hidayat, mengatakan badai itu merupakan siklon tropis lemah "
        "akibat suhu laut yang hangat. Ia memastikan siklon tidak berpotensi menimbulkan banjir rob."
    )
    claim = "Rahmat Hidayat, head of the Kupang meteorology station, said the weak tropical cyclone did have the potential to cause tidal flooding."
    assert flipped(claim, [passage]) == "Ia memastikan siklon tidak berpotensi menimbulkan banjir rob."
    assert (
        flipped("Rahmat Hidayat said the weak tropical cyclone had no potential to cause tidal flooding.", [passage])
        is None
    )


@pytest.mark.parametrize(
    ("claim", "contradicts"),
    [
        ("Ticket sales were down 15 percent on last year.", True),
        ("Penjualan tiket turun 15 persen dibanding tahun lalu.", True),
        ("Ticket sales were up 15 percent on last year.", False),
        ("The teachers' union criticised the new curriculum.", True),
        ("Serikat guru mengkritik kurikulum baru itu.", True),
        ("The teachers' union welcomed the new curriculum.", False),
    ],
)
def test_down_where_the_passage_says_up_and_criticised_where_it_says_welcomed_are_contradictions(
    claim: str, contradicts: bool
) -> None:
    passages = [
        "Penjualan tiket konser di Yogyakarta naik 15 persen dibanding tahun lalu.",
        "Ketua serikat guru mengapresiasi kurikulum baru itu, tetapi meminta pelatihan tambahan.",
    ]
    assert (flipped(claim, passages) is not None) is contradicts
