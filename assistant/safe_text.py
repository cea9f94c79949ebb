"""Text that is safe to put on a terminal: the one sanitizer for file names, article text and model text.

Articles come from the open web and model output is not trusted either: an article can carry
"\\x1b]0;title\\x07" or "\\x1b[2J" that would rewrite the user's screen when quoted, a right-to-left override
that shows "txt.exe" as "exe.txt", or invisible characters. ``safe`` removes escape sequences whole (CSI, OSC,
DCS/SOS/PM/APC strings, two-character escapes), bidirectional overrides, embeddings, isolates and marks,
zero-width characters, and every other C0/C1 control character except newline and tab; a carriage return
becomes a space. A file name that is not valid UTF-8 (read with ``surrogateescape``) shows its bad bytes as
``\\xNN``.
"""

from __future__ import annotations

import json
import re
from typing import Any

BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
"""Bidirectional formatting characters: the Arabic letter mark, LRM/RLM, embeddings and overrides
(U+202A-202E) and isolates (U+2066-2069)."""

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
"""Zero-width space, non-joiner, joiner, word joiner and zero-width no-break space (BOM)."""

_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor movement, clearing
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC: window title, hyperlinks (BEL or ST terminated)
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"  # DCS, SOS, PM, APC strings
    r"|\x1b[@-Z\\-_]"  # other two-character escapes
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
    r"|\x9d[^\x07\x9c]*[\x07\x9c]?"  # 8-bit OSC
)
_INVISIBLE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{BIDI_CONTROLS}{ZERO_WIDTH}]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_JSON_UNSAFE = re.compile(f"[\x7f-\x9f{BIDI_CONTROLS}{ZERO_WIDTH}\ud800-\udfff]")


def _escaped(match: re.Match[str]) -> str:
    """A lone surrogate as the byte it stands for (``surrogateescape``: U+DC80-DCFF) or its code point."""
    code = ord(match.group(0))
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


def safe(text: str) -> str:
    """``text`` without escape sequences, control, bidirectional and zero-width characters (newlines and
    tabs kept), and with the undecodable bytes of a file name shown as ``\\xNN``."""
    if not text:
        return text
    text = _ESCAPES.sub("", text).replace("\r\n", "\n").replace("\r", " ")
    text = _INVISIBLE.sub("", text)
    return _SURROGATE.sub(_escaped, text)


def safe_json(value: Any) -> str:
    """``value`` as one line of JSON for a terminal: the same data, with every character ``safe`` would remove
    written as a ``\\uXXXX`` escape (JSON already escapes C0 controls), so nothing in it acts on the terminal."""
    text = json.dumps(value, ensure_ascii=False)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)
