"""Newsroom questions recognised by their form, and what an outlet's passage must say to report a claim."""

from __future__ import annotations

import pytest

from assistant.answering.newsroom import about_the_claim
from assistant.answering.outlets import AgreeQuestion, WhichOutlets, outlet_question, without_attribution

KNOWN = ["BaperaNews", "PERSPEKTIF.CO.ID", "RADARCIREBON.TV"]


@pytest.mark.parametrize(
    ("question", "claim", "about"),
    [
        ("Which outlets reported that Putin would visit the Orthodox church?", "Putin would visit the Orthodox church", "that"),
        ("What media covered the signing of the partnership?", "the signing of the partnership", ""),
        ("Siapa saja media yang memberitakan kunjungan Putin ke gereja?", "kunjungan Putin ke gereja", ""),
        ("Media apa saja yang memberitakan bahwa Putin tiba pukul 3 pagi?", "Putin tiba pukul 3 pagi", "bahwa"),
        ("Who reported that Putin arrived at dawn?", "Putin arrived at dawn", "that"),
    ],
)  # fmt: skip
def test_which_outlets_questions(question: str, claim: str, about: str) -> None:
    assert outlet_question(question, KNOWN) == WhichOutlets(claim, about)


@pytest.mark.parametrize(
    "question",
    [
        "Who said the visit would last two days?",  # a person said it
        "Siapa saja yang mengatakan kunjungan itu dua hari?",
        "Did Putin and Kim agree on the partnership?",  # no indexed outlet
        "Which church did Putin visit?",
    ],
)
def test_questions_about_people_or_facts_are_no_newsroom_questions(question: str) -> None:
    assert outlet_question(question, KNOWN) is None


def test_agree_questions_name_the_indexed_outlets() -> None:
    asked = outlet_question("Apakah Perspektif dan RadarCirebon sama-sama menyebut Vietnam?", KNOWN)
    assert asked == AgreeQuestion(("PERSPEKTIF.CO.ID", "RADARCIREBON.TV"), "Vietnam")


def test_according_to_an_outlet_asks_its_articles_the_question_without_its_name() -> None:
    assert without_attribution("According to Perspektif, where would Putin go next?", ["PERSPEKTIF.CO.ID"]) == (
        "Where would Putin go next?"
    )
    assert without_attribution("Menurut Kirby, apa yang dikhawatirkan AS?", ["PERSPEKTIF.CO.ID"]) == (
        "Menurut Kirby, apa yang dikhawatirkan AS?"  # a person, not an outlet: unchanged
    )


def test_a_cited_sentence_must_state_part_of_the_claim_itself() -> None:
    claim = "ini adalah kunjungan pertama Putin ke Korea Utara dalam 24 tahun"
    assert about_the_claim(claim, "Kunjungan ini, yang pertama kali dilakukan presiden Rusia dalam 24 tahun.")
    assert not about_the_claim("Putin disambut dengan karpet merah", "Putin dan Kim Jong Un bertemu pada 2024.")
    one_word = "Seorang wanita menyajikan Putin dengan buket mawar merah."  # "merah" alone is not the red carpet
    assert not about_the_claim("sambutan karpet merah untuk Putin", one_word)
    near = {"diteken": "penandatanganan"}  # a word near in meaning counts (the engine's WordMatcher)
    sentence = "Pembicaraan diharapkan menghasilkan penandatanganan beberapa dokumen bersama."
    assert not about_the_claim("dokumen yang diteken selama kunjungan", sentence)
    assert about_the_claim("dokumen yang diteken selama kunjungan", sentence, lambda w, pool: near)
