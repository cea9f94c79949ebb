"""An English word is looked up in the glossary under the base forms it may inflect: "handling" is found where
the glossary lists "handle", "running" where it lists "run"."""

from __future__ import annotations

from assistant.lexical import ClaimToken, TokenIndex, english_forms


def test_inflected_words_are_reduced_to_the_glossarys_base_forms() -> None:
    assert "handle" in english_forms("handling")  # a silent e put back
    assert "run" in english_forms("running")  # a doubled consonant undone
    assert "carry" in english_forms("carried")
    assert "rise" in english_forms("rising")
    # only forms the glossary lists: "taking" is not read as the Indonesian "tak"
    assert english_forms("taking") == ("taking", "take")


def test_an_inflected_english_word_is_found_by_the_gloss_of_its_base_form() -> None:
    index = TokenIndex(["Harga cabai terus naik sejak pekan lalu karena panen gagal."])
    assert index.has(ClaimToken("rising", "rising", False, False))
    assert not TokenIndex(["Harga cabai turun sejak pekan lalu."]).has(ClaimToken("rising", "rising", False, False))
