"""Passages read at sentence level: the window of sentences around a retrieved chunk's best sentence."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.citations.spans import line_region
from assistant.normalize import matching_text
from assistant.retrieval import Searcher
from assistant.retrieval.windows import WINDOW_WORDS, anchor, read_chunk, window, word_weights
from assistant.settings import Settings
from assistant.store.records import StoredSentence


def sentence(text: str, line: int, vector: list[float]) -> StoredSentence:
    v = np.asarray(vector, dtype=np.float32)
    return StoredSentence(text, 0, len(text), line, v / np.linalg.norm(v))


def words(n: int, tag: str) -> str:
    return " ".join(f"{tag}{i}" for i in range(n))


def test_a_window_grows_after_then_before_the_best_sentence_within_its_words() -> None:
    sents = [sentence(words(n, f"s{i}"), i + 1, [1.0, 0.0]) for i, n in enumerate([10, 10, 10, 10, 10])]
    assert window(sents, 2, words=30) == (1, 4)  # the best, the next, the one before; a fourth would be 40
    assert window(sents, 4, words=30) == (2, 5)  # at the end it grows backwards only
    assert window(sents, 0, words=25) == (0, 2)
    assert window(sents, 2, words=5) == (2, 3)  # a best sentence longer than the window stands alone


def test_the_best_sentence_fuses_closeness_with_the_rare_words_of_the_question() -> None:
    sims, lexical = [0.9, 0.8, 0.1], [0.0, 2.0, 0.0]
    assert anchor(sims, lexical, (1.0, 1.0), 5.0) == 1  # second closest, the only one with the question's words
    assert anchor(sims, [0.0, 0.0, 0.0], (1.0, 1.0), 5.0) == 0  # no words in common: the closest
    assert anchor(sims, lexical, (1.0, 0.0), 5.0) == 0  # words weigh nothing
    weights = word_weights({"banjir", "kota", "absent"}, [{"banjir", "kota"}, {"kota"}, {"kota", "hujan"}])
    assert weights["banjir"] > weights["kota"] > 0 and "absent" not in weights


def test_a_chunk_is_read_as_the_window_around_its_best_sentence_and_scored_by_it() -> None:
    sents = [
        sentence(words(12, "a"), 3, [1.0, 0.0, 0.0]),
        sentence(words(12, "b"), 3, [0.0, 1.0, 0.0]),
        sentence(words(12, "c"), 5, [0.6, 0.8, 0.0]),
        sentence(words(12, "d"), 7, [0.0, 0.0, 1.0]),
    ]
    query = np.asarray([0.0, 1.0, 0.0], dtype=np.float32)
    read = read_chunk(query, sents)
    assert read.sentences == tuple(sents[1:3]) and read.lines == (3, 5)
    assert read.similarity == pytest.approx(1.0) and read.text == f"{sents[1].text} {sents[2].text}"


@pytest.fixture(scope="module")
def searcher(seeds_store) -> Searcher:  # noqa: ANN001
    from assistant.settings import load_settings
    from tests.conftest import SEEDS

    return Searcher(load_settings(store_dir=seeds_store, seeds_dir=SEEDS, context_window=0))


QUESTIONS = ["Siapa ajudan Putin yang ikut dalam kunjungan?", "Berapa korban banjir?", "What did the court decide?"]


@pytest.mark.parametrize("question", QUESTIONS)
def test_a_passage_is_a_run_of_its_chunks_sentences_on_the_lines_it_cites(searcher: Searcher, question: str) -> None:
    passages = searcher.search(question)
    assert passages
    stored = searcher.sentences([p.chunk_id for p in passages])
    for p in passages:
        texts = [matching_text(s.text) for s in stored[p.chunk_id]]
        runs = {
            " ".join(texts[i:j]): (stored[p.chunk_id][i].line, stored[p.chunk_id][j - 1].line)
            for i in range(len(texts))
            for j in range(i + 1, len(texts) + 1)
        }
        assert runs.get(p.text) == p.lines, (p.text, p.lines)
        assert len(p.text.split()) <= WINDOW_WORDS or p.text in texts  # within the window, or one long sentence
        article = searcher.article_text(p.file) or ""
        start, end = line_region(article, p.lines)
        assert all(s.text in article[start:end] for s in stored[p.chunk_id] if matching_text(s.text) in p.text)


def test_a_context_window_of_one_shows_whole_chunks_with_a_neighbour_on_each_side(seeds_settings: Settings) -> None:
    searcher = Searcher(seeds_settings.model_copy(update={"context_window": 1}))
    passages = searcher.search(QUESTIONS[0])
    chunks = searcher.reader.chunks([p.chunk_id for p in passages])
    assert passages
    for p in passages:
        chunk = chunks[p.chunk_id]
        assert chunk.text in p.text and p.lines[0] <= chunk.line_start <= chunk.line_end <= p.lines[1]
    assert any(len(p.text) > len(chunks[p.chunk_id].text) for p in passages)  # a neighbour was added


def test_a_garbled_sentence_vector_ranks_last_instead_of_poisoning_the_chunk() -> None:
    sents = [sentence(words(5, "a"), 1, [1.0, 0.0]), sentence(words(5, "b"), 2, [0.0, 1.0])]
    garbled = StoredSentence(sents[0].text, 0, 1, 1, np.full(2, np.nan, dtype=np.float32))
    read = read_chunk(np.asarray([1.0, 0.0], dtype=np.float32), [garbled, sents[1]], words=5)
    assert read.sentences == (sents[1],) and read.similarity == pytest.approx(0.0)
