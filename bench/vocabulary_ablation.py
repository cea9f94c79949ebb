"""What each word list of assistant/vocabulary.py buys: extractive facts (no model) with the list emptied, on
tuning and on held-out question sets, beside the full vocabulary.

    python bench/vocabulary_ablation.py                  # every list, tuning and held-out sets
    python bench/vocabulary_ablation.py --lists glossary roles

A list is emptied everywhere it is used, in this process (the module attribute, every module that
imported the object, and the caches built from it), so the engine runs as if it had never had it. Held-out
sets are only scored: nothing here is used to change a list.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.answering.build import build_engine  # noqa: E402
from assistant.evaluation.matching import all_facts  # noqa: E402
from assistant.ingest.sync import ingest  # noqa: E402
from assistant.llms import make_backend  # noqa: E402
from assistant.settings import load_settings  # noqa: E402

SETS: dict[str, tuple[Path, list[Path]]] = {
    "seeds (tuning)": (ROOT / "seeds", [ROOT / f for f in ("tests/answers/dev.jsonl", "bench/questions/tune.jsonl",
                                                          "bench/questions/types.jsonl", "bench/questions/readers_tune.jsonl")]),
    "topics_tune (tuning)": (ROOT / "bench/corpora/topics_tune/articles", [ROOT / "bench/corpora/topics_tune/questions.jsonl"]),
    "seeds (held out)": (ROOT / "seeds", [ROOT / "bench/questions/heldout.jsonl", ROOT / "bench/questions/readers_heldout.jsonl"]),
    "topics_heldout (held out)": (ROOT / "bench/corpora/topics_heldout/articles",
                                  [ROOT / "bench/corpora/topics_heldout/questions.jsonl"]),
}  # fmt: skip
LISTS: dict[str, tuple[str, ...]] = {
    "glossary": ("glossary",),
    "aliases": ("ALIASES",),
    "negations": ("NEGATIONS", "NOT_NEGATING"),
    "roles": ("ROLE_WORDS", "ROLE_HEADS"),
    "places and organisations": ("PLACE_WORDS", "ORG_WORDS", "PLACE_PREPOSITIONS"),
    "question nouns": ("NOUN_TYPES", "GENERIC_NOUNS"),
}
"""Each ablation: the vocabulary attributes it empties."""


def _empty(value: Any) -> Any:
    if callable(value):  # the glossary: a loader
        return lambda: {}
    return type(value)() if not isinstance(value, str) else ""


@contextmanager
def emptied(names: tuple[str, ...]) -> Iterator[None]:
    """The vocabulary attributes ``names`` emptied in every loaded module that holds them (and the derived
    tables: glosses, noun types), restored afterwards."""
    from assistant import lexical, vocabulary
    from assistant.answering import candidates, conflicts, question
    from assistant.verification import negation

    saved: list[tuple[Any, str, Any]] = []
    loaded = [m for m in list(sys.modules.values()) if getattr(m, "__name__", "").startswith("assistant")]

    def swap(module: Any, attr: str, value: Any) -> None:
        saved.append((module, attr, getattr(module, attr)))
        setattr(module, attr, value)

    def swap_everywhere(original: Any, replacement: Any) -> None:
        for module in loaded:
            for attr, value in list(vars(module).items()):
                if value is original:
                    swap(module, attr, replacement)

    # the tables built from a list when their module was imported, computed from the lists before they go
    generic = conflicts.GENERIC_NAME_WORDS - vocabulary.PLACE_WORDS - vocabulary.ORG_WORDS
    place_tokens = candidates.place_tokens
    for name in names:
        original = getattr(vocabulary, name)
        swap_everywhere(original, _empty(original))
    if "NOUN_TYPES" in names:
        swap(question, "NOUN_TYPE", {})
    if "NOT_NEGATING" in names:
        swap(negation, "_NOT_NEGATING", re.compile(r"(?!)"))  # matches nothing
    if "PLACE_WORDS" in names:
        swap(conflicts, "GENERIC_NAME_WORDS", generic)
    if "PLACE_PREPOSITIONS" in names:  # a pattern of no prepositions would take every capitalised word for a place
        swap_everywhere(place_tokens, lambda texts: frozenset())
    lexical._gloss_table.cache_clear()
    if "glossary" in names:
        swap(conflicts, "GLOSSES", {})
    try:
        yield
    finally:
        for module, attr, value in reversed(saved):
            setattr(module, attr, value)
        lexical._gloss_table.cache_clear()


def facts(engines: dict[str, Any], questions: dict[str, list[dict[str, Any]]]) -> dict[str, tuple[int, int]]:
    """Per set: (answerable questions whose extractive answer holds every fact, answerable questions)."""
    out = {}
    for name, qs in questions.items():
        engine = engines[name]
        answerable = [q for q in qs if q.get("answerable", True) and q.get("facts")]
        right = sum(1 for q in answerable if all_facts(engine.answer(q["question"]).answer, q["facts"]))
        out[name] = (right, len(answerable))
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lists", nargs="*", default=list(LISTS), choices=list(LISTS))
    args = parser.parse_args()
    questions = {name: [json.loads(line) for f in files for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
                 for name, (_, files) in SETS.items()}  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        engines: dict[str, Any] = {}
        built: dict[Path, Any] = {}
        for name, (articles, _) in SETS.items():
            if articles not in built:
                settings = load_settings(
                    store_dir=Path(tmp) / str(len(built)), seeds_dir=articles, backend="extractive"
                )
                ingest(settings)
                built[articles] = build_engine(settings, backend=make_backend(settings, "extractive"))
            engines[name] = built[articles]
        runs: list[tuple[str, Callable[[], Any]]] = [("full vocabulary", lambda: emptied(()))]
        runs += [(f"without {k}", lambda k=k: emptied(LISTS[k])) for k in args.lists]
        rows = []
        for label, context in runs:
            with context():  # the engines' caches hold vectors only, which no list changes
                rows.append((label, facts(engines, questions)))
                print(label, rows[-1][1], flush=True)
    names = list(SETS)
    print("| vocabulary | " + " | ".join(names) + " |")
    print("|---" * (len(names) + 1) + "|")
    base = rows[0][1]
    for label, result in rows:
        cells = []
        for n in names:
            right, total = result[n]
            delta = right - base[n][0]
            cells.append(f"{right}/{total}" + (f" ({delta:+d})" if label != rows[0][0] else ""))
        print(f"| {label} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
