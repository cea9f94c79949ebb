"""The answer engine over the seeds index, with scripted replies behind the real Ollama client over HTTP."""

from __future__ import annotations

import json
import re
import socket
import threading

import pytest

from assistant.answering.build import build_engine
from assistant.answering.chat import AnswerChatEngine
from assistant.answering.engine import AnswerEngine
from assistant.cli import main
from assistant.llms.base import BackendError
from assistant.llms.ollama import OllamaBackend
from assistant.prompts import load_prompts
from assistant.settings import Settings
from assistant.testing.ollama_server import DEFAULT_MODEL, Reply
from assistant.testing.scripts import cited

from .conftest import LAST_PROMPTS

AIRPORT = "Bandara Internasional Pyongyang"
ID_QUESTION = "Siapa yang menyambut Putin di Bandara Internasional Pyongyang?"
PROMPTS = load_prompts()


def test_drifting_markers_are_normalized_and_an_out_of_range_one_is_dropped_and_reported(engine_for) -> None:  # noqa: ANN001
    reply = cited(
        "Kedatangan Putin disambut langsung oleh Kim Jong Un di Bandara Internasional Pyongyang [{a}, {a}] [9].",
        a=AIRPORT,
    )
    engine, script = engine_for(reply)
    answer = engine.answer(ID_QUESTION)
    assert not answer.refused and not answer.quoted and not script.answers  # accepted at the first try
    assert answer.dropped_markers == ["[9]"]
    assert [s.citations for s in answer.sentences] == [[1]]
    assert (
        answer.answer == "Kedatangan Putin disambut langsung oleh Kim Jong Un di Bandara Internasional Pyongyang [1]."
    )
    first = answer.citations[0]
    assert first.passage.file == "000_f3b0780ee10127ff.txt" and AIRPORT in first.quote
    data = answer.to_json()
    assert set(data) >= {
        "question",
        "answer",
        "language",
        "refused",
        "backend",
        "model",
        "citations",
        "sentences",
        "timings",
    }
    assert data["answers_question"] is True and "Kim Jong Un" in data["answer_check"]
    assert data["citations"][0]["lines"] == list(first.passage.lines)


def test_the_prompt_is_built_around_the_best_evidence(engine_for) -> None:  # noqa: ANN001
    engine, _ = engine_for(cited("Kim Jong Un menyambut Putin di Bandara Internasional Pyongyang [{a}].", a=AIRPORT))
    engine.answer(ID_QUESTION)
    prompt = _last_prompt(engine)
    passages = re.findall(r"^\[(\d+)\] ", prompt, flags=re.MULTILINE)
    assert passages and len(passages) <= engine.searcher.settings.context_passages
    first = re.search(r"^\[1\] (.*)$", prompt, flags=re.MULTILINE)
    assert first is not None and AIRPORT in first.group(1)  # the passage holding the answer comes first


def test_an_off_topic_reply_is_shown_as_written_and_flagged_as_not_answering(engine_for) -> None:  # noqa: ANN001
    off_topic = cited("Kedatangan Putin menimbulkan kekhawatiran di kalangan pimpinan dunia [{a}].", a=AIRPORT)
    engine, script = engine_for(off_topic)
    answer = engine.answer(ID_QUESTION)
    assert not script.answers and "retry" not in answer.timings  # the model's answer stands: no second try
    assert not answer.refused and not answer.quoted and all(s.supported for s in answer.sentences)
    assert not answer.answers_question and "person" in answer.answer_check


