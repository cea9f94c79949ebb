"""Canonical answer values and conflicts: durations, numbers, times and names, Indonesian and English."""

from __future__ import annotations

import itertools

import pytest

from assistant.answering.conflicts import conflict, distinct_values
from assistant.answering.question import AnswerType
from assistant.answering.values import Value, canonical

D, N, T = AnswerType.DURATION, AnswerType.NUMBER, AnswerType.TIME
P, L, ORG = AnswerType.PERSON, AnswerType.PLACE, AnswerType.ORGANISATION


def value(text: str, kind: AnswerType) -> Value:
    got = canonical(text, kind)
    assert got is not None, text
    return got


# --- durations -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("dua hari", "P2D"),
        ("2 hari", "P2D"),
        ("two days", "P2D"),
        ("selama dua hari", "P2D"),
        ("for two days", "P2D"),
        ("tiga hari", "P3D"),
        ("48 jam", "PT48H"),
        ("five hours", "PT5H"),
        ("24 tahun terakhir", "P24Y"),
        ("dalam 24 tahun", "P24Y"),
        ("setengah hari", "P0.5D"),
        ("half an hour", "PT0.5H"),
        ("an hour", "PT1H"),
        ("a day", "P1D"),
        ("sehari", "P1D"),
        ("seminggu", "P1W"),
        ("dua pekan", "P2W"),
        ("two weeks", "P2W"),
        ("tiga bulan", "P3M"),
        ("30 menit", "PT30M"),
        ("dua dekade", "P20Y"),
        ("satu abad", "P100Y"),
        ("satu setengah tahun", "P1.5Y"),
        ("1,5 jam", "PT1.5H"),
        ("dua puluh empat jam", "PT24H"),
    ],
)
def test_duration_keys(text: str, key: str) -> None:
    got = value(text, D)
    assert (got.kind, got.key, got.display, got.exact) == (D, key, text, True)


@pytest.mark.parametrize(
    "text",
    ["beberapa hari", "several days", "a few hours", "berhari-hari", "bertahun-tahun", "many years", "puluhan tahun"],
)
def test_vague_durations_never_conflict(text: str) -> None:
    vague = value(text, D)
    assert not vague.exact and vague.amount is None and "?" in vague.key
    for other in ["dua hari", "tiga jam", "24 tahun", "beberapa minggu"]:
        assert not conflict(vague, value(other, D)) and not conflict(value(other, D), vague)


@pytest.mark.parametrize(
    "text", ["sekitar dua jam", "lebih dari 24 jam", "about three days", "2-3 hari", "dua hingga tiga hari"]
)
def test_approximate_durations_are_not_exact(text: str) -> None:
    approx = value(text, D)
    assert not approx.exact
    assert not conflict(approx, value("sepuluh hari", D))


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("dua hari", "2 hari", False),
        ("dua hari", "two days", False),
        ("dua hari", "48 jam", False),
        ("sehari", "24 jam", False),
        ("seminggu", "tujuh hari", False),
        ("12 bulan", "setahun", False),
        ("1 tahun", "365 hari", False),
        ("satu bulan", "30 hari", False),
        ("half an hour", "30 menit", False),
        ("satu dekade", "10 tahun", False),
        ("dua hari", "tiga hari", True),
        ("two days", "three days", True),
        ("dua hari", "36 jam", True),
        ("24 tahun", "25 tahun", True),
        ("satu bulan", "dua minggu", True),
        ("setahun", "100 hari", True),
    ],
)
def test_duration_conflicts(a: str, b: str, expected: bool) -> None:
    assert conflict(value(a, D), value(b, D)) is expected
    assert conflict(value(b, D), value(a, D)) is expected


