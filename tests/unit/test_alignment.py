"""Claim words aligned with the words of their passages across languages, and each retriever's first hit kept
within sight of the model."""

from __future__ import annotations

import zlib

import numpy as np

from assistant.answering.crosslingual import WordMatcher
from assistant.retrieval.fusion import LEADER_SLOT, rrf_fuse
from assistant.verification.judge import OverlapEmbeddingJudge

AXES = ["activity", "main", "border", "visit", "noise"]
RANDOM_DIMS = 16


def unit(**weights: float) -> np.ndarray:
    v = np.array([weights.get(a, 0.0) for a in AXES] + [0.0] * RANDOM_DIMS, dtype=np.float32)
    return v / np.linalg.norm(v)


def unrelated(word: str) -> np.ndarray:
    """A word the table does not know: a direction of its own among the random dimensions."""
    rng = np.random.default_rng(zlib.crc32(word.encode()))
    v = np.concatenate([np.zeros(len(AXES)), np.abs(rng.normal(size=RANDOM_DIMS)) * rng.choice([-1, 1], RANDOM_DIMS)])
    return (v / np.linalg.norm(v)).astype(np.float32)


WORDS = {
    "activities": unit(activity=1.0),
    "kegiatan": unit(activity=1.0, noise=0.2),  # its translation: cosine 0.98
    "main": unit(main=1.0, noise=0.1),
    "utama": unit(main=1.0, noise=0.4),  # cosine 0.96
    "border": unit(border=1.0, noise=0.6),
    "perbatasan": unit(border=1.0, noise=-1.0),  # related, but below any sensible threshold
    "visits": unit(visit=1.0, activity=0.45),
    "trips": unit(visit=1.0, activity=0.5),
    "kunjungan": unit(visit=1.0, activity=0.55),  # nearest to both "visits" and "trips": one wins
    "pursuits": unit(activity=1.0, noise=0.1),  # words no vocabulary entry translates
    "foremost": unit(main=1.0, noise=0.2),
}


def vectors(texts: list[str]) -> np.ndarray:
    return np.stack([WORDS[t] if t in WORDS else unrelated(t) for t in texts])


def test_words_are_aligned_when_each_is_the_others_nearest_above_the_local_threshold() -> None:
    matcher = WordMatcher(vectors, threshold=0.99, local_threshold=0.9)
    found = matcher.aligned(
        ["activities", "main", "border", "visits", "trips"], ["kegiatan", "utama", "perbatasan", "kunjungan"]
    )
    assert found["activities"] == "kegiatan" and found["main"] == "utama"
    assert "border" not in found  # nearest, but not close enough
    assert ("visits" in found) != ("trips" in found)  # "kunjungan" is the nearest of one of them only
    # the global threshold is for a word's nearest among many words, and stays what it was
    assert matcher.translations(["main"], ["utama", "kegiatan"]) == {}


def test_the_local_threshold_defaults_to_the_global_one() -> None:
    assert WordMatcher(vectors, threshold=0.97).aligned(["main", "activities"], ["utama", "kegiatan"]) == {
        "activities": "kegiatan"
    }


def test_an_english_claim_finds_the_indonesian_words_it_aligns_with_but_never_a_number() -> None:
    judge = OverlapEmbeddingJudge(matcher=WordMatcher(vectors, threshold=0.99, local_threshold=0.9))
    passage = "Kegiatan utama terjadi pada hari kedua dari 2 hari kunjungan."
    alone, missing = judge.lexical("Foremost pursuits came on the fourth day.", [passage], cross=False)
    aligned, still = judge.lexical("Foremost pursuits came on the fourth day.", [passage], cross=True)
    assert aligned > alone
    assert {t.word for t in missing} - {t.word for t in still} == {"foremost", "pursuits"}
    _, numbers = judge.lexical("Foremost pursuits lasted 3 days.", [passage], cross=True)
    assert "3" in {t.word for t in numbers}  # numbers must be written, never aligned


def test_each_retrievers_first_hit_is_fused_into_the_first_places() -> None:
    dense = [(f"d{i}", 0.9 - i / 100) for i in range(10)]
    bm25 = [("rare", 11.0)] + [(f"d{i}", 3.0) for i in range(9, 0, -1)]
    fused = [cid for cid, _ in rrf_fuse({"dense": dense, "bm25": bm25}, {"dense": 1.0, "bm25": 0.5}, 5.0, 8)]
    assert fused.index("rare") == LEADER_SLOT - 1  # fused alone, it would be ninth
    assert fused.index("d0") < LEADER_SLOT
    off = [cid for cid, _ in rrf_fuse({"dense": dense, "bm25": bm25}, {"dense": 1.0, "bm25": 0.0}, 5.0, 8)]
    assert "rare" not in off[:LEADER_SLOT]  # a retriever weighted 0 leads nothing


def test_two_late_first_hits_both_land_in_the_first_places() -> None:
    dense = [("late-dense", 0.9)] + [(f"d{i}", 0.8) for i in range(10)]
    bm25 = [("late-bm25", 9.0)] + [(f"d{i}", 3.0) for i in range(10)]
    common = [(f"d{i}", 1.0) for i in range(10)]  # a third list both leaders are missing from
    fused = [c for c, _ in rrf_fuse({"dense": dense, "bm25": bm25, "title": common}, {}, 5.0, 8)]
    assert {"late-dense", "late-bm25"} <= set(fused[:LEADER_SLOT])