def test_a_capable_models_english_answer_about_an_indonesian_article_passes_unchanged(engine_for) -> None:  # noqa: ANN001
    reply = cited(
        "On his way to Pyongyang, Putin was expected to stop in Yakutsk in eastern Siberia [{a}].", a="Yakutsk"
    )
    engine, script = engine_for(reply, translated="Di mana Putin singgah dalam perjalanan ke Pyongyang?")
    answer = engine.answer("Where did Putin stop on his way to Pyongyang?")
    assert (
        script.translate_prompts
        and answer.translated_question == "Di mana Putin singgah dalam perjalanan ke Pyongyang?"
    )
    assert answer.answer == "On his way to Pyongyang, Putin was expected to stop in Yakutsk in eastern Siberia [1]."
    assert not answer.refused and not answer.quoted and answer.language == "en"
    assert all(s.supported and not s.attributed for s in answer.sentences) and answer.answers_question
    assert "Yakutsk" in answer.citations[0].quote


def test_a_claim_from_another_retrieved_passage_is_recited_not_rejected(engine_for) -> None:  # noqa: ANN001
    reply = cited(
        "Kim Jong Un menyambut Putin di Bandara Internasional Pyongyang, kunjungan pertamanya sejak Juli 2000 [{a}].",
        a=AIRPORT,
    )
    engine, _ = engine_for(reply)
    answer = engine.answer(ID_QUESTION)
    assert not answer.refused and not answer.quoted and answer.sentences[0].supported
    assert answer.sentences[0].attributed and len(answer.sentences[0].citations) == 2
    assert any("2000" in c.text for c in answer.citations) and any(AIRPORT in c.text for c in answer.citations)


def test_when_nothing_the_model_wrote_survives_the_best_evidence_is_quoted_and_labelled(engine_for) -> None:  # noqa: ANN001
    wrong = "Putin membawa sepuluh ekor gajah sebagai hadiah untuk Kim [1]."
    engine, script = engine_for(wrong)
    answer = engine.answer(ID_QUESTION)
    assert not script.answers and answer.quoted and not answer.extractive and not answer.refused
    assert "Kim Jong Un" in answer.answer and answer.answers_question
    assert all(s.supported for s in answer.sentences)
    assert answer.to_json()["quoted"] is True


def test_a_reply_in_the_wrong_language_is_regenerated_in_the_question_language(engine_for) -> None:  # noqa: ANN001
    wrong = cited("Putin was welcomed by Kim Jong Un at the Pyongyang International Airport [{a}].", a=AIRPORT)
    right = "Putin disambut langsung oleh Kim Jong Un di Bandara Internasional Pyongyang [1]."
    engine, script = engine_for(wrong, right)
    answer = engine.answer(ID_QUESTION)
    assert answer.answer.startswith("Putin disambut langsung oleh Kim Jong Un") and answer.language == "id"
    assert answer.timings.get("retry") == 1.0 and not script.answers


def test_the_models_no_answer_stands_after_one_focused_retry(engine_for) -> None:  # noqa: ANN001
    engine, script = engine_for("NO_ANSWER", "NO_ANSWER")
    answer = engine.answer(ID_QUESTION)
    assert not script.answers and answer.timings.get("retry") == 1.0
    assert answer.refused and answer.answer_check == "the model found no answer in the passages"
    assert not answer.refused_before_model


def test_the_model_is_asked_even_when_the_articles_do_not_answer(engine_for) -> None:  # noqa: ANN001
    engine, script = engine_for("NO_ANSWER", "NO_ANSWER")
    answer = engine.answer("How many soldiers does the North Korean army have?")
    assert len(script.prompts) >= 1 and answer.refused and answer.answer == PROMPTS.refusal("en")
    assert answer.citations == [] and not answer.refused_before_model


def test_the_extractive_backend_refuses_what_no_passage_answers(seeds_settings: Settings) -> None:
    from assistant.llms import make_backend

    engine = build_engine(seeds_settings, backend=make_backend(seeds_settings, "extractive"))
    for question, lang in (
        ("How many soldiers does the North Korean army have?", "en"),
        ("Merek HP apa yang paling elit di tahun 2024?", "id"),
    ):
        answer = engine.answer(question)
        assert answer.refused and answer.answer == PROMPTS.refusal(lang) and answer.citations == []
        assert not answer.answers_question and answer.answer_check.startswith("no passage answers it")