# --- numbers ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key", "amount"),
    [
        ("24", "24", 24),
        ("1.000", "1000", 1000),  # Indonesian thousands separator
        ("1,000", "1000", 1000),  # English thousands separator: three digits after one separator group thousands
        ("1.000.000", "1000000", 1_000_000),
        ("1,000,000", "1000000", 1_000_000),
        ("1,5", "1.5", 1.5),  # Indonesian decimal comma
        ("1.5", "1.5", 1.5),  # English decimal point
        ("1.000,5", "1000.5", 1000.5),
        ("1,000.5", "1000.5", 1000.5),
        ("0,250", "0.25", 0.25),
        ("1,5 juta", "1500000", 1_500_000),
        ("2 million", "2000000", 2_000_000),
        ("tiga miliar", "3000000000", 3e9),
        ("5 ribu", "5000", 5000),
        ("seribu", "1000", 1000),
        ("half a million", "500000", 500_000),
        ("setengah juta", "500000", 500_000),
        ("dua", "2", 2),
        ("lima", "5", 5),
        ("twelve", "12", 12),
        ("dua puluh empat", "24", 24),
        ("dua belas", "12", 12),
        ("seratus dua puluh", "120", 120),
        ("tiga ratus lima puluh", "350", 350),
        ("twenty-four", "24", 24),
        ("three hundred", "300", 300),
        ("one hundred and twenty", "120", 120),
        ("two thousand five hundred", "2500", 2500),
        ("two dozen", "24", 24),
        ("24 persen", "24%", 24),
        ("24%", "24%", 24),
        ("24 orang", "24", 24),
        ("satu-satunya", "1", 1),
        ("the only", "1", 1),
    ],
)
def test_number_keys(text: str, key: str, amount: float) -> None:
    got = value(text, N)
    assert (got.key, got.amount, got.exact) == (key, amount, True)


@pytest.mark.parametrize(
    "text",
    ["beberapa", "several", "ribuan", "thousands", "sekitar 1.000", "lebih dari 20", "about 30", "2-3", "hampir 50"],
)
def test_vague_and_approximate_numbers_never_conflict(text: str) -> None:
    vague = value(text, N)
    assert not vague.exact
    assert not conflict(vague, value("7", N)) and not conflict(value("7", N), vague)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("24", "dua puluh empat", False),
        ("1.000", "1,000", False),
        ("1.000", "seribu", False),
        ("1,5 juta", "1.500.000", False),
        ("1.5 million", "1,5 juta", False),
        ("dua", "two", False),
        ("24 persen", "24%", False),
        ("24", "25", True),
        ("dua", "tiga", True),
        ("1.000", "1,5", True),
        ("24 persen", "30%", True),
        ("24 persen", "24", False),  # a percentage and a count are not compared
    ],
)
def test_number_conflicts(a: str, b: str, expected: bool) -> None:
    assert conflict(value(a, N), value(b, N)) is expected
    assert conflict(value(b, N), value(a, N)) is expected


