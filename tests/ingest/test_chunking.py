from pathlib import Path

import pytest
from llama_index.core.schema import Document

from assistant.ingest.chunking import ArticleChunker, Sentence, chunk_id, pack_sentences, sentence_spans
from assistant.ingest.clean import clean_article
from assistant.normalize import matching_text
from tests.conftest import SEEDS


def _doc(path: Path) -> Document:
    return Document(
        id_=path.name, text=path.read_text(encoding="utf-8"), metadata={"file": path.name, "path": str(path)}
    )


def _norm(text: str) -> str:
    """As chunks are made: the matching text (NFKC: "…" is "..."), whitespace runs as one space."""
    return " ".join(matching_text(text).split())


@pytest.mark.parametrize("size", [30, 60, 140])
@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name)
def test_the_recorded_lines_of_the_original_file_contain_the_chunk(path: Path, size: int) -> None:
    text = path.read_text(encoding="utf-8")
    original = text.split("\n")
    kept = {line.number: line.text for line in clean_article(text).lines}
    for number, cleaned in kept.items():  # cleaning only drops lines or cuts a trailing teaser
        assert cleaned in original[number - 1]
    nodes = ArticleChunker(chunk_size=size, chunk_overlap=1).chunk_document(_doc(path))
    assert nodes
    for node in nodes:
        start, end = node.metadata["line_start"], node.metadata["line_end"]
        assert 1 <= start <= end <= len(original)
        # the original lines in that range, less the lines cleaning removed (teasers, captions)
        window = _norm(" ".join(kept[n] for n in range(start, end + 1) if n in kept))
        assert _norm(node.text) in window
        # the chunk starts on its first line and ends on its last one
        assert _norm(node.text)[:30] in _norm(original[start - 1])
        assert _norm(node.text)[-30:] in _norm(original[end - 1])


def test_chunks_carry_file_and_title_but_embed_only_their_text() -> None:
    # The title is metadata, not embedded: with small chunks it pulled every chunk of an article towards
    # questions that match the title (measured with bench/retrieval_quality.py).
    path = SEEDS / "000_f3b0780ee10127ff.txt"
    node = ArticleChunker().chunk_document(_doc(path))[0]
    assert node.metadata["file"] == path.name
    assert node.metadata["title"].startswith("Vladimir Putin Bertemu Kim Jong Un")
    from llama_index.core.schema import MetadataMode

    assert node.get_content(MetadataMode.EMBED).strip() == node.text.strip()


def test_ids_are_stable_and_depend_on_file_and_content() -> None:
    path = SEEDS / "003_69800c166bddfbab.txt"
    first = [n.node_id for n in ArticleChunker().chunk_document(_doc(path))]
    again = [n.node_id for n in ArticleChunker().chunk_document(_doc(path))]
    assert first == again and len(set(first)) == len(first)
    assert chunk_id("a.txt", "teks", 0) != chunk_id("b.txt", "teks", 0)
    assert chunk_id("a.txt", "teks", 0) != chunk_id("a.txt", "teks lain", 0)


def test_changing_one_paragraph_keeps_the_ids_of_untouched_chunks() -> None:
    body = "\n".join(f"Kalimat nomor {i} tentang kunjungan Putin ke Pyongyang." for i in range(40))
    before = ArticleChunker(chunk_size=30, chunk_overlap=0).chunk_document(
        Document(id_="a.txt", text="Judul\n" + body, metadata={"file": "a.txt", "path": "/a.txt"})
    )
    after = ArticleChunker(chunk_size=30, chunk_overlap=0).chunk_document(
        Document(
            id_="a.txt",
            text="Judul\n" + body + "\nKalimat baru di akhir.",
            metadata={"file": "a.txt", "path": "/a.txt"},
        )
    )
    assert {n.node_id for n in before[:-1]} <= {n.node_id for n in after}


def test_sentences_are_split_at_sentence_ends_not_abbreviations_or_numbers() -> None:
    text = 'Pada Rabu (19/6) pukul 3 pagi, Putin tiba. Dr. Lee datang ke AS. Harga naik 3.5 persen. "Kami senang," katanya.'
    parts = [text[s:e] for s, e in sentence_spans(text)]
    assert parts == [
        "Pada Rabu (19/6) pukul 3 pagi, Putin tiba.",
        "Dr. Lee datang ke AS.",
        "Harga naik 3.5 persen.",
        '"Kami senang," katanya.',
    ]


def test_packing_respects_size_and_overlap_and_never_splits_a_sentence() -> None:
    sentences = [Sentence(line=i + 1, text=f"s{i}", n_words=10) for i in range(10)]
    chunks = pack_sentences(sentences, size=30, overlap=1)
    assert [c.text.split() for c in chunks][:2] == [["s0", "s1", "s2"], ["s2", "s3", "s4"]]
    assert chunks[-1].text.split()[-1] == "s9"
    long = [Sentence(line=1, text="x", n_words=500)]
    assert len(pack_sentences(long, size=30, overlap=1)) == 1
