"""Language detection: Indonesian vs English, None when a text is too neutral to tell."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.language import LANGUAGE_NAMES, detect_language, language_scores, question_language

DEV = Path(__file__).resolve().parent.parent / "answers" / "dev.jsonl"

INDONESIAN = [
    "Siapa yang menyambut Putin?",
    "Kapan Putin tiba di Pyongyang?",
    "Putin tiba di Korea Utara untuk pertama kalinya dalam 24 tahun.",
    "Kim Jong Un menyambut Putin di bandara [1].",
    "Putin mengunjungi Pyongyang.",
    "Kunjungan ini direncanakan berlangsung selama dua hari [2].",
    "Berapa lama kunjungan itu?",
    "Mengapa NATO khawatir?",
    "Apa yang dibahas kedua pemimpin?",
    "Pada April 2019, Kim Jong Un pernah mengunjungi Rusia [3].",
    "Kim memeriksa limusin Aurus Senat milik Putin.",
    "Setelah dari Korea Utara, Putin dijadwalkan melanjutkan perjalanan ke Vietnam [1].",
    "Washington dan Seoul menuduh Pyongyang memasok artileri ke Moskow.",
    "Saya tidak dapat menjawab pertanyaan itu dari artikel yang tersedia.",
    "Berdasarkan artikel:",
    "Kesepakatan militer 2018 runtuh tahun lalu [4].",
    "Jens Stoltenberg menyebutnya kekhawatiran serius.",
    "Bagaimana reaksi Gedung Putih?",
    "Dia akan bertemu Kim di Moskow.",
    "Rusia memveto pemantauan sanksi PBB pada Maret.",
    "Putin disambut dengan karpet merah dan pelukan Kim saat tiba di ibu kota Pyongyang pada Rabu (19/6) "
    "pukul 3 pagi waktu setempat, menurut Kantor Berita Korut KCNA [2][3].",
    "Ya, mereka menandatangani perjanjian kemitraan strategis komprehensif.",
    "Sebutkan pejabat yang mendampingi Putin.",
]

ENGLISH = [
    "Who greeted Putin?",
    "When did Putin arrive in Pyongyang?",
    "Putin arrived in North Korea for the first time in 24 years.",
    "Kim Jong Un greeted Putin at the airport [1].",
    "Putin visited Pyongyang.",
    "The visit was planned to last two days [2].",
    "How long was the visit?",
    "Why is NATO worried?",
    "What did the two leaders discuss?",
    "In April 2019, Kim Jong Un visited Russia [3].",
    "Kim inspected Putin's Aurus Senat limousine.",
    "After North Korea, Putin was scheduled to travel on to Vietnam [1].",
    "Washington and Seoul accuse Pyongyang of supplying artillery to Moscow.",
    "I can't answer that from the articles I have.",
    "Here is what the articles say:",
    "The 2018 military agreement collapsed last year [4].",
    "Jens Stoltenberg called it a serious concern.",
    "How did the White House react?",
    "He will meet Kim in Moscow.",
    "Russia vetoed the UN sanctions monitoring in March.",
    "Putin was welcomed with a red carpet and a hug from Kim when he arrived in the capital Pyongyang on "
    "Wednesday (19/6) at 3 a.m. local time, according to the KCNA news agency [2][3].",
    "Yes, they signed a comprehensive strategic partnership treaty.",
    "Name the officials who accompanied Putin.",
]

NEUTRAL = [
    "Kim Jong Un [1].",
    "2019.",
    "Putin, Kim, Pyongyang.",
    "Vladimir Putin.",
    "Aurus Senat [1].",
    "Moskow.",
    "NATO.",
    "Kumsusan State Guest House.",
    "(19/6)",
    "",
    "   ",
    "[1][2]",
    "Korea Utara?",
    "24.",
]


def _dev() -> list[dict]:
    return [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("case", _dev(), ids=lambda c: c["id"])
def test_every_dev_question_is_detected_as_its_language(case: dict) -> None:
    assert detect_language(case["question"]) == case["lang"]
    assert question_language(case["question"]) == case["lang"]


@pytest.mark.parametrize("text", INDONESIAN)
def test_indonesian_sentences(text: str) -> None:
    assert detect_language(text) == "id", language_scores(text)


@pytest.mark.parametrize("text", ENGLISH)
def test_english_sentences(text: str) -> None:
    assert detect_language(text) == "en", language_scores(text)


@pytest.mark.parametrize("text", NEUTRAL)
def test_neutral_fragments_are_undecided(text: str) -> None:
    assert detect_language(text) is None, language_scores(text)


def test_names_and_acronyms_carry_no_evidence() -> None:
    assert language_scores("Putin Kim Pyongyang NATO AS KCNA 2019") == {"id": 0.0, "en": 0.0}


def test_question_language_falls_back_to_default() -> None:
    assert question_language("Kim Jong Un?") == "en"
    assert question_language("Kim Jong Un?", default="id") == "id"
    assert question_language("Siapa Kim Jong Un?", default="en") == "id"
    assert question_language("Who is Kim Jong Un?", default="id") == "en"


def test_mixed_text_goes_to_the_dominant_language() -> None:
    assert detect_language("Putin tiba di Pyongyang dan disambut Kim, the leader.") == "id"
    assert detect_language("The talks were held at the Kumsusan State Guest House di Pyongyang.") == "en"


def test_language_names() -> None:
    assert LANGUAGE_NAMES == {"id": "Indonesian (Bahasa Indonesia)", "en": "English"}
