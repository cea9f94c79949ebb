"""Pure text functions for cited answers.

* ``sentences``: sentence splitting (one splitter for articles, answers and checks);
* ``markers``: the citation-marker grammar, renumbering and the normalized marker style;
* ``answers``: an answer as cited sentences;
* ``quotes``: the words of a passage that back a sentence.
"""

from assistant.citations.answers import parse_answer, strip_markers
from assistant.citations.markers import (
    ParsedSentence,
    format_answer,
    format_marker,
    format_sentence,
    parse_markers,
    renumber,
)
from assistant.citations.quotes import make_quote
from assistant.citations.sentences import split_sentences

__all__ = [
    "ParsedSentence",
    "format_answer",
    "format_marker",
    "format_sentence",
    "make_quote",
    "parse_answer",
    "parse_markers",
    "renumber",
    "split_sentences",
    "strip_markers",
]