# --- times -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "parts", "key"),
    [
        ("Rabu (19/6) pukul 3 pagi", (2, 19, 6, None, 180, "morning"), "--06-19 wed 03:00"),
        ("Selasa (18/6) malam sekitar pukul 21.00", (1, 18, 6, None, 1260, "night"), "--06-18 tue 21:00"),
        ("sebelum fajar pada Rabu pagi", (2, None, None, None, None, "dawn"), "wed dawn"),
        ("diperkirakan tiba Selasa malam", (1, None, None, None, None, "night"), "tue night"),
        ("Rabu pagi", (2, None, None, None, None, "morning"), "wed morning"),
        ("19/6", (None, 19, 6, None, None, None), "--06-19"),
        ("(19/6)", (None, 19, 6, None, None, None), "--06-19"),
        ("19/6/2024", (None, 19, 6, 2024, None, None), "2024-06-19"),
        ("Rabu (19/6/2024)", (2, 19, 6, 2024, None, None), "2024-06-19 wed"),
        ("19 Juni", (None, 19, 6, None, None, None), "--06-19"),
        ("19 Juni 2024", (None, 19, 6, 2024, None, None), "2024-06-19"),
        ("June 19", (None, 19, 6, None, None, None), "--06-19"),
        ("June 19, 2024", (None, 19, 6, 2024, None, None), "2024-06-19"),
        ("Juni 2024", (None, None, 6, 2024, None, None), "2024-06"),
        ("Februari 2022", (None, None, 2, 2022, None, None), "2022-02"),
        ("2018", (None, None, None, 2018, None, None), "2018"),
        ("pukul 3 pagi", (None, None, None, None, 180, "morning"), "03:00"),
        ("pukul 21.00", (None, None, None, None, 1260, None), "21:00"),
        ("pukul 21.00 waktu setempat", (None, None, None, None, 1260, None), "21:00"),
        ("21:00 WIB", (None, None, None, None, 1260, None), "21:00"),
        ("3 a.m.", (None, None, None, None, 180, None), "03:00"),
        ("9 pm", (None, None, None, None, 1260, None), "21:00"),
        ("pukul 8 malam", (None, None, None, None, 1200, "night"), "20:00"),
        ("pukul 2 malam", (None, None, None, None, 120, "night"), "02:00"),
        ("pukul 2 siang", (None, None, None, None, 840, "midday"), "14:00"),
        ("pukul 4 sore", (None, None, None, None, 960, "afternoon"), "16:00"),
        ("tengah malam", (None, None, None, None, None, "midnight"), "midnight"),
        ("before dawn on Wednesday", (2, None, None, None, None, "dawn"), "wed dawn"),
        ("Tuesday night", (1, None, None, None, None, "night"), "tue night"),
        ("Minggu (23/6)", (6, 23, 6, None, None, None), "--06-23 sun"),
        ("Jumat", (4, None, None, None, None, None), "fri"),
    ],
)
def test_time_parts(text: str, parts: tuple[object, ...], key: str) -> None:
    got = value(text, T)
    assert (got.weekday, got.day, got.month, got.year, got.clock, got.part) == parts
    assert got.key == key and got.display == text


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("Selasa malam pukul 21.00", "Rabu pukul 3 pagi", True),  # weekday differs
        ("Selasa (18/6) malam sekitar pukul 21.00", "Rabu (19/6) pukul 3 pagi", True),  # fixture 006 vs seed 003
        ("Selasa (18/6) malam sekitar pukul 21.00", "sebelum fajar pada Rabu pagi", True),  # fixture 006 vs 004
        ("diperkirakan tiba Selasa malam", "sebelum fajar pada Rabu pagi", True),
        ("Tuesday night", "before dawn on Wednesday", True),
        ("Rabu pagi", "Rabu (19/6) pukul 3 pagi", False),
        ("Rabu (19/6) pukul 3 pagi", "sebelum fajar pada Rabu pagi", False),  # seeds 003 and 004 agree
        ("diperkirakan tiba Selasa malam", "Selasa (18/6) malam sekitar pukul 21.00", False),
        ("3 a.m.", "sebelum fajar", False),
        ("3 a.m.", "pagi", False),  # within PART_SLACK of the morning
        ("3 a.m. Wednesday", "Rabu (19/6) pukul 3 pagi", False),
        ("pukul 21.00", "pukul 22.15", False),  # within 90 minutes
        ("pukul 21.00", "pukul 23.00", True),
        ("pukul 23.30", "pukul 00.30", False),  # across midnight
        ("pukul 3 pagi", "malam", True),
        ("pukul 21.00", "malam", False),
        ("pukul 8 malam", "Selasa pagi", True),
        ("pagi", "malam", True),
        ("sore", "malam", False),
        ("tengah malam", "pukul 23.30", False),
        ("tengah malam", "pukul 3 pagi", True),
        ("19/6", "19 Juni", False),
        ("19/6", "June 19, 2024", False),
        ("19/6", "18/6", True),
        ("Juni 2024", "19/6/2024", False),
        ("Juni 2024", "Juli 2024", True),
        ("2018", "2019", True),
        ("2018", "Rabu", False),  # nothing comparable
        ("2024", "pukul 3 pagi", False),
        ("Rabu", "19/6/2024", False),  # 19 June 2024 was a Wednesday
        ("Selasa", "19/6/2024", True),
        ("Rabu", "Wednesday", False),
        ("Rabu", "Kamis", True),
    ],
)
def test_time_conflicts(a: str, b: str, expected: bool) -> None:
    assert conflict(value(a, T), value(b, T)) is expected
    assert conflict(value(b, T), value(a, T)) is expected


