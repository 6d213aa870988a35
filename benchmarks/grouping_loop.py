"""Grouping alone, on articles extracted once: the quick loop for tuning `generator.stories.group`.

    .venv/bin/python -m benchmarks.grouping_loop [--sets large,large-dated,dev,synthetic]
        [--refresh] [--cache DIR]

Extraction (spaCy) dominates a `./dev eval` run; grouping is a second or two. This
extracts each set's articles once (pickled under `--cache`, default
`/tmp/briefings-grouping-loop`, outside the repository) and then runs only
`generator.stories.group.group_stories` on them, scoring the stories with pairwise and B-cubed
precision, recall and F1 as `../shared/tools/score_corpus.py` does:

- `large`: the 570 cluster articles of `../shared/corpus/dev-large` in one folder, named
  and written as `score_corpus.py` writes them (undated `.txt`);
- `large-dated`: the same with each article's date as `date:` front matter (`--dated`);
- `dev`: the small development corpus and the seeds (`benchmarks.eval_grouping`);
- `synthetic`: `benchmarks.corpus` of 1,000 articles (`benchmarks.eval_synthetic`).

The corpora are read at run time only. `--refresh` extracts again (after a change to
extraction or entities: grouping features depend on the names found). The figures
match `./dev eval` and `eval_synthetic` as long as extraction is unchanged; confirm the
final ones with those commands.
"""

from __future__ import annotations

import argparse
import json
import pickle
import re
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Mapping, Sequence
from itertools import combinations
from pathlib import Path, PurePosixPath

from generator.config import Settings
from generator.errors import SourceError
from generator.extract.article import analyse_articles, prepare_article
from generator.model import Article
from generator.sources.read import read_source
from generator.stories.group import group_stories

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpus"
LARGE = SHARED / "dev-large" / "corpus_clusters"
SEP = "__"  # as score_corpus.py names the files: cluster id + SEP + original name
SETS = ("large", "large-dated", "dev", "synthetic")


def write_large(folder: Path, dated: bool) -> dict[str, str]:
    """The cluster articles in one folder, as score_corpus.py writes them; file -> event."""
    gold: dict[str, str] = {}
    for cluster in sorted(p for p in LARGE.iterdir() if p.is_dir()):
        data = json.loads((cluster / "gold.json").read_text(encoding="utf-8"))
        dates = {item.get("file"): item.get("date") for item in data.get("articles") or []}
        for path in sorted(cluster.glob("*.txt")):
            text = path.read_text(encoding="utf-8", errors="replace")
            day = str(dates.get(path.name) or data.get("date") or "")[:10]
            if dated and re.fullmatch(r"\d{4}-\d{2}-\d{2}", day):
                name = f"{cluster.name}{SEP}{path.stem}.md"
                (folder / name).write_text(f"---\ndate: {day}\n---\n" + text, encoding="utf-8")
            else:
                name = f"{cluster.name}{SEP}{path.name}"
                shutil.copyfile(path, folder / name)
            gold[name] = cluster.name
    return gold


def write_dev(folder: Path) -> dict[str, str]:
    from benchmarks.eval_grouping import corpus_files

    gold = {}
    for name, (path, event) in corpus_files().items():
        shutil.copyfile(path, folder / name)
        gold[name] = event
    return gold


def write_synthetic(folder: Path) -> dict[str, str]:
    from benchmarks import corpus

    files = corpus.generate(1000)
    corpus.write_corpus(files, folder)
    return {item.name: str(item.event) for item in files}


def extract(folder: Path) -> list[Article]:
    limit = Settings(source_dir=folder).max_bytes
    prepared = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        try:
            raw = read_source(folder, PurePosixPath(path.relative_to(folder).as_posix()), limit)
            prepared.append(prepare_article(raw))
        except SourceError as error:
            print(f"  skipped {path.name}: {error}", file=sys.stderr)
    return analyse_articles(prepared)


