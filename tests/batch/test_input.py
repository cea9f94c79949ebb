"""Reading question files: JSONL, plain text and CSV, ids, pass-through fields and one-line errors."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from assistant.batch import InputError, detect_format, parse_questions, read_questions
from assistant.commands.batch import run_batch_cli
from assistant.settings import load_settings


def test_jsonl_keeps_ids_passes_fields_and_numbers_missing_ids_by_line() -> None:
    text = (
        '{"id": "a", "question": "Siapa   Kim?", "lang": "id", "facts": [["Kim"]]}\n'
        "\n"
        '{"question": "Who is Putin?", "answerable": true}\n'
        '{"id": 7, "question": "Kapan?"}\n'
    )
    items = parse_questions(text, "qs.jsonl")
    assert [(i.id, i.question, i.line) for i in items] == [
        ("a", "Siapa Kim?", 1),
        ("q0003", "Who is Putin?", 3),
        (7, "Kapan?", 4),
    ]
    assert items[0].extra == {"lang": "id", "facts": [["Kim"]]}
    assert items[1].extra == {"answerable": True}
    assert items[2].key == "7"


def test_plain_text_one_question_per_line_skipping_blanks_and_comments() -> None:
    items = parse_questions("# dev questions\nSiapa Kim?\n\n  Who is Putin?  \n", "qs.txt")
    assert [(i.id, i.question) for i in items] == [("q0002", "Siapa Kim?"), ("q0004", "Who is Putin?")]
    assert all(i.extra == {} for i in items)


def test_csv_question_column_any_case_with_ids_quotes_and_multiline_fields() -> None:
    text = 'ID,Question,topic\nx1,"Siapa Kim, sebenarnya?",politik\n,"Who is\nPutin?",news\n,Kapan?,\n'
    items = parse_questions(text, "qs.csv")
    assert [(i.id, i.question) for i in items] == [
        ("x1", "Siapa Kim, sebenarnya?"),
        ("q0003", "Who is Putin?"),
        ("q0005", "Kapan?"),
    ]
    assert items[0].extra == {"topic": "politik"}
    assert items[2].extra == {"topic": ""}


def test_tsv_and_sniffing_without_a_known_suffix() -> None:
    assert [i.question for i in parse_questions("question\tlang\nSiapa?\tid\n", "qs.tsv")] == ["Siapa?"]
    assert detect_format("qs.in", '{"question": "x"}\n') == "jsonl"
    assert detect_format("qs.in", "id,question\n1,x\n") == "csv"
    assert detect_format("qs.in", "Siapa yang datang, dan kapan?\n") == "text"
    assert [i.id for i in parse_questions("id,question\nk,Siapa?\n", "questions")] == ["k"]


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("q.jsonl", '{"question": "ok"}\n{"question": "broken"\n', "q.jsonl:2: not valid JSON"),
        (
            "q.jsonl",
            '{"question": "ok"}\n\n{"id": "b", "text": "Siapa?"}\n',
            'q.jsonl:3: no "question" field (fields: id, text)',
        ),
        ("q.jsonl", '{"question": ""}\n', "q.jsonl:1: the question is empty"),
        ("q.jsonl", '["Siapa?"]\n', "q.jsonl:1: expected a JSON object"),
        ("q.jsonl", '{"id": true, "question": "x"}\n', 'q.jsonl:1: "id" must be a string or an integer'),
        (
            "q.jsonl",
            '{"id": "a", "question": "x"}\n{"id": "a", "question": "y"}\n',
            'q.jsonl:2: duplicate id "a" (first on line 1)',
        ),
        ("q.csv", "id,text\n1,Siapa?\n", 'q.csv:1: no "question" column in the header row (columns: id, text)'),
        ("q.csv", "id,question\n1,Siapa?\n2,\n", "q.csv:3: the question is empty"),
        ("q.csv", "id,question\n1,Siapa?,extra\n", "q.csv:2: 3 fields but the header has 2"),
        ("q.txt", "\n# only a comment\n", "q.txt:1: no questions found"),
    ],
)
def test_bad_input_is_one_line_naming_file_and_line(name: str, text: str, expected: str) -> None:
    with pytest.raises(InputError) as info:
        parse_questions(text, name)
    message = str(info.value)
    assert message.startswith(expected), message
    assert "\n" not in message


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file not found"):
        read_questions(tmp_path / "missing.jsonl")
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Siapa?\nApa kabar, caf\xe9?\n".encode("latin-1"))
    with pytest.raises(InputError, match=r"latin.txt:2: not UTF-8 text"):
        read_questions(latin)
    bom = tmp_path / "bom.csv"
    bom.write_bytes("\ufeffquestion\nSiapa?\n".encode())
    assert [i.question for i in read_questions(bom)] == ["Siapa?"]


def test_cli_bad_input_exits_2_and_leaves_output_alone(tmp_path: Path) -> None:
    source = tmp_path / "qs.jsonl"
    source.write_text('{"question": "ok"}\n{"q": "no question field"}\n', encoding="utf-8")
    output = tmp_path / "out.jsonl"
    output.write_text('{"id": "old"}\n', encoding="utf-8")
    err = io.StringIO()
    # The input is checked before anything else: no index or backend is needed to reject it.
    settings = load_settings(store_dir=tmp_path / "no-store", backend="extractive")
    code = run_batch_cli(settings, source, output, err=err)
    assert code == 2
    assert err.getvalue().strip().splitlines() == [
        f'error: {source}:2: no "question" field (fields: q): add "question": "..." to the line'
    ]
    assert output.read_text(encoding="utf-8") == '{"id": "old"}\n'
    missing = tmp_path / "new.jsonl"
    assert run_batch_cli(settings, source, missing, err=io.StringIO()) == 2
    assert not missing.exists()
    assert run_batch_cli(settings, source, source, err=io.StringIO()) == 2
    assert run_batch_cli(settings, source, tmp_path / "x.jsonl", concurrency=0, err=io.StringIO()) == 2
