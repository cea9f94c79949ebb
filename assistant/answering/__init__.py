"""The answer engine and its stages (see ``engine``): ``question`` analysis, ``evidence`` selection
(with ``candidates`` and ``crosslingual`` matching), ``generate`` or ``quote``, ``verify`` (cite and
judge), ``check`` ("does it answer?"); ``chat`` and ``followups`` for conversations; ``llamaindex`` for
the LlamaIndex shapes."""
