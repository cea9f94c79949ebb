"""The chat TUI (Textual): `assistant chat`, or `assistant` with no arguments."""
