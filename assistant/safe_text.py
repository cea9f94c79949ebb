"""Text that is safe to put on a terminal: no ANSI/OSC escape sequences, no other control characters.

Articles come from the open web and model output is not trusted either: an article can carry
"\\x1b]0;title\\x07" or "\\x1b[2J" that would rewrite the user's screen when quoted. ``safe`` removes escape
sequences whole (CSI, OSC, DCS/SOS/PM/APC strings, two-character escapes) and drops every other C0/C1
control character except newline and tab; a carriage return becomes a space.
"""

from __future__ import annotations

import re

_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor movement, clearing
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC: window title, hyperlinks (BEL or ST terminated)
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"  # DCS, SOS, PM, APC strings
    r"|\x1b[@-Z\\-_]"  # other two-character escapes
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
    r"|\x9d[^\x07\x9c]*[\x07\x9c]?"  # 8-bit OSC
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def safe(text: str) -> str:
    """``text`` without escape sequences and control characters (newlines and tabs kept)."""
    if not text:
        return text
    text = _ESCAPES.sub("", text).replace("\r\n", "\n").replace("\r", " ")
    return _CONTROLS.sub("", text)
