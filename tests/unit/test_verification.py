"""Support scoring, attribution and "needs a citation?".

The labelled set ``support_cases.jsonl`` holds passages cut from ``seeds/`` and claims written against
them, in English and Indonesian: supported paraphrases, and unsupported claims with a wrong number, a wrong
name, a wrong fact, a fact from another passage, a fact from model memory, or a contradiction. Splits:
"calibration" (constants swept on it), "heldout" (written before the constants were fixed; two tokenizer
bugs it exposed were fixed afterwards) and "final" (written after everything was fixed, scored once).

Cases 151-198 were added for the stricter checks: invented additions to a correct sentence ("addition"),
names bound to another person's role ("swapped_role"), and paraphrases that must stay supported. Their
"calibration" half was used to build the clause and role checks; their "heldout" half was scored once
afterwards, and its errors are documented here, not fixed.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from assistant.calibration import Calibration
from assistant.lexical import TokenIndex, glosses
from assistant.verification import (
    LEXICAL_THRESHOLD,
    OverlapEmbeddingJudge,
    SupportJudge,
    attribute,
    claim_tokens,
    lexical_support,
    needs_citation,
    numbers,
)
from assistant.verification.judge import clauses

DATA = Path(__file__).resolve().parent / "support_cases.jsonl"
_ROWS = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
PASSAGES: dict[str, str] = {r["passage"]: r["text"] for r in _ROWS if "passage" in r}
ALL_CASES: list[dict] = [r for r in _ROWS if "case" in r]
CASES: list[dict] = [r for r in ALL_CASES if r["case"] <= 150]
"""The original labelled set (before the clause and role checks)."""
STRICT_CASES: list[dict] = [r for r in ALL_CASES if r["case"] > 150]
"""Additions, swapped roles and paraphrases, written for the stricter checks."""

HELD_OUT_ACCURACY = 0.84
"""Share of the "heldout" and "final" cases (never used to fit the support calibration: bench/calibrate.py
reads only the "calibration" split) the e5 judge gets right: 86/102 when last measured, with the general
news glossary (91/102 with the earlier table, which was written with these claims in view). Its errors are
contradictions by antonym ("praised" for "warned"; out of reach without a judge model), invented additions
joined without a comma, a swapped owner ("limusin milik Kim"), and two paraphrases; swapped subjects ("Kim
thanked Putin") are caught by `verification.parties`."""
KNOWN_STRICT_ERRORS_LEXICAL_ONLY = {
    162: "Putin memeriksa limusin Aurus Senat milik Kim",  # owner and inspector swapped
    178: "Putin berterima kasih kepada Kim",  # addition joined by "dan berjanji", no comma
    180: "Putin dan Kim Jong Un sepakat",  # addition joined by "dan menandatangani"
}
KNOWN_ERRORS_LEXICAL = {
    19: "Jens Stoltenberg praised",
    64: "South Korean troops fired missiles",
    65: "Kesepakatan militer 2018 antara kedua Korea ditandatangani",
    181: "NATO Secretary General Antony Blinken said",  # Blinken said it: the role is wrong, "kepala NATO" is not
    # matched to "Secretary General" by words; the sentence that names Antony Blinken is read with the quote
    86: "Putin criticized Kim",
    110: "North Korea said its troops fired",
    148: "Pyongyang has a population",
    97: "Russia voted for new UN sanctions",  # "voted for" where the passage says it vetoed: every word is there
    197: "Together with China, Russia has repeatedly",
}
KNOWN_STRICT_ERRORS_LEXICAL = {**KNOWN_STRICT_ERRORS_LEXICAL_ONLY, 156: "Korea Selatan mengatakan pasukannya"}


def _passages(case: dict) -> list[str]:
    return [PASSAGES[k] for k in case["passages"]]


@pytest.fixture(scope="module")
def e5_judge() -> OverlapEmbeddingJudge:
    from assistant.answering.calibrate import bundled
    from assistant.answering.judging import make_judge
    from assistant.embeddings import make_embedder
    from assistant.settings import DEFAULT_EMBED_MODEL

    calibrations = bundled(DEFAULT_EMBED_MODEL)
    assert calibrations is not None
    judge = make_judge(calibrations, make_embedder(DEFAULT_EMBED_MODEL))
    judge.warm([c["claim"] for c in ALL_CASES], list(PASSAGES.values()))  # one batch for the whole module
    return judge


@pytest.fixture(scope="module")
def e5_scores(e5_judge: OverlapEmbeddingJudge) -> dict[int, float]:
    return {c["case"]: e5_judge.score(c["claim"], _passages(c)) for c in ALL_CASES}


def _lexical_scores() -> dict[int, float]:
    judge = OverlapEmbeddingJudge(None)
    return {c["case"]: judge.score(c["claim"], _passages(c)) for c in ALL_CASES}


# --- the labelled set -----------------------------------------------------------------------------


def test_labelled_set_shape() -> None:
    kinds = Counter(c["kind"] for c in CASES)
    assert len(CASES) == 150 and sum(c["supported"] for c in CASES) == 76
    assert kinds["wrong_number"] >= 15 and kinds["wrong_name"] >= 20 and kinds["memory"] >= 8
    assert {c["lang"] for c in CASES} == {"en", "id"}
    for known in (KNOWN_ERRORS_LEXICAL, KNOWN_STRICT_ERRORS_LEXICAL):
        for case_no, start in known.items():
            assert ALL_CASES[case_no - 1]["case"] == case_no and ALL_CASES[case_no - 1]["claim"].startswith(start)
    strict = Counter((c["kind"], c["split"]) for c in STRICT_CASES)
    for kind in ("addition", "swapped_role"):
        assert strict[(kind, "calibration")] == strict[(kind, "heldout")] == 6
    assert strict[("paraphrase", "calibration")] == strict[("paraphrase", "heldout")] == 12


def test_e5_judge_on_the_cases_it_was_not_fitted_on(
    e5_judge: OverlapEmbeddingJudge, e5_scores: dict[int, float]
) -> None:
    unseen = [c for c in ALL_CASES if c["split"] != "calibration"]
    right = [c for c in unseen if (e5_scores[c["case"]] >= e5_judge.threshold) == c["supported"]]
    wrong = sorted({c["case"] for c in unseen} - {c["case"] for c in right})
    assert len(right) / len(unseen) >= HELD_OUT_ACCURACY, wrong


def test_every_hallucination_kind_is_caught_and_says_why(e5_judge: OverlapEmbeddingJudge) -> None:
    for c in ALL_CASES:
        if c["kind"] in ("wrong_number", "wrong_name", "memory"):
            verdict = e5_judge.verdict(c["claim"], _passages(c))
            assert not verdict.supported and verdict.reason, c["claim"]
    belousov = e5_judge.verdict("Foreign Minister Andrei Belousov accompanied Putin.", [PASSAGES["K"]])
    assert not belousov.supported and "Lavrov" in belousov.reason and "Belousov" in belousov.reason


def test_a_negated_paraphrase_is_a_contradiction(e5_judge: OverlapEmbeddingJudge) -> None:
    right = e5_judge.verdict("Kim Jong Un visited Russia in April 2019.", [PASSAGES["H"]])
    negated = e5_judge.verdict("Kim Jong Un did not visit Russia in April 2019.", [PASSAGES["H"]])
    assert right.supported and not negated.supported and negated.reason.startswith("contradicts the passage")


def test_e5_judge_scores_stay_in_range(e5_scores: dict[int, float]) -> None:
    assert all(0.0 <= s <= 1.0 for s in e5_scores.values())


def test_lexical_only_judge_on_the_labelled_cases() -> None:
    """Without an embedder: 141/150 and 40/48 (English paraphrases of Indonesian passages need the embedder
    where the general glossary has no entry), every wrong number still caught."""
    scores = _lexical_scores()
    assert OverlapEmbeddingJudge(None).threshold == LEXICAL_THRESHOLD
    wrong = {c["case"] for c in ALL_CASES if (scores[c["case"]] >= LEXICAL_THRESHOLD) != c["supported"]}
    assert wrong == set(KNOWN_ERRORS_LEXICAL) | set(KNOWN_STRICT_ERRORS_LEXICAL)
    assert all(scores[c["case"]] < LEXICAL_THRESHOLD for c in CASES if c["kind"] == "wrong_number")


# --- specific behaviour with the real embedder ------------------------------------------------------


def test_hallucinated_number_is_rejected_however_similar(e5_judge: OverlapEmbeddingJudge) -> None:
    threshold = e5_judge.threshold
    d = e5_judge.details("North Korea has about 1.2 million active soldiers.", [PASSAGES["J"]])
    assert d.missing_numbers == ["1.2"] and d.score < threshold
    right = e5_judge.details("Kim Jong Un visited Russia in April 2019.", [PASSAGES["H"]])
    wrong = e5_judge.details("Kim Jong Un visited Russia in April 2017.", [PASSAGES["H"]])
    assert wrong.probability is not None and wrong.probability >= threshold  # the content alone would accept it
    assert right.score >= threshold > wrong.score


def test_cross_lingual_claim_is_supported_without_shared_words(e5_judge: OverlapEmbeddingJudge) -> None:
    d = e5_judge.details("Putin invited Kim to visit Moscow for their next meeting.", [PASSAGES["F"]])
    assert d.score >= e5_judge.threshold


def test_passages_support_together(e5_judge: OverlapEmbeddingJudge) -> None:
    claim = "Kim inspected the Aurus Senat limousine, and Russia began its invasion of Ukraine in February 2022."
    assert e5_judge.score(claim, [PASSAGES["F"], PASSAGES["J"]]) >= e5_judge.threshold
    assert e5_judge.score(claim, [PASSAGES["F"]]) < e5_judge.threshold


def test_attribute_finds_the_supporting_passage(e5_judge: OverlapEmbeddingJudge) -> None:
    order = ["A", "F", "J", "L"]
    texts = [PASSAGES[k] for k in order]
    idx, score = attribute("Russia began its full-scale invasion of Ukraine in February 2022.", texts, e5_judge)
    assert idx == 2 and score >= e5_judge.threshold
    idx, score = attribute("Kim inspected Putin's Aurus Senat limousine [1].", texts, e5_judge)
    assert idx == 1
    idx, score = attribute("North Korea has about 1.2 million active soldiers.", texts, e5_judge)
    assert idx is None and 0.0 <= score < e5_judge.threshold


# --- the formula, with a controlled fake embedder ---------------------------------------------------


class FakeEmbedder:
    """Vectors chosen by the test: texts containing a key get its vector; counts calls and texts."""

    def __init__(self, table: dict[str, Sequence[float]], default: Sequence[float]) -> None:
        self.table = {k: np.asarray(v, np.float32) / np.linalg.norm(v) for k, v in table.items()}
        self.default = np.asarray(default, np.float32) / np.linalg.norm(default)
        self.calls: list[list[str]] = []

    def __call__(self, texts: list[str]) -> np.ndarray:
        self.calls.append(list(texts))
        rows = []
        for t in texts:
            vec = next((v for k, v in self.table.items() if k in t), self.default)
            rows.append(vec)
        return np.stack(rows)


PASSAGE_ID = "Presiden Rusia tiba di Pyongyang pada Rabu. Kunjungan itu berlangsung selama dua hari."


def _cos_vector(cos: float) -> list[float]:
    return [cos, float(np.sqrt(1 - cos * cos)), 0.0]


SIMILARITY_ONLY = Calibration(("similarity",), (40.0,), -34.0, 0.5)
"""A support calibration that reads only the cosine: 0.85 is even odds, 0.95 near certain, 0.80 unlikely."""


def test_high_similarity_carries_a_claim_without_lexical_overlap() -> None:
    embed = FakeEmbedder({"tiba di Pyongyang": [1, 0, 0], "motorcade": _cos_vector(0.95)}, default=[0, 0, 1])
    judge = OverlapEmbeddingJudge(embed, calibration=SIMILARITY_ONLY)
    d = judge.details("The motorcade appeared midweek.", [PASSAGE_ID])
    assert d.lexical == 0.0 and d.similarity == pytest.approx(0.95, abs=1e-5)
    assert d.score == pytest.approx(SIMILARITY_ONLY.probability({"similarity": 0.95}), abs=1e-4)
    assert d.score >= judge.threshold


def test_low_similarity_and_no_overlap_is_unsupported() -> None:
    embed = FakeEmbedder({"tiba di Pyongyang": [1, 0, 0], "motorcade": _cos_vector(0.80)}, default=[0, 0, 1])
    judge = OverlapEmbeddingJudge(embed, calibration=SIMILARITY_ONLY)
    assert judge.score("The motorcade appeared midweek.", [PASSAGE_ID]) < 0.2


def test_an_embedding_judge_needs_its_calibration() -> None:
    with pytest.raises(ValueError):
        OverlapEmbeddingJudge(FakeEmbedder({}, default=[1, 0, 0]))


def test_missing_number_and_name_penalties_apply_to_the_embedding_score() -> None:
    embed = FakeEmbedder({"tiba di Pyongyang": [1, 0, 0], "arrival": [1, 0, 0]}, default=[0, 0, 1])
    judge = OverlapEmbeddingJudge(embed, calibration=SIMILARITY_ONLY)
    base = judge.score("The arrival lasted two days.", [PASSAGE_ID])
    assert base == pytest.approx(SIMILARITY_ONLY.probability({"similarity": 1.0}), abs=1e-4)
    assert judge.score("The arrival lasted five days.", [PASSAGE_ID]) == pytest.approx(base * 0.25, abs=1e-4)
    assert judge.score("The arrival lasted five days in Vladivostok.", [PASSAGE_ID]) == pytest.approx(
        base * 0.1, abs=1e-4
    )


def test_embedding_cache_embeds_each_text_once() -> None:
    embed = FakeEmbedder({}, default=[1, 0, 0])
    judge = OverlapEmbeddingJudge(embed, calibration=SIMILARITY_ONLY)
    judge.score("Putin tiba di Pyongyang.", [PASSAGE_ID])
    judge.score("Putin tiba di Pyongyang.", [PASSAGE_ID])
    judge.score("Kunjungan berlangsung dua hari.", [PASSAGE_ID, PASSAGE_ID])
    embedded = [t for call in embed.calls for t in call]
    assert len(embedded) == len(set(embedded)) == 4  # 2 claims + 2 passage sentences
    judge.warm(["A new claim about Putin."], [PASSAGE_ID])
    assert embed.calls[-1] == ["A new claim about Putin."]


def test_judge_satisfies_the_protocol_and_attribute_accepts_any_judge() -> None:
    assert isinstance(OverlapEmbeddingJudge(), SupportJudge)

    class KeywordJudge:
        threshold = 0.5

        def score(self, claim: str, passages: Sequence[str]) -> float:
            return 1.0 if any("Vostochny" in p for p in passages) else 0.1

    judge = KeywordJudge()
    assert isinstance(judge, SupportJudge)
    assert attribute("anything", ["a", "di Vostochny", "b"], judge) == (1, 1.0)
    assert attribute("anything", ["a", "b"], judge) == (None, 0.1)
    assert attribute("anything", [], judge) == (None, 0.0)


# --- lexical details --------------------------------------------------------------------------------


def test_numbers_normalise_separators_and_words() -> None:
    assert numbers("1,2 juta tentara pada 2019 dan dua hari") == {"12", "2019", "2"}
    assert numbers("1.2 million, five days, (19/6), pukul 19.00") >= {"12", "5", "19", "6", "1900"}
    assert "2" in numbers("kedua negara")  # "the two countries"
    assert numbers("satu-satunya gereja; dua-duanya setuju") == set()  # "the only one", "both"


def test_roman_numerals_after_a_name_are_numbers() -> None:
    assert numbers("monumen korban Perang Dunia II dan rapat Komisi III DPR") == {"2", "3"}
    assert numbers("Paus Leo XIV; I think I can; the platform X") == {"14"}
    judge = OverlapEmbeddingJudge()
    passage = "Museum itu mengenang tentara yang gugur selama Perang Dunia II di kota tersebut."
    assert judge.score("Museum itu mengenang tentara yang gugur selama Perang Dunia II.", [passage]) == 1.0
    assert judge.score("Museum itu mengenang tentara yang gugur selama Perang Dunia I.", [passage]) < 0.25


def test_claim_tokens_mark_names_and_numbers() -> None:
    toks = {t.token: t for t in claim_tokens("Kim met Sergey Lavrov in Moscow on 19 June, for five hours.")}
    assert not toks["kim"].is_name  # sentence-initial: could be any word
    assert toks["lavrov"].is_name and toks["moscow"].is_name and toks["june"].is_name
    assert toks["19"].is_number and toks["5"].is_number
    assert "2" not in {t.token for t in claim_tokens("The two leaders met.")}  # a group, not a count
    assert {t.token for t in claim_tokens("US-led sanctions")} >= {"us", "led"}
    assert [t.is_name for t in claim_tokens("a Mercedes-Benz car") if t.token in ("mercedes", "benz")] == [True, True]


def test_lexical_support_matches_cognates_glosses_and_aliases() -> None:
    passage = "Putin mengundang Kim ke Moskow. Rusia dan Korut membahas perdagangan pada hari Rabu."
    lex, missing = lexical_support("Russia and North Korea discussed trade on Wednesday in Moscow.", [passage])
    assert lex == 1.0 and missing == []
    lex, missing = lexical_support("Kim visited Beijing on Friday.", [passage])
    assert {t.word for t in missing} >= {"beijing", "friday"} and lex < 0.5


def test_lexical_judge_catches_wrong_numbers_and_names() -> None:
    judge = OverlapEmbeddingJudge()
    passage = "Putin tiba di Korea Utara untuk pertama kalinya dalam 24 tahun. Kim menyambutnya di Pyongyang."
    assert judge.score("Putin tiba di Korea Utara untuk pertama kalinya dalam 24 tahun [1].", [passage]) == 1.0
    assert judge.score("Putin tiba di Korea Utara untuk pertama kalinya dalam 12 tahun.", [passage]) < 0.25
    assert judge.score("Kim menyambutnya di Vladivostok.", [passage]) < LEXICAL_THRESHOLD
    assert judge.score("Yes.", [passage]) == 0.0
    assert judge.score("Putin tiba.", []) == 0.0


# --- needs a citation? -------------------------------------------------------------------------------

FILLER = [
    "Here is what the articles say:",
    "Berdasarkan artikel:",
    "Berdasarkan artikel tersebut,",
    "According to the passages provided:",
    "I hope this helps.",
    "Semoga membantu!",
    "Let me know if you have other questions.",
    "Is there anything else?",
    "Who greeted Putin?",
    "Apa yang terjadi?",
    "Yes.",
    "Ya.",
    "OK.",
    "That is all.",
    "[1]",
    "",
    "The articles do not mention the number of soldiers.",
    "Jumlah tentara tidak disebutkan dalam artikel.",
    "Artikel tersebut tidak menyebutkan jumlah tentara.",
    "I can't answer that from the articles I have.",
    "Saya tidak dapat menjawab pertanyaan itu dari artikel yang tersedia.",
    "Sources:",
]
FACTUAL = [
    "Kim Jong Un greeted Putin at the airport [1].",
    "Kim Jong Un [1].",
    "Moskow.",
    "2019.",
    "Putin tiba di Pyongyang pada Rabu pagi.",
    "According to the articles, Putin arrived on Wednesday [2].",
    "Menurut artikel, Putin tiba pada hari Rabu [2].",
    "The visit lasted two days.",
    "Yes, Kim met Putin in September 2023.",
    "Here, Putin met Kim at the Kumsusan State Guest House.",
]


@pytest.mark.parametrize("sentence", FILLER)
def test_filler_meta_questions_and_fragments_need_no_citation(sentence: str) -> None:
    assert needs_citation(sentence) is False


@pytest.mark.parametrize("sentence", FACTUAL)
def test_factual_statements_need_a_citation(sentence: str) -> None:
    assert needs_citation(sentence) is True


def test_a_name_is_not_found_in_a_lowercase_word_that_looks_like_it() -> None:
    passage = "Vladimir Putin dan Kim Jong Un adalah dua tokoh berpengaruh. Delegasi tiba di Moskow."
    index = TokenIndex([passage])
    tokyo, moscow = (
        next(t for t in claim_tokens(f"They met in {w}.") if t.word == w.lower()) for w in ("Tokyo", "Moscow")
    )
    assert tokyo.is_name and not index.has(tokyo)  # "tokoh" (a figure) is not Tokyo
    assert index.has(moscow)  # a transliterated name still is
    _, missing = lexical_support("Putin visited Tokyo with Kim Jong Un.", [passage])
    assert "tokyo" in [m.word for m in missing]


def test_english_names_made_of_compass_and_state_words_are_found_in_their_indonesian_form() -> None:
    passage = "Banjir melanda Kalimantan Timur. Amerika Serikat mengirim bantuan ke Sulawesi Selatan."
    _, missing = lexical_support(
        "The United States sent aid to Southern Sulawesi after floods in Eastern Kalimantan.", [passage]
    )
    assert [m.word for m in missing if m.is_name] == []
    _, missing = lexical_support("Floods hit Western Kalimantan.", [passage])
    assert "western" in [m.word for m in missing]  # Barat is not Timur


@pytest.mark.parametrize(
    ("claim", "parts"),
    [
        (
            "Kota itu terisolasi selama dua hari karena jembatan utama runtuh diterjang banjir.",
            ["Kota itu terisolasi selama dua hari", "karena jembatan utama runtuh diterjang banjir."],
        ),
        (
            "The town was cut off for two days because the main bridge collapsed in the flood.",
            ["The town was cut off for two days", "because the main bridge collapsed in the flood."],
        ),
    ],
)
def test_a_reason_is_a_claim_of_its_own(claim: str, parts: list[str]) -> None:
    """A reason clause is checked on its own (an invented cause added to a true sentence)."""
    assert clauses(claim) == parts


def test_a_short_part_before_a_reason_stays_with_it() -> None:
    assert len(clauses("The match was postponed because heavy rain flooded the pitch.")) == 1


WIDE_PASSAGE = (
    "Menteri Perhubungan tiba di Bandung pada Senin pagi untuk meresmikan jalur kereta baru. "
    "Jalur sepanjang 42 kilometer itu menghubungkan Bandung dengan Padalarang. "
    "Pembangunannya memakan waktu tiga tahun. "
    "Sementara itu, festival musik tahunan digelar di Surabaya. "
    "Panitia festival mencatat 12.000 pengunjung.\n(KabarKota)"
)


def test_a_claim_is_judged_against_the_sentences_it_rests_on_not_words_scattered_over_the_passage() -> None:
    """A widened passage names many places and numbers; a claim that takes one from far away is a swap."""
    judge = OverlapEmbeddingJudge(None)
    assert judge.supports("Menteri Perhubungan tiba di Bandung pada Senin pagi.", [WIDE_PASSAGE])
    assert judge.supports("The new 42-kilometre line links Bandung with Padalarang.", [WIDE_PASSAGE])
    assert not judge.supports("Menteri Perhubungan tiba di Surabaya pada Senin pagi.", [WIDE_PASSAGE])
    assert not judge.supports("Jalur kereta sepanjang 12.000 kilometer itu menghubungkan Bandung.", [WIDE_PASSAGE])
    assert judge.supports("KabarKota melaporkan festival musik tahunan digelar di Surabaya.", [WIDE_PASSAGE])


def test_a_duration_the_passage_implies_by_two_clock_times_is_not_a_missing_number() -> None:
    passage = (
        "Jalan tol ditutup sejak pukul 06.40 WIB dan baru dibuka kembali pukul 11.55 WIB setelah longsor dibersihkan."
    )
    _, missing = lexical_support("The toll road was closed for about five hours.", [passage])
    assert not [m for m in missing if m.is_number]
    _, missing = lexical_support("The toll road was closed for about nine hours.", [passage])
    assert "9" in [m.token for m in missing if m.is_number]


def test_a_word_of_attribution_stands_for_another() -> None:
    passage = "Kepala BPBD mengatakan pada Kamis bahwa 312 warga telah dievakuasi ke balai desa."
    for claim in ("Kepala BPBD menyampaikannya pada Kamis.", "Kepala BPBD menyatakan hal itu pada Kamis."):
        assert lexical_support(claim, [passage])[0] == 1.0, claim
    # what was done is no attribution: a denial, or a word of attribution where the passage attributes nothing
    assert "bantah" in [m.token for m in lexical_support("Kepala BPBD membantahnya pada Kamis.", [passage])[1]]
    unattributed = "Sebanyak 312 warga dievakuasi ke balai desa pada Kamis."
    assert lexical_support("Kepala desa menyampaikannya pada Kamis.", [unattributed])[0] < 1.0


def test_query_expansion_leaves_out_the_senses_of_everyday_words() -> None:
    assert {"jalan", "cara"} <= glosses("way")  # a claim's "way" is found as any of its senses
    assert not glosses("way", everyday=False)  # but "on his way" must not search for streets
    assert "singgah" in glosses("stop", everyday=False)


def test_a_word_naming_a_kind_of_place_is_translated_not_a_missing_name(e5_judge: OverlapEmbeddingJudge) -> None:
    """ "Mount" of "Mount Merapi" is "Gunung" in the passage: across languages it is not a name to find written;
    the name itself still is."""
    passage = ["Letusan Gunung Merapi memaksa 1.200 warga meninggalkan rumah mereka."]
    right = e5_judge.details("The eruption of Mount Merapi forced 1,200 residents to leave their homes.", passage)
    wrong = e5_judge.details("The eruption of Mount Semeru forced 1,200 residents to leave their homes.", passage)
    assert right.missing_names == [] and right.score >= e5_judge.threshold
    assert wrong.missing_names == ["semeru"] and wrong.score < e5_judge.threshold


def test_a_negation_is_checked_against_the_clause_it_restates_anywhere_in_the_cited_passage() -> None:
    """The support score reads the two sentences holding most of a claim's words; a phrase that denies a third
    sentence of the passage is still a contradiction."""
    passage = (
        'Salah seorang warga, Sumarni (52), mengatakan rumahnya terendam setinggi pinggang. "Perabot kami '
        'hanyut semua. Kami sudah tiga hari mengungsi. Sampai sekarang belum berani pulang ke rumah," katanya.'
    )
    claim = "Sumarni (52) mengatakan meski perabotnya hanyut, kini ia sudah berani pulang ke rumah."
    verdict = OverlapEmbeddingJudge(None).verdict(claim, [passage])
    assert not verdict.supported and verdict.reason.startswith("contradicts the passage")
