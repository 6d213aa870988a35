"""Story grouping against the development corpus: pairwise precision, recall and F1.

    .venv/bin/python -m benchmarks.eval_grouping [--verbose] [--no-rename-check] [--subsets]

Mixes the 25 articles of `../shared/corpus/dev/` (5 events, one folder each) and the two
seed articles of `../shared/corpus/seeds/` (one event) in ONE temporary folder, runs the
real pipeline (`generator.pipeline.build`) on it and scores its stories against the
gold: every dev folder is one event, the seeds are one event, 6 events in all. The texts
are copied at run time into a temporary folder and never into the repository.

Pairwise scores: over all pairs of articles, a pair is predicted positive when both
articles are in one story, and gold positive when both come from one event.

The rename check then copies the same files under randomly prefixed names (which also
changes their listing order), builds again and requires the same grouping and
byte-identical pages once the file names in their content are mapped back.

Exit code: 0 when F1 >= the floor (and the rename check passes), 1 otherwise, 2 when
the corpus is absent.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import shutil
import sys
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator.config import Settings
from generator.output.write import page_bytes
from generator.pipeline import BuildResult, build
from generator.stories.group import group_stories

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
FLOOR = 0.95
"""Pairwise F1 below this fails the evaluation (tests/eval/test_grouping_floor.py)."""
SEED_EVENT = "seeds"


@dataclass(slots=True)
class Scores:
    precision: float
    recall: float
    f1: float
    stories: int
    events: int


@dataclass(slots=True)
class SubsetScores:
    subsets: int
    false_pairs: int  # pairs grouped that are on different events
    missed_pairs: int  # pairs on one event left apart
    gold_pairs: int


@dataclass(slots=True)
class Evaluation:
    scores: Scores
    stories: dict[str, list[str]]  # story id -> files
    gold: dict[str, str]  # file -> event
    rename_problems: list[str] = field(default_factory=list)
    rename_checked: bool = False
    reasons: dict[str, tuple[str, ...]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    subsets: SubsetScores | None = None


def corpus_files(corpus: Path = CORPUS) -> dict[str, tuple[Path, str]]:
    """Temporary file name -> (original path, gold event), for the dev folders and seeds."""
    files: dict[str, tuple[Path, str]] = {}
    for path in sorted((corpus / "dev").glob("*/*.txt")):
        files[f"{path.parent.name}-{path.name}"] = (path, path.parent.name)
    for path in sorted((corpus / "seeds").glob("*.txt")):
        files[path.name] = (path, SEED_EVENT)
    return files


def pairs(labels: Mapping[str, str]) -> set[tuple[str, str]]:
    """All pairs of items with one label."""
    return {(a, b) for a, b in itertools.combinations(sorted(labels), 2) if labels[a] == labels[b]}


def score(predicted: Mapping[str, str], gold: Mapping[str, str]) -> Scores:
    """Pairwise precision/recall/F1 of `predicted` (file -> story) against `gold`."""
    found, wanted = pairs(predicted), pairs(gold)
    hits = len(found & wanted)
    precision = hits / len(found) if found else 1.0
    recall = hits / len(wanted) if wanted else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(precision, recall, f1, len(set(predicted.values())), len(set(gold.values())))


def copy_corpus(
    files: Mapping[str, tuple[Path, str]], folder: Path, names: Mapping[str, str]
) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, (path, _event) in files.items():
        shutil.copyfile(path, folder / names[name])


def run_build(folder: Path) -> BuildResult:
    settings = Settings(source_dir=folder, out_dir=folder.parent / "docs", cache_path=None)
    return build(settings, explain=True)


def story_members(result: BuildResult) -> dict[str, list[str]]:
    return {
        story.story_id: [str(article.source) for article in story.articles]
        for story in result.report.groupings
    }


def renamed_names(names: Iterable[str], seed: int = 5) -> dict[str, str]:
    """Each file under a random prefix: a new name, and a new place in the sorted listing."""
    rng = random.Random(seed)
    return {name: f"{rng.getrandbits(32):08x}_{name}" for name in sorted(names)}


def page_map(result: BuildResult, names: Mapping[str, str] | None = None) -> dict[str, bytes]:
    """Page path -> bytes, with renamed file names (and stems) mapped back to the originals."""
    pages = {}
    back = sorted((names or {}).items(), key=lambda item: -len(item[1]))
    for page in result.pages:
        content = page_bytes(page)
        for original, renamed in back:
            for new, old in spellings(renamed, original):
                content = content.replace(new, old)
        if page.path.suffix == ".json":  # the source -> story id map, keyed by file name
            content = json.dumps(json.loads(content), sort_keys=True).encode()
        pages[str(page.path)] = content
    return pages


def spellings(renamed: str, original: str) -> list[tuple[bytes, bytes]]:
    """A file name as pages may write it: whole or without its suffix, plain or escaped."""
    found = []
    for new, old in ((renamed, original), (renamed.rsplit(".", 1)[0], original.rsplit(".", 1)[0])):
        found.append((new.replace("_", "\\_").encode(), old.replace("_", "\\_").encode()))
        found.append((new.encode(), old.encode()))
    return found


def compare_builds(first: BuildResult, second: BuildResult, names: Mapping[str, str]) -> list[str]:
    """Differences between a build and the build of the renamed files."""
    problems = []
    back = {renamed: original for original, renamed in names.items()}
    one = {sid: sorted(files) for sid, files in story_members(first).items()}
    two = {sid: sorted(back[f] for f in files) for sid, files in story_members(second).items()}
    if one != two:
        problems.append(f"grouping differs after renaming: {one} != {two}")
    pages_one, pages_two = page_map(first), page_map(second, names)
    if sorted(pages_one) != sorted(pages_two):
        missing = sorted(set(pages_one) ^ set(pages_two))
        problems.append(f"page paths differ after renaming: {missing[:10]}")
    for path in sorted(set(pages_one) & set(pages_two)):
        if pages_one[path] != pages_two[path]:
            problems.append(f"page {path} differs after renaming")
    return problems


def subset_scores(result: BuildResult, gold: Mapping[str, str], count: int = 120) -> SubsetScores:
    """Group random subsets (2-12 articles, and every pair of events) of the extracted
    articles again: how robust the threshold is when the folder is small."""
    articles = sorted(
        (article for story in result.report.groupings for article in story.articles),
        key=lambda article: str(article.source),
    )
    rng = random.Random(1)
    subsets = [rng.sample(articles, rng.randint(2, min(12, len(articles)))) for _ in range(count)]
    events = sorted(set(gold.values()))
    for left, right in itertools.combinations(events, 2):
        subsets.append([a for a in articles if gold[str(a.source)] in (left, right)])
    false = missed = wanted_total = 0
    for subset in subsets:
        stories = group_stories(subset)
        predicted = {str(a.source): s.story_id for s in stories for a in s.articles}
        found = pairs(predicted)
        wanted = pairs({name: gold[name] for name in predicted})
        false += len(found - wanted)
        missed += len(wanted - found)
        wanted_total += len(wanted)
    return SubsetScores(len(subsets), false, missed, wanted_total)


def evaluate(corpus: Path = CORPUS, rename_check: bool = True, subsets: bool = False) -> Evaluation:
    files = corpus_files(corpus)
    gold = {name: event for name, (_path, event) in files.items()}
    with tempfile.TemporaryDirectory(prefix="briefings-eval-") as tmp:
        folder = Path(tmp) / "plain" / "source_articles"
        copy_corpus(files, folder, {name: name for name in files})
        first = run_build(folder)
        stories = story_members(first)
        predicted = {name: sid for sid, members in stories.items() for name in members}
        problems = [str(problem) for problem in first.report.errors]
        missing = sorted(set(gold) - set(predicted))
        if missing:
            problems.append(f"articles missing from every story: {missing}")
        # A file that failed to build is its own story: it still counts against recall.
        predicted.update({name: f"missing:{name}" for name in missing})
        evaluation = Evaluation(
            score(predicted, gold),
            stories,
            gold,
            reasons={story.story_id: story.reasons for story in first.report.groupings},
            problems=problems,
        )
        if subsets:
            evaluation.subsets = subset_scores(first, gold)
        if rename_check:
            names = renamed_names(files)
            other = Path(tmp) / "renamed" / "source_articles"
            copy_corpus(files, other, names)
            evaluation.rename_problems = compare_builds(first, run_build(other), names)
            evaluation.rename_checked = True
    return evaluation


def report(evaluation: Evaluation, verbose: bool = False) -> str:
    s = evaluation.scores
    lines = [
        f"{len(evaluation.gold)} articles, {s.events} events (gold), {s.stories} stories (found)"
    ]
    for story_id, members in sorted(evaluation.stories.items()):
        events = sorted({evaluation.gold.get(name, "?") for name in members})
        lines.append(f"  {story_id}: {len(members)} article(s) from {', '.join(events)}")
        if verbose:
            lines += [f"      {reason}" for reason in evaluation.reasons.get(story_id, ())]
    lines += [f"  problem: {problem}" for problem in evaluation.problems]
    if evaluation.rename_checked:
        if evaluation.rename_problems:
            lines += [f"  rename check FAILED: {p}" for p in evaluation.rename_problems]
        else:
            lines.append("  rename check: same stories and byte-identical pages")
    if evaluation.subsets:
        sub = evaluation.subsets
        lines.append(
            f"  {sub.subsets} random subsets: {sub.false_pairs} pair(s) wrongly grouped, "
            f"{sub.missed_pairs} of {sub.gold_pairs} pair(s) on one event left apart"
        )
    lines.append(
        f"pairwise precision {s.precision:.3f}  recall {s.recall:.3f}  F1 {s.f1:.3f}"
        f"  (floor {FLOOR:.2f})"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.eval_grouping")
    parser.add_argument("--verbose", "-v", action="store_true", help="print grouping reasons")
    parser.add_argument(
        "--no-rename-check", action="store_true", help="skip the rename/shuffle rebuild"
    )
    parser.add_argument(
        "--subsets",
        action="store_true",
        help="also regroup random small subsets (threshold robustness)",
    )
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="the shared corpus folder")
    args = parser.parse_args(argv)
    if not (args.corpus / "dev").is_dir():
        print(f"corpus not found: {args.corpus}/dev", file=sys.stderr)
        return 2
    evaluation = evaluate(args.corpus, not args.no_rename_check, args.subsets)
    print(report(evaluation, args.verbose))
    passed = evaluation.scores.f1 >= FLOOR and not evaluation.rename_problems
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