def load(name: str, cache: Path, refresh: bool) -> tuple[list[Article], dict[str, str]] | None:
    stored = cache / f"{name}.pickle"
    if stored.is_file() and not refresh:
        with stored.open("rb") as handle:
            result: tuple[list[Article], dict[str, str]] = pickle.load(handle)
            return result
    if name.startswith("large") and not LARGE.is_dir():
        print(f"{name}: skipped, {LARGE} is absent")
        return None
    if name == "dev" and not (SHARED / "dev").is_dir():
        print(f"{name}: skipped, {SHARED / 'dev'} is absent")
        return None
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        if name.startswith("large"):
            gold = write_large(folder, dated=name == "large-dated")
        elif name == "dev":
            gold = write_dev(folder)
        else:
            gold = write_synthetic(folder)
        articles = extract(folder)
    cache.mkdir(parents=True, exist_ok=True)
    with stored.open("wb") as handle:
        pickle.dump((articles, gold), handle)
    print(f"{name}: extracted {len(articles)} articles in {time.perf_counter() - started:.0f} s")
    return articles, gold


def scores(gold: Mapping[str, str], stories: Sequence[Sequence[str]]) -> dict[str, float]:
    """Pairwise and B-cubed P/R/F1 of `stories` (file names) against `gold` (file -> event)."""
    story_of = {name: index for index, story in enumerate(stories) for name in story}
    items = sorted(gold)
    for extra, name in enumerate(n for n in items if n not in story_of):
        story_of[name] = -1 - extra
    gold_pairs = pred_pairs = right = 0
    for a, b in combinations(items, 2):
        same_gold, same_pred = gold[a] == gold[b], story_of[a] == story_of[b]
        gold_pairs += same_gold
        pred_pairs += same_pred
        right += same_gold and same_pred
    precision = right / pred_pairs if pred_pairs else 1.0
    recall = right / gold_pairs if gold_pairs else 1.0
    members: dict[int, list[str]] = defaultdict(list)
    events: dict[str, list[str]] = defaultdict(list)
    for name in items:
        members[story_of[name]].append(name)
        events[gold[name]].append(name)
    b_precision = sum(
        sum(gold[o] == gold[n] for o in members[story_of[n]]) / len(members[story_of[n]])
        for n in items
    ) / len(items)
    b_recall = sum(
        sum(story_of[o] == story_of[n] for o in events[gold[n]]) / len(events[gold[n]])
        for n in items
    ) / len(items)
    return {
        "P": precision,
        "R": recall,
        "F1": f1(precision, recall),
        "bP": b_precision,
        "bR": b_recall,
        "bF1": f1(b_precision, b_recall),
        "stories": float(len(stories)),
    }


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def run(name: str, articles: Sequence[Article], gold: Mapping[str, str]) -> dict[str, float]:
    started = time.perf_counter()
    stories = group_stories(articles, explain=False)
    named = [[str(a.source) for a in story.articles] for story in stories]
    found = scores(gold, named)
    events = len(set(gold.values()))
    print(
        f"{name:12} pairwise F1 {found['F1']:.3f} (P {found['P']:.3f}, R {found['R']:.3f})  "
        f"B-cubed F1 {found['bF1']:.3f} (P {found['bP']:.3f}, R {found['bR']:.3f})  "
        f"{len(named)} stories / {events} events  {time.perf_counter() - started:.1f} s"
    )
    return found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sets", default=",".join(SETS))
    parser.add_argument("--refresh", action="store_true")
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "briefings-grouping-loop"
    )
    args = parser.parse_args(argv)
    for name in args.sets.split(","):
        if name not in SETS:
            parser.error(f"unknown set {name!r} (one of {', '.join(SETS)})")
        loaded = load(name, args.cache, args.refresh)
        if loaded is not None:
            run(name, *loaded)
    return 0


if __name__ == "__main__":
    sys.exit(main())
