"""The metadata keys every stored chunk carries (written at ingest, read by retrieval and the checks)."""

from __future__ import annotations

META_FILE = "file"
"""The article's id (see assistant/ingest/roots.py)."""
META_PATH = "path"
"""Absolute path of the original article file."""
META_TITLE = "title"
META_LINE_START = "line_start"
META_LINE_END = "line_end"
NON_EMBED_KEYS = [META_FILE, META_PATH, META_TITLE, META_LINE_START, META_LINE_END]
"""Keys neither embedded nor shown to the model with the chunk text."""
