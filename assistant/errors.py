"""The one base class of every user-facing error: its message is one line that says what to do."""

from __future__ import annotations


class AssistantError(Exception):
    """An error the user can act on; ``str(error)`` is one line saying what is wrong and what to do."""


class UsageError(AssistantError):
    """A command-line value that cannot be used; the message says which and what to pass."""


class StoreError(AssistantError):
    """The index cannot be used as asked; the message says what to do."""


class NoIndexError(StoreError):
    """There is no index yet."""
