"""Exact spans for an answer's citations: each quote found in its article's text (read at the edge, once per
file version) and given as character offsets, so ``article_text[start:end]`` reads as the quote."""

from __future__ import annotations

import threading
from collections import OrderedDict
from pathlib import Path

from assistant.citations.spans import line_region, quote_span
from assistant.ingest.loader import article_text
from assistant.types import Citation

CACHED_ARTICLES = 64


class ArticleTexts:
    """Article texts by path, each read once per version of its file (thread-safe, bounded)."""

    def __init__(self, size: int = CACHED_ARTICLES) -> None:
        self._size = size
        self._texts: OrderedDict[tuple[str, int, int], str | None] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, path: str) -> str | None:
        """The text citations of the article at ``path`` point into; None when it cannot be read."""
        try:
            stat = Path(path).stat()
        except OSError:
            return None
        key = (path, stat.st_mtime_ns, stat.st_size)
        with self._lock:
            if key in self._texts:
                self._texts.move_to_end(key)
                return self._texts[key]
        text = article_text(Path(path))
        with self._lock:
            self._texts[key] = text
            while len(self._texts) > self._size:
                self._texts.popitem(last=False)
        return text

    def locate(self, path: str, quote: str, lines: tuple[int, int]) -> tuple[str, tuple[int, int]] | None:
        """The exact quote and its span in the article (searched in ``lines`` first); None when not found."""
        text = self.get(path)
        if text is None:
            return None
        return quote_span(quote, text, line_region(text, lines))


def with_spans(citations: list[Citation], texts: ArticleTexts) -> list[Citation]:
    """The citations with ``span`` set and ``quote`` made exact; a citation whose article changed since it
    was indexed (the quote is no longer in it) keeps its quote and gets no span."""
    out = []
    for c in citations:
        found = texts.locate(c.path, c.quote, c.lines)
        out.append(c if found is None else c.model_copy(update={"quote": found[0], "span": found[1]}))
    return out
