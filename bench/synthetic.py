"""Synthetic corpora for benchmarks: seed sentences recombined into new articles and chunks."""

from __future__ import annotations

import random
from pathlib import Path

from assistant.ingest.chunking import article_sentences
from assistant.ingest.clean import clean_article

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def seed_sentences() -> list[str]:
    """Every cleaned sentence of the seed articles."""
    out: list[str] = []
    for path in sorted(SEEDS.glob("*.txt")):
        out.extend(s.text for s in article_sentences(clean_article(path.read_text(encoding="utf-8"))))
    return out


def write_articles(folder: Path, n: int, sentences: list[str], rng: random.Random, length: int = 12) -> None:
    """``n`` articles of ``length`` random seed sentences each (one paragraph per two sentences)."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        picked = rng.sample(sentences, min(length, len(sentences)))
        paragraphs = [" ".join(picked[j : j + 2]) for j in range(0, len(picked), 2)]
        (folder / f"synthetic-{i:05d}.txt").write_text(
            f"Artikel sintetis {i}\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8"
        )
