"""Build the labelled calibration examples from the TUNING question sets, then fit the bundled embedder's
calibration (assistant/answering/calibrate.py says what each is for).

    python bench/calibrate.py            # writes assistant/calibration_data/examples.jsonl.gz and the e5 fit
    python bench/calibrate.py --reuse --only support,words   # refit some checks on the examples already written

Held-out files (any name holding "heldout") are never read. Examples:

* evidence: each question (and an English question once more with its gold translation) retrieved over its
  corpus; every sentence of the passages read, labelled by whether it holds one of the gold evidence texts;
* support: each gold answer sentence against the article sentences around its evidence (yes); an invented
  wrong answer, and gold answers of other questions about the same article, against them (no); and the
  content cases of the calibration split of tests/unit/support_cases.jsonl (paraphrases yes; other
  passage, memory, wrong fact, addition no: wrong numbers, names, roles and negations are rules, not learned);
* answers: each question with its gold answer (yes), its off-topic wrong answer and other questions' gold
  answers (no), each citing the passages it is true in, as a model that answers the wrong thing cites them,
  and the calibration split of tests/unit/answer_check_cases.jsonl.
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import json
import random
import re
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.answering.calibrate import DATA_PACKAGE, EXAMPLES_FILE, Calibrations, fit_calibrations, slug  # noqa: E402
from assistant.answering.search import search_forms  # noqa: E402
from assistant.answering.sentences import passage_sentences  # noqa: E402
from assistant.ingest.sync import ingest  # noqa: E402
from assistant.retrieval import Searcher  # noqa: E402
from assistant.settings import DEFAULT_EMBED_MODEL, load_settings  # noqa: E402

CORPORA: dict[str, tuple[Path, list[Path]]] = {
    "seeds": (
        ROOT / "seeds",
        [
            ROOT / "tests/answers/dev.jsonl",
            ROOT / "bench/questions/tune.jsonl",
            ROOT / "bench/questions/types.jsonl",
            ROOT / "bench/questions/readers_tune.jsonl",
            ROOT / "bench/questions/conversations_tune.jsonl",
            ROOT / "bench/corpora/news_tune/questions.jsonl",
        ],
    ),
    "topics_tune": (ROOT / "bench/corpora/topics_tune/articles", [ROOT / "bench/corpora/topics_tune/questions.jsonl"]),
}
READ_PASSAGES = 8
TAG = re.compile(r"\s*\[(?:e|w)?\d+\]")
OUT_DIR = ROOT / DATA_PACKAGE.replace(".", "/")


def norm(text: str) -> str:
    return " ".join(text.split()).lower()


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    if "heldout" in path.name:
        raise SystemExit(f"{path}: held-out data is never used for calibration")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def answer_sentences(answer: str) -> list[tuple[str, list[str]]]:
    """(sentence without tags, its tags) of a tagged gold or wrong answer."""
    out = []
    for piece in re.split(r"(?<=[.!?])\s+(?=[A-Z0-9\"“])", answer.strip()):
        tags = re.findall(r"\[((?:e|w)?\d+)\]", piece)
        text = TAG.sub("", piece).strip()
        if text:
            out.append((text, tags))
    return out


def window(article: str, needle: str) -> str | None:
    """The sentence of the article holding ``needle``, with the sentences before and after it."""
    sentences = [s for para in article.splitlines() for s in passage_sentences(para)]
    for i, s in enumerate(sentences):
        if norm(needle) in norm(s):
            return " ".join(sentences[max(0, i - 1) : i + 2])
    return None


def cited_passages(q: dict[str, Any], tags: Iterable[str], texts: dict[str, str]) -> list[str]:
    out: list[str] = []
    for tag in tags:
        pool = q.get("wrong_evidence", []) if tag.startswith("w") else q.get("evidence", [])
        index = int(tag.lstrip("ew"))
        if index >= len(pool):
            continue
        for source in q.get("gold_sources", []):
            found = window(texts.get(source, ""), pool[index])
            if found and found not in out:
                out.append(found)
                break
    return out


def questions_of(files: list[Path]) -> list[dict[str, Any]]:
    out = []
    for path in files:
        for q in read_jsonl(path):
            q = dict(q)
            if q.get("standalone"):
                q["question"] = q["standalone"]
            out.append(q)
    return out


def collect(rng: random.Random, retrieval: bool = True) -> list[dict[str, Any]]:
    """Every example; ``retrieval=False`` leaves out the evidence ones (they need an index)."""
    rows: list[dict[str, Any]] = []
    for name, (articles, files) in CORPORA.items():
        texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(articles.iterdir()) if p.suffix == ".txt"}
        questions = questions_of(files)
        rows += support_and_answer_rows(name, questions, texts, rng)
        if not retrieval:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            settings = load_settings(store_dir=Path(tmp) / "store", seeds_dir=articles, backend="extractive")
            ingest(settings)
            searcher = Searcher(settings)
            for q in questions:
                forms_list = [[q["question"]]]
                if q.get("lang") == "en" and q.get("translation"):
                    forms_list.append([q["question"], q["translation"]])
                for forms in forms_list:
                    passages = search_forms(searcher, forms, READ_PASSAGES)
                    needles = [norm(e) for e in q.get("evidence", [])] if q.get("answerable", True) else []
                    sentences = [s for p in passages for s in passage_sentences(p.text)]
                    positive = [s for s in sentences if any(n in norm(s) for n in needles)]
                    rows.append({
                        "kind": "evidence", "corpus": name, "id": q["id"], "forms": forms,
                        "passages": [p.text for p in passages],
                        "contexts": [searcher.surroundings(p) for p in passages], "positive": positive,
                    })  # fmt: skip
    rows += labelled_cases()
    return rows


def support_and_answer_rows(
    corpus: str, questions: list[dict[str, Any]], texts: dict[str, str], rng: random.Random
) -> list[dict[str, Any]]:
    """The support and answer examples of a corpus's questions; an answer example names its question
    (``corpus``, ``id``), so that its evidence is ranked over what retrieval found for it, as in the engine."""
    rows: list[dict[str, Any]] = []
    answerable = [q for q in questions if q.get("answerable", True) and q.get("gold_answer") not in (None, "NO_ANSWER")]
    for q in answerable:
        gold = answer_sentences(q["gold_answer"])
        gold_text = " ".join(s for s, _ in gold)
        cited_all: list[str] = []
        for sentence, tags in gold:
            passages = cited_passages(q, tags, texts)
            if passages:
                rows.append({"kind": "support", "claim": sentence, "passages": passages, "label": True})
                cited_all += [p for p in passages if p not in cited_all]
        if not cited_all:
            continue
        rows.append(
            {
                "kind": "answers",
                "question": q["question"],
                "answer": gold_text,
                "passages": cited_all,
                "label": True,
                "corpus": corpus,
                "id": q["id"],
            }
        )
        if q.get("wrong_kind") == "invented":
            for sentence, _ in answer_sentences(q["wrong_answer"]):
                rows.append({"kind": "support", "claim": sentence, "passages": cited_all, "label": False})
        if q.get("wrong_kind") == "off-topic":  # true and cited where it is true, but not an answer
            parts = answer_sentences(q["wrong_answer"])
            wrong = " ".join(s for s, _ in parts)
            where = cited_passages(q, [t for _, tags in parts for t in tags], texts)
            rows.append({"kind": "answers", "question": q["question"], "answer": wrong,
                         "passages": where or cited_all, "label": False, "corpus": corpus, "id": q["id"]})  # fmt: skip
        same_article = [o for o in answerable if o is not q and set(o["gold_sources"]) & set(q["gold_sources"])
                        and o.get("lang") == q.get("lang")]  # fmt: skip
        for other in rng.sample(same_article, min(2, len(same_article))):
            other_text = " ".join(s for s, _ in answer_sentences(other["gold_answer"]))
            facts = [a for group in q.get("facts", []) for a in group]
            if any(re.search(rf"(?<!\w){re.escape(f.lower())}(?!\w)", other_text.lower()) for f in facts):
                continue  # it answers this question too
            other_cited = [
                p for s_, tags in answer_sentences(other["gold_answer"]) for p in cited_passages(other, tags, texts)
            ]
            rows.append({"kind": "answers", "question": q["question"], "answer": other_text,
                         "passages": other_cited or cited_all, "label": False, "corpus": corpus, "id": q["id"]})  # fmt: skip
            if not any(norm(e) in norm(" ".join(cited_all)) for e in other.get("evidence", [])):
                for sentence, _ in answer_sentences(other["gold_answer"]):
                    rows.append({"kind": "support", "claim": sentence, "passages": cited_all, "label": False})
    return rows


def labelled_cases() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    data = read_jsonl(ROOT / "tests/unit/support_cases.jsonl")
    passages = {r["passage"]: r["text"] for r in data if "passage" in r}
    content = {
        "paraphrase": True,
        "multi": True,
        "other_passage": False,
        "memory": False,
        "wrong_fact": False,
        "addition": False,
    }
    for r in data:  # only the calibration split: the others stay tests (tests/unit/test_verification.py)
        if r.get("kind") in content and r.get("split") == "calibration":
            rows.append(
                {
                    "kind": "support",
                    "claim": r["claim"],
                    "passages": [passages[p] for p in r["passages"]],
                    "label": content[r["kind"]],
                }
            )
    data = read_jsonl(ROOT / "tests/unit/answer_check_cases.jsonl")
    for r in data:
        if "question" in r and r.get("split") == "calibration":
            rows.append({"kind": "answers", "question": r["question"], "answer": r["answer"],
                         "passages": [passages.get(p, p) for p in r["passages"]], "label": bool(r["answers"])})  # fmt: skip
    return rows


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reuse", action="store_true", help="fit on the examples already written")
    parser.add_argument(
        "--pairs", action="store_true", help="rebuild the support and answer examples, keep the evidence ones"
    )
    parser.add_argument("--only", default="", help="refit only these checks (comma-separated), keep the others")
    parser.add_argument(
        "--gate",
        type=float,
        default=None,
        help="set the evidence gate's threshold (chosen on the extractive tuning runs, bench/RESULTS.md)",
    )
    args = parser.parse_args()
    path = OUT_DIR / EXAMPLES_FILE
    if args.reuse or args.pairs:
        rows = [json.loads(line) for line in gzip.decompress(path.read_bytes()).decode().splitlines()]
        if args.pairs:
            rows = [r for r in rows if r["kind"] == "evidence"] + collect(random.Random(0), retrieval=False)
            path.write_bytes(
                gzip.compress("\n".join(json.dumps(r, ensure_ascii=False) for r in rows).encode(), mtime=0)
            )
    else:
        rows = collect(random.Random(0))
        OUT_DIR.mkdir(exist_ok=True)
        path.write_bytes(gzip.compress("\n".join(json.dumps(r, ensure_ascii=False) for r in rows).encode(), mtime=0))
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["kind"]] = counts.get(r["kind"], 0) + 1
    print(f"{len(rows)} examples: {counts}")
    from assistant.embeddings import make_embedder

    out = OUT_DIR / f"{slug(DEFAULT_EMBED_MODEL)}.json"
    only = frozenset(k for k in args.only.split(",") if k) or frozenset({"evidence", "support", "answers", "words"})
    base = Calibrations.from_json(json.loads(out.read_text(encoding="utf-8"))) if out.is_file() else None
    embedder = make_embedder(DEFAULT_EMBED_MODEL)
    fitted = fit_calibrations(DEFAULT_EMBED_MODEL, embedder, rows, progress=print, only=only, base=base)
    if args.gate is not None:
        info = {**fitted.evidence.info, "fitted_threshold": fitted.evidence.threshold, "threshold_from": "--gate"}
        gate = dataclasses.replace(fitted.evidence, threshold=args.gate, info=info)
        fitted = dataclasses.replace(fitted, evidence=gate)
    out.write_text(json.dumps(fitted.to_json(), indent=1) + "\n", encoding="utf-8")
    for name in ("evidence", "support", "answers"):
        c = getattr(fitted, name)
        print(
            f"{name}: threshold {c.threshold:.2f}, {c.info}, weights {dict(zip(c.features, (round(w, 2) for w in c.weights), strict=True))}"
        )
    print(f"word_similarity: {fitted.word_similarity:.3f}")
    print(f"wrote {path.relative_to(ROOT)} and {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
