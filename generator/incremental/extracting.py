"""Extraction, incrementally: an article comes from the cache when its key (its source's
bytes under this extraction's version) is there; new ones are extracted in worker
processes (or on a Dask cluster) and saved as they come in."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from pathlib import PurePosixPath

from generator.errors import Problem, SourceError
from generator.extract import nlp
from generator.incremental.outlines import Archive, outline
from generator.incremental.reading import Loaded
from generator.incremental.run import Run
from generator.incremental.workers import (
    BACKGROUND_MIN_CACHED,
    Extracted,
    Outcome,
    chunks,
    extract_chunk,
)
from generator.model import Article, CleanArticle
from generator.sources.read import load_source

PARALLEL_MIN_ARTICLES = 40
"""Below this many new articles, starting worker processes costs more than it saves."""

FLUSH_ARTICLES = 256
"""New articles are written to the cache in batches of this many as they come in."""

CHUNK_ARTICLES = 8
"""Articles per task sent to a worker process: small enough for an even spread and a
live progress bar, large enough for spaCy's batching."""


def extract_all(run: Run, loaded: Sequence[Loaded], outlines: bool = False) -> Archive:
    """Articles for every readable source: from the cache when unchanged, else extracted.

    New articles start extracting before the cached ones are read back: a few of them in
    the warm worker (`Workers.warm_up`), while this process reads the cache back and
    preloads the tables the later stages read; many of them on every core. With
    `outlines`, cached articles come back as outlines, and the archive reads the whole
    article of a source when a stage asks for it (`Archive.full`)."""
    store, report = run.store, run.report
    present = store.articles.keys_in(item.key for item in loaded)
    fresh = [item for item in loaded if item.key not in present]
    background = (
        0 < len(fresh) < PARALLEL_MIN_ARTICLES
        and len(present) >= BACKGROUND_MIN_CACHED
        and run.workers.size > 1
    )
    articles: dict[PurePosixPath, Article] = {}
    cleaned: dict[PurePosixPath, CleanArticle] = {}
    running = start_extracting(run, fresh, background)
    wanted = [item.key for item in loaded if item.key in present]
    whole: dict[str, Article] = {}
    cached: dict[str, Article]
    if outlines:
        cached = {key: found.article for key, found in store.outlines.get_many(wanted).items()}
        whole = store.articles.get_many(key for key in wanted if key not in cached)  # older
        store.outlines.put_many((key, outline(article)) for key, article in whole.items())
        cached.update((key, outline(article).article) for key, article in whole.items())
    else:
        cached = store.articles.get_many(wanted)
    if background:  # the worker will take a while yet: read what later stages will ask
        for table in store.tables:
            if table not in (store.articles, store.outlines, store.stamps):
                table.preload()
    for item in loaded:
        hit = cached.get(item.key)
        if hit is not None:
            articles[item.path] = hit
            if not outlines:
                cleaned[item.path] = hit.clean
    report.cached = len(articles)
    extracted = collect(run, running, fresh, articles, cleaned)
    damaged = [item for item in loaded if item.key in present and item.key not in cached]
    if damaged:  # entries that would not unpickle: extract those sources again
        running = start_extracting(run, damaged, False)
        extracted += collect(run, running, damaged, articles, cleaned)
    report.problems += sorted(extracted, key=lambda p: (p.path, p.line or 0, p.message))
    report.problems += [  # budgets a source went over (cut figures, quotes): every run
        Problem(f"{run.prefix}/{path}", note, severity="warning")
        for path in sorted(articles, key=str)
        for note in articles[path].notes
    ]
    kept = [item.key for item in loaded]
    store.articles.prune(kept)
    store.outlines.prune(kept)
    report.cleaned += [cleaned[path] for path in sorted(cleaned, key=str)]

    def extract_again(items: Sequence[Loaded]) -> dict[PurePosixPath, Article]:
        found: dict[PurePosixPath, Article] = {}
        report.problems += collect(run, start_extracting(run, items, False), items, found, {})
        return found

    outlined = {
        item.path: item
        for item in loaded
        if outlines and item.key in cached and item.key not in whole
    }
    return Archive(
        [articles[path] for path in sorted(articles, key=str)],
        outlined,
        store,
        extract_again,
        {item.path: whole[item.key] for item in loaded if item.key in whole},
    )


