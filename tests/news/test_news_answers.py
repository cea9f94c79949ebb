"""News-aware answers over the seeds and three fixture outlets: metadata, filters, corroboration and
disagreements, through the real engine (extractive, and the scripted model behind the Ollama protocol)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from assistant.answering.build import build_engine
from assistant.cli import main
from assistant.llms import make_backend
from assistant.settings import Settings
from assistant.testing.scripts import cited

DURATION_EN = "How long was the visit planned to last?"
ARRIVAL_EN = "When did Putin arrive in Pyongyang?"


def ask_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    assert main(["ask", *args, "--json", "--backend", "extractive"]) == 0
    return json.loads(capsys.readouterr().out)


def test_articles_lists_outlets_and_dates(news_settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["articles", "--json"]) == 0
    rows = {r["file"]: r for r in json.loads(capsys.readouterr().out)["articles"]}
    assert rows["000_f3b0780ee10127ff.txt"]["outlet"] == "BaperaNews"
    assert (rows["001_1d4b5249daf8730a.txt"]["outlet"], rows["001_1d4b5249daf8730a.txt"]["published"]) == (
        "PERSPEKTIF.CO.ID",
        "2024-06-18",
    )
    assert rows["001_1d4b5249daf8730a.txt"]["published_inferred"] is True
    assert rows["003_69800c166bddfbab.txt"]["outlet"] == "RADARCIREBON.TV"
    assert rows["005_durasi_tiga_hari.txt"] | {"chunks": 0} == rows["005_durasi_tiga_hari.txt"] | {
        "outlet": "KABARDUNIA.ID",
        "published": "2024-06-19",
        "published_inferred": False,
        "language": "id",
        "chunks": 0,
    }
    assert main(["articles"]) == 0
    table = capsys.readouterr().out
    assert "RADARCIREBON.TV" in table and "2024-06-18 (inferred)" in table


def test_the_duration_disagreement_is_answered_with_both_sides_cited(
    news_settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    data = ask_json(capsys, DURATION_EN)
    [disagreement] = data["disagreements"]
    assert disagreement["about"] == "duration"
    sides = {tuple(s["outlets"]): s for s in disagreement["sides"]}
    assert set(sides) == {("KABARDUNIA.ID",), ("BaperaNews",)}
    assert "tiga hari" in sides[("KABARDUNIA.ID",)]["value"] and "dua hari" in sides[("BaperaNews",)]["value"]
    by_n = {c["n"]: c for c in data["citations"]}
    for outlets, side in sides.items():
        assert {by_n[n]["outlet"] for n in side["citations"]} == set(outlets)
        assert all(side["value"] in by_n[n]["quote"] for n in side["citations"])
    assert "tiga hari" in data["answer"] and "dua hari" in data["answer"]  # the answer says so, not only the JSON


def test_the_arrival_time_disagreement(news_settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    data = ask_json(capsys, ARRIVAL_EN)
    values = " | ".join(s["value"] for d in data["disagreements"] for s in d["sides"])
    assert "21.00" in values and "3 pagi" in values


def test_an_outlet_named_in_the_question_limits_the_answer_to_it(
    news_settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    data = ask_json(capsys, "Menurut RadarCirebon, jam berapa Putin tiba di Pyongyang?")
    assert data["filters"] == {"outlets": ["RADARCIREBON.TV"], "from_question": ["RADARCIREBON.TV"]}
    assert data["citations"] and {c["outlet"] for c in data["citations"]} == {"RADARCIREBON.TV"}
    assert {r["file"] for r in data["retrieved"]} == {"003_69800c166bddfbab.txt"}


def test_outlet_and_date_filters(news_settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    data = ask_json(capsys, "Siapa yang menyambut Putin di bandara?", "--outlet", "kabardunia")
    assert {r["file"] for r in data["retrieved"]} == {"005_durasi_tiga_hari.txt"}
    assert main(["search", "Putin tiba", "--since", "2024-06-19", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    dated = {"003_69800c166bddfbab.txt", "005_durasi_tiga_hari.txt", "006_tiba_selasa_malam.txt", "007_syndicated.txt"}
    assert out["filters"]["since"] == "2024-06-19" and {p["file"] for p in out["passages"]} <= dated


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--outlet", "Reuters"], "no indexed article is from outlet 'Reuters': the indexed outlets are"),
        (["--since", "2030-01-01"], "no indexed article matches published since 2030-01-01"),
        (["--since", "19/6/2024"], "--since '19/6/2024' is not a date: write it as YYYY-MM-DD"),
    ],
)
def test_a_filter_that_matches_nothing_says_so_in_one_line(
    news_settings: Settings, capsys: pytest.CaptureFixture[str], args: list[str], expected: str
) -> None:
    assert main(["ask", "Siapa yang menyambut Putin?", "--backend", "extractive", *args]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and expected in captured.err and captured.err.strip().count("\n") == 0


def test_other_outlets_corroborate_a_sentence(news_settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    data = ask_json(capsys, "Siapa yang menyambut Putin di Bandara Internasional Pyongyang?")
    first = data["sentences"][0]
    cited = {data["citations"][n - 1]["outlet"] or data["citations"][n - 1]["file"] for n in first["citations"]}
    assert first["corroborated_by"] and first["outlets"] == len(cited) + len(first["corroborated_by"])
    assert data["sources"] >= first["outlets"]
    for c in first["corroborated_by"]:
        assert (c["outlet"] or c["file"]) not in cited and c["span"] and c["quote"]
    assert (
        main(["ask", "Siapa yang menyambut Putin di Bandara Internasional Pyongyang?", "--backend", "extractive"]) == 0
    )
    assert f"reported by {first['outlets']} of {data['sources']} outlets" in capsys.readouterr().out


def test_syndicated_copies_take_one_place_in_the_prompt(news_settings: Settings, serve: Any) -> None:
    """003 and 007 carry the same sentence; the model is shown one of them, and the other corroborates."""
    srv, script = serve(cited("Putin tiba pada Rabu (19/6) pukul 3 pagi waktu setempat [{a}].", a="pukul 3 pagi"))
    settings = news_settings.model_copy(update={"backend": "ollama", "ollama_url": srv.url})
    engine = build_engine(settings, backend=make_backend(settings))
    answer = engine.answer("Pukul berapa Putin disambut dengan karpet merah dan pelukan Kim di Pyongyang?")
    copies = "Pada Rabu (19/6) pukul 3 pagi waktu setempat, Putin disambut dengan karpet merah"
    assert script.prompts and script.prompts[0].count(copies) == 1
    assert answer.sentences[0].supported and answer.sentences[0].outlets >= 2


def test_eval_scores_disagreement_recall_and_outlets(
    news_settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`assistant eval` over a question file with expect_disagreement / expect_outlets (tests/news/questions.jsonl)."""
    questions = Path(__file__).with_name("questions.jsonl")
    report = tmp_path / "report.md"
    assert main(["eval", str(questions), "--backend", "extractive", "--report", str(report)]) == 0
    out = capsys.readouterr().out
    rows = {line.split()[0]: line.split() for line in out.splitlines() if line.split()}
    assert rows["disagreement_recall"][2] == "3" and rows["outlet_recall"][2] == "4"
    assert rows["false_disagreement_rate"][2] == "2"
    md = report.read_text(encoding="utf-8")
    assert "| disagreement_recall |" in md and "| outlet_recall |" in md
    [n1] = [line for line in md.splitlines() if line.startswith("| n1 |")]
    assert "| ✓ | 2/2 |" in n1  # the duration disagreement found, both outlets named
