"""Disagreements only between values of the same slot: the same kind, the same relation to the event and the
same event (``assistant.answering.slots``), across the passages an answer cites and the other outlets'."""

from __future__ import annotations

from assistant.answering.disagreement import find_across, found_in_slot
from assistant.answering.question import AnswerType
from assistant.answering.slots import person_name, same_slot, sentence_facts
from assistant.types import Passage


def passage(outlet: str, text: str, n: int = 0) -> Passage:
    return Passage(
        chunk_id=f"{outlet}-{n}", file=f"{outlet}.txt", path=f"/{outlet}.txt", title="Putin di Korea Utara",
        outlet=outlet, lines=(1, 1), text=text,
    )  # fmt: skip


def facts(sentence: str, kind: AnswerType) -> list:  # type: ignore[type-arg]
    return [f for f in sentence_facts(sentence) if f.kind is kind]


def test_a_phrase_is_never_a_person() -> None:
    assert person_name("Jens Stoltenberg") and not person_name("Kemitraan Strategis Komprehensif")
    sentence = "Salah satu dokumen adalah perjanjian tentang Kemitraan Strategis Komprehensif, kata Yury Ushakov."
    assert [f.value.display for f in facts(sentence, AnswerType.PERSON)] == ["Yury Ushakov"]


def test_where_he_goes_next_is_not_where_a_war_is() -> None:
    vietnam = facts("Putin akan melanjutkan perjalanannya ke Vietnam setelah dari Pyongyang.", AnswerType.PLACE)[0]
    [ukraina] = facts("Rusia terus melancarkan perang di Ukraina.", AnswerType.PLACE)
    assert (vietnam.relation, ukraina.relation) == ("to", "at") and not same_slot(vietnam, ukraina)


def test_two_people_met_on_two_occasions_are_not_two_answers() -> None:
    [stoltenberg] = [
        f
        for f in facts("Blinken bertemu dengan Jens Stoltenberg pada hari Selasa.", AnswerType.PERSON)
        if f.value.display == "Jens Stoltenberg"
    ]
    others = facts("Putin bertemu dengan Kim pada hari Selasa di Pyongyang.", AnswerType.PERSON)
    assert others and not any(same_slot(stoltenberg, f) for f in others)


def test_two_outlets_giving_the_visits_length_differently_disagree_whatever_was_asked() -> None:
    cited = passage("BaperaNews", "Kunjungan Putin ke Pyongyang direncanakan berlangsung selama dua hari.")
    other = passage("KABARDUNIA.ID", "Kunjungan Putin ke Pyongyang direncanakan berlangsung selama tiga hari.")
    unrelated = passage("SUARAPAGI.ID", "Latihan militer Korea Selatan berlangsung selama lima hari.")
    [found] = find_across([cited], [cited, other, unrelated])
    assert found.kind is AnswerType.DURATION
    assert sorted(side[0].value.display for side in found.sides) == ["selama dua hari", "selama tiga hari"]
    assert {c.passage.outlet for side in found.sides for c in side} == {"BaperaNews", "KABARDUNIA.ID"}
    assert find_across([cited], [cited, unrelated]) == []  # another event's duration is no other side


def test_an_outlet_never_disagrees_with_itself_and_one_of_a_kind_descriptions_agree() -> None:
    cited = passage("BaperaNews", "Kunjungan Putin ke Pyongyang direncanakan berlangsung selama dua hari.")
    same = passage("BaperaNews", "Kunjungan Putin ke Pyongyang direncanakan berlangsung selama tiga hari.", 1)
    assert find_across([cited], [cited, same]) == []
    a = "Putin akan singgah di Katedral Holy Trinity, satu-satunya gereja Ortodoks di Korea Utara."
    b = "Putin akan singgah di Gereja Tritunggal, satu-satunya gereja Ortodoks di Korea Utara."
    fa, fb = facts(a, AnswerType.PLACE)[0], facts(b, AnswerType.PLACE)[0]
    sides = [(fa, passage("BaperaNews", a)), (fb, passage("PERSPEKTIF.CO.ID", b))]
    assert found_in_slot(AnswerType.PLACE, sides) is None


def test_two_stories_that_share_only_words_any_story_capitalises_are_not_one_story() -> None:
    from assistant.answering.disagreement import same_story

    def report(outlet: str, title: str, text: str) -> Passage:
        return Passage(chunk_id=outlet, file=f"{outlet}.txt", path=f"/{outlet}.txt", title=title, outlet=outlet,
                       lines=(1, 1), text=text)  # fmt: skip

    measles = report("a", "KLB Campak di Pandeglang", "Dinas Kesehatan Kabupaten Pandeglang memulai imunisasi Selasa.")
    fishing = report("b", "Ekspor Layur Dihentikan", "Dinas Perikanan Kabupaten Pacitan mencatat produksi Selasa.")
    measles_too = report("c", "Imunisasi Campak", "Pemerintah Kabupaten Pandeglang menambah 20 pos imunisasi.")
    assert not same_story(measles, fishing)
    assert same_story(measles, measles_too)
    # a time from another story is not a side of a disagreement
    started = report("a", "KLB Campak di Pandeglang", "Imunisasi di Pandeglang dimulai Kamis (6/3/2025).")
    banned = report("b", "Ekspor Layur Dihentikan", "Larangan di Pacitan berlaku mulai 1 Oktober 2024.")
    assert find_across([started], [banned]) == []
