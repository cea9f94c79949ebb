"""Exact spans: every citation's (and corroboration's) span reproduces its quote in the article text."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.answering.build import build_engine
from assistant.citations.spans import line_region, locate, normalize_space, quote_span
from assistant.ingest.loader import article_text
from assistant.jsonl import load_jsonl
from assistant.llms.extractive import ExtractiveBackend
from assistant.settings import Settings

REPO = Path(__file__).resolve().parents[2]
DEV = load_jsonl(REPO / "tests" / "answers" / "dev.jsonl")


def test_every_citation_span_on_the_dev_set_reproduces_its_quote(seeds_settings: Settings) -> None:
    engine = build_engine(seeds_settings, backend=ExtractiveBackend())
    checked = 0
    for q in DEV:
        answer = engine.answer(q["question"])
        for c in answer.citations:
            text = article_text(Path(c.path))
            assert text is not None and c.span is not None, (q["id"], c.file)
            assert normalize_space(text[c.span[0] : c.span[1]]) == normalize_space(c.quote), (q["id"], c.n)
            first, last = line_region(text, c.lines)
            assert first <= c.span[0] and c.span[1] <= last  # inside the cited lines
            checked += 1
        for s in answer.sentences:
            for other in s.corroborated_by:
                [path] = {p.path for p in answer.passages if p.file == other.file}
                text = article_text(Path(path))
                assert text is not None and other.span is not None
                assert normalize_space(text[other.span[0] : other.span[1]]) == normalize_space(other.quote)
    # every answerable question but the extractive backend's known miss (tests/answers/test_answers.py)
    assert checked >= sum(1 for q in DEV if q["answerable"]) - 1


TEXT = (
    "Judul\n\nBaperaNews - Putin tiba.\nBaca juga: iklan\nKim menyambut Putin di bandara. Keduanya berjabat tangan.\n"
)


@pytest.mark.parametrize(
    ("quote", "exact"),  # what the quote becomes
    [
        ("Putin tiba. Kim menyambut", "Kim menyambut"),  # not one stretch of the article: its longest piece
        ("…menyambut Putin di bandara. Keduanya…", "menyambut Putin di bandara. Keduanya"),
        ("Kim  menyambut\nPutin di bandara.", "Kim menyambut Putin di bandara."),
    ],
)
def test_quote_span_finds_the_exact_stretch(quote: str, exact: str) -> None:
    found = quote_span(quote, TEXT)
    assert found is not None
    text, (a, b) = found
    assert normalize_space(TEXT[a:b]) == text
    assert text == exact


def test_locate_prefers_the_cited_lines() -> None:
    text = "Kim menyambut Putin.\nLain.\nKim menyambut Putin.\n"
    region = line_region(text, (3, 3))
    assert locate("Kim menyambut Putin.", text, region) == (region[0], region[0] + 20)
    assert locate("Kim menyambut Putin.", text) == (0, 20)
    assert locate("tidak ada", text) is None and quote_span("tidak ada", text) is None
