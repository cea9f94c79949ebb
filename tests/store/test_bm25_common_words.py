"""BM25 leaves out of the query the words half the chunks or more hold (FTS5's floor IDF: they change no
ranking) while enough chunks hold the question's other words, and the results are those of the whole query;
a question of such words only still finds the chunks that hold them. Counted (which words the FTS5 queries
read), not timed."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from assistant.store.info import IndexInfo
from assistant.store.reader import IndexReader
from assistant.store.records import ArticleRecord, ChunkRecord, SentenceRecord, vector_blob
from assistant.store.writer import IndexWriter

K = 5
N = 200
VECTOR = vector_blob(np.eye(4)[0])


def chunk_texts(n: int) -> list[str]:
    """``n`` chunks of varied length: every one holds "yang", most "dan", a third "kota"; "banjir" is in a few
    (once to three times), "gempa" in two."""
    rng = random.Random(0)
    texts = []
    for i in range(n):
        words = ["yang"] + [f"kata{rng.randrange(500)}" for _ in range(rng.randint(3, 12))]
        words += ["dan"] * (rng.random() < 0.8) + ["kota"] * (rng.random() < 0.3) * rng.randint(1, 2)
        words += ["banjir"] * (rng.random() < 0.07) * rng.randint(1, 3) + ["gempa"] * (i in (7, 11))
        rng.shuffle(words)
        texts.append(" ".join(words))
    return texts


def write(writer: IndexWriter, info: IndexInfo, article: str, texts: list[str]) -> None:
    text = " ".join(texts)
    chunks, offset = [], 0
    for i, chunk in enumerate(texts):
        sentence = SentenceRecord(offset, offset + len(chunk), VECTOR)
        chunks.append(ChunkRecord(f"{article}#{i}", chunk, 1, 1, "", VECTOR, [sentence]))
        offset += len(chunk) + 1
    record = ArticleRecord(article, article, "", article, article, article, {}, text, chunks)
    with writer.transaction():
        writer.put_article(record, info)
        writer.write_info(info)


@pytest.fixture()
def index(tmp_path: Path) -> Iterator[tuple[Path, IndexWriter, IndexInfo]]:
    path = tmp_path / "index.sqlite3"
    writer = IndexWriter(path)
    info = IndexInfo(embedder="test", dim=4, collection="test")
    write(writer, info, "a", chunk_texts(N))
    yield path, writer, info
    writer.close()


@pytest.fixture()
def reader(index: tuple[Path, IndexWriter, IndexInfo]) -> Iterator[IndexReader]:
    reader = IndexReader(index[0])
    yield reader
    reader.close()


@pytest.fixture()
def queried(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The words of every FTS5 query run."""
    seen: list[list[str]] = []
    real = IndexReader.ranked

    def spy(self: IndexReader, tokens: list[str], *args: Any) -> Any:
        seen.append(list(tokens))
        return real(self, tokens, *args)

    monkeypatch.setattr(IndexReader, "ranked", spy)
    return seen


def whole_query(reader: IndexReader, tokens: list[str], k: int = K) -> list[tuple[str, float]]:
    """What FTS5 ranks for every word of the query (the query before common words were scored apart)."""
    return IndexReader.ranked(reader, tokens, k)


def assert_whole_querys(hits: list[tuple[str, float]], reader: IndexReader, tokens: list[str]) -> None:
    """The same ranking as the whole query's: the same score at each rank and each chunk with its own score, to
    the common words' 1e-6 share (chunks tied but for it may trade places)."""
    every = dict(whole_query(reader, tokens, N))
    expected = whole_query(reader, tokens)
    assert [score for _, score in hits] == pytest.approx([score for _, score in expected], abs=1e-4)
    assert [score for _, score in hits] == pytest.approx([every[cid] for cid, _ in hits], abs=1e-4)


def test_words_half_the_chunks_hold_are_left_out_and_the_ranking_is_the_whole_querys(
    reader: IndexReader, queried: list[list[str]]
) -> None:
    held = reader.chunks_holding(["yang", "dan", "kota", "banjir", "gempa", "tiada"])
    assert held["yang"] == N and held["dan"] > N / 2 and N / 10 < held["kota"] < N / 2
    assert K < held["banjir"] < N / 10 and held["gempa"] == 2 and held["tiada"] == 0
    for tokens, read in (
        (["yang", "dan", "banjir"], ["banjir"]),
        (["yang", "kota", "dan", "banjir"], ["kota", "banjir"]),
        (["kota", "banjir"], ["kota", "banjir"]),  # "kota" counts: nothing is left out
    ):
        queried.clear()
        hits = reader.bm25(tokens, K)
        assert queried == [read]
        assert_whole_querys(hits, reader, tokens)


def test_too_few_chunks_holding_the_rare_words_runs_the_whole_query(
    reader: IndexReader, queried: list[list[str]]
) -> None:
    expected = whole_query(reader, ["yang", "gempa"])
    queried.clear()
    hits = reader.bm25(["yang", "gempa"], K)
    assert queried == [["gempa"], ["yang", "gempa"]]
    assert hits == expected
    assert {"a#7", "a#11"} == {cid for cid, _ in hits[:2]}


def test_a_question_of_common_words_only_still_finds_the_chunks_holding_them(
    reader: IndexReader, queried: list[list[str]]
) -> None:
    hits = reader.bm25(["yang", "dan"], K)
    assert queried == [["yang", "dan"]]
    assert hits == whole_query(reader, ["yang", "dan"])
    assert len(hits) == K and all(score > 0 for _, score in hits)


def test_document_frequencies_are_looked_up_again_after_a_commit(
    index: tuple[Path, IndexWriter, IndexInfo], reader: IndexReader
) -> None:
    _, writer, info = index
    assert reader.chunks_holding(["gempa"]) == {"gempa": 2}
    write(writer, info, "b", [f"gempa kuat {i}" for i in range(70)])
    assert reader.chunks_holding(["gempa", "yang"]) == {"gempa": 72, "yang": N}
    assert reader.chunk_count() == N + 70
