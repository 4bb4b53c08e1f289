"""ROUGE of Tidings' news summaries beside Lead-3 and sumy's LexRank, plus summarising speed.

    python bench/summaries.py [--data DIR] [--limit N]

DIR holds `<id>.article.txt` and `<id>.summary.txt` (the journalists' highlights, one per line,
PTB-tokenised). Every system is scored in the same run against the same references.
"""

from __future__ import annotations

import os

# The speed figures are for one core: keep BLAS from spreading a product over several.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import argparse  # noqa: E402
import re  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable, Sequence  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402

from rouge_score import rouge_scorer  # noqa: E402
from sumy.nlp.stemmers import Stemmer  # noqa: E402
from sumy.summarizers.lex_rank import LexRankSummarizer  # noqa: E402
from sumy.utils import get_stop_words  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.summarize import NewsSummarizer  # noqa: E402

# The baseline must read the very same sentences as Tidings, so it uses the same document model.
from bot.summarize._document import build_document  # noqa: E402
from bot.text import split_sentences  # noqa: E402

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "summaries" / "cnndm-dev"
ANCHORS = (
    ("Lead-3", "40.4", "17.6", "36.7"),
    ("TextRank", "~33", "~12", "~30"),
    ("BertSumExt (supervised)", "43.2", "20.2", "39.6"),
)
TIDINGS = "Tidings"
LEAD3 = "Lead-3 (same splitter)"
SPEED_WORDS = (1_000, 5_000, 20_000)
SPEED_RUNS = 5

# The highlights are PTB-tokenised ("do n't", "-LRB-"); rouge-score drops punctuation itself, so
# only the pieces it would turn into different words need undoing. System output is left raw.
_BRACKETS = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}"}
_CONTRACTION = re.compile(r"(\w) (n't)\b", re.IGNORECASE)

System = Callable[[str], Sequence[str]]


@dataclass
class Tally:
    """Scores and timings of one system over the articles."""

    rouge1: list[float] = field(default_factory=list)
    rouge2: list[float] = field(default_factory=list)
    rouge_l: list[float] = field(default_factory=list)
    rouge_l_flat: list[float] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    sentences: list[int] = field(default_factory=list)
    words: list[int] = field(default_factory=list)


def detokenise(line: str) -> str:
    """Undo the PTB tokenisation that would change how rouge-score splits words."""
    for token, bracket in _BRACKETS.items():
        line = line.replace(token, bracket)
    return _CONTRACTION.sub(r"\1\2", line)


def load(directory: Path, limit: int | None) -> list[tuple[str, str, str]]:
    """Return (id, article, reference) triples, the reference one highlight per line."""
    triples = []
    for path in sorted(directory.glob("*.article.txt")):
        ident = path.name.removesuffix(".article.txt")
        summary = path.with_name(f"{ident}.summary.txt")
        lines = [detokenise(line.strip()) for line in summary.read_text().splitlines()]
        triples.append((ident, path.read_text(), "\n".join(line for line in lines if line)))
    return triples[:limit] if limit else triples


def lead3(text: str) -> Sequence[str]:
    return split_sentences(text, "en")[:3]


