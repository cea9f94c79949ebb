"""The same ingest and search code against a real Chroma server (`chroma run`) on 127.0.0.1."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.ingest.sync import ingest
from assistant.retrieval import Searcher
from assistant.settings import load_settings
from tests.conftest import SEEDS


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    chroma = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")
    port = _free_port()
    data = tmp_path_factory.mktemp("chroma-server")
    proc = subprocess.Popen(
        [chroma, "run", "--path", str(data), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={"ANONYMIZED_TELEMETRY": "False", "PATH": "/usr/bin:/bin"},
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            if proc.poll() is not None:
                pytest.fail(f"chroma run exited with {proc.returncode}")
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("chroma run did not start listening within 60 s")
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=20)


@pytest.mark.chroma_server
def test_ingest_and_search_through_a_chroma_server(chroma_url: str, tmp_path: Path) -> None:
    settings = load_settings(store_dir=tmp_path / "store", seeds_dir=SEEDS, chroma_url=chroma_url)
    report = ingest(settings)
    assert len(report.added) == 5
    assert not (tmp_path / "store" / "chroma").exists()  # vectors went to the server, not under store/
    assert ingest(settings).summary().startswith("5 unchanged, 0 added, 0 updated, 0 removed; 0 chunks embedded")
    passages = Searcher(settings).search("Siapa ajudan Putin yang ikut dalam kunjungan?", 3)
    assert any("Ushakov" in p.text for p in passages)
    assert passages[0].scores.get("dense", 0) > 0


def test_an_unreachable_chroma_server_is_one_clear_error(tmp_path: Path) -> None:
    from assistant.store import StoreError

    settings = load_settings(
        store_dir=tmp_path / "store", seeds_dir=SEEDS, chroma_url=f"http://127.0.0.1:{_free_port()}"
    )
    with pytest.raises(StoreError) as err:
        ingest(settings)
    assert "chroma" in str(err.value).lower() and "\n" not in str(err.value)
