"""A local, private question-answering assistant over news articles, with checkable citations."""

__version__ = "0.1.0"
