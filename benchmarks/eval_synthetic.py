"""Story grouping at scale, against the synthetic corpus's own events.

    .venv/bin/python -m benchmarks.eval_synthetic --n 1000 [--seed S] [--workers W]

Writes `benchmarks.corpus` of N articles into a temporary folder, runs the real pipeline
(`generator.pipeline.build`, no cache) and scores its stories against the corpus's events
(`SourceFile.event`: the articles one event's outlets wrote): pairwise precision, recall
and F1 over all pairs of articles, as `benchmarks.eval_grouping` scores the development
corpus. The development corpus is small and its events are of different kinds; this one
has many events of one kind (floods, protests, strikes) close in time, worded from one
set of phrases, which is where grouping can run two events together.

Prints one line per measure and the biggest stories that mix events. Exit code 0.
"""

from __future__ import annotations

import argparse
import collections
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from benchmarks import corpus


def pairs(sizes: Sequence[int]) -> int:
    return sum(size * (size - 1) // 2 for size in sizes)


def score(stories: Sequence[Sequence[str]], event: dict[str, int]) -> tuple[float, float, float]:
    """Pairwise precision, recall and F1 of `stories` (file names) against `event`."""
    predicted = pairs([len(story) for story in stories])
    gold = pairs(list(collections.Counter(event.values()).values()))
    right = sum(
        pairs(list(collections.Counter(event[name] for name in story).values()))
        for story in stories
    )
    precision = right / predicted if predicted else 1.0
    recall = right / gold if gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=corpus.DEFAULT_SEED)
    parser.add_argument("--workers", type=int, default=0)
    args = parser.parse_args(argv)
    from generator.config import Settings
    from generator.pipeline import build

    files = corpus.generate(args.n, args.seed)
    event = {item.name: item.event for item in files}
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "source_articles"
        corpus.write_corpus(files, source)
        settings = Settings(
            source_dir=source, out_dir=Path(folder) / "docs", cache_path=None, workers=args.workers
        )
        result = build(settings)
    stories = [[str(a.source) for a in story.articles] for story in result.report.groupings]
    precision, recall, f1 = score(stories, event)
    print(f"{args.n} articles, {len(set(event.values()))} events -> {len(stories)} stories")
    print(f"pairwise precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}")
    mixed = sorted(
        (story for story in stories if len({event[name] for name in story}) > 1),
        key=lambda story: -len(story),
    )
    print(f"{len(mixed)} stories mix events; the biggest:")
    for story in mixed[:5]:
        counts = collections.Counter(event[name] for name in story)
        print(f"  {len(story)} articles from {len(counts)} events {sorted(counts.values())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
