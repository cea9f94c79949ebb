"""Matching text: NFKC with invisible characters removed, mapped back to the original characters."""

from __future__ import annotations

import random
import unicodedata

import pytest

from assistant.citations.spans import locate, normalize_space, quote_span
from assistant.normalize import INVISIBLE, matching_map, matching_text

ARTICLE = (
    "Judul\n\nKedatangan Pu\u200btin disambut\u202e langsung oleh Ｋｉｍ Jong Un di Bandara Internasional "
    "Pyongyang, kata juru bicara yang meng\u00adkonﬁrmasi kabar itu…\nKalimat berikutnya dan Cafe\u0301 Pyongyang."
)


@pytest.mark.parametrize(
    ("raw", "matched"),
    [
        ("Pu\u200btin", "Putin"),
        ("ＰＵＴＩＮ ｋｉｍ", "PUTIN kim"),
        ("konﬁrmasi", "konfirmasi"),
        ("tunggu…", "tunggu..."),
        ("Cafe\u0301", "Café"),
        ("kiri\u202ekanan\u2066\u2069", "kirikanan"),
        ("meng\u00adkonfirmasi", "mengkonfirmasi"),
        ("RADARCIREBON.TV –\xa0Presiden", "RADARCIREBON.TV – Presiden"),
    ],
)
def test_matching_text(raw: str, matched: str) -> None:
    assert matching_text(raw) == matched


def test_the_map_gives_the_same_text_and_points_at_the_characters_it_came_from() -> None:
    text, starts, ends = matching_map(ARTICLE)
    assert text == matching_text(ARTICLE)
    assert len(starts) == len(ends) == len(text)
    at = text.index("Putin")
    assert ARTICLE[starts[at] : ends[at + len("Putin") - 1]] == "Pu\u200btin"
    at = text.index("Kim")
    assert ARTICLE[starts[at] : ends[at + 2]] == "Ｋｉｍ"
    at = text.index("konfirmasi")
    assert ARTICLE[starts[at] : ends[at + len("konfirmasi") - 1]] == "konﬁrmasi"
    at = text.index("Café")
    assert ARTICLE[starts[at] : ends[at + 3]] == "Cafe\u0301"


def test_the_map_agrees_with_normalising_whole_on_random_text() -> None:
    rng = random.Random(7)
    pool = [chr(c) for c in [*range(32, 127), *range(0xA0, 0x250), *range(0x300, 0x370), *range(0x1100, 0x1200),
                             *range(0xAC00, 0xAC40), *range(0xFF00, 0xFF60), 0xFB01, 0x2026, 0x0B47, 0x0B3E]]  # fmt: skip
    pool += list(INVISIBLE)
    for _ in range(3000):
        raw = "".join(rng.choice(pool) for _ in range(rng.randint(0, 24)))
        text, starts, ends = matching_map(raw)
        assert text == unicodedata.normalize("NFKC", "".join(c for c in raw if c not in INVISIBLE))
        assert all(0 <= a < b <= len(raw) for a, b in zip(starts, ends, strict=True))
        assert starts == sorted(starts)


def test_a_quote_of_the_matching_text_is_found_at_the_original_characters() -> None:
    sentence = ARTICLE.split("\n")[2]
    quote = normalize_space(matching_text(sentence))
    found = quote_span(quote, ARTICLE)
    assert found is not None
    exact, (start, end) = found
    assert ARTICLE[start:end] == sentence and exact == normalize_space(sentence)
    assert locate("Kim Jong Un di Bandara", ARTICLE) == (ARTICLE.index("Ｋｉｍ"), ARTICLE.index(" di Bandara") + 11)
