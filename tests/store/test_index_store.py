"""The index database as the engine reads it: each chunk's sentences with exact offsets into the article's
text (what citations quote) and their stored vectors, committed ids only, and a stamp that changes with
every commit and only then."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from assistant.ingest.loader import article_text
from assistant.ingest.sync import ingest
from assistant.normalize import matching_text
from assistant.retrieval import Searcher
from assistant.settings import Settings, load_settings
from assistant.store import IndexStore
from tests.conftest import SEEDS, committed


def test_sentences_are_exact_slices_of_the_article_text_with_their_passage_vectors(seeds_settings: Settings) -> None:
    searcher = Searcher(seeds_settings)
    index = committed(seeds_settings)
    ids = [cid for chunks in index.values() for cid in chunks]
    sentences = searcher.sentences(ids)
    assert set(sentences) == set(ids)
    rows = searcher.reader.chunks(ids)
    for doc_id, chunk_ids in index.items():
        text = article_text(SEEDS / doc_id)
        assert text is not None and searcher.article_text(doc_id) == text  # what citations point into
        for cid in chunk_ids:
            got = sentences[cid]
            assert got and all(text[s.start : s.end] == s.text for s in got)
            assert " ".join(matching_text(s.text) for s in got) == rows[cid].text  # the chunk is its sentences
    sample = [s for cid in ids[:: max(1, len(ids) // 6)] for s in sentences[cid]][:8]
    expected = np.asarray(searcher.embedder.get_text_embedding_batch([s.text for s in sample]), dtype=np.float32)
    stored = np.stack([s.vector for s in sample])
    assert np.allclose(np.linalg.norm(stored, axis=1), 1.0, atol=1e-2)
    assert np.all(np.sum(stored * expected, axis=1) > 0.999)  # the "passage: " embedding, stored as float16


def test_the_stamp_changes_with_a_commit_and_only_then(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("Judul\n\nIsi berita tentang Hanoi dan pelabuhan baru.\n", encoding="utf-8")
    settings = load_settings(store_dir=tmp_path / "store", seeds_dir=folder)
    assert IndexStore(settings).stamp() is None
    ingest(settings)
    first = IndexStore(settings).stamp()
    ingest(settings)
    assert IndexStore(settings).stamp() == first is not None
    (folder / "b.txt").write_text("Judul lain\n\nWarga Seoul menyambut rombongan.\n", encoding="utf-8")
    ingest(settings)
    assert IndexStore(settings).stamp() != first
