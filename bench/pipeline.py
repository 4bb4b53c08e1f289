"""Time the whole article pipeline (extract, summarise, facts) at 1k, 5k and 20k words.

    python bench/pipeline.py [--data ../shared/data/summaries/cnndm-dev] [--runs 7]

Articles are built from the CNN/DailyMail dev texts, wrapped in a news-page template with
navigation, a share box and comments, so extraction does real work. Prints the median time per
article and the peak Python memory of one run, beside trafilatura's extraction alone and sumy's
LexRank alone on the same input (both anchors measured in the same run).
"""

from __future__ import annotations

import argparse
import html
import statistics
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import trafilatura
from _arguments import positive
from sumy.nlp.stemmers import Stemmer
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.utils import get_stop_words

from bot.extract import ArticleExtractor
from bot.facts import RuleFactExtractor
from bot.summarize import NewsSummarizer
from bot.summarize._document import build_document

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "summaries" / "cnndm-dev"
SIZES = (1_000, 5_000, 20_000)


def _paragraphs(data: Path) -> list[str]:
    paragraphs: list[str] = []
    for path in sorted(data.glob("*.article.txt")):
        paragraphs.extend(p.strip() for p in path.read_text().split("\n") if len(p.split()) > 8)
    return paragraphs


def _article(paragraphs: list[str], words: int) -> tuple[str, str]:
    chosen: list[str] = []
    count = 0
    for paragraph in paragraphs:
        chosen.append(paragraph)
        count += len(paragraph.split())
        if count >= words:
            break
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in chosen)
    comments = "\n".join(
        f'<li class="comment depth-1"><div class="comment-author"><b class="fn">reader{i}</b>'
        f'</div><div class="comment-content"><p>Comment number {i} on this story.</p></div></li>'
        for i in range(20)
    )
    page = f"""<!DOCTYPE html><html><head><title>Benchmark story</title>
<meta property="og:site_name" content="Bench News"></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<article><h1>Benchmark story</h1><time datetime="2024-05-02">May 2, 2024</time>
<div class="entry-content">{body}
<div class="share">Share this: Twitter Facebook Email</div></div></article>
<div id="comments"><ol class="comment-list">{comments}</ol></div>
<footer>Copyright Bench News</footer></body></html>"""
    return page, "\n\n".join(chosen)


def _measure(work: Callable[[], object], runs: int) -> tuple[float, float]:
    work()  # warm caches (models, tokenizers) outside the timed runs
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    work()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return statistics.median(times), peak / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--runs", type=positive, default=7)
    args = parser.parse_args()

    extractor, summarizer, facts = ArticleExtractor(), NewsSummarizer(), RuleFactExtractor()
    lexrank = LexRankSummarizer(Stemmer("english"))
    lexrank.stop_words = get_stop_words("english")
    paragraphs = _paragraphs(args.data)
    if not paragraphs:
        raise SystemExit(f"no *.article.txt files with paragraphs under {args.data}")

    def tidings(page: str) -> object:
        article = extractor.extract(page, url="https://bench.example/story")
        summary = summarizer.summarize(article.text, language=article.language)
        found = facts.extract(article.text, published=article.published)
        discussion = summarizer.discuss(article.comments)
        return summary, found, discussion

    def sumy_lexrank(text: str) -> object:
        # The same sentences and words as ours, so only the ranking differs.
        return lexrank(build_document(text, "en"), 3)

    print(f"{'words':>6}  {'system':<28} {'median ms':>10} {'ms/1k words':>12} {'peak MB':>8}")
    for words in SIZES:
        page, text = _article(paragraphs, words)
        actual = len(text.split())
        rows = [
            ("Tidings pipeline", lambda p=page: tidings(p)),
            ("trafilatura extract (anchor)", lambda p=page: trafilatura.extract(p)),
        ]
        if words <= 5_000:  # sumy's pure-Python LexRank takes minutes at 20k words
            rows.append(("sumy LexRank (anchor)", lambda t=text: sumy_lexrank(t)))
        for name, work in rows:
            seconds, peak = _measure(work, args.runs)
            print(
                f"{actual:>6}  {name:<28} {seconds * 1000:>10.1f} "
                f"{seconds * 1e6 / actual:>12.2f} {peak:>8.1f}"
            )


if __name__ == "__main__":
    main()
