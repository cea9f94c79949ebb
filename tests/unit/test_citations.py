"""Sentence splitting, citation-marker parsing and normalization, renumbering, quotes."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.citations import (
    ParsedSentence,
    format_answer,
    format_sentence,
    make_quote,
    parse_answer,
    parse_markers,
    renumber,
    split_sentences,
    strip_markers,
)

SEEDS = Path(__file__).resolve().parent.parent.parent / "seeds"

# --- split_sentences ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kim greeted him. Putin arrived.", ["Kim greeted him.", "Putin arrived."]),
        ("Kim greeted him. [1] Putin arrived.", ["Kim greeted him. [1]", "Putin arrived."]),
        ("Kim greeted him.[1][2] Putin arrived [3].", ["Kim greeted him.[1][2]", "Putin arrived [3]."]),
        ("Kim greeted him.[1]Putin arrived.", ["Kim greeted him.[1]", "Putin arrived."]),
        ("Dr. Kim met St. John at Jl. Sudirman No. 5.", ["Dr. Kim met St. John at Jl. Sudirman No. 5."]),
        ("The U.S. officials came. They left.", ["The U.S. officials came.", "They left."]),
        ("The U.S. President spoke. He left.", ["The U.S. President spoke.", "He left."]),
        ("It happened in the U.S. The next day he left.", ["It happened in the U.S.", "The next day he left."]),
        ("Pejabat AS. Kremlin menolak.", ["Pejabat AS.", "Kremlin menolak."]),
        ("Inflasi 3.5 persen. Harga naik.", ["Inflasi 3.5 persen.", "Harga naik."]),
        ("Dikutip Selasa (18/6). Pukul 19.00 dia tiba.", ["Dikutip Selasa (18/6).", "Pukul 19.00 dia tiba."]),
        ("It was 2019. Then 2020 came.", ["It was 2019.", "Then 2020 came."]),
        ("John F. Kennedy visited.", ["John F. Kennedy visited."]),
        ('Kirby said, "We worry." [1] Then he left.', ['Kirby said, "We worry." [1]', "Then he left."]),
        ("“Kami khawatir,” kata Kirby. “Sangat khawatir.”", ["“Kami khawatir,” kata Kirby.", "“Sangat khawatir.”"]),
        ('"Why?" he asked.', ['"Why?" he asked.']),
        ("Rusia… dan Korea. Wow!", ["Rusia… dan Korea.", "Wow!"]),
        ("Is it true? Yes!", ["Is it true?", "Yes!"]),
        ("etc. and so on", ["etc. and so on"]),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_split_list_items_and_newlines() -> None:
    text = (
        "Here is what the articles say:\n"
        "- Kim greeted Putin [1]\n"
        "* Putin thanked Kim [2]\n"
        "• They signed a treaty\n"
        "1. One numbered item.\n"
        "2) Another item [3]\n"
        "\n"
        "**Answer:** Done."
    )
    assert split_sentences(text) == [
        "Here is what the articles say:",
        "Kim greeted Putin [1]",
        "Putin thanked Kim [2]",
        "They signed a treaty",
        "One numbered item.",
        "Another item [3]",
        "Answer: Done.",
    ]


def test_wrapped_lines_join_and_marker_lines_attach() -> None:
    assert split_sentences("Putin arrived on Wednesday\nmorning and was greeted [1].") == [
        "Putin arrived on Wednesday morning and was greeted [1]."
    ]
    assert split_sentences("Kim greeted Putin at the airport.\n[1][2]\nHe left.") == [
        "Kim greeted Putin at the airport. [1][2]",
        "He left.",
    ]
    assert split_sentences("Kim greeted Putin.\nSources: [1], [2]") == ["Kim greeted Putin. Sources: [1], [2]"]
    assert split_sentences("[1] Kim greeted Putin.") == ["[1] Kim greeted Putin."]
    assert split_sentences("Line one\nLine two") == ["Line one", "Line two"]
    assert split_sentences("") == [] and split_sentences("  \n ") == []


def test_split_a_real_article() -> None:
    sents = split_sentences((SEEDS / "004_00032e31b8a57b46.txt").read_text(encoding="utf-8"))
    assert "Putin dan Kim terakhir bertemu di Rusia timur pada September 2023." in sents
    assert "Insiden serupa terjadi pada 9 Juni." in sents
    assert all(len(s) < 400 for s in sents) and len(sents) == 28


# --- parse_markers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "text", "markers"),
    [
        ("Kim greeted him [1].", "Kim greeted him.", [1]),
        ("Kim greeted him [1][2].", "Kim greeted him.", [1, 2]),
        ("Kim greeted him [2][1].", "Kim greeted him.", [2, 1]),
        ("Kim greeted him [1, 2].", "Kim greeted him.", [1, 2]),
        ("Kim greeted him [1,2].", "Kim greeted him.", [1, 2]),
        ("Kim greeted him [1-3].", "Kim greeted him.", [1, 2, 3]),
        ("Kim greeted him [1–3].", "Kim greeted him.", [1, 2, 3]),
        ("Kim greeted him (1).", "Kim greeted him.", [1]),
        ("Kim greeted him (1, 2).", "Kim greeted him.", [1, 2]),
        ("Kim greeted him (Source 1).", "Kim greeted him.", [1]),
        ("Kim greeted him, Sources 1 and 2.", "Kim greeted him.", [1, 2]),
        ("Kim greeted him, Source 1.", "Kim greeted him.", [1]),
        ("Kim greeted him. Source: 2", "Kim greeted him.", [2]),
        ("Kim greeted him [Source 1].", "Kim greeted him.", [1]),
        ("Kim greeted him [SOURCE 2].", "Kim greeted him.", [2]),
        ("Kim greeted him (Sumber 2).", "Kim greeted him.", [2]),
        ("Kim greeted him [Passage 3].", "Kim greeted him.", [3]),
        ("Passage 3: Kim greeted him.", "Kim greeted him.", [3]),
        ("Kim greeted him 【1】.", "Kim greeted him.", [1]),
        ("Kim greeted him[^1].", "Kim greeted him.", [1]),
        ("Kim greeted him ^[1].", "Kim greeted him.", [1]),
        ("Kim greeted him. [1]", "Kim greeted him.", [1]),
        ("Kim greeted him.[1][2]", "Kim greeted him.", [1, 2]),
        ("Kim [1], Putin [2] met.", "Kim, Putin met.", [1, 2]),
        ("Kim greeted him [1][1][2].", "Kim greeted him.", [1, 2]),
        ("According to [2], the visit was long.", "The visit was long.", [2]),
        ("Kim greeted Putin, according to [1].", "Kim greeted Putin.", [1]),
        ("Menurut sumber 2, Kim menyambut Putin.", "Kim menyambut Putin.", [2]),
    ],
)
def test_parse_marker_styles(sentence: str, text: str, markers: list[int]) -> None:
    assert parse_markers(sentence, 4) == ParsedSentence(text=text, markers=markers, dropped=[])


def test_years_dates_and_numbers_are_not_markers() -> None:
    p = parse_markers("In (2018) the pact [2019] ended on (19/6) at 19.00 with 3.5 (3) percent [1.5].", 4)
    assert p.markers == [3] and p.dropped == []
    assert p.text == "In (2018) the pact [2019] ended on (19/6) at 19.00 with 3.5 percent [1.5]."
    p = parse_markers("Kim (7) met Putin in [2018-2019].", 4)
    assert p.text == "Kim (7) met Putin in [2018-2019]." and p.markers == [] and p.dropped == []


def test_bare_parenthesised_numbers_need_a_small_valid_number() -> None:
    assert parse_markers("Kim (2).", 4).markers == [2]
    assert parse_markers("Kim (5).", 4) == ParsedSentence("Kim (5).", [], [])
    assert parse_markers("Kim (1, 9).", 4) == ParsedSentence("Kim (1, 9).", [], [])
    assert parse_markers("Kim (51).", 60) == ParsedSentence("Kim (51).", [], [])  # only up to 50
    assert parse_markers("Kim [51].", 60).markers == [51]  # brackets are explicit


def test_out_of_range_bracket_markers_are_dropped() -> None:
    assert parse_markers("Kim met Putin [9].", 4) == ParsedSentence("Kim met Putin.", [], ["[9]"])
    assert parse_markers("Kim met Putin [1, 9].", 4) == ParsedSentence("Kim met Putin.", [1], ["[1, 9]"])
    assert parse_markers("Kim met Putin [0].", 4) == ParsedSentence("Kim met Putin.", [], ["[0]"])
    assert parse_markers("Kim met Putin [3-1].", 4) == ParsedSentence("Kim met Putin.", [], ["[3-1]"])
    assert parse_markers("Kim met Putin (Source 7).", 4) == ParsedSentence("Kim met Putin.", [], ["(Source 7)"])
    assert parse_markers("Kim met Putin [2][9].", 2) == ParsedSentence("Kim met Putin.", [2], ["[9]"])


def test_sentence_without_markers_is_unchanged() -> None:
    assert parse_markers("  Kim met Putin in 2019.  ", 4) == ParsedSentence("Kim met Putin in 2019.", [], [])
    assert parse_markers("The [Kemitraan] mesin.", 4).text == "The [Kemitraan] mesin."
    assert parse_markers("The Source of the problem.", 4).markers == []


def test_parse_answer() -> None:
    answer = "Kim Jong Un greeted Putin at the airport [1]. The visit lasted two days.[2][3] It cost $5 [7]."
    parsed = parse_answer(answer, 4)
    assert [p.text for p in parsed] == [
        "Kim Jong Un greeted Putin at the airport.",
        "The visit lasted two days.",
        "It cost $5.",
    ]
    assert [p.markers for p in parsed] == [[1], [2, 3], []]
    assert parsed[2].dropped == ["[7]"]
    listed = parse_answer("Here is what I found:\n- Kim greeted Putin [1]\n- They hugged [2]", 2)
    assert [(p.text, p.markers) for p in listed] == [
        ("Here is what I found:", []),
        ("Kim greeted Putin", [1]),
        ("They hugged", [2]),
    ]


def test_strip_markers() -> None:
    assert strip_markers("Kim greeted him [1][2]. Putin came (Source 3).") == "Kim greeted him. Putin came."
    assert strip_markers("Kim (3) came [2019].") == "Kim (3) came [2019]."  # bare (N) kept without n
    assert strip_markers("Kim (3) came [9].", 4) == "Kim came."
    assert strip_markers("No markers here.") == "No markers here."


# --- renumbering and rendering ----------------------------------------------------------------------


def test_renumber_in_order_of_first_use() -> None:
    assert renumber([[3], [1, 3], [], [4, 1]]) == {3: 1, 1: 2, 4: 3}
    assert renumber([]) == {}


def test_format_sentence_style() -> None:
    assert format_sentence("Kim Jong Un greeted Putin at the airport.", [1]) == (
        "Kim Jong Un greeted Putin at the airport [1]."
    )
    assert format_sentence("Did they meet?", [2, 1, 2]) == "Did they meet [1][2]?"
    assert format_sentence("No final stop", [2]) == "No final stop [2]"
    assert format_sentence('Kirby said, "We are worried."', [1]) == 'Kirby said, "We are worried." [1]'
    assert format_sentence("No citation.", []) == "No citation."


def test_format_answer_round_trips_through_the_parser() -> None:
    sentences = [("Kim greeted Putin.", [2]), ("They signed a pact.", [1, 3]), ("Filler.", [])]
    text = format_answer(sentences)
    assert text == "Kim greeted Putin [2]. They signed a pact [1][3]. Filler."
    assert [(p.text, p.markers) for p in parse_answer(text, 3)] == [(t, sorted(m)) for t, m in sentences]


# --- quotes -----------------------------------------------------------------------------------------

PASSAGE = (
    "Putin tiba di Korea Utara untuk pertama kalinya dalam 24 tahun. "
    "Kedatangan Putin disambut langsung oleh Kim Jong Un di Bandara Internasional Pyongyang. "
    "Yury Ushakov mengatakan kunjungan ini berlangsung selama dua hari."
)


def test_make_quote_picks_the_best_overlapping_sentence() -> None:
    quote = make_quote(PASSAGE, "Kim Jong Un menyambut Putin di bandara Pyongyang [1].")
    assert quote == "Kedatangan Putin disambut langsung oleh Kim Jong Un di Bandara Internasional Pyongyang."
    assert make_quote(PASSAGE, "It was the first visit in 24 years.").startswith("Putin tiba di Korea Utara")


def test_make_quote_extends_to_a_neighbour_that_adds_overlap() -> None:
    quote = make_quote(PASSAGE, "Kim Jong Un menyambut Putin di bandara; kunjungan berlangsung dua hari.", 300)
    assert quote == PASSAGE.split(". ", 1)[1]


def test_make_quote_trims_at_word_boundaries_around_the_overlap() -> None:
    long = (
        "Sementara itu, John Nilsson-Wright, kepala program Jepang dan Korea di Pusat Geopolitik "
        "Universitas Cambridge, melihat langkah Putin ini sebagai upaya memperkuat hubungan dengan sekutu "
        "lamanya di tengah tantangan global yang dihadapi oleh Rusia dan Korea Utara saat ini."
    )
    quote = make_quote(long, "Putin wants to strengthen ties with old allies (sekutu lamanya).", max_chars=80)
    assert len(quote) <= 80 and "sekutu" in quote and quote.startswith("…")
    assert quote.strip("…") in long  # checkable: a verbatim piece of the passage
    head = make_quote(long, "nothing shared", max_chars=40)
    assert len(head) <= 40 and head.endswith("…") and long.startswith(head[:-1])


def test_make_quote_edge_cases() -> None:
    assert make_quote("", "anything") == ""
    assert make_quote("Pendek.", "anything") == "Pendek."
    assert make_quote("Supercalifragilisticexpialidocious", "x", max_chars=10) == "Supercali…"