def test_the_refusal_reason_is_one_grammatical_sentence(seeds_settings: Settings) -> None:
    from assistant.llms import make_backend

    engine = build_engine(seeds_settings, backend=make_backend(seeds_settings, "extractive"))
    for question in ("Siapa juara Piala Dunia 2018?", "How many soldiers does the North Korean army have?"):
        reason = engine.answer(question).answer_check
        assert re.fullmatch(r"no passage answers it: the best one (?:is|names|holds) [^:]+", reason), reason


@pytest.mark.parametrize("question", ["", "   ", "?!.,;", "普京在机场受到了谁的欢迎？"])
def test_a_question_without_content_or_in_another_language_gets_the_refusal_and_one_reason(
    engine_for, question: str
) -> None:  # noqa: ANN001
    engine, _ = engine_for()
    answer = engine.answer(question)
    assert answer.refused and answer.citations == [] and answer.passages == []
    assert answer.answer_check in (
        "the question has no words to look up: ask about something in the articles",
        "questions must be in Indonesian or English",
    )


def test_an_unsupported_sentence_beside_an_answering_one_stays_flagged_with_its_reason(engine_for) -> None:  # noqa: ANN001
    reply = cited(
        "Kedatangan Putin disambut langsung oleh Kim Jong Un di Bandara Internasional Pyongyang [{a}]. "
        "Putin membawa sepuluh ekor gajah sebagai hadiah untuk Kim [{a}].",
        a=AIRPORT,
    )
    answer = engine_for(reply)[0].answer(ID_QUESTION)
    assert not answer.refused and answer.answers_question
    assert [s.supported for s in answer.sentences] == [True, False]
    flagged = answer.to_json()["sentences"][1]
    assert flagged["supported"] is False and flagged["reason"].startswith("wrong number")


def test_a_sentence_without_marker_is_attributed_and_marked_so(engine_for) -> None:  # noqa: ANN001
    answer = engine_for("Kedatangan Putin disambut langsung oleh Kim Jong Un di Bandara Internasional Pyongyang.")[
        0
    ].answer(ID_QUESTION)
    assert not answer.refused
    assert answer.sentences[0].attributed and answer.sentences[0].citations == [1]
    assert answer.citations[0].passage.file == "000_f3b0780ee10127ff.txt"


def test_a_bare_marker_reply_quotes_the_passage_it_points_at(engine_for) -> None:  # noqa: ANN001
    engine, script = engine_for(cited("[{a}]", a=AIRPORT))
    answer = engine.answer(ID_QUESTION)
    assert not answer.refused and AIRPORT in answer.answer and answer.quoted and not script.answers
    assert answer.citations[0].passage.file == "000_f3b0780ee10127ff.txt"


def test_follow_ups_keep_a_rewrite_that_names_the_entity(engine_for) -> None:  # noqa: ANN001
    first = cited(
        "Kedatangan Putin disambut langsung oleh Kim Jong Un di Bandara Internasional Pyongyang [{a}].", a=AIRPORT
    )
    second = cited("Yury Ushakov adalah ajudan Putin [{u}].", u="Yury Ushakov")
    engine, script = engine_for(first, second, condensed="Siapa ajudan Putin yang ikut dalam kunjungan?")
    chat = AnswerChatEngine(engine)
    chat.ask(ID_QUESTION)
    answer = chat.ask("Siapa ajudannya?")
    assert answer.standalone_question == "Siapa ajudan Putin yang ikut dalam kunjungan?"
    assert ID_QUESTION in script.condense_prompts[0]  # the history went into the condense prompt
    assert any("Ushakov" in p.text for p in answer.passages)
    assert len(chat.turns) == 2


