"""One event covered by hundreds of outlets: `python -m benchmarks.big_story`.

Issue 19: a major event is covered by hundreds of outlets, and the cost of a story must
grow with its size, not with its square. For each N (100 and 600; 1,000 and 3,000 with
`--large`) this writes N synthetic articles that all report one event
(`event_articles`), then times, in the same run and on the same texts:

1. `python -m generator generate --no-cache` (a fresh interpreter, all cores, the
   snapshot of `generator/` taken at the start);
2. raw spaCy NER (`spacy.load` of the same model with only `ner`, then `nlp.pipe` over
   the articles' texts in one process, load included): the floor the issue compares
   against.

Every article carries `story: big-event` in its front matter (`.md`), so all N make
one story, as hundreds of outlets on one event do; `--grouped` writes plain `.txt`
and lets grouping decide (it splits such a synthetic event into many stories).

and prints one line per N with both times and their ratio (the issue's target: at most
2 at 600 articles, 4 at 3,000). `--profile` also runs the 600-article case in this
process under cProfile (`--workers 1`, so extraction is in the profile too) and writes
the top functions by cumulative time to `benchmarks/out/big-story-600.txt` (and the raw
profile beside it, `.prof`, for `python -m pstats` or snakeviz).

`--stage entities` times one stage alone: it extracts the 600 articles once (both cores),
pickles them to `benchmarks/out/big-story-600-articles.pkl` (reused by later runs; delete
it after changing extraction), and times only `entities.resolve_story_entities` on them
(best of `--repeat`), printing the seconds, the number of mentions and of entities, and
a digest of the result (the same digest before and after a change means the same output).

`--stage compare` times `compare.compare_story` alone on the same pickled articles (one
story in story order; best of `--repeat`) and prints a digest of the briefing it makes
(without its articles): the same digest before and after a change means the same page.
With `--profile`, one more run under cProfile, its report in
`benchmarks/out/big-story-compare-N.txt`. `--sizes 200,600` does both sizes.

The articles come from `benchmarks.corpus`: one event (its headlines, leads, facts,
figures and quotes), each article with its own outlet and dateline, its own subset of the
facts in its own order and wordings (`render_article`), and its own local colour: a few
residents, streets and districts named only by it, with their own numbers
(`local_details`), so names and numbers vary from article to article as they do between
real outlets.
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import hashlib
import io
import json
import os
import pickle
import pstats
import random
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from benchmarks import corpus
from benchmarks.run import snapshot_code

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
SIZES = (100, 600)
LARGE = (1_000, 3_000)
PROFILED = 600

NER_SCRIPT = r"""
import sys, time
started = time.perf_counter()
import spacy
from generator.extract.nlp import MODEL_NAME
nlp = spacy.load(MODEL_NAME, exclude=["parser", "lemmatizer", "senter"])
for name in list(nlp.pipe_names):
    if name != "ner":
        nlp.disable_pipe(name)
