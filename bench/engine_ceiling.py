"""The engine measured apart from the model (issue 16): what a perfect model (``scripted-honest``) and a fluent
liar (``scripted-liar``) get through the engine, beside the extractive backend (no model).

    python bench/engine_ceiling.py                           # the tuning sets
    python bench/engine_ceiling.py --corpus topics_tune      # one corpus: seeds, or a folder of bench/corpora
    python bench/engine_ceiling.py --corpus seeds --set dev  # some of its sets
    python bench/engine_ceiling.py --heldout                 # the held-out sets too (figures only)
    python bench/engine_ceiling.py --json                    # the figures as JSON, for CI gating
    python bench/engine_ceiling.py --out DIR                 # keep the answers, e.g. to gate one set:
        assistant eval QUESTIONS --answers DIR/CORPUS-SET-liar.jsonl --max lies_shown=5

Each corpus is ingested into a temporary store; each scripted model is served by the loopback Ollama-protocol
server (``python -m assistant.testing.ollama_server --script honest|liar --questions FILE`` serves one by
hand); the questions go through `assistant batch --backend ollama` and are scored by `assistant eval`
(``assistant/testing/ceiling.py``). Corpora: ``seeds`` (the seed articles with dev, tune, types,
readers_tune and conversations_tune) and every ``bench/corpora/NAME`` (its ``articles/``, with the seeds
as well when its questions cite a seed article or when it has no articles, and its ``questions*.jsonl``). Names containing "heldout"
are held out: only with ``--heldout``, and only their figures are printed.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.evaluation import MetricValue, summarize  # noqa: E402
from assistant.evaluation.outcomes import WRONG_KINDS  # noqa: E402
from assistant.evaluation.report import format_value  # noqa: E402
from assistant.jsonl import load_jsonl  # noqa: E402
from assistant.testing.ceiling import MODELS, Corpus, QuestionSet, Row, run_corpus  # noqa: E402

SEED_SETS: dict[str, str] = {
    "dev": "tests/answers/dev.jsonl",
    "tune": "bench/questions/tune.jsonl",
    "types": "bench/questions/types.jsonl",
    "readers_tune": "bench/questions/readers_tune.jsonl",
    "conversations_tune": "bench/questions/conversations_tune.jsonl",
}
"""The question sets over the seed articles, by their path in the data root."""
COLUMNS: tuple[tuple[str, str], ...] = (
    ("facts", "fact_recall"),
    ("accepted_right", "accepted_right"),
    ("replaced_by_quote", "replaced_by_quote"),
    ("refused_answerable", "refused_answerable"),
    ("refused_before_model", "refused_before_model"),
    ("lies_shown", "lies_shown"),
    *((kind, f"lies_shown_{kind.replace('-', '_')}") for kind in WRONG_KINDS),
    ("lies_flagged", "lies_flagged"),
    ("lies_blocked", "lies_blocked"),
    ("right_flagged", "right_flagged"),
)


def is_heldout(path: Path) -> bool:
    return "heldout" in path.name


def seeds_corpus(data: Path, heldout: bool, names: list[str] | None = None) -> Corpus:
    """The seed articles with the seed question sets that exist (and the held-out ones when asked)."""
    sets = [QuestionSet(name, data / path) for name, path in SEED_SETS.items() if (data / path).is_file()]
    if heldout:
        found = sorted((data / "bench/questions").glob("*heldout*.jsonl"))
        sets += [QuestionSet(p.stem, p, heldout=True) for p in found]
    if names:
        sets = [s for s in sets if s.name in names]
    return Corpus("seeds", (data / "seeds",), tuple(sets))


def folder_corpus(folder: Path, seeds: Path, names: list[str] | None = None) -> Corpus:
    """A bench/corpora folder: its articles (with the seeds, when its questions cite a seed article), or the
    seeds alone when it has no articles folder."""
    files = sorted(folder.glob("questions*.jsonl"))
    heldout = is_heldout(folder)
    sets = [QuestionSet(folder.name + p.stem.removeprefix("questions"), p, heldout or is_heldout(p)) for p in files]
    if names:
        sets = [s for s in sets if s.name in names]
    articles = folder / "articles"
    if not articles.is_dir():
        return Corpus(folder.name, (seeds,), tuple(sets))
    seed_names = {p.name for p in seeds.iterdir()}
    cited = {Path(str(g)).name for s in sets for q in load_jsonl(s.path) for g in q.get("gold_sources") or []}
    return Corpus(folder.name, (seeds, articles) if cited & seed_names else (articles,), tuple(sets))


def choose_corpora(data: Path, names: list[str], heldout: bool, sets: list[str] | None) -> list[Corpus]:
    """The corpora asked for (default: seeds and every bench/corpora folder, held-out ones with --heldout)."""
    root = data / "bench" / "corpora"
    found = sorted(root.iterdir()) if root.is_dir() else []
    folders = {p.name: p for p in found if (p / "articles").is_dir() or any(p.glob("questions*.jsonl"))}
    wanted = names or ["seeds", *(n for n in folders if heldout or "heldout" not in n)]
    corpora = []
    for name in wanted:
        if name == "seeds":
            corpora.append(seeds_corpus(data, heldout, sets))
        elif name in folders:
            corpora.append(folder_corpus(folders[name], data / "seeds", sets))
        else:
            raise SystemExit(f"error: no corpus {name!r}: choose seeds or one of {', '.join(folders) or '(none)'}")
    for corpus in corpora:
        if not corpus.sets:
            print(f"note: {corpus.name}: no question set to ask, skipped", file=sys.stderr)
    return [c for c in corpora if c.sets]


def cell(name: str, value: MetricValue) -> str:
    if value.value is None:
        return "–"
    if name in ("fact_recall", "right_flagged"):  # shares of answers, shown as counts
        return f"{round(value.value * value.n)}/{value.n}"
    return format_value(name, value)


def table(labelled: list[tuple[str, str, dict[str, MetricValue], str]]) -> list[str]:
    """A Markdown table: one row per (set, model), its metrics, then a note (unmatched, errors)."""
    lines = ["| set | model | " + " | ".join(label for label, _ in COLUMNS) + " | notes |"]
    lines.append("|---|---|" + "---:|" * len(COLUMNS) + "---|")
    for set_name, model, metrics, note in labelled:
        cells = [cell(name, metrics[name]) for _, name in COLUMNS]
        lines.append(f"| {set_name} | {model} | " + " | ".join(cells) + f" | {note} |")
    return lines


def model_label(model: str) -> str:
    return model if model == "extractive" else f"scripted-{model}"


def note(row: Row) -> str:
    parts = [f"{row.errors} errors"] if row.errors else []
    if row.unmatched:
        parts.append(f"{len(row.unmatched)} prompts matched no question")
    return "; ".join(parts)


def totals(rows: list[Row], heldout: bool) -> list[tuple[str, str, dict[str, MetricValue], str]]:
    """Per model, the metrics over every question of the tuning (or held-out) rows together."""
    out = []
    for model in dict.fromkeys(r.model for r in rows):
        chosen = [r for r in rows if r.model == model and r.set.heldout == heldout]
        if chosen:
            results = [q for r in chosen for q in r.evaluation.results]
            label = f"**all {'held-out' if heldout else 'tuning'}**"
            out.append((label, model_label(model), summarize(results), ""))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", action="append", default=[], help="seeds or a bench/corpora folder (repeatable)")
    parser.add_argument("--set", action="append", dest="sets", help="only these sets (e.g. dev, topics_tune)")
    parser.add_argument("--model", action="append", dest="models", choices=MODELS, help="default: all three")
    parser.add_argument("--heldout", action="store_true", help="also the held-out sets (figures only)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--details", action="store_true", help="print each tuning question's problems")
    parser.add_argument("--out", type=Path, help="keep the stores and answers in this folder")
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument(
        "--data", type=Path, default=ROOT, help="the checkout whose seeds, bench/ and tests/answers/ to read"
    )
    args = parser.parse_args()
    corpora = choose_corpora(args.data.resolve(), args.corpus, args.heldout, args.sets)
    models = args.models or list(MODELS)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="engine-ceiling-") as tmp:
        workdir = args.out or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        for corpus in corpora:
            print(f"{corpus.name}: {', '.join(s.name for s in corpus.sets)} ...", file=sys.stderr, flush=True)
            rows += run_corpus(corpus, workdir, models, args.concurrency)
    if args.json:
        summary = [{"set": s, "model": m, "metrics": {k: asdict(v) for k, v in mv.items()}} for s, m, mv, _ in
                   totals(rows, False) + totals(rows, True)]  # fmt: skip
        print(json.dumps({"rows": [r.to_json() for r in rows], "totals": summary}, indent=1))
        return 0
    labelled = [(f"{r.corpus}/{r.set.name}", model_label(r.model), r.evaluation.metrics, note(r)) for r in rows]
    print("\n".join(table(labelled + totals(rows, False) + totals(rows, True))))
    if args.details:
        for r in rows:
            if r.set.heldout:
                continue
            for question in r.unmatched:
                print(f"  {r.set.name} {r.model}: prompt matched no question: {question}")
            for result in r.evaluation.results:
                if result.problems:
                    print(f"  {r.set.name} {r.model} {result.id}: {'; '.join(result.problems)[:240]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
