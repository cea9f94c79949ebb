"""Terminal safety: escape sequences and control characters never survive ``safe``."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.safe_text import safe

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
