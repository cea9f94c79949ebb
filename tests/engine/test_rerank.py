"""A reranker between retrieval and evidence: any LlamaIndex node postprocessor reorders the fused passages;
the ``reranker`` setting loads a local sentence-transformers cross-encoder, and refuses a missing one."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from llama_index.core.postprocessor.types import BaseNodePostprocessor
from llama_index.core.schema import NodeWithScore, QueryBundle
from pydantic import Field

from assistant.answering.build import build_engine
from assistant.answering.engine import EVIDENCE_PASSAGES
from assistant.answering.rerank import CrossEncoderRerank, RerankerError
from assistant.llms import make_backend
from assistant.settings import Settings, load_settings

AIRPORT = "Bandara Internasional Pyongyang"
QUESTION = "Siapa yang menyambut Putin di Bandara Internasional Pyongyang?"


class Scripted(BaseNodePostprocessor):
    """Reverses the nodes (or keeps only the one at ``only``); records the queries it was given."""

    only: int | None = None
    queries: list[str] = Field(default_factory=list)

    def _postprocess_nodes(
        self, nodes: list[NodeWithScore], query_bundle: QueryBundle | None = None
    ) -> list[NodeWithScore]:
        self.queries.append(query_bundle.query_str if query_bundle else "")
        if self.only is not None:
            return [NodeWithScore(node=nodes[self.only].node, score=9.0)]
        return [NodeWithScore(node=n.node, score=float(i)) for i, n in enumerate(reversed(nodes))]


def _extractive(settings: Settings, reranker: BaseNodePostprocessor | None = None):  # noqa: ANN202
    return build_engine(settings, backend=make_backend(settings, "extractive"), reranker=reranker)


def test_a_node_postprocessor_reorders_the_passages_the_answer_is_made_from(seeds_settings: Settings) -> None:
    plain = _extractive(seeds_settings).answer(QUESTION)
    fused = [p.chunk_id for p in plain.passages]
    airport = fused[0]
    assert AIRPORT in plain.passages[0].text and airport in {c.passage.chunk_id for c in plain.citations}

    reverse = Scripted()
    engine = _extractive(seeds_settings, reverse)
    answer = engine.answer(QUESTION)
    assert [p.chunk_id for p in answer.passages] == fused[::-1]
    assert reverse.queries == [QUESTION]
    assert answer.passages[-1].scores["rerank"] == float(len(fused) - 1)
    # the answering passage now falls outside the passages the answer is made from: it is not cited
    assert len(fused) - 1 >= EVIDENCE_PASSAGES
    assert airport not in {c.passage.chunk_id for c in answer.citations}
    # the LlamaIndex retrieve path goes through the same reranker
    assert [n.node.node_id for n in engine.retrieve(QueryBundle(QUESTION))] == fused[::-1]


def test_passages_a_postprocessor_leaves_out_follow_in_retrieval_order(seeds_settings: Settings) -> None:
    fused = [p.chunk_id for p in _extractive(seeds_settings).answer(QUESTION).passages]
    engine = _extractive(seeds_settings, Scripted(only=len(fused) - 2))
    passages = engine.search(engine.forms(QUESTION))
    assert [p.chunk_id for p in passages] == [fused[-2], *fused[:-2], fused[-1]]
    assert passages[0].scores["rerank"] == 9.0 and "rerank" not in passages[1].scores


def _tiny_cross_encoder(folder: Path) -> Path:
    """A random-init one-layer BERT cross-encoder with a letter-by-letter WordPiece vocabulary."""
    torch = pytest.importorskip("torch")
    from transformers import BertConfig, BertForSequenceClassification, BertTokenizer

    folder.mkdir()
    letters = string.ascii_lowercase + string.digits
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *letters, *(f"##{c}" for c in letters)]
    (folder / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    torch.manual_seed(0)
    config = BertConfig(
        vocab_size=len(vocab),
        hidden_size=16,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=32,
        num_labels=1,
        initializer_range=0.5,  # scores spread well apart, so their order is not float noise
    )
    BertForSequenceClassification(config).save_pretrained(folder)
    BertTokenizer(str(folder / "vocab.txt")).save_pretrained(folder)
    return folder


def test_the_reranker_setting_loads_a_local_cross_encoder_folder_and_reranks(
    seeds_settings: Settings, tmp_path: Path
) -> None:
    pytest.importorskip("sentence_transformers")
    from sentence_transformers import CrossEncoder

    folder = _tiny_cross_encoder(tmp_path / "cross-encoder")
    plain = _extractive(seeds_settings)
    fused = plain.search(plain.forms(QUESTION))
    engine = _extractive(seeds_settings.model_copy(update={"reranker": str(folder)}))
    assert isinstance(engine.reranker, CrossEncoderRerank)
    passages = engine.search(engine.forms(QUESTION))

    scores = CrossEncoder(str(folder), device="cpu").predict([(QUESTION, p.text) for p in fused])
    expected = [p.chunk_id for _, p in sorted(zip(scores, fused, strict=True), key=lambda sp: -sp[0])]
    assert [p.chunk_id for p in passages] == expected != [p.chunk_id for p in fused]
    by_id = dict(zip([p.chunk_id for p in fused], scores, strict=True))
    assert all(p.scores["rerank"] == pytest.approx(float(by_id[p.chunk_id]), abs=1e-5) for p in passages)


def test_a_missing_reranker_is_refused_with_one_line_naming_the_setting(seeds_store: Path, tmp_path: Path) -> None:
    settings = load_settings(store_dir=seeds_store, reranker=str(tmp_path / "no-such-cross-encoder"))
    with pytest.raises(RerankerError) as err:
        _extractive(settings)
    message = str(err.value)
    assert "no-such-cross-encoder" in message and "ASSISTANT_RERANKER" in message and "\n" not in message
