"""Synthetic corpora for benchmarks: real sentences (the seeds, and bench/corpora/topics_tune's articles when
they are there) recombined into new articles and chunk-sized texts."""

from __future__ import annotations

import random
from pathlib import Path

from assistant.ingest.chunking import article_sentences
from assistant.ingest.clean import clean_article

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
TOPICS_TUNE = ROOT / "bench" / "corpora" / "topics_tune" / "articles"
OUTLETS = [
    "KABARNUSA.COM", "SUARAPAGI.ID", "KORANMERDEKA.COM", "BaperaNews", "RADARCIREBON.TV", "PERSPEKTIF.CO.ID",
    "KABARDUNIA.ID", "Harian Timur", "Warta Kota Baru", "Lintas Berita", "Metro Pagi", "Suara Rakyat",
    "Jurnal Nusantara", "Kabar Sore", "Detik Pagi", "Radar Selatan", "Pos Utara", "Berita Satu Hari",
    "Koran Barat", "Tribun Tengah",
]  # fmt: skip
"""Outlet names the synthetic articles are credited to (some often, most rarely)."""


def sentences_of(folder: Path) -> list[str]:
    """Every cleaned sentence of the ``.txt`` articles in ``folder``."""
    out: list[str] = []
    for path in sorted(folder.glob("*.txt")):
        out.extend(s.text for s in article_sentences(clean_article(path.read_text(encoding="utf-8"))))
    return out


def seed_sentences() -> list[str]:
    """Every cleaned sentence of the seed articles."""
    return sentences_of(SEEDS)


def corpus_sentences(topics: Path = TOPICS_TUNE) -> list[str]:
    """The seeds' sentences and those of the tuning corpus on other topics (when it is there), each once."""
    found = seed_sentences() + (sentences_of(topics) if topics.is_dir() else [])
    return list(dict.fromkeys(s for s in found if len(s.split()) >= 4))


def outlet(rng: random.Random) -> str:
    """An outlet, the first ones far more often than the last (as in a real archive)."""
    return OUTLETS[min(int(rng.paretovariate(1.2)) - 1, len(OUTLETS) - 1)]


def write_articles(
    folder: Path, n: int, sentences: list[str], rng: random.Random, length: int = 12, dated: bool = False
) -> None:
    """``n`` articles of ``length`` random sentences each (one paragraph per two sentences), in folders of 1000
    when there are many; ``dated``: each starts with a dateline naming an outlet."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        picked = rng.sample(sentences, min(length, len(sentences)))
        paragraphs = [" ".join(picked[j : j + 2]) for j in range(0, len(picked), 2)]
        if dated:
            paragraphs[0] = f"Jakarta, {outlet(rng)} - {paragraphs[0]}"
        path = folder / f"{i // 1000:03d}" / f"synthetic-{i:06d}.txt" if n > 2000 else folder / f"synthetic-{i:05d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"Artikel sintetis {i}\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")


def recombined(rng: random.Random, sentences: list[str], low: int = 2, high: int = 5) -> str:
    """A chunk-sized text of ``low``..``high`` random sentences."""
    return " ".join(rng.sample(sentences, rng.randint(low, high)))
