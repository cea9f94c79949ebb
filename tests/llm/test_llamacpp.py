"""The llamacpp backend and the real-model Ollama-protocol server, on the small test GGUF."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from llama_index.core.llms import ChatMessage
from llama_index.llms.ollama import Ollama

from assistant.llms.base import BackendError
from assistant.llms.llamacpp import LlamaCppBackend, LlamaCppLLM
from assistant.testing.gguf import EXPECTED_SHA256, EXPECTED_SIZE, ensure_test_gguf
from assistant.testing.ollama_server import DEFAULT_MODEL, LlamaCppResponder, OllamaProtocolServer

YES_PROMPT = [ChatMessage(role="user", content="Reply with the single word: yes")]


@pytest.fixture(scope="module")
def gguf() -> Path:
    pytest.importorskip("llama_cpp", reason="llama-cpp-python is not installed: pip install -e '.[llamacpp]'")
    return ensure_test_gguf()


@pytest.fixture(scope="module")
def llm(gguf: Path) -> LlamaCppLLM:
    return LlamaCppLLM(model_path=str(gguf), temperature=0.0, max_tokens=8, context_window=2048)


@pytest.fixture(scope="module")
def server(gguf: Path) -> Iterator[OllamaProtocolServer]:
    with OllamaProtocolServer(LlamaCppResponder(gguf, n_ctx=2048), context_length=2048) as srv:
        yield srv


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(4 * 1024 * 1024):
            digest.update(block)
    return digest.hexdigest()


@pytest.mark.llm
def test_test_gguf_is_the_expected_file(gguf: Path) -> None:
    assert gguf.stat().st_size == EXPECTED_SIZE
    assert sha256_of(gguf) == EXPECTED_SHA256
    assert ensure_test_gguf() == gguf  # second call: verified by size and sidecar, no re-assembly


@pytest.mark.llm
def test_llamacpp_llm_chat_and_stream(llm: LlamaCppLLM) -> None:
    answer = llm.chat(YES_PROMPT).message.content or ""
    assert answer.strip()
    timings = llm.last_timings
    assert timings["prompt_tokens"] > 0 and 0 < timings["completion_tokens"] <= 8
    assert timings["prefill_seconds"] > 0 and timings["generation_seconds"] >= 0

    responses = list(llm.stream_chat(YES_PROMPT))
    assert "".join(r.delta or "" for r in responses) == responses[-1].message.content == answer  # temperature 0
    assert llm.metadata.is_chat_model and llm.metadata.model_name == Path(llm.model_path).name


@pytest.mark.llm
def test_llamacpp_responder_through_llama_index_ollama(server: OllamaProtocolServer) -> None:
    client = Ollama(
        model=DEFAULT_MODEL,
        base_url=server.url,
        temperature=0.0,
        request_timeout=120,
        additional_kwargs={"num_predict": 12, "seed": 1},
    )
    responses = list(client.stream_chat(YES_PROMPT))
    assert (responses[-1].message.content or "").strip()
    final = responses[-1].raw
    assert final is not None and final["done"] is True
    assert final["prompt_eval_count"] > 0 and 0 < final["eval_count"] <= 12
    assert final["prompt_eval_duration"] > 0 and final["eval_duration"] > 0
    assert client.metadata.context_window == 2048


@pytest.mark.llm
def test_cli_serves_the_test_model(gguf: Path) -> None:
    command = [sys.executable, "-m", "assistant.testing.ollama_server", "--gguf", "test", "--port", "0", "--quiet"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as process:
        try:
            assert process.stdout is not None
            line = process.stdout.readline().strip()
            assert line.startswith("listening on http://127.0.0.1:")
            url = line.removeprefix("listening on ")
            assert httpx.get(url + "/api/tags").json()["models"][0]["name"] == DEFAULT_MODEL
            reply = httpx.post(
                url + "/api/chat",
                json={
                    "model": DEFAULT_MODEL,
                    "messages": [{"role": "user", "content": "Say hi"}],
                    "stream": False,
                    "options": {"num_predict": 4, "temperature": 0},
                },
                timeout=120,
            ).json()
            assert reply["done"] and reply["message"]["content"] and reply["eval_count"] > 0
        finally:
            process.terminate()


def test_backend_check_needs_llama_cpp(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "llama_cpp", None)  # makes `import llama_cpp` fail
    with pytest.raises(BackendError, match=r"^llama-cpp-python is not installed: .*pip install -e '\.\[llamacpp\]'"):
        LlamaCppBackend(Path("model.gguf")).check()


def test_backend_check_explains_a_missing_model(tmp_path: Path) -> None:
    pytest.importorskip("llama_cpp", reason="llama-cpp-python is not installed: pip install -e '.[llamacpp]'")
    with pytest.raises(BackendError, match=r"^no GGUF model configured: set llamacpp_model_path"):
        LlamaCppBackend(None).check()
    missing = tmp_path / "absent.gguf"
    with pytest.raises(BackendError, match=r"^GGUF model not found: .*absent.gguf \(set llamacpp_model_path"):
        LlamaCppBackend(missing).check()
    present = tmp_path / "small.gguf"
    present.write_bytes(b"GGUF")
    backend = LlamaCppBackend(present, temperature=0.3, max_tokens=50, n_ctx=1024)
    llm = backend.llm()  # the model itself loads lazily, on the first answer
    assert (backend.name, backend.model) == ("llamacpp", "small.gguf")
    assert (llm.temperature, llm.max_tokens, llm.metadata.context_window) == (0.3, 50, 1024)
    assert backend.llm() is llm
