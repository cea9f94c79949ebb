"""BM25 documents and queries for the FTS5 table: Indonesian-aware tokens (Sastrawi stems, stopwords out)."""

from __future__ import annotations

from collections.abc import Iterable

from assistant.text import index_tokens


def document_tokens(text: str) -> str:
    """What the BM25 table holds for a chunk: its tokens, joined by spaces."""
    return " ".join(index_tokens(text))


def query_tokens(text: str) -> list[str]:
    """The distinct tokens of a query, in order."""
    return list(dict.fromkeys(index_tokens(text)))


def fts_query(tokens: Iterable[str]) -> str:
    """An FTS5 query matching any of ``tokens`` (each quoted, so no token is read as query syntax)."""
    quoted = [f'"{t.replace(chr(34), chr(34) * 2)}"' for t in dict.fromkeys(tokens) if t.strip()]
    return " OR ".join(quoted)
