"""Score article-body extraction on the article-extraction-benchmark pages.

Usage: python bench/extraction.py [--data DIR] [--only NAME ...] [--worst N]

DIR is the benchmark folder holding ``html/<id>.html.gz`` and ``ground-truth.json``; it defaults
to ``shared/data/aeb`` beside the repository. Every method runs on the same pages in one run.
The metric is the benchmark's published one: ``\\w+`` tokens, multisets of 4-token shingles,
per-page precision and recall averaged over pages, F1 of the two means.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bot.core.errors import ExtractionError  # noqa: E402
from bot.extract import ArticleExtractor  # noqa: E402

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "aeb"
_TOKEN = re.compile(r"\w+")
_SHINGLE = 4

Method = Callable[[str], str]


@dataclass(frozen=True, slots=True)
class Score:
    """Per-page counts of shared, predicted-only and true-only shingles."""

    tp: int
    fp: int
    fn: int


@dataclass(frozen=True, slots=True)
class Result:
    """One method's scores over the whole set."""

    name: str
    precision: float
    recall: float
    f1: float
    ms_per_page: float
    pages: dict[str, Score]


def shingles(text: str) -> Counter[tuple[str, ...]]:
    """Return the multiset of 4-token shingles of a text."""
    tokens = _TOKEN.findall(text)
    # A text shorter than one shingle still counts as one (shorter) shingle, as the metric has it.
    count = max(1, len(tokens) - _SHINGLE + 1)
    return Counter(t for t in (tuple(tokens[i : i + _SHINGLE]) for i in range(count)) if t)


def score(predicted: str, truth: str) -> Score:
    """Count the shingles a prediction shares with the truth and those it misses or adds."""
    pred, true = shingles(predicted), shingles(truth)
    tp = sum((pred & true).values())
    return Score(tp=tp, fp=sum(pred.values()) - tp, fn=sum(true.values()) - tp)


def summarise(pages: dict[str, Score]) -> tuple[float, float, float]:
    """Return mean precision, mean recall and the F1 of the two means."""
    precisions: list[float] = []
    recalls: list[float] = []
    for s in pages.values():
        perfect = s.fp == 0 and s.fn == 0
        if s.tp + s.fp > 0:
            precisions.append(1.0 if perfect else s.tp / (s.tp + s.fp))
        if s.tp + s.fn > 0:
            recalls.append(1.0 if perfect else s.tp / (s.tp + s.fn))
    precision = statistics.fmean(precisions) if precisions else 0.0
    recall = statistics.fmean(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def load(data: Path) -> Iterator[tuple[str, str, str]]:
    """Yield (id, html, true body) for each benchmark page."""

    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    for page_id in sorted(truth):
        raw = gzip.decompress((data / "html" / f"{page_id}.html.gz").read_bytes())
        yield page_id, raw.decode("utf-8", errors="replace"), truth[page_id]["articleBody"]


def ours() -> Method:
    extractor = ArticleExtractor()

    def run(html: str) -> str:
        try:
            return extractor.extract(html).text
        except ExtractionError:
            return ""

    return run


def trafilatura_default() -> Method:
    import trafilatura

    return lambda html: trafilatura.extract(html) or ""


def trafilatura_precision() -> Method:
    import trafilatura

    # The benchmark's own trafilatura runner leaves comments out; the 0.964 anchor does too.
    return lambda html: (
        trafilatura.extract(html, favor_precision=True, include_comments=False) or ""
    )


def newspaper4k() -> Method:
    import newspaper

    def run(html: str) -> str:
        # Fetching images would reach for the network to size them; text needs none of it.
        article = newspaper.Article("https://example.invalid/article", fetch_images=False)
        article.download(input_html=html)
        try:
            article.parse()
        except Exception:
            return ""
        return str(article.text or "")

    return run


# Command-line name -> (label in the table, factory).
METHODS: dict[str, tuple[str, Callable[[], Method]]] = {
    "ours": ("ours (bot.extract)", ours),
    "trafilatura": ("trafilatura default", trafilatura_default),
    "trafilatura-precision": ("trafilatura favor_precision", trafilatura_precision),
    "newspaper4k": ("newspaper4k", newspaper4k),
}


def measure(name: str, method: Method, pages: list[tuple[str, str, str]]) -> Result:
    """Run one method over every page, timing the extraction alone."""
    scores: dict[str, Score] = {}
    elapsed = 0.0
    for page_id, html, truth in pages:
        start = time.perf_counter()
        predicted = method(html)
        elapsed += time.perf_counter() - start
        scores[page_id] = score(predicted, truth)
    precision, recall, f1 = summarise(scores)
    return Result(name, precision, recall, f1, 1000 * elapsed / len(pages), scores)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="benchmark folder")
    parser.add_argument("--only", nargs="*", choices=sorted(METHODS), help="methods to run")
    parser.add_argument("--worst", type=int, default=0, help="list our N lowest-F1 pages")
    args = parser.parse_args(argv)

    pages = list(load(args.data))
    names = args.only or list(METHODS)
    results = []
    for name in names:
        label, factory = METHODS[name]
        method = factory()
        method(pages[0][1])  # warm caches and lazy imports outside the timing
        results.append(measure(label, method, pages))

    print(f"article-extraction-benchmark: {len(pages)} pages")
    print(f"{'method':<30} {'precision':>9} {'recall':>9} {'F1':>7} {'ms/page':>9}")
    for r in results:
        print(
            f"{r.name:<30} {r.precision:>9.4f} {r.recall:>9.4f} {r.f1:>7.4f} {r.ms_per_page:>9.1f}"
        )
    print(
        "anchors: trafilatura 2.3.1 default 0.953, favor_precision without comments 0.964, "
        "readability-lxml 0.955; target 0.975"
    )

    if args.worst and results:
        first = results[0]
        rows = []
        for page_id, s in first.pages.items():
            p = s.tp / (s.tp + s.fp) if s.tp + s.fp else 0.0
            rc = s.tp / (s.tp + s.fn) if s.tp + s.fn else 0.0
            rows.append((2 * p * rc / (p + rc) if p + rc else 0.0, p, rc, page_id))
        print(f"\nlowest-F1 pages for {first.name}:")
        for f, p, rc, page_id in sorted(rows)[: args.worst]:
            print(f"  {f:.3f}  P {p:.3f}  R {rc:.3f}  {page_id}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