loaded = time.perf_counter() - started
texts = [open(path, encoding="utf-8").read() for path in sys.argv[1:]]
texts = [t.split("\n---\n", 1)[1] if t.startswith("---\n") else t for t in texts]
entities = sum(len(doc.ents) for doc in nlp.pipe(texts, batch_size=16))
print(f"{loaded:.3f} {time.perf_counter() - started:.3f} {entities}")
"""
"""Raw spaCy NER in a fresh interpreter: the model that `generator.extract.nlp` loads, with only
its `ner` component, over the files named on the command line. Prints the seconds to
load, the total seconds and the number of entities found."""


def event_articles(n: int, seed: int = corpus.DEFAULT_SEED) -> list[corpus.SourceFile]:
    """N articles about one event; the same (n, seed) always gives the same files."""
    rng = random.Random(f"big-story:{seed}:{n}")
    world = corpus.World(rng)
    maker = rng.choice(corpus.MAKERS)
    event = maker(world, rng, corpus.START, rng.choice(corpus.PLACES))
    event = dataclasses.replace(event, details=corpus.local_details(world, rng, event))
    files = []
    for index in range(n):
        name, style = corpus.OUTLETS[index % len(corpus.OUTLETS)]
        round_ = index // len(corpus.OUTLETS)
        outlet = (name if round_ == 0 else f"{name} {round_ + 1}", style)
        # Shared local colour (as in the corpus) plus some only this outlet has.
        own = corpus.local_details(world, rng, event)
        details = event.details + own[: rng.randint(2, 5)]
        mine = dataclasses.replace(event, details=details)
        text = corpus.render_article(mine, outlet, rng, world, index)
        files.append(corpus.SourceFile(f"{index:05d}.txt", text, 0))
    return files


STORY = "---\nstory: big-event\n---\n"
"""Front matter that puts every article in one story: grouping alone splits a synthetic
event of N articles into N/4 or so stories (local colour and dates differ), and the
issue is the cost of one story of N sources."""


def project(workdir: Path, n: int, grouped: bool = False) -> Path:
    """A folder with `source_articles/` holding the N articles (`.md` in one story, or
    `.txt` left to grouping when `grouped`) and an empty `docs/`."""
    folder = workdir / f"big-story-{n}"
    shutil.rmtree(folder, ignore_errors=True)
    files = event_articles(n)
    if not grouped:
        files = [
            dataclasses.replace(f, name=f.name.replace(".txt", ".md"), text=STORY + f.text)
            for f in files
        ]
    corpus.write_corpus(files, folder / "source_articles")
    (folder / "docs").mkdir()
    return folder


def environment(code: Path) -> dict[str, str]:
    path = os.pathsep.join(filter(None, [str(code), os.environ.get("PYTHONPATH")]))
    return dict(os.environ, PYTHONPATH=path, PYTHONHASHSEED="0", NO_COLOR="1", TERM="dumb")


def time_generate(folder: Path, code: Path) -> tuple[float, str]:
    command = [sys.executable, "-m", "generator", "generate", "--no-cache", "--quiet"]
    command += ["--source", "source_articles", "--out", "docs"]
    started = time.perf_counter()
    done = subprocess.run(
        command, cwd=folder, env=environment(code), capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - started
    summary = (done.stdout + done.stderr).strip().splitlines()
    return seconds, summary[-1] if summary else f"exit {done.returncode}"


def time_ner(folder: Path, code: Path) -> tuple[float, float, int]:
    files = sorted(str(path) for path in (folder / "source_articles").iterdir())
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", NER_SCRIPT, *files],
        env=environment(code),
        capture_output=True,
        text=True,
        check=True,
    )
    seconds = time.perf_counter() - started
    loaded, _inside, entities = done.stdout.split()
    return seconds, float(loaded), int(entities)


def profile(folder: Path, target: Path, top: int = 60) -> None:
    """`generate --no-cache --workers 1` on `folder` in this process under cProfile."""
    from generator.__main__ import main

    here = Path.cwd()
    os.chdir(folder)
    profiler = cProfile.Profile()
    try:
        profiler.enable()
        main(["generate", "--no-cache", "--quiet", "--workers", "1"])
        profiler.disable()
    finally:
        os.chdir(here)
    profiler.dump_stats(target.with_suffix(".prof"))
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text)
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top // 2)
    target.write_text(text.getvalue(), encoding="utf-8")


def stage_articles(n: int = PROFILED, workers: int = 2) -> list[object]:
    """The N articles of one event, extracted (read, cleaned, analysed) once and pickled
    to `benchmarks/out/`; later runs load the pickle."""
    pickled = OUT / f"big-story-{n}-articles.pkl"
    if pickled.exists():
        return list(pickle.loads(pickled.read_bytes()))
    from generator.config import DEFAULT_MAX_BYTES
    from generator.extract.article import analyse_articles, prepare_article
    from generator.sources.read import list_sources, read_source

    folder = project(OUT, n) / "source_articles"
    prepared = [
        prepare_article(read_source(folder, path, DEFAULT_MAX_BYTES))
        for path in list_sources(folder)
    ]
    articles = analyse_articles(prepared, workers)
    pickled.write_bytes(pickle.dumps(articles, protocol=pickle.HIGHEST_PROTOCOL))
    return list(articles)


def time_entities(n: int = PROFILED, repeat: int = 3) -> None:
    """`resolve_story_entities` alone on the N extracted articles of one event."""
    from generator.extract import entities

    articles = stage_articles(n)
    mentions = sum(len(article.mentions) for article in articles)  # type: ignore[attr-defined]
    best = float("inf")
    result: tuple[object, ...] = ()
    for _ in range(repeat):
        started = time.perf_counter()
        result = entities.resolve_story_entities(articles)  # type: ignore[arg-type]
        best = min(best, time.perf_counter() - started)
    digest = hashlib.sha256(repr(result).encode("utf-8")).hexdigest()[:16]
    print(
        f"resolve_story_entities on {n} articles ({mentions} mentions): {best:.3f} s "
        f"(best of {repeat}), {len(result)} entities, digest {digest}",
        flush=True,
    )


def time_compare(n: int = PROFILED, repeat: int = 3, profiled: bool = False) -> None:
    """`compare.compare_story` alone on the N extracted articles of one event, as one
    story in story order; with `profiled`, one more run under cProfile, its report in
    `benchmarks/out/big-story-compare-N.txt`."""
    from generator.incremental.comparing import strip
    from generator.model import Story
    from generator.stories.compare import compare_story
    from generator.stories.group import article_order

    articles = sorted(stage_articles(n), key=article_order)  # type: ignore[arg-type]
    story = Story("big-event", tuple(articles))  # type: ignore[arg-type]
    best = float("inf")
    briefing = None
    for _ in range(repeat):
        started = time.perf_counter()
        briefing = compare_story(story)
        best = min(best, time.perf_counter() - started)
    digest = hashlib.sha256(repr(strip(briefing)).encode("utf-8")).hexdigest()[:16]  # type: ignore[arg-type]
    print(
        f"compare_story on {n} articles: {best:.3f} s (best of {repeat}), digest {digest}",
        flush=True,
    )
    if profiled:
        profiler = cProfile.Profile()
        profiler.runcall(compare_story, story)
        text = io.StringIO()
        stats = pstats.Stats(profiler, stream=text)
        stats.sort_stats("cumulative").print_stats(50)
        stats.sort_stats("tottime").print_stats(25)
        target = OUT / f"big-story-compare-{n}.txt"
        target.write_text(text.getvalue(), encoding="utf-8")
        print(f"profile: {target}", flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", help="comma-separated N (default 100,600)")
    parser.add_argument("--large", action="store_true", help="also 1,000 and 3,000 articles")
    parser.add_argument("--profile", action="store_true", help=f"profile the {PROFILED} case")
    parser.add_argument("--no-time", action="store_true", help="only --profile")
    parser.add_argument(
        "--grouped", action="store_true", help="plain .txt: grouping decides the stories"
    )
    parser.add_argument(
        "--stage",
        choices=["entities", "compare"],
        help="time only this stage on extracted articles",
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs of --stage (best kept)")
    args = parser.parse_args(argv)
    if args.stage == "entities":
        OUT.mkdir(parents=True, exist_ok=True)
        time_entities(int(args.sizes) if args.sizes else PROFILED, args.repeat)
        return 0
    if args.stage == "compare":
        OUT.mkdir(parents=True, exist_ok=True)
        for n in [int(n) for n in args.sizes.split(",")] if args.sizes else [PROFILED]:
            time_compare(n, args.repeat, args.profile)
        return 0
    sizes = [int(n) for n in args.sizes.split(",")] if args.sizes else list(SIZES)
    if args.large:
        sizes += LARGE
    OUT.mkdir(parents=True, exist_ok=True)
    code = snapshot_code(OUT / "big-story-code")
    results = []
    for n in [] if args.no_time else sizes:
        folder = project(OUT, n, args.grouped)
        ner, loaded, entities = time_ner(folder, code)
        generate, summary = time_generate(folder, code)
        results.append({"n": n, "generate": generate, "ner": ner, "ner_load": loaded})
        print(
            f"{n:>6} articles of one event: generate {generate:7.1f} s, raw spaCy NER "
            f"{ner:6.1f} s (load {loaded:.1f} s, {entities} entities): "
            f"ratio {generate / ner:5.2f}  [{summary}]",
            flush=True,
        )
    if results:
        (OUT / "big-story.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    if args.profile:
        sys.path.insert(0, str(code))  # the snapshot, as the timed runs
        for name in [m for m in sys.modules if m == "generator" or m.startswith("generator.")]:
            del sys.modules[name]
        target = OUT / f"big-story-{PROFILED}.txt"
        profile(project(OUT, PROFILED, args.grouped), target)
        print(f"profile of {PROFILED} articles (--workers 1): {target}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
