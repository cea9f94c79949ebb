"""An article full of terminal control codes: nothing the CLI prints, nor a Markdown export, carries them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.settings import load_settings

REPO = Path(__file__).resolve().parents[2]
ARTICLE = REPO / "tests" / "fixtures" / "hostile" / "escape_codes.txt"
QUESTION = "Siapa yang menyambut Putin di bandara internasional Pyongyang?"
CONTROL = [b"\x1b", b"\x07", b"\r", b"\x9b"]


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    from assistant.ingest.sync import ingest

    folder = tmp_path_factory.mktemp("escape") / "articles"
    folder.mkdir()
    shutil.copy2(ARTICLE, folder / ARTICLE.name)
    shutil.copy2(REPO / "seeds" / "000_f3b0780ee10127ff.txt", folder)
    store = tmp_path_factory.mktemp("escape-store")
    ingest(load_settings(store_dir=store, seeds_dir=folder))
    return {**os.environ, "ASSISTANT_STORE_DIR": str(store), "ASSISTANT_SEEDS_DIR": str(folder), "COLUMNS": "120"}


def run(env: dict[str, str], *args: str) -> bytes:
    done = subprocess.run([sys.executable, "-m", "assistant", *args], env=env, capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout + done.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("ask", QUESTION, "--backend", "extractive"),
        ("search", "Kim Jong Un menyambut Putin karpet merah limusin"),
        ("articles",),
        ("ingest",),
    ],
    ids=["ask", "search", "articles", "ingest"],
)
def test_no_control_byte_reaches_the_terminal(env: dict[str, str], args: tuple[str, ...]) -> None:
    out = run(env, *args)
    for byte in CONTROL:
        assert byte not in out, f"{byte!r} in the output of {args}: {out[:400]!r}"
    assert b"[31m" not in out and b"]0;HACKED" not in out and b"[2J" not in out


def test_the_quoted_answer_comes_from_the_escaped_article(env: dict[str, str]) -> None:
    """The test above is not empty: the answer does quote the article that holds the codes."""
    out = run(env, "ask", QUESTION, "--backend", "extractive").decode()
    assert ARTICLE.name in out and "menyambut" in out


def test_a_markdown_export_carries_no_control_character(env: dict[str, str]) -> None:
    from assistant.answering.build import build_engine
    from assistant.llms import make_backend
    from assistant.render import exchange_markdown

    settings = load_settings(store_dir=Path(env["ASSISTANT_STORE_DIR"]), backend="extractive")
    answer = build_engine(settings, backend=make_backend(settings)).answer(QUESTION)
    assert any(c.file == ARTICLE.name for c in answer.citations)
    text = "\n".join(exchange_markdown(QUESTION, answer))
    assert not any(ord(ch) < 32 and ch not in "\n\t" for ch in text)
    assert "[31m" not in text and "HACKED" not in text
