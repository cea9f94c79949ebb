"""Question typing holds on news of every kind, not only the seed articles' diplomacy."""

from __future__ import annotations

import pytest

from assistant.answering.candidates import find_candidates, place_tokens
from assistant.answering.question import AnswerType, analyse_question, answer_type

T = AnswerType


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Which court sentenced the former regent?", T.ORGANISATION),
        ("Pengadilan mana yang menjatuhkan vonis kepada terdakwa?", T.ORGANISATION),
        ("What was the inflation rate in April?", T.NUMBER),
        ("Berapa tingkat inflasi tahunan pada bulan Mei?", T.NUMBER),
        ("What was the final score?", T.NUMBER),
        ("What was the death toll of the flood?", T.NUMBER),
        ("How many people were evacuated?", T.NUMBER),
        ("Which team won the derby?", T.ORGANISATION),
        ("Klub mana yang menjadi juara?", T.ORGANISATION),
        ("Which player scored the winning goal?", T.PERSON),
        ("Siapa pelatih tim nasional?", T.PERSON),
        ("Which hospital treated most of the patients?", T.PLACE),
        ("Di kabupaten mana longsor terjadi?", T.PLACE),
        ("How long will the rail line take to build?", T.DURATION),
        ("When did the volcano erupt?", T.TIME),
        ("What is the name of the start-up that laid off its staff?", T.ORGANISATION),
        ("Why did the central bank raise its rate?", T.REASON),
        ("Did the defendant appeal?", T.YESNO),
        ("Which researcher warned about the dengue outbreak?", T.PERSON),
        ("Pengamat mana yang mengkritik kebijakan itu?", T.PERSON),
        ("Which residents refused to leave the village?", T.PERSON),
        # "what" + an auxiliary opens the question; a later "when" or "where" opens a clause
        ("What did the governor promise when the flood receded?", T.DESCRIPTION),
        # the noun phrase after "what was/were" ends at a preposition: "route" is not what is asked
        ("What were the houses along the river painted with?", T.DESCRIPTION),
        ("What time did the train leave?", T.TIME),
        # a colloquial "or not?" at the end asks yes or no
        ("Jembatannya sudah bisa dilewati belum?", T.YESNO),
        ("Banjirnya sampai ke Dayeuhkolot nggak?", T.YESNO),
        ("Kenapa jembatannya belum bisa dilewati?", T.REASON),
    ],
)
def test_question_types_on_other_topics(question: str, kind: AnswerType) -> None:
    assert answer_type(question)[0] is kind


def test_a_name_after_a_word_of_origin_is_a_place_not_a_person() -> None:
    sentence = "Gol kemenangan dicetak oleh striker asal Brasil, Marcos Silva, pada menit ke-88."
    places = [c.text for c in find_candidates(sentence, T.PLACE, place_tokens([sentence]))]
    people = [c.text for c in find_candidates(sentence, T.PERSON, place_tokens([sentence]))]
    assert "Brasil" in places and "Brasil" not in people
    assert "Marcos Silva" in people


@pytest.mark.parametrize(
    ("question", "sentence", "expected"),
    [
        # an organisation whose name begins (Indonesian) or ends (English) with its kind, a place in it or not
        ("Pengadilan mana yang memvonis mantan bupati itu?", "Pengadilan Negeri Semarang memvonis mantan bupati itu.",
         "Pengadilan Negeri Semarang"),
        ("Which court sentenced the former regent?", "The former regent was sentenced by the Semarang District Court.",
         "Semarang District Court"),
        ("Kementerian apa yang mengumumkan larangan ekspor?", "Kementerian Perdagangan mengumumkan larangan ekspor itu.",
         "Kementerian Perdagangan"),
        # a name that adds a name of its own to one the question gives is an answer, not the question's own
        ("Which UN body imposed the sanctions?", "The UN Security Council imposed the sanctions in 2017.",
         "UN Security Council"),
    ],
)  # fmt: skip
def test_an_organisation_answer_is_found_whichever_end_its_kind_is_written(
    question: str, sentence: str, expected: str
) -> None:
    from assistant.answering.evidence import new_candidates
    from assistant.answering.question import analyse_question

    assert expected in new_candidates(analyse_question(question), sentence, place_tokens([sentence]))


def test_a_name_adding_only_its_kind_to_the_questions_name_is_the_questions_own() -> None:
    from assistant.answering.evidence import new_candidates
    from assistant.answering.question import analyse_question

    sentence = "Kim mengunjungi Kosmodrom Vostochny di Timur Jauh Rusia."
    assert "Kosmodrom Vostochny" not in new_candidates(
        analyse_question("Where did Kim stay after the Vostochny meeting?"), sentence, place_tokens([sentence])
    )


