"""An article read this run, made into the rows the index stores: its chunks, their sentences as offsets
into the article's text, and every vector (reused where it exists, embedded where it does not)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from llama_index.core.schema import Document, TextNode

from assistant.ingest.chunking import ArticleChunker, Sentence
from assistant.ingest.offsets import sentence_offsets
from assistant.ingest.plan import text_sha256
from assistant.ingest.vectors import Vectors, mean_vector
from assistant.store.metadata import (
    ARTICLE_KEYS,
    META_INSTRUCTION,
    META_LINE_END,
    META_LINE_START,
    META_PATH,
    META_TITLE,
)
from assistant.store.records import ArticleRecord, ChunkRecord, SentenceRecord

EMBED_CHUNKS = True
"""Whether a chunk's vector is its text's embedding (True) or the normalised mean of its sentences' vectors
(False); bench/retrieval_quality.py --chunk-vectors compares the two."""


@dataclass
class Parsed:
    """An article chunked, before its vectors are known."""

    doc: Document
    text: str
    stat: str
    chunks: list[tuple[TextNode, tuple[Sentence, ...]]]
    offsets: dict[int, tuple[int, int]]


def parse(doc: Document, text: str, stat: str, chunker: ArticleChunker) -> Parsed:
    """Chunk ``doc``; ``text``: what its citations point into (the sentences' offsets are into it)."""
    chunks = chunker.chunks(doc)
    return Parsed(doc, text, stat, chunks, sentence_offsets(text, [s for _, group in chunks for s in group]))


def texts_to_embed(parsed: Sequence[Parsed]) -> list[str]:
    """Every text whose vector the articles need: their sentences, and their chunks' (``EMBED_CHUNKS``)."""
    texts = [s.text for p in parsed for _, group in p.chunks for s in group]
    if EMBED_CHUNKS:
        texts += [node.text for p in parsed for node, _ in p.chunks]
    return texts


def build(parsed: Parsed, vectors: dict[str, bytes]) -> ArticleRecord:
    """The rows of one parsed article; ``vectors``: text -> stored vector, for every text it needs."""
    doc = parsed.doc
    chunks: list[ChunkRecord] = []
    for node, group in parsed.chunks:
        blobs = [vectors[s.text] for s in group]
        chunks.append(
            ChunkRecord(
                id=node.node_id,
                text=node.text,
                line_start=int(node.metadata[META_LINE_START]),
                line_end=int(node.metadata[META_LINE_END]),
                instruction=str(node.metadata.get(META_INSTRUCTION) or ""),
                vector=vectors[node.text] if EMBED_CHUNKS else mean_vector(blobs),
                sentences=[SentenceRecord(*parsed.offsets[id(s)], b) for s, b in zip(group, blobs, strict=True)],
            )
        )
    title = str(parsed.chunks[0][0].metadata.get(META_TITLE, "")) if parsed.chunks else ""
    return ArticleRecord(
        id=doc.id_,
        path=str(doc.metadata[META_PATH]),
        stat=parsed.stat,
        hash=doc.hash,
        sha256=text_sha256(doc.text),
        title=title,
        meta={k: doc.metadata[k] for k in ARTICLE_KEYS if k in doc.metadata},
        text=parsed.text,
        chunks=chunks,
    )


def build_one(parsed: Parsed, source: Vectors) -> tuple[ArticleRecord, int]:
    """The rows of ``parsed``, and how many of its chunks needed a text embedded now (the others reused
    every vector)."""
    vectors, fresh = source.get(texts_to_embed([parsed]))
    embedded = sum(1 for node, group in parsed.chunks if node.text in fresh or any(s.text in fresh for s in group))
    return build(parsed, vectors), embedded
