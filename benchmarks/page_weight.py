"""Page weight at N briefings: HTML bytes of a briefing page and size of the search index.

    python -m benchmarks.page_weight            # 1,000 briefings
    python -m benchmarks.page_weight -n 200 --keep /tmp/site

Makes N synthetic `Briefing` values (deterministic: seeded, fixed dates; three sources
of about 550 words each, with people, places, figures, quotes and a timeline, like a
real briefing), and builds the project's real site with them: the project's
`mkdocs.yml`, theme overrides and hand-written pages, copied into a temporary folder,
and `mkdocs build` with the briefings plugin — only the pipeline's output is replaced by
the synthetic briefings (extraction is measured by the other benchmarks).

Prints bytes per briefing page (median, mean, max), the bytes of a listing page, the
size of Pagefind's bundle on disk (`pagefind/`: index chunks, fragments, scripts; a
visitor fetches a few of them per query, see `benchmarks.run` for what a first search
downloads) and the build time.
"""

from __future__ import annotations

import argparse
import datetime
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.config import STORIES_DIR, Settings  # noqa: E402
from generator.model import (  # noqa: E402
    Article,
    ArticleMeta,
    Block,
    Briefing,
    CleanArticle,
    Coverage,
    Story,
    StoryEntity,
    StoryFigure,
    StoryQuote,
    TimelineEntry,
)

FIRST = [
    "Antony",
    "Alicia",
    "Bernardo",
    "Andrés",
    "José",
    "María",
    "Ángela",
    "Zoë",
    "Søren",
    "Łukasz",
    "Émile",
    "Maria",
    "John",
]
LAST = [
    "Blinken",
    "Bárcena",
    "Arévalo",
    "López",
    "Núñez",
    "Müller",
    "Ødegaard",
    "Smith",
    "Jones",
    "Dubois",
    "Rossi",
    "Kowalski",
]
ROLES = ["Foreign Minister", "President", "Secretary of State", "Governor", "spokesperson", None]
PLACES = [
    "Washington",
    "Mexico",
    "Guatemala",
    "Panamá",
    "Bogotá",
    "Texas",
    "Ukraine",
    "Russia",
    "Haiti",
    "Cuba",
    "Venezuela",
    "Honduras",
    "Brussels",
    "Kraków",
    "Zürich",
    "Lagos",
    "Nairobi",
    "Jakarta",
    "Manila",
    "Ottawa",
]
ORGS = ["State Department", "White House", "Congress", "UN", "European Union", "Red Cross"]
TAGS = [
    "migration",
    "border",
    "diplomacy",
    "economy",
    "elections",
    "security",
    "health",
    "climate",
    "trade",
    "energy",
]
OUTLETS = ["AFP", "Reuters", "AP", "BBC", None]
WORDS = [
    "the",
    "government",
    "said",
    "on",
    "Friday",
    "that",
    "talks",
    "would",
    "continue",
    "next",
    "week",
    "after",
    "officials",
    "met",
    "to",
    "discuss",
    "the",
    "border",
    "crisis",
    "and",
    "new",
    "measures",
    "agreed",
    "by",
    "both",
    "countries",
    "while",
    "critics",
    "argued",
    "the",
    "plan",
    "lacked",
    "funding",
    "and",
    "the",
    "number",
    "of",
    "people",
    "crossing",
    "rose",
    "again",
    "in",
    "the",
    "last",
    "months",
    "according",
    "to",
    "figures",
    "published",
    "by",
    "the",
    "ministry",
    "during",
    "the",
    "meeting",
]


