"""bench/engine_ceiling.py's machinery end to end on the dev set: the scripted models behind the loopback
Ollama server answer through the real engine and Ollama client, `assistant eval` scores them. It measures
today's engine, so this checks the machinery, not the figures."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from assistant.batch import read_questions
from assistant.testing.ceiling import Corpus, QuestionSet, run_corpus
from assistant.testing.prompt_reading import Kind
from bench.engine_ceiling import choose_corpora, table, totals

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"
DEV_SET = REPO / "tests" / "answers" / "dev.jsonl"


def test_the_ceiling_runs_each_model_over_the_dev_set(seeds_store: Path, tmp_path: Path) -> None:
    corpus = Corpus("seeds", (SEEDS,), (QuestionSet("dev", DEV_SET),))
    rows = run_corpus(corpus, tmp_path, store=seeds_store, timeout=60.0)

    ids = [item.key for item in read_questions(DEV_SET)]
    questions = [json.loads(line) for line in DEV_SET.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert [r.model for r in rows] == ["honest", "liar", "extractive"]
    for row, (backend, model) in zip(
        rows, [("ollama", "scripted-honest"), ("ollama", "scripted-liar"), ("extractive", "none")], strict=True
    ):
        records = [json.loads(line) for line in row.answers.read_text(encoding="utf-8").splitlines()]
        assert [r["id"] for r in records] == ids
        assert all("error" not in r and (r["backend"], r["model"]) == (backend, model) for r in records)
        assert row.errors == 0 and row.unmatched == []
        metrics = row.evaluation.metrics
        answerable = sum(q.get("answerable", True) for q in questions)
        assert metrics["refused_answerable"].n == answerable
        assert metrics["accepted_right"].value is not None
        if backend == "extractive":
            assert row.sent == [] and metrics["refused_before_model"].n == 0
            continue
        # Every answer the engine asked the model for reached the scripted model, and matched its question.
        answer_calls = sum(k in r["timings"] for r in records for k in ("prefill", "retry_prefill"))
        # (and the English questions were put into the articles' language first; the model judged the answers
        # it wrote that the claim checks passed, at most once per answer: the honest one's, some of them)
        kinds = [s.kind for s in row.sent if s.kind is not Kind.TRANSLATE]
        assert [k for k in kinds if k is not Kind.JUDGE] == [Kind.ANSWER] * answer_calls
        assert kinds.count(Kind.JUDGE) <= answer_calls and (model != "scripted-honest" or Kind.JUDGE in kinds)
        english = {q["id"] for q in questions if q.get("lang") == "en"}
        assert {s.record for s in row.sent if s.kind is Kind.TRANSLATE} <= english
        assert {s.record for s in row.sent if s.kind is not Kind.JUDGE} <= set(ids)
        unasked = [
            r["refused"] and not {"prefill", "retry_prefill"} & set(r["timings"])
            for q, r in zip(questions, records, strict=True)
            if q.get("answerable", True)
        ]
        assert (metrics["refused_before_model"].value, metrics["refused_before_model"].n) == (sum(unasked), answerable)
        lies = sum(1 for q in questions if q.get("wrong_value"))
        assert metrics["lies_shown"].n == (lies if model == "scripted-liar" else 0)

    lines = table([(f"seeds/{r.set.name}", r.model, r.evaluation.metrics, "") for r in rows] + totals(rows, False))
    assert lines[0].startswith("| set | model | facts | accepted_right | replaced_by_quote |")
    assert len(lines) == 2 + 3 + 3
    assert lines[-3].startswith("| **all tuning** | scripted-honest | ")


def test_corpora_are_found_and_held_out_ones_only_when_asked(tmp_path: Path) -> None:
    shutil.copytree(SEEDS, tmp_path / "seeds")
    (tmp_path / "tests/answers").mkdir(parents=True)
    shutil.copy(DEV_SET, tmp_path / "tests/answers/dev.jsonl")
    (tmp_path / "bench/questions").mkdir(parents=True)
    (tmp_path / "bench/questions/heldout.jsonl").write_text("", encoding="utf-8")
    # news_tune: articles and questions citing a seed; topics_heldout: its own articles; seedy: no articles
    for name, gold in (("news_tune", "000_f3b0780ee10127ff.txt"), ("topics_heldout", "a.txt"), ("seedy", "")):
        folder = tmp_path / "bench/corpora" / name
        folder.mkdir(parents=True)
        if gold:
            (folder / "articles").mkdir()
        line = {"id": "q", "question": "Q?", "gold_sources": [gold]}
        (folder / "questions.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")

    tuning = choose_corpora(tmp_path, [], False, None)
    assert [(c.name, [s.name for s in c.sets]) for c in tuning] == [
        ("seeds", ["dev"]),
        ("news_tune", ["news_tune"]),
        ("seedy", ["seedy"]),
    ]
    assert tuning[1].folders == (tmp_path / "seeds", tmp_path / "bench/corpora/news_tune/articles")  # cites a seed
    assert tuning[2].folders == (tmp_path / "seeds",)
    everything = choose_corpora(tmp_path, [], True, None)
    assert [(c.name, [(s.name, s.heldout) for s in c.sets]) for c in everything] == [
        ("seeds", [("dev", False), ("heldout", True)]),
        ("news_tune", [("news_tune", False)]),
        ("seedy", [("seedy", False)]),
        ("topics_heldout", [("topics_heldout", True)]),
    ]
    assert everything[3].folders == (tmp_path / "bench/corpora/topics_heldout/articles",)
