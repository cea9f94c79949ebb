"""Retrieval over the dev question set: a gold source in the top 3 for every answerable question."""

from __future__ import annotations

import json

import pytest

from assistant.cli import main
from assistant.evaluation.matching import first_gold_rank
from assistant.jsonl import load_jsonl
from assistant.retrieval import Searcher
from assistant.settings import Settings
from tests.conftest import DEV_SET

ANSWERABLE = [q for q in load_jsonl(DEV_SET) if q["answerable"]]


@pytest.fixture(scope="module")
def searcher(seeds_store) -> Searcher:  # noqa: ANN001
    from assistant.settings import load_settings
    from tests.conftest import SEEDS

    return Searcher(load_settings(store_dir=seeds_store, seeds_dir=SEEDS))


@pytest.mark.parametrize("question", ANSWERABLE, ids=[f"{q['id']}-{q['lang']}" for q in ANSWERABLE])
def test_a_gold_source_is_in_the_top_3(searcher: Searcher, question: dict) -> None:
    passages = searcher.search(question["question"], 3)
    rank = first_gold_rank([p.file for p in passages], question["gold_sources"])
    assert rank is not None, [(p.file, p.lines) for p in passages]


def test_passages_carry_file_title_lines_and_per_retriever_scores(searcher: Searcher) -> None:
    passages = searcher.search("Siapa ajudan Putin yang ikut dalam kunjungan?", 3)
    top = passages[0]
    assert top.file.endswith(".txt") and top.title and top.lines[0] <= top.lines[1]
    assert "Ushakov" in " ".join(p.text for p in passages)
    assert set(top.scores) <= {"dense", "bm25"} and top.scores
    assert [p.score for p in passages] == sorted((p.score for p in passages), reverse=True)


def test_english_questions_find_indonesian_passages(searcher: Searcher) -> None:
    passages = searcher.search("Where did Putin stop on his way to Pyongyang?", 3)
    assert any("Yakutsk" in p.text for p in passages)


def test_bm25_reads_a_question_in_another_language_through_glosses(searcher: Searcher) -> None:
    same = searcher.fusion_weights("Siapa ajudan Putin yang ikut dalam kunjungan?")
    cross = searcher.fusion_weights("Who is Putin's aide on the visit?")
    assert cross["bm25"] == searcher.settings.bm25_cross_lingual_weight and cross["dense"] == same["dense"]
    query = searcher.bm25_query("How long was the visit planned to last?")
    assert {"kunjung", "rencana", "lama"} <= set(query.split())  # the Indonesian glosses BM25 can match
    assert searcher.bm25_query("Siapa ajudan Putin?") == "Siapa ajudan Putin?"  # the articles' language: as asked


def test_search_json_output(seeds_settings: Settings, capsys: pytest.CaptureFixture[str], monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("ASSISTANT_STORE_DIR", str(seeds_settings.store_dir))
    assert main(["search", "Kapan Kim Jong Un mengunjungi Rusia sebelum tahun 2023?", "-k", "2", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["question"].startswith("Kapan")
    assert len(out["passages"]) == 2
    first = out["passages"][0]
    assert set(first) >= {"file", "title", "lines", "score", "text"}
    assert first["file"] == "003_69800c166bddfbab.txt"
    assert any("2019" in p["text"] for p in out["passages"])


def test_search_before_any_ingest_says_what_to_do(tmp_path, capsys, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("ASSISTANT_STORE_DIR", str(tmp_path / "empty"))
    assert main(["search", "apa saja"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: no index") and "assistant ingest" in err and "\n" not in err
