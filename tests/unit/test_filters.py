"""Article filters: outlet names resolved against the index, named in the question, dates, metadata filters."""

from __future__ import annotations

from datetime import date

import pytest
from llama_index.core.vector_stores import FilterOperator

from assistant.retrieval.filters import (
    ArticleFilter,
    FilterError,
    FilterRequest,
    outlet_key,
    outlets_named,
    parse_day,
    resolve_outlets,
)

KNOWN = ["BaperaNews", "PERSPEKTIF.CO.ID", "RADARCIREBON.TV", "CNN Indonesia"]


@pytest.mark.parametrize(
    ("name", "outlet"),
    [("radarcirebon", "RADARCIREBON.TV"), ("Perspektif", "PERSPEKTIF.CO.ID"), ("baperanews", "BaperaNews")],
)
def test_outlets_are_found_by_their_name_without_the_web_suffix(name: str, outlet: str) -> None:
    assert resolve_outlets([name], KNOWN) == (outlet,)
    assert outlet_key(name) == outlet_key(outlet)


def test_an_unknown_outlet_names_the_known_ones() -> None:
    with pytest.raises(
        FilterError, match="no indexed article is from outlet 'Reuters': the indexed outlets are Bapera"
    ):
        resolve_outlets(["Reuters"], KNOWN)


@pytest.mark.parametrize(
    ("question", "named"),
    [
        ("Menurut RadarCirebon, jam berapa Putin tiba?", ("RADARCIREBON.TV",)),
        ("According to Perspektif, when did Putin arrive?", ("PERSPEKTIF.CO.ID",)),
        ("Menurut CNN Indonesia siapa yang menyambut Putin?", ("CNN Indonesia",)),
        ("Siapa yang menyambut Putin menurut laporan?", ()),
        ("Kapan Putin tiba di Pyongyang?", ()),
    ],
)
def test_an_outlet_named_in_the_question(question: str, named: tuple[str, ...]) -> None:
    assert outlets_named(question, KNOWN) == named
    found = FilterRequest().resolve(question, KNOWN)
    assert (found.outlets, found.from_question) == (named, named)


def test_given_outlets_win_over_the_question() -> None:
    found = FilterRequest(outlets=("baperanews",)).resolve("Menurut RadarCirebon, kapan?", KNOWN)
    assert (found.outlets, found.from_question) == (("BaperaNews",), ())


def test_dates_filter_chunks_and_articles_without_a_date_are_left_out() -> None:
    found = ArticleFilter(since=date(2024, 6, 19), until=date(2024, 6, 30))
    day = (date(2024, 6, 19) - date(1970, 1, 1)).days
    assert found.matches({"published_day": day}) and not found.matches({"published_day": day - 1})
    assert not found.matches({"published_day": -1}) and not found.matches({})
    assert ArticleFilter().matches({}) and not ArticleFilter()
    filters = found.metadata_filters()
    assert filters is not None
    assert [(f.key, f.operator, f.value) for f in filters.filters] == [  # type: ignore[union-attr]
        ("published_day", FilterOperator.GTE, day),
        ("published_day", FilterOperator.LTE, day + 11),
    ]
    assert found.to_json() == {"outlets": [], "since": "2024-06-19", "until": "2024-06-30"}


def test_bad_dates_say_how_to_write_them() -> None:
    with pytest.raises(FilterError, match="write it as YYYY-MM-DD"):
        parse_day("19/6/2024", "--since")
    with pytest.raises(FilterError, match="is after --until"):
        FilterRequest(since=date(2024, 7, 1), until=date(2024, 6, 1)).resolve("q", KNOWN)
