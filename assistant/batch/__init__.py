"""`assistant batch`: answer a file of questions (JSONL, plain text or CSV) into JSONL, resumably.

* ``inputs``: reading question files (formats, ids, conversations), one-line errors naming FILE:LINE;
* ``records``: output lines, an earlier run's file, resume plans, kill-safe line writing;
* ``runner``: the thread pool that answers questions and conversations and writes lines in input order;
* ``provenance``: the ``run`` record saying what produced the answers, and the engine a batch uses.

Output: one JSON line per question, in input order, whatever the concurrency::

    {"id": ..., <passed-through fields>, <the `assistant ask --json` object>, "run": {...}}

or, when answering failed, ``{"id", "question", "error", <passed-through fields>, "run"}``.
"""

from assistant.batch.inputs import (
    BatchItem,
    InputError,
    detect_format,
    parse_questions,
    read_questions,
)
from assistant.batch.provenance import build_batch_engine, run_info
from assistant.batch.records import answer_record, error_record, parse_output, plan_resume
from assistant.batch.runner import BatchSummary, run_batch

__all__ = [
    "BatchItem",
    "BatchSummary",
    "InputError",
    "answer_record",
    "build_batch_engine",
    "detect_format",
    "error_record",
    "parse_output",
    "parse_questions",
    "plan_resume",
    "read_questions",
    "run_batch",
    "run_info",
]