# --- names -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "key"),
    [
        ("Kim Jong Un", P, "kim jong un"),
        ("Kim Jong-un", P, "kim jong un"),
        ("Menteri Luar Negeri Sergey Lavrov", P, "sergey lavrov"),
        ("Presiden Vladimir Putin", P, "vladimir putin"),
        ("Dr. John Nilsson-Wright", P, "john nilsson wright"),
        ("  Yury   Ushakov ", P, "yury ushakov"),
        ("Korut", L, "korea utara"),
        ("Pyongyang's International Airport", L, "pyongyang international airport"),
        ("Kantor Berita KCNA", ORG, "kantor berita kcna"),
        ("Moskwa", L, "moskow"),
        ("Zürich", L, "zurich"),
    ],
)
def test_name_keys(text: str, kind: AnswerType, key: str) -> None:
    got = value(text, kind)
    assert (got.kind, got.key, got.display) == (kind, key, " ".join(text.split()))


@pytest.mark.parametrize(
    ("a", "b", "kind", "expected"),
    [
        ("Kim", "Kim Jong Un", P, False),
        ("Lavrov", "Sergey Lavrov", P, False),
        ("Menteri Luar Negeri Sergey Lavrov", "Sergei Lavrov", P, False),
        ("Sergei Lavrov", "Sergey Lavrov", P, False),
        ("Shoigu", "Shoygu", P, False),
        ("Yuri Ushakov", "Yury Ushakov", P, False),
        ("Kim Jong-un", "Kim Jong Un", P, False),
        ("Putin", "Presiden Rusia Vladimir Putin", P, False),
        ("Kim Jong Il", "Kim Jong Un", P, True),
        ("Putin", "Kim Jong Un", P, True),
        ("Andrei Belousov", "Sergey Lavrov", P, True),
        ("Pyongyang", "Bandara Internasional Pyongyang", L, False),
        ("Bandara Internasional Pyongyang", "Pyongyang International Airport", L, False),
        ("Korea Utara", "North Korea", L, False),
        ("Korut", "Korea Utara", L, False),
        ("Moskow", "Moscow", L, False),
        ("Pyongyang", "Moskow", L, True),
        ("Korea Utara", "Korea Selatan", L, True),
        ("Vietnam", "Yakutsk", L, True),
        ("KCNA", "Kantor Berita Korut KCNA", ORG, False),
        ("KCNA", "TASS", ORG, True),
    ],
)
def test_name_conflicts(a: str, b: str, kind: AnswerType, expected: bool) -> None:
    assert conflict(value(a, kind), value(b, kind)) is expected
    assert conflict(value(b, kind), value(a, kind)) is expected


# --- what cannot be read, kinds, symmetry, grouping --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Putin", N),
        ("", N),
        ("Putin", D),
        ("selama kunjungan", D),
        ("Putin", T),
        ("kemarin", T),
        ("tahun lalu", T),
        ("minggu lalu", T),
        ("hari kedua", T),
        ("13/13", T),
        ("", P),
        ("Presiden", P),
        ("...", L),
        ("karena sanksi", AnswerType.REASON),
        ("dua hari", AnswerType.DESCRIPTION),
        ("ya", AnswerType.YESNO),
        ("limusin", AnswerType.THING),
    ],
)
def test_non_values_are_none(text: str, kind: AnswerType) -> None:
    assert canonical(text, kind) is None


