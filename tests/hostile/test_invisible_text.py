"""Invisible and look-alike characters: a bidi override, zero-width spaces, full-width letters and a ligature in
an article, and escape codes and a right-to-left override in a file name. Nothing the CLI prints carries them,
they do not change what is matched (no "Vladimir Pu" split off by a zero-width space, the same answer for a
question with one), and citation spans still point at the original characters of the file."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.citations.spans import normalize_space
from assistant.normalize import matching_text
from assistant.safe_text import BIDI_CONTROLS, ZERO_WIDTH
from assistant.settings import Settings, load_settings

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"
VARIANT = "zw_kabarcontoh.txt"
HOSTILE_NAME = "nama \x1b]0;HACKED\x07\u202etxt.berita.txt"
AIRPORT = "Siapa yang menyambut Putin di Bandara Internasional Pyongyang?"
AIDE = "Siapa ajudan Putin yang ikut dalam kunjungan?"


def variant_text() -> str:
    """Seed 000 from another outlet, with a zero-width space in every "Putin", full-width "Pyongyang", the
    ligature "ﬁ" for every "fi" and a right-to-left override inside the airport sentence."""
    text = (SEEDS / "000_f3b0780ee10127ff.txt").read_text(encoding="utf-8")
    for plain, hostile in (
        ("Putin", "Pu\u200btin"),
        ("BaperaNews -", "KabarContoh -"),
        ("Pyongyang", "Ｐｙｏｎｇｙａｎｇ"),
        ("fi", "ﬁ"),
        ("disambut langsung", "disambut\u202e langsung"),
    ):
        assert plain in text
        text = text.replace(plain, hostile)
    return text


def unsafe_characters(text: str) -> set[str]:
    """What must never reach a terminal: C0/C1 controls (newline and tab aside), bidi and zero-width characters."""
    return {
        ch
        for ch in text
        if (ord(ch) < 32 and ch not in "\n\t") or 0x7F <= ord(ch) <= 0x9F or ch in BIDI_CONTROLS + ZERO_WIDTH
    }


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("invisible") / "articles"
    folder.mkdir()
    for seed in sorted(SEEDS.glob("*.txt")):
        shutil.copy2(seed, folder)
    (folder / VARIANT).write_text(variant_text(), encoding="utf-8")
    shutil.copy2(SEEDS / "002_60ed03d616c78821.txt", folder / HOSTILE_NAME)
    return folder


@pytest.fixture(scope="module")
def env(folder: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    store = tmp_path_factory.mktemp("invisible-store")
    return {**os.environ, "ASSISTANT_STORE_DIR": str(store), "ASSISTANT_SEEDS_DIR": str(folder), "COLUMNS": "120"}


def run(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "assistant", *args], env=env, capture_output=True, timeout=600)
    assert done.returncode == 0, done.stderr.decode()
    return (done.stdout + done.stderr).decode("utf-8")


@pytest.fixture(scope="module")
def ingested(env: dict[str, str]) -> str:
    """The output of the first ingest (the "added" lines name every file)."""
    return run(env, "ingest")


@pytest.fixture(scope="module")
def settings(env: dict[str, str], ingested: str) -> Settings:
    return load_settings(store_dir=Path(env["ASSISTANT_STORE_DIR"]), seeds_dir=Path(env["ASSISTANT_SEEDS_DIR"]))


def test_ingest_names_the_hostile_file_without_its_control_characters(ingested: str) -> None:
    assert not unsafe_characters(ingested), ingested
    assert "added nama txt.berita.txt" in ingested
    assert "7 added" in ingested


@pytest.mark.parametrize(
    "args",
    [
        ("ask", AIRPORT, "--backend", "extractive"),
        ("search", "Kim Jong Un menyambut Putin di Bandara Internasional Pyongyang"),
        ("search", "Kim Jong Un menyambut Putin di Bandara Internasional Pyongyang", "--json"),
        ("articles",),
        ("articles", "--json"),
    ],
    ids=["ask", "search", "search-json", "articles", "articles-json"],
)
def test_no_invisible_or_control_character_reaches_the_terminal(
    env: dict[str, str], ingested: str, args: tuple[str, ...]
) -> None:
    out = run(env, *args)
    assert not unsafe_characters(out), sorted(map(hex, map(ord, unsafe_characters(out))))
    if args == ("articles", "--json"):  # the same data: escaped, not dropped
        files = [row["file"] for row in json.loads(out.splitlines()[-1])["articles"]]
        assert HOSTILE_NAME in files


def test_a_removed_file_is_named_without_its_control_characters(folder: Path, tmp_path: Path) -> None:
    from assistant.ingest.sync import ingest
    from assistant.progress import IngestLines

    articles = tmp_path / "articles"
    articles.mkdir()
    for name in (HOSTILE_NAME, "000_f3b0780ee10127ff.txt", "004_00032e31b8a57b46.txt"):
        shutil.copy2(folder / name, articles / name)
    settings = load_settings(store_dir=tmp_path / "store", seeds_dir=articles)
    ingest(settings)
    (articles / HOSTILE_NAME).unlink()
    out = io.StringIO()
    report = ingest(settings, progress=IngestLines(out))  # what `assistant ingest` prints, off a terminal
    assert report.removed == [HOSTILE_NAME]
    assert not unsafe_characters(out.getvalue()) and "removed nama txt.berita.txt" in out.getvalue()


@pytest.fixture(scope="module")
def engine(settings: Settings):  # noqa: ANN201
    from assistant.answering.build import build_engine
    from assistant.llms import make_backend

    extractive = settings.model_copy(update={"backend": "extractive"})
    return build_engine(extractive, backend=make_backend(extractive))


def test_a_zero_width_space_inside_a_name_splits_nothing_off(engine) -> None:  # noqa: ANN001
    for question in (AIRPORT, AIDE):
        answer = engine.answer(question)
        assert not answer.refused, answer.answer_check
        values = [side.value for d in answer.disagreements for side in d.sides]
        assert not [v for v in values if v == "Pu" or v.endswith(" Pu")], values
        assert not any(ch in p.text for p in answer.passages for ch in ZERO_WIDTH + BIDI_CONTROLS)
        assert "Ｐｙｏｎｇｙａｎｇ" not in " ".join(p.text for p in answer.passages)
    assert "Yury Ushakov" in engine.answer(AIDE).answer


def test_a_zero_width_space_in_a_question_does_not_change_its_answer(engine) -> None:  # noqa: ANN001
    for question in (AIDE, "Where did Putin stop on his way to Pyongyang?"):
        plain = engine.answer(question)
        hidden = engine.answer(question.replace("Putin", "Pu\u200btin").replace("Pyongyang", "Pyong\u200byang"))
        assert (hidden.refused, hidden.answer, hidden.answer_check) == (plain.refused, plain.answer, plain.answer_check)
        assert [c.span for c in hidden.citations] == [c.span for c in plain.citations]


def test_citation_spans_point_at_the_original_characters_of_the_file(engine, folder: Path) -> None:  # noqa: ANN001
    original = (folder / VARIANT).read_text(encoding="utf-8")
    cited = [c for q in (AIRPORT, AIDE) for c in engine.answer(q).citations if c.file == VARIANT]
    assert cited, "the variant article is cited"
    for citation in cited:
        assert citation.span is not None
        start, end = citation.span
        assert normalize_space(original[start:end]) == citation.quote
        assert normalize_space(matching_text(citation.quote)) in normalize_space(citation.passage.text)
    quotes = " ".join(c.quote for c in cited)
    assert "\u200b" in quotes  # the quote is the file's own text, invisible characters and all
