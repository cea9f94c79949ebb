"""Every call to Chroma has an overall deadline (chroma_timeout): a frozen Chroma server, or an embedded Chroma
that does not come back, ends the command in one line naming what stopped answering, instead of a wait
without end. Generous bounds: the deadline is 1 s, the tests allow many times that."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SEEDS


@pytest.fixture()
def frozen_server() -> Iterator[str]:
    """A "Chroma server" whose socket takes connections (the kernel's backlog) and never answers."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"


@pytest.mark.parametrize("command", [["search", "Putin"], ["ask", "Siapa ajudan Putin?"]])
def test_a_frozen_chroma_server_is_one_line_within_the_deadline(
    command: list[str], frozen_server: str, store_copy: Path, cli: Callable[..., tuple[int, str]]
) -> None:
    began = time.monotonic()
    code, out = cli(
        *command,
        store_dir=store_copy,
        seeds_dir=SEEDS,
        chroma_url=frozen_server,
        chroma_timeout=1,
        backend="extractive",
    )
    assert time.monotonic() - began < 60, "the deadline is 1 s"
    lines = out.strip().splitlines()
    assert code == 2 and len(lines) == 1, out
    assert lines[0].startswith(f"error: the Chroma server at {frozen_server} stopped answering (nothing within 1s)")
    assert "chroma_timeout" in lines[0]


def test_an_embedded_chroma_that_does_not_come_back_is_one_line(
    store_copy: Path, cli: Callable[..., tuple[int, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    from chromadb.api.models.Collection import Collection

    def stuck(self: Any, *args: Any, **kwargs: Any) -> Any:
        time.sleep(30)  # a Chroma held busy (by another process, a slow disk)

    monkeypatch.setattr(Collection, "query", stuck)
    began = time.monotonic()
    code, out = cli("search", "Putin", store_dir=store_copy, seeds_dir=SEEDS, chroma_timeout=1)
    assert time.monotonic() - began < 25, "the deadline is 1 s (the stuck call takes 30)"
    lines = out.strip().splitlines()
    assert code == 2 and len(lines) == 1, out
    assert lines[0].startswith(f"error: Chroma ({store_copy / 'chroma'}) stopped answering (nothing within 1s)")