def test_values_of_different_kinds_never_conflict() -> None:
    assert not conflict(value("24", N), value("24 tahun", D))
    assert not conflict(value("Kim", P), value("Pyongyang", L))
    assert not conflict(value("2018", T), value("2019", N))


POOL = {
    D: ["dua hari", "2 hari", "tiga hari", "48 jam", "beberapa hari", "setahun", "12 bulan", "sekitar dua jam"],
    N: ["24", "dua puluh empat", "1.000", "1,5", "1,5 juta", "24 persen", "ribuan", "sekitar 1.000"],
    T: ["Rabu (19/6) pukul 3 pagi", "sebelum fajar pada Rabu pagi", "Selasa (18/6) malam sekitar pukul 21.00",
        "diperkirakan tiba Selasa malam", "Rabu pagi", "2018", "19/6/2024", "3 a.m.", "tengah malam", "sore"],
    P: ["Kim", "Kim Jong Un", "Kim Jong Il", "Sergey Lavrov", "Sergei Lavrov", "Lavrov", "Shoigu", "Putin"],
    L: ["Pyongyang", "Bandara Internasional Pyongyang", "North Korea", "Korut", "Moscow", "Moskow", "Vietnam"],
}  # fmt: skip


@pytest.mark.parametrize("kind", list(POOL))
def test_conflict_is_symmetric(kind: AnswerType) -> None:
    values = [value(t, kind) for t in POOL[kind]]
    for a, b in itertools.product(values, repeat=2):
        assert conflict(a, b) == conflict(b, a), (a.display, b.display)
    assert not any(conflict(v, v) for v in values)


def displays(groups: list[list[Value]]) -> list[list[str]]:
    return [[v.display for v in g] for g in groups]


@pytest.mark.parametrize(
    ("texts", "kind", "expected"),
    [
        (["dua hari", "2 hari", "tiga hari", "two days"], D, [["dua hari", "2 hari", "two days"], ["tiga hari"]]),
        (["beberapa hari", "dua hari", "tiga hari"], D, [["beberapa hari", "dua hari"], ["tiga hari"]]),
        (["dua hari", "48 jam", "two days"], D, [["dua hari", "48 jam", "two days"]]),
        (["24", "dua puluh empat", "25"], N, [["24", "dua puluh empat"], ["25"]]),
        (
            ["Rabu (19/6) pukul 3 pagi", "sebelum fajar pada Rabu pagi", "Selasa (18/6) malam sekitar pukul 21.00",
             "diperkirakan tiba Selasa malam"],
            T,
            [["Rabu (19/6) pukul 3 pagi", "sebelum fajar pada Rabu pagi"],
             ["Selasa (18/6) malam sekitar pukul 21.00", "diperkirakan tiba Selasa malam"]],
        ),
        (["2018", "Rabu", "Selasa"], T, [["2018", "Rabu"], ["Selasa"]]),
        (["Kim", "Kim Jong Un", "Kim Jong Il"], P, [["Kim", "Kim Jong Un"], ["Kim Jong Il"]]),
        (["Sergey Lavrov", "Lavrov", "Sergei Lavrov"], P, [["Sergey Lavrov", "Lavrov", "Sergei Lavrov"]]),
    ],
)  # fmt: skip
def test_distinct_values(texts: list[str], kind: AnswerType, expected: list[list[str]]) -> None:
    groups = distinct_values([value(t, kind) for t in texts])
    assert displays(groups) == expected
    for group in groups:  # every value is compatible with its group's first value (and with the others)
        assert not any(conflict(a, b) for a, b in itertools.combinations(group, 2))


def test_distinct_values_of_nothing() -> None:
    assert distinct_values([]) == []
