"""`assistant eval`: reports, --min gating and the command end to end."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from assistant.cli import main
from assistant.commands.eval import run_eval_cli
from assistant.settings import load_settings

from .test_scoring import WordJudge

REPO = Path(__file__).resolve().parents[2]

ARTICLE = """Putin tiba di Pyongyang

Putin tiba di Pyongyang pada hari Rabu pagi waktu setempat. Kim Jong Un menyambutnya langsung di bandara internasional kota itu. Mereka berjabat tangan cukup lama di depan para wartawan. Lalu konvoi besar melaju cepat ke pusat kota Pyongyang.

Baca juga: Berita lain yang tidak relevan

Kedua pemimpin membahas kerja sama militer yang semakin erat. Mereka menandatangani perjanjian kemitraan strategis yang baru.
"""
SENTENCES = [
    "Putin tiba di Pyongyang pada hari Rabu pagi waktu setempat.",
    "Kim Jong Un menyambutnya langsung di bandara internasional kota itu.",
    "Mereka berjabat tangan cukup lama di depan para wartawan.",
    "Lalu konvoi besar melaju cepat ke pusat kota Pyongyang.",
    "Kedua pemimpin membahas kerja sama militer yang semakin erat.",
    "Mereka menandatangani perjanjian kemitraan strategis yang baru.",
]


@pytest.fixture()
def article(tmp_path: Path) -> Path:
    path = tmp_path / "articles" / "putin.txt"
    path.parent.mkdir()
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def cite(article: Path, lines: list[int], quote: str, **extra: Any) -> dict[str, Any]:
    return {"n": 1, "file": "putin.txt", "path": str(article), "lines": lines, "quote": quote, **extra}


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture()
def files(tmp_path: Path, article: Path) -> tuple[Path, Path]:
    questions = write_jsonl(
        tmp_path / "qs.jsonl",
        [
            {
                "id": "a",
                "question": "Siapa yang menyambut Putin?",
                "lang": "id",
                "gold_sources": ["putin.txt"],
                "facts": [["Kim"]],
                "answerable": True,
            },
            {
                "id": "b",
                "question": "How many soldiers?",
                "lang": "en",
                "gold_sources": [],
                "facts": [],
                "answerable": False,
            },
        ],
    )
    cite = {
        "n": 1,
        "file": "putin.txt",
        "path": str(article),
        "title": "Putin tiba di Pyongyang",
        "lines": [2, 7],
        "quote": "Kim Jong Un menyambutnya langsung di bandara internasional kota itu.",
    }
    answers = write_jsonl(
        tmp_path / "answers.jsonl",
        [
            {
                "id": "a",
                "question": "Siapa yang menyambut Putin?",
                "answer": "Kim Jong Un menyambutnya langsung di bandara internasional kota itu [1].",
                "language": "id",
                "refused": False,
                "backend": "ollama",
                "model": "m",
                "extractive": False,
                "cancelled": False,
                "citations": [cite],
                "sentences": [
                    {
                        "text": "Kim Jong Un menyambutnya langsung di bandara internasional kota itu.",
                        "citations": [1],
                        "supported": True,
                        "score": 0.9,
                        "attributed": False,
                    }
                ],
                "dropped_markers": [],
                "timings": {"total": 2.5},
                "retrieved": [{"file": "putin.txt", "lines": [3, 7], "score": 0.03}],
                "run": {
                    "backend": "ollama",
                    "model": "m",
                    "embedder": "e",
                    "index": "f00",
                    "prompts": {"answer.md": "ab" * 32},
                },
            },
            {
                "id": "b",
                "question": "How many soldiers?",
                "answer": "Kim has many soldiers [1].",
                "language": "en",
                "refused": False,
                "extractive": False,
                "citations": [cite],
                "sentences": [{"text": "Kim has many soldiers.", "citations": [1]}],
                "timings": {"total": 1.5},
                "retrieved": [{"file": "putin.txt", "lines": [3, 7], "score": 0.01}],
            },
        ],
    )
    return questions, answers


def run(files: tuple[Path, Path], *minimums: str, **kwargs: Any) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    questions, answers = files
    settings = load_settings(store_dir=questions.parent / "no-index")  # --answers with a given judge needs no index
    code = run_eval_cli(
        settings, questions, answers=answers, minimums=list(minimums), judge=WordJudge(), out=out, err=err, **kwargs
    )
    return code, out.getvalue(), err.getvalue()


def test_prints_metrics_and_passes_when_minimums_hold(files: tuple[Path, Path]) -> None:
    code, out, err = run(files, "hit@1=1", "citation_recall=0.5", "latency_p95<=3")
    assert (code, err) == (0, "")
    lines = {
        line.split()[0]: line.split()[1]
        for line in out.splitlines()
        if line and line.split()[0] in ("hit@1", "citation_recall", "refusal_accuracy", "latency_p95", "fact_recall")
    }
    assert lines == {
        "hit@1": "1.000",
        "citation_recall": "0.500",
        "refusal_accuracy": "0.000",
        "latency_p95": "2.45s",
        "fact_recall": "1.000",
    }
    assert "b: answered an unanswerable question; 1 of 1 sentence(s) not supported by their citations" in out


def test_a_metric_below_its_minimum_exits_1_naming_it(files: tuple[Path, Path]) -> None:
    code, _, err = run(files, "hit@3=0.9", "refusal_accuracy=1", "citation_recall=0.9")
    assert code == 1
    assert err.splitlines() == [
        "below minimum: refusal_accuracy = 0.000, required refusal_accuracy>=1",
        "below minimum: citation_recall = 0.500, required citation_recall>=0.9",
    ]


def test_an_unknown_metric_exits_2_listing_the_known_ones(files: tuple[Path, Path]) -> None:
    code, out, err = run(files, "hit@3=0.9", "recall=0.5")
    assert (code, out) == (2, "")
    assert err.startswith(
        "error: --min 'recall=0.5': unknown metric 'recall'; known metrics: hit@1, hit@3, hit@5, mrr, "
    )
    assert "refusal_accuracy" in err and "latency_p95" in err


def test_markdown_and_html_reports(files: tuple[Path, Path], tmp_path: Path) -> None:
    code, out, _ = run(files, report=tmp_path / "r" / "report.md", html=tmp_path / "r" / "report.html")
    assert code == 0
    md = (tmp_path / "r" / "report.md").read_text(encoding="utf-8")
    assert "| a | id | answerable | answered | 1 | ✓ | 1.00 | 1.00 | ✓ | – | – | id ✓ | 2.50s | ok |" in md
    assert "| b | en | unanswerable | answered |" in md
    assert "citation_recall              ███████████████                 0.50" in md  # the bar chart
    assert "prompts (sha256): answer.md `abababababab`" in md
    assert "### b: How many soldiers?" in md and "NOT supported" in md
    html = (tmp_path / "r" / "report.html").read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>") and "<tr class='bad'><td>b</td>" in html
    assert f"report: {tmp_path / 'r' / 'report.md'}" in out


def test_missing_answers_file_exits_2(files: tuple[Path, Path], tmp_path: Path) -> None:
    questions, _ = files
    err = io.StringIO()
    code = run_eval_cli(
        load_settings(store_dir=tmp_path),
        questions,
        answers=tmp_path / "nope.jsonl",
        judge=WordJudge(),
        out=io.StringIO(),
        err=err,
    )
    assert code == 2 and "answers file not found" in err.getvalue()


def test_eval_command_runs_the_batch_then_scores_with_the_engine_judge(
    seeds_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ASSISTANT_STORE_DIR", str(seeds_store))
    dev = REPO / "tests" / "answers" / "dev.jsonl"
    report = tmp_path / "report.md"
    code = main(
        ["eval", str(dev), "--backend", "extractive", "--report", str(report), "--concurrency", "2", "--min", "hit@5=0"]
    )
    captured = capsys.readouterr()
    assert code == 0, captured.err
    ids = [json.loads(line)["id"] for line in dev.read_text().splitlines()]
    answers = tmp_path / "report.answers.jsonl"
    assert [json.loads(line)["id"] for line in answers.read_text().splitlines()] == ids
    for name in (
        "hit@1",
        "hit@3",
        "hit@5",
        "mrr",
        "citation_recall",
        "citation_precision",
        "fact_recall",
        "refusal_accuracy",
        "cites_gold_rate",
        "latency_p50",
    ):
        assert f"\n{name} " in captured.out
    assert "run: backend extractive, model none" in captured.out
    md = report.read_text(encoding="utf-8")
    assert all(f"| {i} |" in md for i in ids)
    assert "Extractive answers (no LLM) quote the Indonesian articles verbatim" in md

    # Re-scoring the saved answers needs no new batch; an impossible minimum fails naming the metric.
    code = main(["eval", str(dev), "--answers", str(answers), "--min", "hit@1=1.01"])
    captured = capsys.readouterr()
    assert code == 1
    assert "below minimum: hit@1 = " in captured.err and "required hit@1>=1.01" in captured.err