def test_a_rewrite_that_drops_the_entity_is_replaced_by_the_deterministic_one(engine_for) -> None:  # noqa: ANN001
    first = cited(
        "Yury Ushakov, ajudan Putin, mengungkapkan bahwa kunjungan ini direncanakan berlangsung selama dua hari [{u}].",
        u="Yury Ushakov",
    )
    second = cited("Kunjungan ini direncanakan berlangsung selama dua hari [{u}].", u="dua hari")
    engine, _ = engine_for(first, second, condensed="Berapa lama kunjungan itu menurut dia?")
    chat = AnswerChatEngine(engine)
    chat.ask("Siapa ajudan Putin yang mengungkapkan rencana kunjungan?")
    answer = chat.ask("Berapa lama kunjungan itu menurut dia?")
    assert answer.standalone_question is not None and "Yury Ushakov" in answer.standalone_question


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
    engine, _ = engine_for(
        cited(
            "Kedatangan Putin disambut langsung oleh Kim Jong Un di Bandara Internasional Pyongyang [{a}].", a=AIRPORT
        )
    )
    response = engine.query(ID_QUESTION)
    assert "Kim Jong Un" in str(response)
    assert response.source_nodes and response.source_nodes[0].node.metadata["file"] == "000_f3b0780ee10127ff.txt"


def _last_prompt(engine: AnswerEngine) -> str:
    """The last answer prompt the scripted server received (through the engine's backend URL)."""
    return LAST_PROMPTS[engine.backend.url][-1]


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


def test_an_error_mid_stream_is_one_clear_error(engine_for) -> None:  # noqa: ANN001
    engine, _ = engine_for(
        Reply(text="Kim Jong Un menyambut Putin di bandara", error_after_chunks=2, error="model crashed")
    )
    with pytest.raises(BackendError) as err:
        engine.answer(ID_QUESTION)
    assert "model crashed" in str(err.value)


# --- the CLI ---------------------------------------------------------------------------------------


