"""Terminal safety: escape sequences and control characters never survive ``safe``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.safe_text import BIDI_CONTROLS, ZERO_WIDTH, safe, safe_json

HOSTILE = Path(__file__).resolve().parents[1] / "fixtures" / "hostile" / "escape_codes.txt"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Kim \x1b[31mmenyambut\x1b[0m Putin", "Kim menyambut Putin"),
        ("judul\x1b]0;HACKED\x07 berita", "judul berita"),
        ("a\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\b", "alinkb"),
        ("\x1b[2J\x1b[Hlayar", "layar"),
        ("baris\rtimpa", "baris timpa"),
        ("bel\x07 nul\x00 del\x7f c1\x9b31m", "bel nul del c1"),
        ("tetap\nbaris\tdan tab", "tetap\nbaris\tdan tab"),
        ("berita\u202etxt.exe", "beritatxt.exe"),  # right-to-left override: shows "exe.txt" reversed
        ("a\u202ab\u202bc\u202cd\u202de", "abcde"),  # embeddings, pop, left-to-right override
        ("\u2066iso\u2067la\u2068si\u2069", "isolasi"),  # isolates
        ("\u200ekiri\u200fkanan\u061c", "kirikanan"),  # LRM, RLM, Arabic letter mark
        ("Pu\u200btin\u200c \u200dKim\u2060\ufeff", "Putin Kim"),  # zero-width characters
        ("caf\udce9.txt", "caf\\xe9.txt"),  # a file name that is not UTF-8 (surrogateescape), escaped
    ],
)
def test_escape_sequences_and_control_characters_are_removed(raw: str, clean: str) -> None:
    assert safe(raw) == clean


def test_the_hostile_fixture_article_comes_out_without_an_escape_byte() -> None:
    raw = HOSTILE.read_text(encoding="utf-8")
    assert "\x1b" in raw
    cleaned = safe(raw)
    assert not any(ord(ch) < 32 and ch not in "\n\t" for ch in cleaned)
    assert "Kim Jong Un menyambut Putin" in cleaned


def test_every_bidi_and_zero_width_character_is_removed() -> None:
    listed = {*BIDI_CONTROLS, *ZERO_WIDTH}
    assert {chr(c) for c in range(0x202A, 0x202F)} | {chr(c) for c in range(0x2066, 0x206A)} <= listed
    assert {"\u200e", "\u200f", "\u061c", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"} <= listed
    assert safe("x".join(sorted(listed))) == "x" * (len(listed) - 1)


def test_every_c0_and_c1_control_but_newline_and_tab_is_removed() -> None:
    controls = "".join(chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)] if chr(c) not in "\n\t\r\x1b\x9b\x9d")
    assert safe(f"a{controls}b\n\tc") == "ab\n\tc"


def test_json_for_the_terminal_escapes_what_safe_removes_and_keeps_the_data() -> None:
    value = {"file": "caf\udce9 \x1b[31mmerah\u202e.txt", "text": "Pu\u200btin\x9b", "plain": "Kim – “Jong Un”"}
    line = safe_json(value)
    assert safe(line) == line and "\n" not in line
    assert json.loads(line) == value
    assert "Kim – “Jong Un”" in line  # readable text stays as it is
