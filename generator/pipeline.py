"""build(settings) -> BuildResult: the stages, in the order they run.

read -> extract -> group -> compare -> history -> render, each through its cache layer
(`generator.incremental`). Writing is the caller's job (`output.write.write_site` for the
CLI, generated files for the MkDocs plugin).
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import time
from collections.abc import Mapping
from dataclasses import dataclass

from generator.config import STORIES_DIR, Settings
from generator.errors import Problem
from generator.incremental.comparing import compare_all
from generator.incremental.extracting import extract_all
from generator.incremental.grouping import group_all
from generator.incremental.reading import read_all
from generator.incremental.rendering import render_all
from generator.incremental.run import Run
from generator.incremental.store import Store
from generator.incremental.workers import Workers
from generator.model import Briefing, Page
from generator.output.published import (
    IDS_FILE,
    History,
    history_page,
    ids_page,
    read_history,
    read_published_ids,
    refuse_claims,
)
from generator.report import BuildReport, Progress, quiet
from generator.stories import history as story_history
from generator.stories import outlets as outlet_names

__all__ = ["BuildReport", "BuildResult", "Progress", "build", "quiet"]


@dataclass(slots=True)
class BuildResult:
    """The pages (each with its bytes), and the briefings they show. A briefing's story
    holds its articles' outlines unless it was compared or rendered in this run."""

    pages: list[Page]
    briefings: list[Briefing]
    report: BuildReport


def build(
    settings: Settings,
    progress: Progress = quiet,
    previous: Mapping[str, str] | None = None,
    explain: bool = False,
    workers: Workers | None = None,
    history: History | None = None,
) -> BuildResult:
    """Read every source, extract, group, compare and render: the whole site in memory.

    Only new or changed sources are decoded and analysed, and only stories whose members
    changed are compared again: the rest comes from the cache (`generator.incremental`).
    The result is the same, byte for byte, with a cold cache, a warm one or none.
    `previous` (source file -> story id) keeps published stories at their URLs; by
    default it is read from the tree a previous run wrote (`output.published`).
    `explain` fills each story's `reasons` (`check --verbose`; it groups everything).
    `workers`: the worker processes to use (the caller stops them); by default the build
    starts its own. `history`: each story's "What's new" entries so far; by default read
    from the tree a previous run wrote.
    """
    started = time.perf_counter()
    report = BuildReport()
    registry, problem = outlet_names.read_owner_file(settings.outlets_file)
    if problem:
        report.problems.append(Problem(str(settings.outlets_file), problem))
    store = Store(settings.cache_path)
    try:
        own = Workers(settings) if workers is None else contextlib.nullcontext(workers)
        with own as pool:
            run = Run(settings, report, store, pool, progress)
            if not explain:
                pool.warm_up_for(store)
            loaded = read_all(run)
            archive = extract_all(run, loaded, outlines=not explain)
            # The articles live as long as the build: the cycle collector need not walk
            # them again (each full collection took ~0.2 s at 10,000 articles).
            gc.freeze()
            progress("group", 0, 1)
            if previous is None:
                said: list[str] = []
                previous = read_published_ids(settings.out_dir, said)
                where = str(settings.out_dir / STORIES_DIR / IDS_FILE)
                report.problems += [Problem(where, text, severity="warning") for text in said]
            articles, refused = refuse_claims(archive.articles, previous, run.prefix)
            report.problems += refused
            keys = {item.path: item.key for item in loaded}
            stories = group_all(articles, previous, keys, store, explain, archive)
            progress("group", 1, 1)
            report.groupings = list(stories)
            briefings = compare_all(run, stories, keys, archive, registry)
            if history is None:
                history = read_history(settings.out_dir)
            entries = {
                b.story.story_id: story_history.story_history(b, previous, history)
                for b in briefings
            }
            briefings = [
                dataclasses.replace(
                    b,
                    history=story_history.updates(b, entries[b.story.story_id]),
                    source_text=settings.source_text,
                )
                for b in briefings
            ]
            pages = [
                *render_all(briefings, keys, settings, store, archive, registry),
                ids_page(stories),
                history_page({k: list(v) for k, v in entries.items()}),
            ]
    finally:
        store.close()
        gc.unfreeze()  # a long-lived process (`mkdocs serve`) collects them when unused
    report.articles = len(articles)
    report.cached -= archive.extracted_again
    report.stories = len(stories)
    report.pages = sum(1 for page in pages if page.path.suffix == ".md")
    report.seconds = time.perf_counter() - started
    return BuildResult(pages, briefings, report)