def test_ask_json_through_the_scripted_server(seeds_settings: Settings, serve, monkeypatch, capsys) -> None:  # noqa: ANN001
    srv, _ = serve(
        cited(
            "Kedatangan Putin disambut langsung oleh Kim Jong Un di Bandara Internasional Pyongyang [{a}].", a=AIRPORT
        )
    )
    monkeypatch.setenv("ASSISTANT_STORE_DIR", str(seeds_settings.store_dir))
    monkeypatch.setenv("ASSISTANT_OLLAMA_URL", srv.url)
    assert main(["ask", ID_QUESTION, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["backend"] == "ollama" and data["model"] == DEFAULT_MODEL and data["language"] == "id"
    assert data["citations"][0]["file"] == "000_f3b0780ee10127ff.txt"
    assert data["sentences"][0]["supported"] is True and data["sentences"][0]["citations"] == [1]
    assert data["answers_question"] is True and data["answer_check"] and data["sentences"][0]["reason"] == ""


def test_ask_falls_back_to_extractive_when_ollama_is_not_running(seeds_settings: Settings, monkeypatch, capsys) -> None:  # noqa: ANN001
    monkeypatch.setenv("ASSISTANT_STORE_DIR", str(seeds_settings.store_dir))
    monkeypatch.setenv("ASSISTANT_OLLAMA_URL", f"http://127.0.0.1:{_closed_port()}")
    assert main(["ask", ID_QUESTION]) == 0
    captured = capsys.readouterr()
    assert "Extractive answer" in captured.out and "Kim Jong Un" in captured.out
    assert "000_f3b0780ee10127ff.txt (BaperaNews" in captured.out
    assert "answering extractively" in captured.err and "ollama pull" in captured.err


def test_an_explicit_backend_that_is_down_fails_with_one_line(seeds_settings: Settings, monkeypatch, capsys) -> None:  # noqa: ANN001
    monkeypatch.setenv("ASSISTANT_STORE_DIR", str(seeds_settings.store_dir))
    monkeypatch.setenv("ASSISTANT_OLLAMA_URL", f"http://127.0.0.1:{_closed_port()}")
    assert main(["ask", "Siapa?", "--backend", "ollama"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: Ollama is not reachable") and "\n" not in err


def test_the_answer_model_judges_by_default_once_per_answer_and_can_veto(engine_for) -> None:  # noqa: ANN001
    reply = cited("Kim Jong Un menyambut Putin di Bandara Internasional Pyongyang [{a}].", a=AIRPORT)
    engine, script = engine_for(reply)
    answer = engine.answer(ID_QUESTION)  # no judge reply scripted: every verdict "yes"
    assert len(script.judge_prompts) == 1 and "1. Kim Jong Un menyambut Putin" in script.judge_prompts[0]
    assert not answer.refused and not answer.quoted and answer.sentences[0].supported

    engine, script = engine_for(reply)
    script.judge_replies = ['{"verdicts": ["no"]}']  # the judge vetoes the model's sentence
    answer = engine.answer(ID_QUESTION)
    assert answer.quoted and not answer.refused  # the article's own sentence is quoted instead, unjudged

    engine, script = engine_for(reply, judge="overlap")  # the claim checks alone: no judge call
    script.judge_replies = ['{"verdicts": ["no"]}']
    answer = engine.answer(ID_QUESTION)
    assert script.judge_prompts == [] and not answer.quoted and answer.sentences[0].supported


def test_a_streaming_query_streams_the_tokens_and_ends_with_the_checked_answer(engine_for) -> None:  # noqa: ANN001
    slow = cited(
        "Kim Jong Un menyambut Putin di Bandara Internasional Pyongyang [{a}].", delay_per_chunk=0.05, a=AIRPORT
    )
    engine, _ = engine_for(slow)
    engine.streaming = True
    response = engine.query(ID_QUESTION)
    tokens = list(response.response_gen)
    assert len(tokens) > 3 and "".join(tokens).startswith("Kim Jong Un menyambut")
    answer = response.metadata["answer"]
    assert answer.answers_question and response.source_nodes[0].node.metadata["file"] == "000_f3b0780ee10127ff.txt"


def test_the_chat_engine_follows_the_llamaindex_contract(engine_for) -> None:  # noqa: ANN001
    from llama_index.core.base.llms.types import ChatMessage, MessageRole

    reply = cited("Kim Jong Un menyambut Putin di Bandara Internasional Pyongyang [{a}].", a=AIRPORT)
    engine, _ = engine_for(reply, reply)
    chat = AnswerChatEngine(engine)
    streamed = chat.stream_chat(ID_QUESTION)
    assert "".join(streamed.response_gen).startswith("Kim Jong Un") and streamed.source_nodes
    assert [m.role for m in chat.chat_history] == [MessageRole.USER, MessageRole.ASSISTANT]
    history = [
        ChatMessage(role=MessageRole.USER, content="Siapa ajudan Putin?"),
        ChatMessage(role=MessageRole.ASSISTANT, content="Yury Ushakov."),
    ]
    response = chat.chat(ID_QUESTION, chat_history=history)
    assert "Kim Jong Un" in response.response and len(chat.chat_history) == 4
    chat.reset()
    assert chat.chat_history == []


def test_a_stock_llamaindex_retriever_evaluator_runs_against_the_engine(engine_for) -> None:  # noqa: ANN001
    import asyncio

    from llama_index.core.evaluation import RetrieverEvaluator
    from llama_index.core.retrievers import BaseRetriever
    from llama_index.core.schema import QueryBundle

    engine, _ = engine_for()

    class EngineRetriever(BaseRetriever):
        def _retrieve(self, query_bundle):  # noqa: ANN001, ANN202
            return engine.retrieve(query_bundle)

    gold = [n.node.node_id for n in engine.retrieve(QueryBundle(ID_QUESTION))[:1]]
    evaluator = RetrieverEvaluator.from_metric_names(["hit_rate", "mrr"], retriever=EngineRetriever())
    result = asyncio.run(evaluator.aevaluate(ID_QUESTION, expected_ids=gold))
    assert result.metric_vals_dict["hit_rate"] == 1.0 and result.metric_vals_dict["mrr"] == 1.0
