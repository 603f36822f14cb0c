"""BM25 retrieval: our standard-library inverted index (runa.knowledge.logic.bm25) against rank_bm25, in one run.

For a product with 1k, 10k and 50k chunks of ~170 words (the chunker's 1200 characters) of synthetic English-like
text (fixed seed): 45% of the words are stop words, the rest follow a Zipf law over a 30k-word vocabulary, offset
by 100 ranks so the most common content word is in ~15% of chunks, as "account" is in a help centre; questions mix
the same way. It prints: index build time, query latency (median,
p99) over the same queries of 2-6 words, top-4 each, peak memory while building (tracemalloc, measured in a
separate build so it does not slow the timed one), and the ratios rank_bm25 / ours.
Run: python -m devtools.bench knowledge_bm25
"""

from __future__ import annotations

import gc
import heapq
import random
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "layers" / "shared") not in sys.path:  # `make bench` runs from the repo root without the layer
    sys.path.insert(0, str(ROOT / "layers" / "shared"))

from rank_bm25 import BM25Okapi  # noqa: E402

from runa.knowledge.logic.bm25 import STOP_WORDS, BM25Index, tokenize  # noqa: E402

SIZES = (1_000, 10_000, 50_000)
VOCABULARY = 30_000
WORDS_PER_CHUNK = 170
QUERIES = 300
# rank_bm25 scores every document per query: fewer queries on big corpora keep the run short.
BASELINE_QUERIES = {1_000: 300, 10_000: 100, 50_000: 30}
SEED = 20261123
STOP_SHARE = 0.45
ZIPF_OFFSET = 100


def _vocabulary(rng: random.Random) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    words: set[str] = set()
    while len(words) < VOCABULARY:
        words.add("".join(rng.choice(letters) for _ in range(rng.randint(3, 10))))
    return sorted(words)


class _Text:
    """English-like word draws: stop words at their share, content words by an offset Zipf law."""

    def __init__(self, rng: random.Random, words: list[str]) -> None:
        self.rng = rng
        self.words = words
        self.stop = sorted(STOP_WORDS)
        total = 0.0
        self.cumulative: list[float] = []
        for rank in range(len(words)):
            total += 1 / (rank + 1 + ZIPF_OFFSET)
            self.cumulative.append(total)

    def draw(self, count: int) -> str:
        stops = sum(1 for _ in range(count) if self.rng.random() < STOP_SHARE)
        chosen = self.rng.choices(self.stop, k=stops) + self.rng.choices(
            self.words, cum_weights=self.cumulative, k=count - stops
        )
        self.rng.shuffle(chosen)
        return " ".join(chosen)


def _timed(function: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    result = function()
    return result, time.perf_counter() - start


def _latencies(function: Callable[[str], Any], queries: list[str]) -> list[float]:
    times = []
    for query in queries:
        start = time.perf_counter()
        function(query)
        times.append(time.perf_counter() - start)
    return times


def _p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[98] if len(values) > 1 else values[0]


def _peak_bytes(build: Callable[[], Any]) -> int:
    gc.collect()
    tracemalloc.start()
    kept = build()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del kept
    return peak


def _baseline_model(texts: list[str]) -> BM25Okapi:
    return BM25Okapi([tokenize(text) for text in texts])


def _our_top(index: BM25Index[int], query: str) -> list[tuple[int, float]]:
    return index.search(query, 4)


def _baseline_top(model: BM25Okapi, query: str, limit: int = 4) -> list[int]:
    scores = model.get_scores(tokenize(query))
    return heapq.nlargest(limit, range(len(scores)), key=scores.__getitem__)


def main() -> None:
    rng = random.Random(SEED)  # noqa: S311 - reproducible synthetic text, not security
    text = _Text(rng, _vocabulary(rng))
    queries = [text.draw(rng.randint(2, 6)) for _ in range(QUERIES)]
    print(f"{WORDS_PER_CHUNK} words a chunk, {VOCABULARY} word vocabulary, {QUERIES} queries of 2-6 words, top 4")
    header = f"{'chunks':>7} {'engine':<10} {'build s':>8} {'median ms':>10} {'p99 ms':>8} {'peak MB':>8}"
    print(header)
    print("-" * len(header))
    for size in SIZES:
        texts = [text.draw(WORDS_PER_CHUNK) for _ in range(size)]
        ids = list(range(size))
        build_ours = partial(BM25Index, ids, texts)
        build_baseline = partial(_baseline_model, texts)
        index, ours_build_s = _timed(build_ours)
        ours = _latencies(partial(_our_top, index), queries)
        del index
        peak_ours = _peak_bytes(build_ours)
        model, base_build_s = _timed(build_baseline)
        base = _latencies(partial(_baseline_top, model), queries[: BASELINE_QUERIES[size]])
        del model
        peak_base = _peak_bytes(build_baseline)
        gc.collect()

        rows = [
            ("ours", ours_build_s, ours, peak_ours),
            ("rank_bm25", base_build_s, base, peak_base),
        ]
        for name, build, latencies, peak in rows:
            median_ms, p99_ms = statistics.median(latencies) * 1000, _p99(latencies) * 1000
            print(f"{size:>7} {name:<10} {build:>8.3f} {median_ms:>10.3f} {p99_ms:>8.3f} {peak / 1e6:>8.1f}")
        print(
            f"{'':>7} {'ratio':<10} {base_build_s / ours_build_s:>7.2f}x "
            f"{statistics.median(base) / statistics.median(ours):>9.1f}x "
            f"{_p99(base) / _p99(ours):>7.1f}x {peak_base / peak_ours:>7.2f}x   (rank_bm25 / ours)"
        )


if __name__ == "__main__":
    main()
