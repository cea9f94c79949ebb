"""Compatibility import path of the answer engine (see ``assistant.answering.engine``)."""

from assistant.answering.chat import AnswerChatEngine, Turn
from assistant.answering.engine import AnswerEngine, build_engine

__all__ = ["AnswerChatEngine", "AnswerEngine", "Turn", "build_engine"]
