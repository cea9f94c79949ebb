"""BM25 in the index database: FTS5's bm25() ranking of a query's words, leaving out the words that add nothing.

FTS5 scores every chunk that holds any word of the query. A word that half the chunks or more hold gets
FTS5's floor IDF (1e-6): it changes no ranking among the chunks that hold a rarer word of the query, so it is
left out (``fts.common_tokens``) as long as ``k`` chunks hold the others; otherwise (a question of such words
only, or too few chunks hold its other words) the whole query runs, as FTS5 ranks it. Document frequencies
come from FTS5's vocabulary table, looked up once per word until the next commit.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from assistant.store.db import BATCH, article_filter_sql, marks
from assistant.store.fts import TERMS_SQL, TERMS_TABLE, common_tokens, fts_query


class Bm25Reads:
    """The BM25 reads of the index reader (a mixin over its ``rows``)."""

    _held: tuple[str, dict[str, int]] = ("", {})
    """(commit, token -> chunks holding it): looked up once per word until the next commit."""

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        raise NotImplementedError

    def bm25(
        self,
        tokens: Sequence[str],
        k: int,
        outlets: Sequence[str] = (),
        low_day: int | None = None,
        high_day: int | None = None,
    ) -> list[tuple[str, float]]:
        """The ``k`` best chunks for ``tokens`` by FTS5's bm25() (higher is better), within the filter."""
        tokens = list(dict.fromkeys(t for t in tokens if t.strip()))
        where, params = article_filter_sql(outlets, low_day, high_day)
        if len(tokens) > 1:
            n = self.chunk_count()
            held = self.chunks_holding(tokens)
            common = common_tokens(held, n)
            rarer = [t for t in tokens if t not in common]
            if common and rarer:
                hits = self.ranked(rarer, k, where, params)
                if len(hits) >= k:
                    return hits
        return self.ranked(tokens, k, where, params)

    def ranked(
        self, tokens: Sequence[str], k: int, where: str = "1", params: Sequence[Any] = ()
    ) -> list[tuple[str, float]]:
        """The ``k`` best chunks by bm25() over all of ``tokens`` that pass the SQL condition ``where`` on ``articles a``."""
        query = fts_query(tokens)
        if not query:
            return []
        if where == "1":
            sql = (
                "SELECT c.id, -f.rank FROM (SELECT rowid, rank FROM bm25 WHERE bm25 MATCH ? ORDER BY rank "
                "LIMIT ?) f JOIN chunks c ON c.rowid = f.rowid ORDER BY f.rank, c.id"
            )
            return [(cid, float(score)) for cid, score in self.rows(sql, (query, k))]
        sql = (
            "SELECT c.id, -bm25(bm25) AS score FROM bm25 JOIN chunks c ON c.rowid = bm25.rowid "
            f"JOIN articles a ON a.id = c.article WHERE bm25 MATCH ? AND {where} ORDER BY score DESC, c.id LIMIT ?"
        )
        return [(cid, float(score)) for cid, score in self.rows(sql, (query, *params, k))]

    def chunk_count(self) -> int:
        """How many chunks the committed index holds (its counter, not a count)."""
        found = self.rows("SELECT value FROM meta WHERE key = 'n_chunks'")
        return int(found[0][0]) if found else 0

    def chunks_holding(self, tokens: Sequence[str]) -> dict[str, int]:
        """How many chunks hold each of ``tokens`` (FTS5's vocabulary; 0 for a word it does not list)."""
        commit = "/".join(
            v for _, v in self.rows("SELECT key, value FROM meta WHERE key IN ('generation', 'content') ORDER BY key")
        )
        seen, held = self._held
        if seen != commit:
            held = {}
        wanted = [t for t in dict.fromkeys(tokens) if t not in held]
        if wanted:
            self.rows(TERMS_SQL)
            found = dict.fromkeys(wanted, 0)
            for start in range(0, len(wanted), BATCH):
                batch = wanted[start : start + BATCH]
                sql = f"SELECT term, doc FROM {TERMS_TABLE} WHERE term IN ({marks(len(batch))})"
                found.update((term, int(n)) for term, n in self.rows(sql, batch))
            held = {**held, **found}
        self._held = (commit, held)
        return {t: held[t] for t in tokens}

    def known_terms(self, tokens: Sequence[str] | set[str]) -> set[str]:
        """Those of ``tokens`` that occur in some chunk."""
        return {
            t
            for t in set(tokens)
            if (q := fts_query([t])) and self.rows("SELECT 1 FROM bm25 WHERE bm25 MATCH ? LIMIT 1", (q,))
        }
