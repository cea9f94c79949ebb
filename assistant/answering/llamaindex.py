"""LlamaIndex shapes of the answer: passages as scored nodes, answers as (streaming) responses."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Generator, Iterator, Sequence
from typing import Any

from llama_index.core.base.response.schema import Response, StreamingResponse
from llama_index.core.schema import NodeWithScore, TextNode

from assistant.types import Answer, Passage

Answering = Callable[[Callable[[str], None]], Answer]
"""Runs an answer, calling its argument with each streamed token; returns the finished Answer."""


def passage_node(passage: Passage, n: int | None = None) -> NodeWithScore:
    """A passage as a LlamaIndex node (file, path, title, lines in metadata)."""
    metadata: dict[str, Any] = {
        "file": passage.file,
        "path": passage.path,
        "title": passage.title,
        "lines": list(passage.lines),
    }
    if n is not None:
        metadata["n"] = n
    return NodeWithScore(
        node=TextNode(id_=passage.chunk_id or None, text=passage.text, metadata=metadata), score=passage.score
    )


def citation_nodes(answer: Answer) -> list[NodeWithScore]:
    return [passage_node(c.passage, c.n) for c in answer.citations]


def to_response(answer: Answer) -> Response:
    """A Response carrying the cited passages as source nodes and the Answer in ``metadata["answer"]``."""
    return Response(response=answer.answer, source_nodes=citation_nodes(answer), metadata={"answer": answer})


class AnswerStream:
    """Runs an answer in a thread and yields its tokens as they come; then holds the finished Answer."""

    def __init__(self, run: Answering) -> None:
        self.run = run
        self.answer: Answer | None = None
        self.error: BaseException | None = None
        self._queue: queue.Queue[str | None] = queue.Queue()

    def _work(self) -> None:
        try:
            self.answer = self.run(self._queue.put)
        except BaseException as exc:  # noqa: BLE001 - re-raised in the consuming thread
            self.error = exc
        finally:
            self._queue.put(None)

    def tokens(self) -> Iterator[str]:
        threading.Thread(target=self._work, name="answer-stream", daemon=True).start()
        while (token := self._queue.get()) is not None:
            yield token
        if self.error is not None:
            raise self.error


def streaming_response(run: Answering, on_done: Callable[[Answer], None] | None = None) -> StreamingResponse:
    """A StreamingResponse whose ``response_gen`` yields the model's tokens while the answer is made.

    When the generator is exhausted, ``metadata["answer"]`` holds the checked Answer, ``source_nodes`` its
    citations, and ``response_txt`` its checked text (which may differ from the streamed draft)."""
    stream = AnswerStream(run)
    nothing: tuple[str, ...] = ()
    response = StreamingResponse(response_gen=(token for token in nothing), source_nodes=[], metadata={})

    def gen() -> Generator[str, None, None]:
        yield from stream.tokens()
        answer = stream.answer
        if answer is not None:
            response.metadata = {"answer": answer}
            response.source_nodes = citation_nodes(answer)
            response.response_txt = answer.answer
            if on_done is not None:
                on_done(answer)

    response.response_gen = gen()
    return response


def nodes(passages: Sequence[Passage]) -> list[NodeWithScore]:
    return [passage_node(p) for p in passages]
