"""The answer engine over the seeds index, with scripted replies behind the real Ollama client over HTTP."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Callable
from typing import Any

import pytest

from assistant.cli import main
from assistant.engine import AnswerChatEngine, AnswerEngine, build_engine
from assistant.llms.base import BackendError
from assistant.llms.ollama import OllamaBackend
from assistant.prompts import load_prompts
from assistant.settings import Settings
from assistant.testing.ollama_server import DEFAULT_MODEL, Reply
from assistant.testing.scripts import cited

AIRPORT = "Bandara Internasional Pyongyang"
ID_QUESTION = "Siapa yang menyambut Putin di Bandara Internasional Pyongyang?"
PROMPTS = load_prompts()


@pytest.fixture()
def engine_for(seeds_settings: Settings, serve) -> Callable[..., tuple[AnswerEngine, Any]]:  # noqa: ANN001
    def make(*replies: Any, condensed: str | None = None, **overrides: Any) -> tuple[AnswerEngine, Any]:
        srv, script = serve(*replies, condensed=condensed)
        settings = seeds_settings.model_copy(update={"ollama_url": srv.url, "ollama_model": DEFAULT_MODEL, **overrides})
        return build_engine(settings), script

    return make


def test_drifting_markers_are_normalized_and_an_out_of_range_one_is_dropped_and_reported(engine_for) -> None:  # noqa: ANN001
    reply = cited(
        "Kedatangan Putin disambut langsung oleh Kim Jong Un di Bandara Internasional Pyongyang [{a}, {a}]. "
        "Kunjungan ini yang pertama kali dilakukan presiden Rusia dalam 24 tahun terakhir Source {b}. "
        "Kunjungan itu juga disebut dalam sumber lain [9].",
        a=AIRPORT,
        b="dalam 24 tahun terakhir",
    )
    engine, _ = engine_for(reply)
    answer = engine.answer(ID_QUESTION)
    assert not answer.refused
    assert answer.dropped_markers == ["[9]"]
    assert [s.citations for s in answer.sentences][:2] == [[1], [2]]
    assert answer.citations[1].passage.file == "003_69800c166bddfbab.txt"
    assert "Source" not in answer.answer and "[9]" not in answer.answer and ", " not in answer.answer.split("[")[1]
    assert answer.answer.startswith("Kedatangan Putin disambut langsung oleh Kim Jong Un di Bandara Internasional Pyongyang [1].")
    numbers = [c.n for c in answer.citations]
    assert numbers == list(range(1, len(numbers) + 1))  # renumbered in order of first use
    first = answer.citations[0]
    assert first.passage.file == "000_f3b0780ee10127ff.txt" and AIRPORT in first.quote
    data = answer.to_json()
    assert set(data) >= {"question", "answer", "language", "refused", "backend", "model", "citations", "sentences", "timings"}
    assert data["citations"][0]["lines"] == list(first.passage.lines)


def test_the_model_saying_no_answer_gives_the_fixed_refusal_in_the_question_language(engine_for) -> None:  # noqa: ANN001
    engine, _ = engine_for("NO_ANSWER", "NO_ANSWER")
    answer = engine.answer(ID_QUESTION)
    assert answer.refused and answer.answer == PROMPTS.refusal("id") and not answer.citations
    english = engine_for("NO_ANSWER", "NO_ANSWER")[0].answer("Who welcomed Putin at Pyongyang International Airport?")
    assert english.refused and english.answer == PROMPTS.refusal("en")


def test_an_answer_from_the_model_s_own_memory_is_refused(engine_for) -> None:  # noqa: ANN001
    engine, _ = engine_for("North Korea has about 1.2 million active soldiers [1].")
    answer = engine.answer("How many soldiers does the North Korean army have?")
    assert answer.refused and answer.answer == PROMPTS.refusal("en") and answer.citations == []


def test_unsupported_sentences_are_flagged_beside_supported_ones(engine_for) -> None:  # noqa: ANN001
    reply = cited(
        "Kedatangan Putin disambut langsung oleh Kim Jong Un di Bandara Internasional Pyongyang [{a}]. "
        "Putin membawa sepuluh ekor gajah sebagai hadiah untuk Kim [{a}].",
        a=AIRPORT,
    )
    answer = engine_for(reply)[0].answer(ID_QUESTION)
    assert not answer.refused
    assert [s.supported for s in answer.sentences] == [True, False]
    assert answer.to_json()["sentences"][1]["supported"] is False


def test_a_sentence_without_marker_is_attributed_and_marked_so(engine_for) -> None:  # noqa: ANN001
    answer = engine_for("Kedatangan Putin disambut langsung oleh Kim Jong Un di Bandara Internasional Pyongyang.")[0].answer(ID_QUESTION)
    assert not answer.refused
    assert answer.sentences[0].attributed and answer.sentences[0].citations == [1]
    assert answer.citations[0].passage.file == "000_f3b0780ee10127ff.txt"


def test_a_reply_in_the_wrong_language_is_retried_once_with_a_firmer_instruction(engine_for) -> None:  # noqa: ANN001
    wrong = cited("Putin was welcomed by Kim Jong Un at the Pyongyang International Airport [{a}].", a=AIRPORT)
    right = "Putin disambut langsung oleh Kim Jong Un di Bandara Internasional Pyongyang [1]."
    engine, script = engine_for(wrong, right)
    answer = engine.answer(ID_QUESTION)
    assert answer.answer.startswith("Putin disambut langsung oleh Kim Jong Un")
    assert answer.timings.get("language_retry") == 1.0
    assert not script.answers  # both replies were used: exactly one retry


def test_a_bare_marker_reply_quotes_the_passage_it_points_at(engine_for) -> None:  # noqa: ANN001
    answer = engine_for(cited("[{a}]", a=AIRPORT))[0].answer(ID_QUESTION)
    assert not answer.refused and AIRPORT in answer.answer
    assert answer.citations[0].passage.file == "000_f3b0780ee10127ff.txt"


def test_follow_ups_are_condensed_before_retrieval(engine_for) -> None:  # noqa: ANN001
    first = cited("Kedatangan Putin disambut langsung oleh Kim Jong Un di Bandara Internasional Pyongyang [{a}].", a=AIRPORT)
    second = cited("Yury Ushakov adalah ajudan Putin [{u}].", u="Yury Ushakov")
    engine, script = engine_for(first, second, condensed="Siapa ajudan Putin yang ikut dalam kunjungan?")
    chat = AnswerChatEngine(engine)
    chat.ask(ID_QUESTION)
    answer = chat.ask("Siapa ajudannya?")
    assert answer.standalone_question == "Siapa ajudan Putin yang ikut dalam kunjungan?"
    assert ID_QUESTION in script.condense_prompts[0]  # the history went into the condense prompt
    assert any("Ushakov" in p.text for p in answer.passages)
    assert len(chat.chat_history) == 4


def test_cancel_keeps_what_came_so_far(engine_for) -> None:  # noqa: ANN001
    slow = Reply(text="Kedatangan Putin disambut langsung oleh Kim Jong Un di bandara itu.", delay_per_chunk=0.05)
    engine, _ = engine_for(slow)
    cancel = threading.Event()
    pieces: list[str] = []

    def on_token(token: str) -> None:
        pieces.append(token)
        if len(pieces) == 3:
            cancel.set()

    answer = engine.answer(ID_QUESTION, on_token=on_token, cancel=cancel)
    assert answer.cancelled and not answer.refused
    assert answer.answer == "".join(pieces) and 0 < len(answer.answer) < len(slow.text)


def test_the_llamaindex_query_engine_interface_returns_sources(engine_for) -> None:  # noqa: ANN001
    engine, _ = engine_for(cited("Kedatangan Putin disambut langsung oleh Kim Jong Un di Bandara Internasional Pyongyang [{a}].", a=AIRPORT))
    response = engine.query(ID_QUESTION)
    assert "Kim Jong Un" in str(response)
    assert response.source_nodes and response.source_nodes[0].node.metadata["file"] == "000_f3b0780ee10127ff.txt"


# --- backend checks: the real client against a closed port, a server without the model, a slow server ----


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_server_down_says_where_and_how_to_start_it() -> None:
    url = f"http://127.0.0.1:{_closed_port()}"
    with pytest.raises(BackendError) as err:
        OllamaBackend(DEFAULT_MODEL, url=url).check()
    assert url in str(err.value) and "ollama serve" in str(err.value) and "\n" not in str(err.value)


def test_model_not_pulled_gives_the_exact_pull_command(serve) -> None:  # noqa: ANN001
    srv, _ = serve(models=("llama3.2:1b",))
    with pytest.raises(BackendError) as err:
        OllamaBackend("qwen2.5:1.5b", url=srv.url).check()
    assert "`ollama pull qwen2.5:1.5b`" in str(err.value) and "llama3.2:1b" in str(err.value)
    OllamaBackend("llama3.2:1b", url=srv.url).check()  # a pulled model passes


def test_a_reply_slower_than_the_timeout_is_one_clear_error(engine_for) -> None:  # noqa: ANN001
    engine, _ = engine_for(Reply(text="terlambat", delay_before=3.0), request_timeout=0.5)
    with pytest.raises(BackendError) as err:
        engine.answer(ID_QUESTION)
    assert "did not answer within" in str(err.value) and "request_timeout" in str(err.value)


def test_an_error_mid_stream_is_one_clear_error(engine_for) -> None:  # noqa: ANN001
    engine, _ = engine_for(Reply(text="Kim Jong Un menyambut Putin di bandara", error_after_chunks=2, error="model crashed"))
    with pytest.raises(BackendError) as err:
        engine.answer(ID_QUESTION)
    assert "model crashed" in str(err.value)


# --- the CLI ---------------------------------------------------------------------------------------


def test_ask_json_through_the_scripted_server(seeds_settings: Settings, serve, monkeypatch, capsys) -> None:  # noqa: ANN001
    srv, _ = serve(cited("Kedatangan Putin disambut langsung oleh Kim Jong Un di Bandara Internasional Pyongyang [{a}].", a=AIRPORT))
    monkeypatch.setenv("ASSISTANT_STORE_DIR", str(seeds_settings.store_dir))
    monkeypatch.setenv("ASSISTANT_OLLAMA_URL", srv.url)
    assert main(["ask", ID_QUESTION, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["backend"] == "ollama" and data["model"] == DEFAULT_MODEL and data["language"] == "id"
    assert data["citations"][0]["file"] == "000_f3b0780ee10127ff.txt"
    assert data["sentences"][0]["supported"] is True and data["sentences"][0]["citations"] == [1]


def test_ask_falls_back_to_extractive_when_ollama_is_not_running(seeds_settings: Settings, monkeypatch, capsys) -> None:  # noqa: ANN001
    monkeypatch.setenv("ASSISTANT_STORE_DIR", str(seeds_settings.store_dir))
    monkeypatch.setenv("ASSISTANT_OLLAMA_URL", f"http://127.0.0.1:{_closed_port()}")
    assert main(["ask", "Kapan Kim Jong Un mengunjungi Rusia sebelum tahun 2023?"]) == 0
    captured = capsys.readouterr()
    assert "Extractive answer" in captured.out and "2019" in captured.out
    assert "003_69800c166bddfbab.txt, lines" in captured.out
    assert "answering extractively" in captured.err and "ollama pull" in captured.err


def test_an_explicit_backend_that_is_down_fails_with_one_line(seeds_settings: Settings, monkeypatch, capsys) -> None:  # noqa: ANN001
    monkeypatch.setenv("ASSISTANT_STORE_DIR", str(seeds_settings.store_dir))
    monkeypatch.setenv("ASSISTANT_OLLAMA_URL", f"http://127.0.0.1:{_closed_port()}")
    assert main(["ask", "Siapa?", "--backend", "ollama"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: Ollama is not reachable") and "\n" not in err
