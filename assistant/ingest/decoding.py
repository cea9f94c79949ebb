"""Article bytes to text, by the standard an archive uses: UTF-16 with a BOM, else UTF-8; a mostly-UTF-8 file
with a bad byte keeps its text (each bad byte becomes U+FFFD, and ingest says where the first one is). Only a
file that is not UTF-8 at all (no valid multi-byte sequence: a real windows-1252 file) is read in a legacy
encoding: the charset a web page declares, else windows-1252, else Latin-1. Binary data gives None.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

LEGACY_ENCODINGS = ("cp1252", "latin-1")
"""Tried in order for files that are not UTF-8 at all (windows-1252 first: it has the curly quotes)."""

_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_AS_CP1252 = frozenset({"iso-8859-1", "iso8859-1", "latin-1", "latin1", "us-ascii", "ascii"})
"""Labels browsers read as windows-1252 (the WHATWG encoding standard), so curly quotes survive."""
_BAD_BYTE = re.compile("[\udc80-\udcff]")
SNIFF_BYTES = 8192
"""How much of the start of a file is looked at for NUL bytes, a page's charset and control characters."""


@dataclass(frozen=True)
class Decoded:
    """Decoded article bytes."""

    text: str
    encoding: str
    bad_bytes: int = 0
    """Bytes that are not UTF-8 in a file read as UTF-8 (each is U+FFFD in ``text``)."""
    first_bad: int = -1
    """Byte offset of the first of them (-1 when there is none)."""

    def note(self, name: str) -> str | None:
        """One line on replaced bytes (None when there were none)."""
        if not self.bad_bytes:
            return None
        more = f" and {self.bad_bytes - 1} more" if self.bad_bytes > 1 else ""
        return (
            f"{name}: byte {self.first_bad}{more} is not valid UTF-8: indexed it with U+FFFD in its place "
            "(re-save the file as UTF-8 to fix it)"
        )


def declared_charset(data: bytes) -> str | None:
    """The charset a web page declares in a ``<meta>`` tag (labels browsers read as windows-1252 as cp1252)."""
    found = _CHARSET.search(data[:SNIFF_BYTES])
    if not found:
        return None
    label = found.group(1).decode("ascii").lower()
    return "cp1252" if label in _AS_CP1252 else label


def mostly_text(text: str) -> bool:
    """Fewer than 1% control characters at the start: text, not binary data read in a legacy encoding."""
    sample = text[:SNIFF_BYTES]
    if not sample:
        return True
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\n\r\t\f") or 0x7F <= ord(ch) < 0xA0)
    return bad / len(sample) < 0.01


def _as_utf8(data: bytes) -> Decoded | None:
    """UTF-8 (a BOM allowed); with replacement characters when bad bytes are at most as many as valid
    multi-byte sequences; None when the data is not UTF-8 at all."""
    start = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        return Decoded(data[start:].decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        first = start + exc.start
    escaped = data[start:].decode("utf-8", "surrogateescape")
    bad = len(_BAD_BYTE.findall(escaped))
    multibyte = len(escaped) - len(escaped.encode("ascii", "ignore")) - bad
    if multibyte == 0 or bad > multibyte:
        return None
    return Decoded(_BAD_BYTE.sub("\ufffd", escaped), "utf-8", bad, first)


def decode_bytes(data: bytes, html: bool = False) -> Decoded | None:
    """Decode article bytes (see the module docstring); ``html``: a page's declared charset comes before the
    legacy guesses. None for binary data (NUL bytes, control characters)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return Decoded(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError:
            return None
    if b"\x00" in data[:SNIFF_BYTES]:
        return None
    utf8 = _as_utf8(data)
    if utf8 is not None:
        return utf8 if utf8.bad_bytes == 0 or mostly_text(utf8.text) else None
    declared = declared_charset(data) if html else None
    for encoding in ([declared] if declared else []) + list(LEGACY_ENCODINGS):
        try:
            text = data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
        if mostly_text(text):
            return Decoded(text, encoding)
    return None