@pytest.mark.parametrize(
    ("question", "sentence", "expected"),
    [
        # news names suspects by their initials, with the age after them or after "berinisial"
        ("Siapa yang diduga menjadi otak penipuan itu?", "Polisi menangkap tersangka AR (42) di rumahnya di Bekasi.",
         "AR"),
        ("Siapa kurir narkoba yang ditangkap?", "Kurir berinisial MS ditangkap di Pelabuhan Bakauheni.", "MS"),
        # a title after a preposition leads a person's name, not a place
        ("Siapa pejabat yang mengumumkan kenaikan harga?",
         "Pengumuman itu datang dari Wakil Presiden Gibran Rakabuming pada Senin.", "Gibran Rakabuming"),
        # a bare "who" is answered by an agency too
        ("Siapa yang menyalurkan bantuan ke lokasi longsor?",
         "Badan SAR Nasional (Basarnas) menyalurkan bantuan ke lokasi longsor.", "Basarnas"),
        ("Who shut down the website?", "The Communications Ministry shut down the website on Friday.",
         "Communications Ministry"),
        # a person who shares only part of the question's name is someone else
        ("Siapa ayah Lee Jae Min yang mendirikan perusahaan itu?",
         "Perusahaan itu didirikan oleh Lee Jae Ho, ayah Lee Jae Min.", "Lee Jae Ho"),
    ],
)  # fmt: skip
def test_candidates_of_a_person_question_in_everyday_news(question: str, sentence: str, expected: str) -> None:
    from assistant.answering.evidence import new_candidates
    from assistant.answering.question import analyse_question

    assert expected in new_candidates(analyse_question(question), sentence, place_tokens([sentence]))


def test_a_person_holding_the_questions_whole_name_is_the_questions_own() -> None:
    from assistant.answering.evidence import new_candidates
    from assistant.answering.question import analyse_question

    sentence = "Menteri Keuangan Sri Mulyani Indrawati mengatakan defisit akan ditekan."
    found = new_candidates(analyse_question("What did Sri Mulyani say about the deficit?"), sentence, frozenset())
    assert found == ()
    named = new_candidates(analyse_question("Who said the deficit would be cut?"), sentence, frozenset())
    assert "Sri Mulyani Indrawati" in named


def test_a_country_is_a_place_never_a_person() -> None:
    sentence = "Gedung Putih khawatir atas hubungan antara Rusia dan Korea Utara, kata Kirby."
    people = [c.text for c in find_candidates(sentence, T.PERSON, frozenset())]
    places = [c.text for c in find_candidates(sentence, T.PLACE, frozenset())]
    assert "Rusia" not in people and "Korea Utara" not in people and "Kirby" in people
    assert {"Rusia", "Korea Utara"} <= set(places)


def test_a_web_address_names_nothing() -> None:
    sentence = "JATIMPOST.CO.ID - Bupati Probolinggo meresmikan pasar baru."
    assert all(c.text not in ("CO", "ID") for c in find_candidates(sentence, T.ORGANISATION, frozenset()))


def test_a_who_question_with_a_kind_of_person_is_not_answered_by_an_agency() -> None:
    from assistant.answering.evidence import new_candidates
    from assistant.answering.question import analyse_question

    sentence = "Badan SAR Nasional (BSN) mengerahkan 40 personel, kata juru bicara Yusuf Latif."
    spokesman = new_candidates(analyse_question("Siapa jubir yang berbicara soal pencarian?"), sentence, frozenset())
    assert "BSN" not in spokesman and "Yusuf Latif" in spokesman
    anyone = new_candidates(analyse_question("Siapa yang mengerahkan personel?"), sentence, frozenset())
    assert "BSN" in anyone


@pytest.mark.parametrize(
    ("question", "noun"),
    [
        ("Berapa sih rumah yang terendam banjir?", "rumah"),  # a particle before the noun
        ("Berapa banyak warga yang mengungsi?", "warga"),
        ("Berapakah harga beras sekarang?", "harga"),
        ("Berapa banyak yang tewas?", ""),  # no noun: what is counted is the verb's
        ("How many soldiers crossed the border?", "soldiers"),
    ],
)
def test_the_noun_a_how_many_question_counts(question: str, noun: str) -> None:
    assert analyse_question(question).type_noun == noun
