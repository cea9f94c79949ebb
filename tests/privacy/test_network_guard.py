"""The network guard itself: a connection beyond loopback fails and is logged, in the test process and in the
processes it starts; loopback is allowed. (Every other test runs under the guard: tests/conftest.py.)"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.testing.ollama_server import OllamaProtocolServer, ScriptedResponder

OUTSIDE = ("192.0.2.1", 80)  # TEST-NET-1: never routed


def test_a_connection_beyond_loopback_fails_and_is_logged(no_network: Path) -> None:
    with socket.socket() as sock, pytest.raises(ConnectionRefusedError, match="network guard"):
        sock.connect(OUTSIDE)
    with pytest.raises(OSError, match="network guard"):
        socket.getaddrinfo("huggingface.co", 443)
    logged = no_network.read_text(encoding="utf-8")
    assert "connection to 192.0.2.1:80" in logged and "name lookup of 'huggingface.co'" in logged
    no_network.write_text("")  # this test made them on purpose


def test_a_subprocess_is_guarded_too(no_network: Path) -> None:
    code = f"import socket; socket.create_connection({OUTSIDE!r}, timeout=1)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=os.environ.copy())
    assert done.returncode != 0 and "network guard" in done.stderr
    assert "192.0.2.1" in no_network.read_text(encoding="utf-8")  # the lookup of the literal address
    no_network.write_text("")


def test_loopback_is_allowed() -> None:
    with OllamaProtocolServer(ScriptedResponder(["ok"])) as server:
        import ollama

        assert ollama.Client(host=server.url).list() is not None
