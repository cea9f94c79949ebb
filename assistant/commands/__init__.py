"""One module per `assistant` command; each defines a click command, registered by ``assistant.cli``.

Commands import the heavy layers (index, models, TUI) inside their function, so that `assistant --help`
and the first screen of the chat stay fast.
"""
