"""Work on one long article grows linearly with its length: decoding, language detection, the matching text,
cleaning, sentence splitting and chunking, at several sizes (no embedding).

    python bench/long_article.py [--sizes 1,4,16] [--one-sentence]

Articles are seed sentences recombined into paragraphs (``--one-sentence``: seed words with no sentence end,
the 1.2 MB single-sentence case). Prints seconds per step and per MB at each size: per-MB figures that stay
flat as the size grows mean linear work.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.ingest.chunking import article_sentences, pack_sentences  # noqa: E402
from assistant.ingest.clean import clean_article  # noqa: E402
from assistant.ingest.decoding import decode_bytes  # noqa: E402
from assistant.language import detect_language  # noqa: E402
from assistant.normalize import matching_text  # noqa: E402
from bench.synthetic import seed_sentences  # noqa: E402

MB = 1_000_000


def article(size: int, one_sentence: bool, rng: random.Random) -> str:
    """About ``size`` characters of article text."""
    sentences = seed_sentences()
    if one_sentence:
        words = " ".join(sentences).replace(".", "").replace("!", "").replace("?", "").split()
        pieces: list[str] = []
        total = 0
        while total < size:
            pieces.append(rng.choice(words))
            total += len(pieces[-1]) + 1
        return "Satu Kalimat\n\n" + " ".join(pieces)
    paragraphs: list[str] = []
    total = 0
    while total < size:
        paragraphs.append(" ".join(rng.sample(sentences, 3)))
        total += len(paragraphs[-1]) + 2
    return "Artikel Panjang\n\n" + "\n\n".join(paragraphs)


def timed(step: Callable[[], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    result = step()
    return result, time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1,4,16", help="article sizes in MB, comma-separated")
    parser.add_argument("--one-sentence", action="store_true", help="no sentence end in the whole article")
    args = parser.parse_args()
    rng = random.Random(0)
    print("| MB | decode | language | matching text | clean | sentences | chunks | total s | s per MB | chunks |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for mb in (float(s) for s in args.sizes.split(",")):
        data = article(int(mb * MB), args.one_sentence, rng).encode("utf-8")
        decoded, t_decode = timed(lambda data=data: decode_bytes(data))
        text = decoded.text
        _, t_language = timed(lambda text=text: detect_language(text))
        matched, t_matching = timed(lambda text=text: matching_text(text))
        cleaned, t_clean = timed(lambda matched=matched: clean_article(matched))
        sentences, t_sentences = timed(lambda cleaned=cleaned: article_sentences(cleaned))
        chunks, t_chunks = timed(lambda sentences=sentences: pack_sentences(sentences, 30, 0))
        total = t_decode + t_language + t_matching + t_clean + t_sentences + t_chunks
        steps = (t_decode, t_language, t_matching, t_clean, t_sentences, t_chunks)
        cells = " | ".join(f"{t:.2f}" for t in steps)
        print(f"| {mb:g} | {cells} | {total:.2f} | {total / mb:.2f} | {len(chunks):,} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