def make_lexrank() -> System:
    summarizer = LexRankSummarizer(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")

    def run(text: str) -> Sequence[str]:
        return [str(s) for s in summarizer(build_document(text, "en"), 3)]

    return run


def make_tidings() -> System:
    summarizer = NewsSummarizer()

    def run(text: str) -> Sequence[str]:
        return summarizer.summarize(text).sentences

    return run


def score(systems: dict[str, System], triples: Sequence[tuple[str, str, str]]) -> dict[str, Tally]:
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL", "rougeLsum"], use_stemmer=True)
    tallies = {name: Tally() for name in systems}
    for _, article, reference in triples:
        for name, system in systems.items():
            start = time.perf_counter()
            sentences = system(article)
            tally = tallies[name]
            tally.seconds.append(time.perf_counter() - start)
            result = scorer.score(reference, "\n".join(sentences))
            tally.rouge1.append(result["rouge1"].fmeasure)
            tally.rouge2.append(result["rouge2"].fmeasure)
            tally.rouge_l.append(result["rougeLsum"].fmeasure)
            tally.rouge_l_flat.append(result["rougeL"].fmeasure)
            tally.sentences.append(len(sentences))
            tally.words.append(sum(len(s.split()) for s in sentences))
    return tallies


def print_table(tallies: dict[str, Tally], articles: int) -> None:
    print(f"ROUGE F1 x100 on {articles} articles (rouge-score, stemmer on)")
    print("R-L is summary-level (rougeLsum, a sentence a line) as in published tables;")
    print("R-L flat is rougeL over the joined text.\n")
    header = ("R-1", "R-2", "R-L", "R-L flat", "ms/article", "sents", "words")
    print(f"{'system':<26}" + "".join(f"{h:>11}" for h in header))
    for name, t in tallies.items():
        figures = [100 * statistics.fmean(v) for v in _rouge(t)]
        figures.append(1000 * statistics.fmean(t.seconds))
        figures += [statistics.fmean(t.sentences), statistics.fmean(t.words)]
        print(f"{name:<26}" + "".join(f"{f:>11.2f}" for f in figures))
    ours, lead = tallies.get(TIDINGS), tallies.get(LEAD3)
    if ours and lead:
        delta = [
            100 * (statistics.fmean(a) - statistics.fmean(b))
            for a, b in zip(_rouge(ours), _rouge(lead), strict=True)
        ]
        print(f"{'Tidings minus Lead-3':<26}" + "".join(f"{d:>+11.2f}" for d in delta))
    print("\nPublished on the full CNN/DM test set (R-1, R-2, R-L):")
    for name, r1, r2, rl in ANCHORS:
        print(f"{name:<26}{r1:>11}{r2:>11}{rl:>11}")


def _rouge(tally: Tally) -> tuple[list[float], ...]:
    return tally.rouge1, tally.rouge2, tally.rouge_l, tally.rouge_l_flat


def long_article(triples: Sequence[tuple[str, str, str]], words: int) -> str:
    """Join whole articles as paragraphs, then cut to the word count."""
    joined = "\n\n".join(article for _, article, _ in triples)
    while len(joined.split()) < words:
        joined = f"{joined}\n\n{joined}"
    kept: list[str] = []
    count = 0
    for paragraph in joined.split("\n\n"):
        tokens = paragraph.split()
        kept.append(" ".join(tokens[: words - count]))
        count += len(tokens[: words - count])
        if count >= words:
            break
    return "\n\n".join(kept)


def print_speed(triples: Sequence[tuple[str, str, str]]) -> None:
    summarizer = NewsSummarizer()
    summarizer.summarize(triples[0][1])  # load the language and sentence models first
    print("\nSpeed (one core, median of 5 runs, language detected):")
    print(f"{'words':>8}{'sentences':>11}{'ms':>9}")
    for words in SPEED_WORDS:
        text = long_article(triples, words)
        times = []
        for _ in range(SPEED_RUNS):
            start = time.perf_counter()
            summarizer.summarize(text)
            times.append(time.perf_counter() - start)
        sentences = len(split_sentences(text, "en"))
        print(f"{words:>8}{sentences:>11}{1000 * statistics.median(times):>9.1f}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="articles and highlights")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N articles")
    args = parser.parse_args(argv)
    triples = load(args.data, args.limit)
    if not triples:
        print(f"no articles under {args.data}", file=sys.stderr)
        return 1
    systems: dict[str, System] = {
        TIDINGS: make_tidings(),
        LEAD3: lead3,
        "sumy LexRank (3 sents)": make_lexrank(),
    }
    for system in systems.values():
        system(triples[0][1])  # warm models and caches so timings compare the work itself
    print_table(score(systems, triples), len(triples))
    print_speed(triples)
    return 0


if __name__ == "__main__":
    sys.exit(main())
