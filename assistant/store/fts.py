"""BM25 documents and queries for the FTS5 table: Indonesian-aware tokens (Sastrawi stems, stopwords kept), and
which of a query's words add nothing to FTS5's bm25() scores."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from assistant.text import index_tokens

TERMS_TABLE = "temp.bm25_terms"
"""FTS5's vocabulary of the BM25 table (one row per word: how many documents hold it), made per connection."""
TERMS_SQL = f"CREATE VIRTUAL TABLE IF NOT EXISTS {TERMS_TABLE} USING fts5vocab(main, bm25, 'row')"


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


def common_tokens(held: Mapping[str, int], n_documents: int) -> set[str]:
    """The tokens that half the documents or more hold (``held``: token -> documents holding it). FTS5's bm25()
    gives them its floor IDF (log((N - n + 0.5) / (n + 0.5)) <= 0 becomes 1e-6): they change no ranking among
    the documents that hold a rarer word, and reading their long posting lists is most of a query's cost."""
    return {t for t, n in held.items() if 2 * n >= n_documents > 0}
