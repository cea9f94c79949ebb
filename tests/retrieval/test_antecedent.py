"""A passage that would open with a pronoun ("Ia mengusulkan …", "He said …") takes the sentence before it,
so that the model reads, and the checks find, who "ia" is: an answer naming the speaker rests on the passage
it cites."""

from __future__ import annotations

from llama_index.core.schema import BaseNode, NodeWithScore, TextNode

from assistant.answering.selection import sentence_window
from assistant.retrieval.postprocessors import NeighbourWidening, refers_back
from assistant.store.metadata import META_LINE_END, META_LINE_START
from assistant.types import Passage

ARTICLE = {
    "a": "Dinas Perhubungan menutup jembatan itu sejak Senin.",
    "b": "Pengamat transportasi dari Universitas Tanjungpura, Dewi Kartika, menilai jembatan itu sudah lama rapuh.",
    "c": "Ia mengusulkan agar jembatan diganti dalam dua tahun.",
    "d": '"Perbaikan tambal sulam tidak cukup," katanya.',
    "e": "Wali kota berjanji menyiapkan anggaran tahun depan.",
}
ORDER = list(ARTICLE)


def around(chunk_id: str, width: int) -> list[BaseNode]:
    """The index's view: the chunk and ``width`` chunks on each side of it in its article."""
    i = ORDER.index(chunk_id)
    return [
        TextNode(id_=c, text=ARTICLE[c], metadata={META_LINE_START: j + 1, META_LINE_END: j + 1})
        for j, c in enumerate(ORDER)
        if i - width <= j <= i + width
    ]


def passages(*hits: str) -> list[str]:
    nodes = [NodeWithScore(node=around(h, 0)[0], score=1.0) for h in hits]
    return [n.node.get_content() for n in NeighbourWidening(1, around).postprocess_nodes(nodes)]


def test_a_passage_opening_with_a_pronoun_takes_the_chunk_that_names_who() -> None:
    [passage] = passages("d")
    assert passage.startswith("Pengamat transportasi dari Universitas Tanjungpura, Dewi Kartika")
    assert passage.endswith("menyiapkan anggaran tahun depan.")


def test_a_passage_that_names_its_subject_is_widened_as_before() -> None:
    assert passages("b") == [" ".join(ARTICLE[c] for c in "abc")]
    assert passages("e") == [" ".join(ARTICLE[c] for c in "de")]  # no pronoun word opens "d"


def test_the_naming_chunk_is_not_repeated_when_an_earlier_passage_shows_it() -> None:
    first, second = passages("a", "d")
    assert first == " ".join(ARTICLE[c] for c in "ab")
    assert second == " ".join(ARTICLE[c] for c in "cde")


def test_pronouns_are_read_in_the_first_sentence_only_and_in_either_language() -> None:
    assert refers_back("He said the bridge had been weak for years. The mayor agreed.")
    assert refers_back("Mereka menolak rencana itu.")
    assert not refers_back("The mayor agreed. He said the bridge had been weak for years.")
    assert not refers_back("Dinas Perhubungan menutup jembatan itu.")


def test_the_prompt_window_of_a_sentence_keeps_the_sentence_that_names_its_subject() -> None:
    passage = Passage(file="jembatan.txt", path="jembatan.txt", lines=(1, 5), text=" ".join(ARTICLE.values()))
    cut = sentence_window(passage, [ARTICLE["d"]], 1)
    assert cut.text == " ".join(ARTICLE[c] for c in "bcde")
    assert sentence_window(passage, [ARTICLE["b"]], 1).text == " ".join(ARTICLE[c] for c in "abc")
