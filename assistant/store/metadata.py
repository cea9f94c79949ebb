"""The metadata keys every stored chunk carries (written at ingest, read by retrieval and the checks)."""

from __future__ import annotations

META_FILE = "file"
"""The article's id (see assistant/ingest/roots.py)."""
META_PATH = "path"
"""Absolute path of the original article file."""
META_TITLE = "title"
META_LINE_START = "line_start"
META_HIT = "hit_text"
"""In a passage widened by its neighbouring chunks: the retrieved chunk's own text (set at query time)."""
META_LINE_END = "line_end"
META_OUTLET = "outlet"
"""Who published the article ("" when no outlet is written in it or its sidecar)."""
META_PUBLISHED = "published"
"""ISO date the article was published ("" when unknown)."""
META_PUBLISHED_DAY = "published_day"
"""``published`` as days since 1970-01-01 (-1 when unknown), for date range filters."""
META_PUBLISHED_INFERRED = "published_inferred"
"""True when ``published`` was inferred from dates the article mentions, not stated as its own."""
META_LANGUAGE = "language"
META_AUTHOR = "author"
META_INSTRUCTION = "instruction"
"""The instruction-like phrase the chunk holds ("" for none): such chunks are never evidence."""
ARTICLE_KEYS = (META_OUTLET, META_PUBLISHED, META_PUBLISHED_DAY, META_PUBLISHED_INFERRED, META_LANGUAGE, META_AUTHOR)
"""The article-level keys each of its chunks carries (from ``assistant.ingest.news.ArticleMeta``)."""
NON_EMBED_KEYS = [META_FILE, META_PATH, META_TITLE, META_LINE_START, META_LINE_END, *ARTICLE_KEYS, META_INSTRUCTION]
"""Keys neither embedded nor shown to the model with the chunk text."""
