"""build(settings) -> BuildResult: composes the stages, nothing else.

read -> clean -> extract -> group -> compare -> render. Writing is the caller's job
(`write.write_site` for the CLI, generated files for the MkDocs plugin).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from generator import nlp
from generator.cache import ArticleCache, article_key
from generator.compare import compare_story, relate
from generator.config import Settings
from generator.errors import Problem, SourceError
from generator.extract import Prepared, analyse_articles, prepare_article
from generator.group import group_stories
from generator.model import Article, Briefing, CleanArticle, Page, RawArticle, Story
from generator.read import list_sources, read_source
from generator.site import render_site

Progress = Callable[[str, int, int], None]
"""progress(stage, done, total)"""

INTERNAL = "internal error"
"""Severity of a problem that is our bug, not the source's."""

PARALLEL_MIN_ARTICLES = 40
"""Below this many new articles, starting worker processes costs more than it saves."""


@dataclass(slots=True)
class BuildReport:
    sources: int = 0
    articles: int = 0
    cached: int = 0
    stories: int = 0
    pages: int = 0
    seconds: float = 0.0
    problems: list[Problem] = field(default_factory=list)
    cleaned: list[CleanArticle] = field(default_factory=list)
    groupings: list[Story] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity != "warning"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def internal_errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == INTERNAL]

    def summary(self) -> str:
        return (
            f"{self.articles} of {self.sources} source(s) read ({self.cached} from cache), "
            f"{self.stories} stor{'y' if self.stories == 1 else 'ies'}, "
            f"{self.pages} page(s), {len(self.errors)} error(s), "
            f"{len(self.warnings)} warning(s) in {self.seconds:.1f} s"
        )


@dataclass(slots=True)
class BuildResult:
    pages: list[Page]
    briefings: list[Briefing]
    report: BuildReport


def quiet(_stage: str, _done: int, _total: int) -> None:
    return None


def build(settings: Settings, progress: Progress = quiet) -> BuildResult:
    """Read every source, extract, group, compare and render: the whole site in memory."""
    started = time.perf_counter()
    report = BuildReport()
    prefix = str(settings.source_dir).rstrip("/")
    raws = read_all(settings, report, prefix, progress)
    articles = extract_all(raws, settings, report, prefix, progress)
    progress("group", 0, 1)
    stories = group_stories(articles)
    progress("group", 1, 1)
    report.groupings = list(stories)
    briefings = compare_all(stories, settings, report, prefix, progress)
    pages = render_site(briefings, settings)
    report.articles = len(articles)
    report.stories = len(stories)
    report.pages = sum(1 for page in pages if page.path.suffix == ".md")
    report.seconds = time.perf_counter() - started
    return BuildResult(pages, briefings, report)


def read_all(
    settings: Settings, report: BuildReport, prefix: str, progress: Progress
) -> list[RawArticle]:
    try:
        paths = list_sources(settings.source_dir)
    except OSError as error:
        report.problems.append(Problem(prefix, f"cannot list the source folder: {error.strerror}"))
        return []
    report.sources = len(paths)
    raws = []
    for done, path in enumerate(paths, 1):
        try:
            raws.append(read_source(settings.source_dir, path, settings.max_bytes))
        except SourceError as error:
            report.problems.append(Problem.from_error(error, prefix))
        progress("read", done, len(paths))
    return raws


def extract_all(
    raws: Sequence[RawArticle],
    settings: Settings,
    report: BuildReport,
    prefix: str,
    progress: Progress,
) -> list[Article]:
    """Articles for every readable source: from the cache when unchanged, else extracted."""
    cache = ArticleCache(settings.cache_path)
    try:
        keys = {raw.path: article_key(str(raw.path), raw.digest) for raw in raws}
        cached = cache.get_many(keys.values())
        articles: dict[PurePosixPath, Article] = {}
        fresh: list[Prepared] = []
        for raw in raws:
            hit = cached.get(keys[raw.path])
            if hit is not None:
                articles[raw.path] = hit
                report.cleaned.append(hit.clean)
                continue
            try:
                prepared = prepare_article(raw)
            except SourceError as error:
                report.problems.append(Problem.from_error(error, prefix))
                continue
            except Exception as error:  # noqa: BLE001 - our bug; report it, keep building
                if settings.debug:
                    raise
                report.problems.append(internal(prefix, raw.path, error))
                continue
            report.cleaned.append(prepared.clean)
            fresh.append(prepared)
        report.cached = len(articles)
        if fresh:
            workers = worker_count(settings, len(fresh))
            problem = nlp.model_problem()
            if problem:
                report.problems.append(Problem(prefix, problem, severity="warning"))
            new = extract_batch(fresh, workers, settings, report, prefix, progress)
            cache.put_many((keys[a.source], a) for a in new)
            articles.update((a.source, a) for a in new)
        cache.prune(keys.values())
    finally:
        cache.close()
    return [articles[path] for path in sorted(articles)]


def extract_batch(
    fresh: Sequence[Prepared],
    workers: int,
    settings: Settings,
    report: BuildReport,
    prefix: str,
    progress: Progress,
) -> list[Article]:
    chunk = max(64, workers * 64)
    new: list[Article] = []
    for start in range(0, len(fresh), chunk):
        batch = fresh[start : start + chunk]
        try:
            new += analyse_articles(batch, workers)
        except Exception:  # noqa: BLE001 - isolate the article that breaks the batch
            if settings.debug:
                raise
            for item in batch:
                try:
                    new += analyse_articles([item], 1)
                except Exception as error:  # noqa: BLE001
                    report.problems.append(internal(prefix, item.raw.path, error))
        progress("extract", min(start + chunk, len(fresh)), len(fresh))
    return new


def compare_all(
    stories: Sequence[Story],
    settings: Settings,
    report: BuildReport,
    prefix: str,
    progress: Progress,
) -> list[Briefing]:
    briefings = []
    for done, story in enumerate(stories, 1):
        try:
            briefings.append(compare_story(story))
        except Exception as error:  # noqa: BLE001 - our bug; report it, keep building
            if settings.debug:
                raise
            report.problems.append(internal(prefix, story.articles[0].source, error))
        progress("compare", done, len(stories))
    return relate(briefings)


def internal(prefix: str, path: PurePosixPath, error: BaseException) -> Problem:
    detail = f"{type(error).__name__}: {error}"
    return Problem(f"{prefix}/{path}", f"{detail}; rerun with --debug", severity=INTERNAL)


def worker_count(settings: Settings, articles: int) -> int:
    if articles < PARALLEL_MIN_ARTICLES:
        return 1
    cores = os.cpu_count() or 1
    return max(1, settings.workers or cores)