def sentence(rng: random.Random, names: list[str]) -> str:
    words = rng.choices(WORDS, k=rng.randint(14, 26))
    words.insert(rng.randrange(len(words)), rng.choice(names))
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def synthetic_briefing(number: int, base: datetime.date) -> Briefing:
    rng = random.Random(number)
    date = base - datetime.timedelta(days=number // 3)
    people = sorted({f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(6)})
    places = sorted(set(rng.sample(PLACES, 8)))
    orgs = sorted(set(rng.sample(ORGS, 3)))
    names = people + places + orgs
    slug = f"{date.isoformat()}-story-{number:05d}"
    articles = []
    for index in range(3):
        source = PurePosixPath(f"{number:05d}_{index}.txt")
        paragraphs = [" ".join(sentence(rng, names) for _ in range(3)) for _ in range(8)]
        blocks = tuple(
            Block("heading" if i == 4 else "paragraph", text if i != 4 else "Reactions", i + 2)
            for i, text in enumerate(paragraphs)
        )
        meta = ArticleMeta(
            title=sentence(rng, names)[:90],
            outlet=OUTLETS[(number + index) % len(OUTLETS)],
            dateline=rng.choice(places),
            date=date,
            date_basis="explicit",
            updated=None,
            language="en",
            word_count=sum(len(b.text.split()) for b in blocks),
        )
        clean = CleanArticle(path=source, headline=meta.title, blocks=blocks)
        articles.append(Article(source=source, meta=meta, clean=clean))
    files = [str(a.source) for a in articles]
    bodies = [a.clean.blocks[1].text for a in articles]
    summary = tuple(text.split(". ")[0] + "." for text in bodies[:2])
    return Briefing(
        story=Story(slug, tuple(articles)),
        title=articles[0].meta.title,
        date=date,
        updated=None,
        summary=summary,
        key_points=tuple(text.split(". ")[1] for text in bodies),
        people=tuple(
            StoryEntity(name, "person", rng.choice(ROLES), (name.split()[-1],), tuple(files), 3)
            for name in people
        ),
        places=tuple(StoryEntity(name, "place", None, (), tuple(files[:2]), 2) for name in places),
        organisations=tuple(
            StoryEntity(name, "organisation", None, (), tuple(files[:1]), 1) for name in orgs
        ),
        figures=tuple(
            StoryFigure(
                float(rng.randint(10, 900) * 1000),
                f"more than {rng.randint(10, 900)},000 people",
                "people",
                "more than",
                "in 2023",
                rng.choice(orgs),
                sentence(rng, names),
                (rng.choice(files),),
            )
            for _ in range(4)
        ),
        disagreements=(),
        quotes=tuple(
            StoryQuote(rng.choice(people), "person", sentence(rng, names), tuple(files[:2]))
            for _ in range(4)
        ),
        timeline=tuple(
            TimelineEntry(date - datetime.timedelta(days=d), sentence(rng, names), (files[0],))
            for d in (9, 3, 0)
        ),
        coverage=tuple(
            Coverage(f, a.meta.outlet, date, a.meta.title, (sentence(rng, names)[:80],))
            for f, a in zip(files, articles, strict=True)
        ),
        tags=tuple(sorted(rng.sample(TAGS, 3))),
        related=tuple(
            f"{(base - datetime.timedelta(days=k // 3)).isoformat()}-story-{k:05d}"
            for k in sorted({(number + d) % max(number + 1, 1) for d in (1, 2, 3)} - {number})
        ),
    )


def synthetic_briefings(count: int) -> list[Briefing]:
    base = datetime.date(2024, 6, 30)
    return [synthetic_briefing(number, base) for number in range(count)]


@contextmanager
def synthetic_pipeline(briefings: list[Briefing]) -> Iterator[None]:
    """Make the MkDocs plugin build `briefings` instead of running the pipeline."""
    import generator.mkdocs_plugin as plugin
    from generator.pipeline import BuildReport, BuildResult
    from generator.site.listings import render_site

    def build(settings: Settings, previous: object = None, history: object = None) -> BuildResult:
        pages = render_site(briefings, settings)
        return BuildResult(pages, briefings, BuildReport(stories=len(briefings)))

    original = plugin.build
    plugin.build = build  # type: ignore[assignment]
    try:
        yield
    finally:
        plugin.build = original  # type: ignore[assignment]


def build_site(briefings: list[Briefing], project: Path, site: Path) -> float:
    """Build the project's site with `briefings` into `site`; returns seconds."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    for name in ("docs",):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns(STORIES_DIR))
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    (project / "source_articles").mkdir(exist_ok=True)
    started = time.perf_counter()
    with synthetic_pipeline(briefings):
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
        config.plugins["briefings"].config.cache = False
        build(config)
    return time.perf_counter() - started


def kib(size: float) -> str:
    return f"{size / 1024:,.1f} KiB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--briefings", type=int, default=1000)
    parser.add_argument("--keep", type=Path, help="build into this folder and keep it")
    args = parser.parse_args(argv)
    briefings = synthetic_briefings(args.briefings)
    with tempfile.TemporaryDirectory(prefix="page-weight-") as tmp:
        project = Path(tmp) / "project"
        project.mkdir()
        site = args.keep or Path(tmp) / "site"
        seconds = build_site(briefings, project, site)
        pages = [
            (site / STORIES_DIR / b.story.story_id / "index.html").stat().st_size for b in briefings
        ]
        bundle = [p for p in (site / "pagefind").rglob("*") if p.is_file()]
        index = sum(p.stat().st_size for p in bundle)
        latest = (site / STORIES_DIR / "index.html").stat().st_size
        home = (site / "index.html").stat().st_size
        tags = (site / STORIES_DIR / "tags" / "index.html").stat().st_size
        briefing_dirs = {b.story.story_id for b in briefings}
        listings = [
            p.stat().st_size
            for p in (site / STORIES_DIR).rglob("index.html")
            if p.parent.name not in briefing_dirs
        ]
        total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    print(f"briefings:            {len(briefings):,}")
    print(
        f"briefing page (HTML): median {kib(statistics.median(pages))}, "
        f"mean {kib(statistics.mean(pages))}, max {kib(max(pages))}"
    )
    print(f"home page (HTML):     {kib(home)}")
    print(f"latest listing page:  {kib(latest)}")
    print(f"tags index page:      {kib(tags)}")
    print(f"largest listing page: {kib(max(listings))} (of {len(listings):,} listing pages)")
    print(
        f"pagefind bundle:      {kib(index)} in {len(bundle):,} files "
        f"({kib(index / len(briefings))} per briefing; fetched in chunks, never whole)"
    )
    print(f"whole site:           {kib(total)}")
    print(f"mkdocs build:         {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