def start_extracting(run: Run, items: Sequence[Loaded], background: bool) -> Iterator[Extracted]:
    """Start extracting `items`, in chunks: in worker processes when there are many (the
    model loaded here first, so they share it) or when `background`; else here, lazily."""
    if not items:
        return iter(())
    settings = run.settings
    remote = settings.scheduler is not None
    if not background and not remote:
        # loads the model here, before any worker forks
        run.report.warn_once(run.prefix, nlp.model_problem())
    task = functools.partial(
        extract_chunk,
        max_bytes=settings.max_bytes,
        prefix=run.prefix,
        debug=settings.debug,
        check_model=background or remote,
        seconds=settings.article_seconds,
    )
    sources = []
    for item in items:
        if item.data is not None:
            sources.append((item.path, item.data))
            continue
        try:  # unchanged since it was read, but its article is not in the cache
            sources.append(
                (item.path, load_source(settings.source_dir, item.path, settings.max_bytes))
            )
        except SourceError as error:
            run.report.problems.append(Problem.from_error(error, run.prefix))
    if settings.scheduler is not None:
        return extract_on_cluster(
            settings.scheduler, task, chunks(sources, CHUNK_ARTICLES), run.prefix
        )
    parallel = len(items) >= PARALLEL_MIN_ARTICLES
    return run.workers.map(task, chunks(sources, CHUNK_ARTICLES), parallel, background)


def extract_on_cluster(
    address: str,
    task: Callable[[Sequence[tuple[PurePosixPath, bytes]]], Extracted],
    tasks: Sequence[Sequence[tuple[PurePosixPath, bytes]]],
    prefix: str,
) -> Iterator[Extracted]:
    """`task` over `tasks` on the Dask cluster at `address` (`incremental.distributed`);
    the articles of a task that failed there are reported, one problem each."""
    from generator.incremental.distributed import cluster_map

    def failed(items: Sequence[tuple[PurePosixPath, bytes]], reason: str) -> Extracted:
        message = f"not extracted: its task failed on the Dask cluster ({reason})"
        return Extracted(
            [Outcome(path, problem=Problem(f"{prefix}/{path}", message)) for path, _data in items]
        )

    return cluster_map(address, task, tasks, failed)


def collect(
    run: Run,
    running: Iterator[Extracted],
    items: Sequence[Loaded],
    articles: dict[PurePosixPath, Article],
    cleaned: dict[PurePosixPath, CleanArticle],
) -> list[Problem]:
    """Take in what `start_extracting` makes, saving new articles to the cache as they
    come; returns the sources' problems (a missing model is reported once, here)."""
    problems: list[Problem] = []
    new: list[tuple[str, Article]] = []
    keys = {item.path: item.key for item in items}
    done = 0
    model_problem = None
    for chunk in running:
        model_problem = model_problem or chunk.model_problem
        for outcome in chunk.outcomes:
            if outcome.clean is not None:
                cleaned[outcome.path] = outcome.clean
            if outcome.article is not None:
                articles[outcome.path] = outcome.article
                new.append((keys[outcome.path], outcome.article))
            if outcome.problem is not None:
                problems.append(outcome.problem)
        done += len(chunk.outcomes)
        run.progress("extract", done, len(items))
        if len(new) >= FLUSH_ARTICLES:  # an interrupted cold build keeps its work
            save(run, new)
            new = []
    save(run, new)
    run.report.warn_once(run.prefix, model_problem)
    return problems


def save(run: Run, new: Sequence[tuple[str, Article]]) -> None:
    """Cache new articles, and their outlines."""
    run.store.articles.put_many(new)
    run.store.outlines.put_many((key, outline(article)) for key, article in new)
