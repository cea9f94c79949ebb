"""Widgets, one module per screen area: transcript, input bar, sources panel, status bar."""
