"""Sentence-aware chunking that remembers each chunk's line range in the original file, carries the
article's news metadata, and flags chunks that hold instructions meant for an AI model.

Chunks are made of the article's matching text (``normalize.matching_text``: NFKC, no zero-width or bidi
characters); line numbers are those of the original file, which normalising never changes. A "sentence"
longer than ``MAX_SENTENCE_CHARS`` (a page-long run with no sentence end) is cut at whitespace, so no
passage is longer than that. Every step is linear in the length of the text."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from llama_index.core.node_parser import NodeParser
from llama_index.core.schema import BaseNode, Document, NodeRelationship, TextNode

from assistant.ingest.clean import CleanArticle, clean_article
from assistant.ingest.screen import default_screen
from assistant.normalize import matching_text
from assistant.store.metadata import (
    ARTICLE_KEYS,
    META_FILE,
    META_INSTRUCTION,
    META_LINE_END,
    META_LINE_START,
    META_PATH,
    META_TITLE,
    NON_EMBED_KEYS,
)
from assistant.text import words

# Abbreviations after which a full stop does not end a sentence (Indonesian and English news).
ABBREVIATIONS = frozenset(
    "a.n bp br dll dkk dr drs hlm ir jl jln kab kec kol mr mrs ms no prof pt sdr st tbk tn ny vs "
    "yth u.s u.k e.g i.e etc mt co corp inc ltd jr sr gen lt col sgt".split()
)
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+)")
_NEXT_START = re.compile(r"\s+[\"'“‘(\[]*[A-Z0-9À-Ý]")
_LAST_WORD_CHARS = 32
"""How far back from a full stop to look for the word it ends (abbreviations are short)."""

MAX_SENTENCE_CHARS = 1000
"""The longest piece of text one sentence may put in a chunk (about 150 words, five times the default
chunk size): a longer run without a sentence end is cut at whitespace (at any character where it has none)."""


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences in one paragraph."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        before = text[max(start, match.start() - _LAST_WORD_CHARS) : match.start()].rsplit(None, 1)
        last_word = before[-1].lower().rstrip(".") if before else ""
        if last_word in ABBREVIATIONS or (len(last_word) == 1 and last_word.isalpha()):
            continue
        if not _NEXT_START.match(text, end):
            continue
        if text[start:end].strip():
            spans.append((start, end))
        start = end
    if text[start:].strip():
        spans.append((start, len(text)))
    return [(s + len(text[s:e]) - len(text[s:e].lstrip()), e) for s, e in spans]


@dataclass(frozen=True)
class Sentence:
    line: int
    text: str
    n_words: int


@dataclass(frozen=True)
class Chunk:
    text: str
    line_start: int
    line_end: int
    sentences: tuple[Sentence, ...] = ()
    """The sentences it is made of, in order (its text is theirs joined by spaces)."""


def bounded_spans(text: str, start: int, end: int, limit: int = MAX_SENTENCE_CHARS) -> list[tuple[int, int]]:
    """``text[start:end]`` cut into spans of at most ``limit`` characters, each cut at the last whitespace
    that fits (or at ``limit`` characters when there is none)."""
    spans: list[tuple[int, int]] = []
    while end - start > limit:
        cut = next((k for k in range(start + limit, start, -1) if text[k].isspace()), start + limit)
        spans.append((start, cut))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        spans.append((start, end))
    return spans


def article_sentences(article: CleanArticle) -> list[Sentence]:
    """Every sentence of the cleaned body (over-long ones cut, see ``bounded_spans``) with the original line
    it sits on."""
    out: list[Sentence] = []
    for line in article.lines:
        for start, end in sentence_spans(line.text):
            for a, b in bounded_spans(line.text, start, end):
                text = line.text[a:b].strip()
                if text:
                    out.append(Sentence(line.number, text, len(words(text))))
    return out


def pack_sentences(sentences: Sequence[Sentence], size: int, overlap: int) -> list[Chunk]:
    """Greedily pack whole sentences into chunks of about ``size`` words, sharing ``overlap`` sentences."""
    chunks: list[Chunk] = []
    i = 0
    while i < len(sentences):
        j = i
        total = 0
        while j < len(sentences) and (j == i or total + sentences[j].n_words <= size):
            total += sentences[j].n_words
            j += 1
        group = sentences[i:j]
        chunks.append(Chunk(" ".join(s.text for s in group), group[0].line, group[-1].line, tuple(group)))
        if j >= len(sentences):
            break
        i = max(i + 1, j - overlap)
    return chunks


def chunk_id(file: str, text: str, occurrence: int) -> str:
    """Stable chunk id: the same file and content always give the same id."""
    digest = hashlib.sha256(f"{file}\x00{occurrence}\x00{text}".encode()).hexdigest()
    return f"{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}"


class ArticleChunker(NodeParser):
    """LlamaIndex node parser: clean an article, then chunk it by sentences with line ranges."""

    chunk_size: int = 160
    chunk_overlap: int = 1

    @classmethod
    def class_name(cls) -> str:
        return "ArticleChunker"

    def _parse_nodes(self, nodes: Sequence[BaseNode], show_progress: bool = False, **kwargs: Any) -> list[BaseNode]:
        out: list[BaseNode] = []
        for doc in nodes:
            out.extend(self.chunk_document(doc))  # type: ignore[arg-type]
        return out

    def chunk_document(self, doc: Document) -> list[TextNode]:
        return [node for node, _sentences in self.chunks(doc)]

    def chunks(self, doc: Document) -> list[tuple[TextNode, tuple[Sentence, ...]]]:
        """The article's chunks as nodes, each with the sentences it is made of."""
        article = clean_article(matching_text(doc.text))
        file = doc.metadata[META_FILE]
        shared = {k: doc.metadata[k] for k in ARTICLE_KEYS if k in doc.metadata}
        title = str(doc.metadata.get(META_TITLE) or article.title)
        seen: dict[str, int] = {}
        nodes: list[tuple[TextNode, tuple[Sentence, ...]]] = []
        chunks = pack_sentences(article_sentences(article), self.chunk_size, self.chunk_overlap)
        flags = default_screen().flag([chunk.text for chunk in chunks])
        for chunk, flag in zip(chunks, flags, strict=True):
            occurrence = seen.get(chunk.text, 0)
            seen[chunk.text] = occurrence + 1
            node = TextNode(
                id_=chunk_id(file, chunk.text, occurrence),
                text=chunk.text,
                metadata={
                    META_FILE: file,
                    META_PATH: doc.metadata[META_PATH],
                    META_TITLE: title,
                    META_LINE_START: chunk.line_start,
                    META_LINE_END: chunk.line_end,
                    **shared,
                    META_INSTRUCTION: flag,
                },
                excluded_embed_metadata_keys=list(NON_EMBED_KEYS),
                excluded_llm_metadata_keys=list(NON_EMBED_KEYS),
                metadata_template="{value}",
                text_template="{metadata_str}\n{content}",
            )
            node.relationships[NodeRelationship.SOURCE] = doc.as_related_node_info()
            nodes.append((node, chunk.sentences))
        return nodes
