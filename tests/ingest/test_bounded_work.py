"""Bounded work: a page-long "sentence" gives many bounded passages, language detection and sentence splitting
look at a bounded window per word (counted, not timed: the work is linear in the text), and ingest keeps
saying how far embedding got."""

from __future__ import annotations

import io
import random

from llama_index.core.schema import Document

from assistant.ingest.chunking import MAX_SENTENCE_CHARS, ArticleChunker, bounded_spans, sentence_spans
from assistant.language import detect_language, language_scores
from assistant.progress import EMBED_LINE_EVERY, IngestLines
from tests.conftest import SEEDS


class CountingStr(str):
    """A str that counts the characters copied out of it by slicing (what a scan per word would cost)."""

    copied = 0

    def __getitem__(self, key):  # noqa: ANN001, ANN204
        part = super().__getitem__(key)
        CountingStr.copied += len(part)
        return part


def words_without_sentence_end(n_chars: int) -> str:
    words = (SEEDS / "000_f3b0780ee10127ff.txt").read_text(encoding="utf-8").replace(".", "").split()
    rng = random.Random(3)
    out: list[str] = []
    size = 0
    while size < n_chars:
        out.append(rng.choice(words))
        size += len(out[-1]) + 1
    return " ".join(out)


def test_a_single_sentence_article_of_1_2_mb_gives_many_bounded_passages_cut_at_whitespace() -> None:
    body = words_without_sentence_end(1_200_000)
    doc = Document(
        id_="satu.txt", text=f"Satu Kalimat Panjang\n\n{body}\n", metadata={"file": "satu.txt", "path": "/x"}
    )
    nodes = ArticleChunker(chunk_size=30, chunk_overlap=0).chunk_document(doc)
    assert len(nodes) >= 1_200_000 // MAX_SENTENCE_CHARS
    assert max(len(n.text) for n in nodes) <= MAX_SENTENCE_CHARS
    assert " ".join(n.text for n in nodes) == body  # cut at whitespace only: no word split, nothing lost
    assert {(n.metadata["line_start"], n.metadata["line_end"]) for n in nodes} == {(3, 3)}


def test_a_run_without_whitespace_is_cut_at_the_limit() -> None:
    assert bounded_spans("x" * 2500, 0, 2500, limit=1000) == [(0, 1000), (1000, 2000), (2000, 2500)]
    assert bounded_spans("ab cd ef", 0, 8, limit=5) == [(0, 5), (6, 8)]


def test_language_detection_copies_a_bounded_window_per_word() -> None:
    # Capitalised words that are neither function nor dictionary words are the ones checked for a sentence
    # start; the old check copied all the text before each of them (quadratic in the text).
    text = CountingStr(" ".join(f"Zorblax{i % 7} yang Quentor dan Vexilo" for i in range(4000)))
    CountingStr.copied = 0
    scores = language_scores(text)
    assert scores["id"] > 0
    assert CountingStr.copied <= 10 * len(text)
    assert detect_language(str(text)) == "id"


def test_sentence_splitting_copies_a_bounded_window_per_full_stop() -> None:
    # Full stops after abbreviations do not end a sentence; the old check copied the whole sentence so far
    # before each of them.
    text = CountingStr(" ".join(["Dr. Kim bertemu Prof. Lee dan Jl. Merdeka"] * 3000) + ". Selesai.")
    CountingStr.copied = 0
    spans = sentence_spans(text)
    assert len(spans) == 2
    assert CountingStr.copied <= 10 * len(text)


def test_ingest_lines_say_how_many_chunks_are_embedded_as_it_goes() -> None:
    out = io.StringIO()
    lines = IngestLines(out)
    lines.start(1)
    for _ in range(5 * EMBED_LINE_EVERY // 100):
        lines.chunks_embedded(100)
    said = [line for line in out.getvalue().splitlines() if "chunks embedded" in line]
    assert said == [f"{n * EMBED_LINE_EVERY:,} chunks embedded so far" for n in range(1, 6)]
