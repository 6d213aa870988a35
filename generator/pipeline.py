"""build(settings) -> BuildResult: composes the stages, nothing else.

read -> clean -> extract -> group -> compare -> render. Writing is the caller's job
(`write.write_site` for the CLI, generated files for the MkDocs plugin).
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import hashlib
import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from generator import history as story_history
from generator import nlp
from generator import outlets as outlet_names
from generator.cache import (
    ArticleCache,
    article_key,
    code_version,
    feature_key,
    grouping_key,
    page_key,
    story_key,
)
from generator.compare import compare_story, relate, with_inferred_dates
from generator.config import STORIES_DIR, Settings
from generator.errors import Problem, SourceError
from generator.group import (
    ArticleFeatures,
    GroupingState,
    article_features,
    forced_story,
    group_articles,
    regroup,
)
from generator.model import Article, Briefing, CleanArticle, Page, Story
from generator.published import (
    IDS_FILE,
    History,
    history_page,
    ids_page,
    read_history,
    read_published_ids,
    story_id_problem,
)
from generator.read import load_source, scan_sources
from generator.render import known_slugs
from generator.site import (
    Links,
    known_listings,
    listings_made,
    listings_used,
    render_site,
    site_index,
    story_pages,
)
from generator.workers import (
    BACKGROUND_MIN_CACHED,
    INTERNAL,
    Extracted,
    Outcome,
    Workers,
    chunks,
    extract_chunk,
    internal,
)
from generator.write import known_bytes, known_headers, page_bytes, plain_repr

Progress = Callable[[str, int, int], None]
"""progress(stage, done, total)"""

PARALLEL_MIN_ARTICLES = 40
"""Below this many new articles, starting worker processes costs more than it saves."""

FLUSH_ARTICLES = 256
"""New articles are written to the cache in batches of this many as they come in."""

CHUNK_ARTICLES = 8
"""Articles per task sent to a worker process: small enough for an even spread and a
live progress bar, large enough for spaCy's batching."""


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
    """Cleaned texts of every source with `explain`; else of those extracted in this run."""
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
    """The pages, and the briefings they show. A briefing's story holds its articles'
    outlines (`outline`) unless it was compared or rendered in this run."""

    pages: list[Page]
    briefings: list[Briefing]
    report: BuildReport


def quiet(_stage: str, _done: int, _total: int) -> None:
    return None


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
    changed are compared again: the rest comes from the cache (see `generator.cache`).
    The result is the same, byte for byte, with a cold cache, a warm one or none.
    `previous` (source file -> story id) keeps published stories at their URLs; by
    default it is read from the tree a previous run wrote (`generator.published`).
    `explain` fills each story's `reasons` (`check --verbose`; it groups everything).
    `workers`: the worker processes to use (the caller stops them); by default the build
    starts its own. `history`: each story's "What's new" entries so far; by default read
    from the tree a previous run wrote.
    """
    started = time.perf_counter()
    report = BuildReport()
    prefix = str(settings.source_dir).rstrip("/")
    registry, problem = outlet_names.read_owner_file(settings.outlets_file)
    if problem:
        report.problems.append(Problem(str(settings.outlets_file), problem))
    cache = ArticleCache(settings.cache_path)
    try:
        own = Workers(settings) if workers is None else contextlib.nullcontext(workers)
        with own as workers:
            if not explain:
                workers.warm_up_for(cache)
            loaded = read_all(settings, report, prefix, progress, cache)
            archive = extract_all(
                loaded, settings, report, prefix, progress, cache, workers, outlines=not explain
            )
            articles = archive.articles
            # The articles live as long as the build: the cycle collector need not walk
            # them again (each full collection took ~0.2 s at 10,000 articles).
            gc.freeze()
            progress("group", 0, 1)
            if previous is None:
                said: list[str] = []
                previous = read_published_ids(settings.out_dir, said)
                where = str(settings.out_dir / STORIES_DIR / IDS_FILE)
                report.problems += [Problem(where, text, severity="warning") for text in said]
            articles = refuse_claims(articles, previous, report, prefix)
            keys = {item.path: item.key for item in loaded}
            stories = group_all(articles, previous, keys, cache, explain, archive)
            progress("group", 1, 1)
            report.groupings = list(stories)
            briefings = compare_all(
                stories,
                keys,
                settings,
                report,
                prefix,
                progress,
                cache,
                workers,
                archive,
                registry,
            )
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
                *render_all(briefings, keys, settings, cache, archive, registry),
                ids_page(stories),
                history_page({k: list(v) for k, v in entries.items()}),
            ]
    finally:
        cache.close()
        gc.unfreeze()  # a long-lived process (`mkdocs serve`) collects them when unused
    report.articles = len(articles)
    report.cached -= archive.extracted_again
    report.stories = len(stories)
    report.pages = sum(1 for page in pages if page.path.suffix == ".md")
    report.seconds = time.perf_counter() - started
    return BuildResult(pages, briefings, report)


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True, slots=True)
class Loaded:
    """A source's cache key, and its checked bytes (None when its file is unchanged since a
    run that read it: they are read again only if the cache lacks its article)."""

    path: PurePosixPath
    data: bytes | None
    key: str


Stamp = tuple[int, int, int, int]
"""(size, mtime_ns, ctime_ns, inode) of a source file: unchanged means the same bytes."""

SETTLED_NS = 2_000_000_000
"""A file modified less than this long before it was read is hashed again next time:
a write in the same clock tick as the read would leave its stamp unchanged."""


def stamp_of(info: os.stat_result) -> Stamp:
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


def read_all(
    settings: Settings,
    report: BuildReport,
    prefix: str,
    progress: Progress,
    cache: ArticleCache | None = None,
) -> list[Loaded]:
    """Every listed source's key: from the digest of its bytes, or, for a file whose
    stat (`Stamp`) is the one recorded when it was last read, from the recorded digest."""
    try:
        scanned = scan_sources(settings.source_dir)
    except OSError as error:
        report.problems.append(Problem(prefix, f"cannot list the source folder: {error.strerror}"))
        return []
    report.sources = len(scanned)
    folder = str(settings.source_dir.resolve())
    known = cache.get_stamps(folder) if cache is not None else {}
    stamps: dict[str, tuple[Stamp, str]] = {}
    settled = time.time_ns() - SETTLED_NS
    loaded = []
    for done, (path, info) in enumerate(scanned, 1):
        hit = known.get(str(path))
        if (
            info is not None
            and hit is not None
            and hit[0] == stamp_of(info)
            and info.st_size <= settings.max_bytes
        ):
            stamps[str(path)] = hit
            loaded.append(Loaded(path, None, article_key(str(path), hit[1])))
            continue
        try:
            data = load_source(settings.source_dir, path, settings.max_bytes)
        except SourceError as error:
            report.problems.append(Problem.from_error(error, prefix))
        else:
            digest = hashlib.sha256(data).hexdigest()
            loaded.append(Loaded(path, data, article_key(str(path), digest)))
            if info is not None and info.st_mtime_ns < settled and info.st_ctime_ns < settled:
                stamps[str(path)] = (stamp_of(info), digest)
        if done % 256 == 0 or done == len(scanned):
            progress("read", done, len(scanned))
    if cache is not None and stamps != known:
        cache.put_stamps(folder, stamps)
    return loaded


# --------------------------------------------------------------------------- workers

# --------------------------------------------------------------------------- extraction


def extract_all(
    loaded: Sequence[Loaded],
    settings: Settings,
    report: BuildReport,
    prefix: str,
    progress: Progress,
    cache: ArticleCache,
    workers: Workers,
    outlines: bool = False,
) -> Archive:
    """Articles for every readable source: from the cache when unchanged, else extracted.

    New articles start extracting before the cached ones are read back: a few of them in
    the warm worker (`Workers.warm_up`), while this process reads the cache back and
    preloads the tables the later stages read; many of them on every core. With
    `outlines`, cached articles come back as outlines, and the archive reads the whole
    article of a source when a stage asks for it (`Archive.full`)."""
    present = cache.has_many(item.key for item in loaded)
    fresh = [item for item in loaded if item.key not in present]
    background = (
        0 < len(fresh) < PARALLEL_MIN_ARTICLES
        and len(present) >= BACKGROUND_MIN_CACHED
        and workers.size > 1
    )
    articles: dict[PurePosixPath, Article] = {}
    cleaned: dict[PurePosixPath, CleanArticle] = {}
    running = start_extracting(fresh, settings, report, prefix, workers, background)
    wanted = [item.key for item in loaded if item.key in present]
    whole: dict[str, Article] = {}
    if outlines:
        cached = cache.get_outlines(wanted)
        whole = cache.get_many(key for key in wanted if key not in cached)  # older entries
        cache.put_outlines((key, outline(article)) for key, article in whole.items())
        cached.update((key, outline(article)) for key, article in whole.items())
    else:
        cached = cache.get_many(wanted)
    if background:  # the worker will take a while yet: read what later stages will ask
        cache.preload("groupings", "features", "stories", "pages")
    for item in loaded:
        hit = cached.get(item.key)
        if hit is not None:
            articles[item.path] = hit
            if not outlines:
                cleaned[item.path] = hit.clean
    report.cached = len(articles)
    extracted = collect(running, fresh, report, prefix, progress, cache, articles, cleaned)
    damaged = [item for item in loaded if item.key in present and item.key not in cached]
    if damaged:  # entries that would not unpickle: extract those sources again
        running = start_extracting(damaged, settings, report, prefix, workers, False)
        extracted += collect(running, damaged, report, prefix, progress, cache, articles, cleaned)
    report.problems += sorted(extracted, key=lambda p: (p.path, p.line or 0, p.message))
    report.problems += [  # budgets a source went over (cut figures, quotes): every run
        Problem(f"{prefix}/{path}", note, severity="warning")
        for path in sorted(articles, key=str)
        for note in articles[path].notes
    ]
    cache.prune(item.key for item in loaded)
    report.cleaned += [cleaned[path] for path in sorted(cleaned, key=str)]

    def extract_again(items: Sequence[Loaded]) -> dict[PurePosixPath, Article]:
        found: dict[PurePosixPath, Article] = {}
        running = start_extracting(items, settings, report, prefix, workers, False)
        problems = collect(running, items, report, prefix, progress, cache, found, {})
        report.problems += problems
        return found

    outlined = {
        item.path: item
        for item in loaded
        if outlines and item.key in cached and item.key not in whole
    }
    return Archive(
        [articles[path] for path in sorted(articles, key=str)],
        outlined,
        cache,
        extract_again,
        {item.path: whole[item.key] for item in loaded if item.key in whole},
    )


def outline(article: Article) -> Article:
    """What a story needs of a member it neither compares nor renders again: the article
    with its source, metadata and headline, without its text (no blocks) and without what
    was extracted from that (sentences, names, figures, quotes, summary)."""
    clean = article.clean
    return Article(
        article.source,
        article.meta,
        CleanArticle(clean.path, clean.headline, ()),
        article.source_meta,
        digest=article.digest,
        notes=article.notes,
    )


class Archive:
    """The build's articles (`articles`, sorted by source; cached ones as outlines when
    asked for), and the whole article of any source on demand (`full`)."""

    def __init__(
        self,
        articles: list[Article],
        outlined: Mapping[PurePosixPath, Loaded],
        cache: ArticleCache,
        extract_again: Callable[[Sequence[Loaded]], dict[PurePosixPath, Article]],
        whole: Mapping[PurePosixPath, Article],
    ) -> None:
        self.articles = articles
        self.outlined = outlined
        self.cache = cache
        self.extract_again = extract_again
        self.extracted_again = 0
        self._whole = {a.source: a for a in articles if a.source not in outlined}
        self._whole.update(whole)

    def full(self, sources: Iterable[PurePosixPath]) -> dict[PurePosixPath, Article]:
        """The whole articles of these sources (read from the cache at most once per run;
        an entry that will not unpickle is extracted again). A source that cannot be
        extracted again (it broke since it was read) is left out."""
        wanted = list(dict.fromkeys(sources))
        lacking = [self.outlined[s] for s in wanted if s not in self._whole and s in self.outlined]
        if lacking:
            found = self.cache.get_many(item.key for item in lacking)
            for item in lacking:
                if item.key in found:
                    self._whole[item.path] = found[item.key]
            damaged = [item for item in lacking if item.key not in found]
            if damaged:
                again = self.extract_again(damaged)
                self.extracted_again += len(again)
                self._whole.update(again)
        return {source: self._whole[source] for source in wanted if source in self._whole}

    def story(self, story: Story) -> Story:
        """The story with its members' whole articles, in its order (members that cannot
        be had whole stay outlines)."""
        whole = self.full(article.source for article in story.articles)
        articles = tuple(whole.get(article.source, article) for article in story.articles)
        return dataclasses.replace(story, articles=articles)


def start_extracting(
    items: Sequence[Loaded],
    settings: Settings,
    report: BuildReport,
    prefix: str,
    workers: Workers,
    background: bool,
) -> Iterator[Extracted]:
    """Start extracting `items`, in chunks: in worker processes when there are many (the
    model loaded here first, so they share it) or when `background`; else here, lazily."""
    if not items:
        return iter(())
    remote = settings.scheduler is not None
    if not background and not remote:
        # loads the model here, before any worker forks
        warn_once(report, prefix, nlp.model_problem())
    task = functools.partial(
        extract_chunk,
        max_bytes=settings.max_bytes,
        prefix=prefix,
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
            report.problems.append(Problem.from_error(error, prefix))
    if settings.scheduler is not None:
        return extract_on_cluster(settings.scheduler, task, chunks(sources, CHUNK_ARTICLES), prefix)
    parallel = len(items) >= PARALLEL_MIN_ARTICLES
    return workers.map(task, chunks(sources, CHUNK_ARTICLES), parallel, background)


def extract_on_cluster(
    address: str,
    task: Callable[[Sequence[tuple[PurePosixPath, bytes]]], Extracted],
    tasks: Sequence[Sequence[tuple[PurePosixPath, bytes]]],
    prefix: str,
) -> Iterator[Extracted]:
    """`task` over `tasks` on the Dask cluster at `address` (`generator.distributed`);
    the articles of a task that failed there are reported, one problem each."""
    from generator.distributed import cluster_map

    def failed(items: Sequence[tuple[PurePosixPath, bytes]], reason: str) -> Extracted:
        message = f"not extracted: its task failed on the Dask cluster ({reason})"
        return Extracted(
            [Outcome(path, problem=Problem(f"{prefix}/{path}", message)) for path, _data in items]
        )

    return cluster_map(address, task, tasks, failed)


def collect(
    running: Iterator[Extracted],
    items: Sequence[Loaded],
    report: BuildReport,
    prefix: str,
    progress: Progress,
    cache: ArticleCache,
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
        progress("extract", done, len(items))
        if len(new) >= FLUSH_ARTICLES:  # an interrupted cold build keeps its work
            save(cache, new)
            new = []
    save(cache, new)
    warn_once(report, prefix, model_problem)
    return problems


def save(cache: ArticleCache, new: Sequence[tuple[str, Article]]) -> None:
    """Cache new articles, and their outlines."""
    cache.put_many(new)
    cache.put_outlines((key, outline(article)) for key, article in new)


def warn_once(report: BuildReport, prefix: str, message: str | None) -> None:
    """Report a warning about the whole build (the model is missing) once, however many
    extraction rounds meet it."""
    warning = Problem(prefix, message or "", severity="warning")
    if message and warning not in report.problems:
        report.problems.append(warning)


# --------------------------------------------------------------------------- grouping


def refuse_claims(
    articles: Sequence[Article], previous: Mapping[str, str], report: BuildReport, prefix: str
) -> list[Article]:
    """The articles whose front matter `story:` may be theirs: not an id a listing uses,
    and not the published id of other sources (still present and not forced to it):
    a new file cannot take a published story's URL and move that story. A refused
    article is an error naming both files, and is left out of the site."""
    forced = {str(article.source): forced_story(article) for article in articles}
    kept = []
    for article in articles:
        source = str(article.source)
        story_id = forced[source]
        if story_id is None:
            kept.append(article)
            continue
        problem = story_id_problem(story_id)
        if problem is not None:
            problem = f"front matter story: {problem}"
        holders = sorted(
            other
            for other, published in previous.items()
            if published == story_id
            and other != source
            and other in forced
            and forced[other] != story_id
        )
        if problem is None and holders:
            more = f" and {len(holders) - 1} other source(s)" if len(holders) > 1 else ""
            problem = (
                f"front matter story: {story_id} is the published id of {prefix}/{holders[0]}"
                f"{more}; a forced id cannot take another story's URL"
            )
        if problem is None:
            kept.append(article)
        else:
            report.problems.append(Problem(f"{prefix}/{source}", problem))
    return kept


# --------------------------------------------------------------------------- grouping


REGROUP_MIN_ARTICLES = 500
"""From this many articles on, a run with a few new, changed or deleted sources regroups
only the stories they touch (`group.regroup`); below it, grouping everything is cheap
and exactly what a cold run gives."""


def group_all(
    articles: Sequence[Article],
    previous: Mapping[str, str],
    keys: Mapping[PurePosixPath, str],
    cache: ArticleCache,
    explain: bool = False,
    archive: Archive | None = None,
) -> tuple[Story, ...]:
    """`group_stories`, or its last result when no source (and no published id) changed,
    or `regroup` of what changed since the last grouping.

    The last grouping also answers a run whose published ids are exactly the ids it gave
    these same articles (the run after the one that published them: `mkdocs build` after
    `briefings generate`): every story then keeps the id most of its members had, its own.
    `explain` (`check --verbose`) always groups everything, with the reasons.
    """
    article_keys = [keys[article.source] for article in articles]
    key = grouping_key(article_keys, previous.items())
    same_articles = grouping_key(article_keys, ())
    by_source = {str(article.source): article for article in articles}
    last = cache.last_grouping()
    if not explain:
        exact = cache.get_grouping(key)
        if exact is not None:
            stories = _restore_grouping(exact, same_articles, by_source)
            if stories is not None:
                return stories
        if last is not None:
            stories = _restore_grouping(last, same_articles, by_source)
            if stories is not None and all(
                previous.get(str(article.source)) == story.story_id
                for story in stories
                for article in story.articles
            ):
                return stories
    versions = {str(article.source): keys[article.source] for article in articles}
    store = FeatureStore(cache, by_source, versions, archive)
    grouping = None
    state = _grouping_state(last)
    if state is not None and not explain and len(articles) >= REGROUP_MIN_ARTICLES:
        grouping = regroup(articles, state, versions, store.get, previous)
    if grouping is None:
        found = store.get(versions)
        grouping = group_articles(articles, found, previous, explain, versions)
    store.save()
    cache.prune_features(feature_key(versions[source]) for source in sorted(versions))
    stories = grouping.stories
    cache.put_grouping(
        key,
        (
            same_articles,
            tuple(
                (story.story_id, tuple(str(a.source) for a in story.articles), story.reasons)
                for story in stories
            ),
            code_version("groupings"),
            grouping.state,
        ),
    )
    return stories


class FeatureStore:
    """Grouping features of articles by (source, article key): from the cache, else
    computed from the whole article (when it is the current version: from `archive` when
    the build holds only its outline) and saved afterwards."""

    def __init__(
        self,
        cache: ArticleCache,
        articles: Mapping[str, Article],
        versions: Mapping[str, str],
        archive: Archive | None = None,
    ) -> None:
        self.cache = cache
        self.articles = articles
        self.versions = versions
        self.archive = archive
        self.fresh: dict[str, ArticleFeatures] = {}

    def get(self, wanted: Mapping[str, str]) -> dict[str, ArticleFeatures]:
        """Features of `wanted` (source -> article key); a source unknown in that version
        is left out."""
        stored = self.cache.get_features(feature_key(key) for key in wanted.values())
        found: dict[str, ArticleFeatures] = {}
        lacking = []
        for source, key in wanted.items():
            hit = self.fresh.get(key) or stored.get(feature_key(key))
            if hit is not None and len(hit) == len(ArticleFeatures._fields):
                found[source] = ArticleFeatures(*hit)
            elif source in self.articles and key == self.versions.get(source):
                lacking.append(source)
        whole = {str(path): a for path, a in self.full(lacking).items()}
        for source in lacking:
            if source in whole:
                found[source] = self.fresh[wanted[source]] = article_features(whole[source])
            else:  # its source broke since it was read (reported): not kept
                found[source] = article_features(self.articles[source])
        return found

    def full(self, sources: Sequence[str]) -> dict[PurePosixPath, Article]:
        if not sources:
            return {}
        if self.archive is None:
            return {self.articles[s].source: self.articles[s] for s in sources}
        return self.archive.full(self.articles[source].source for source in sources)

    def save(self) -> None:
        self.cache.put_features(
            (feature_key(key), tuple(value)) for key, value in self.fresh.items()
        )


def _grouping_state(found: tuple[object, ...] | None) -> GroupingState | None:
    """The state a cached grouping left for `regroup`, if it was made by this code."""
    if found is None or len(found) != 4:
        return None
    _articles, _stories, version, state = found
    if version != code_version("groupings") or not isinstance(state, GroupingState):
        return None
    return state


def _restore_grouping(
    found: tuple[object, ...], same_articles: str, by_source: Mapping[str, Article]
) -> tuple[Story, ...] | None:
    """The cached stories, or None when the entry was made for other articles."""
    try:
        articles_key, stories = found[:2]
        if articles_key != same_articles:
            return None
        return tuple(
            Story(story_id, tuple(by_source[source] for source in sources), tuple(reasons))
            for story_id, sources, reasons in stories  # type: ignore[attr-defined]
        )
    except (KeyError, TypeError, ValueError):
        return None  # an entry that does not fit these articles is a miss


# --------------------------------------------------------------------------- comparison


def compare_all(
    stories: Sequence[Story],
    keys: dict[PurePosixPath, str],
    settings: Settings,
    report: BuildReport,
    prefix: str,
    progress: Progress,
    cache: ArticleCache,
    workers: Workers,
    archive: Archive | None = None,
    registry: outlet_names.Registry | None = None,
) -> list[Briefing]:
    """One Briefing per story: from the cache when its members are unchanged (the others
    are compared with their members' whole articles, from `archive`), and so are the
    outlets they are compared with (`registry`)."""
    registry = registry or outlet_names.Registry(outlet_names.shipped())
    story_keys = [
        story_key(
            story.story_id,
            [*(keys[article.source] for article in story.articles), f"outlets:{registry.digest}"],
        )
        for story in stories
    ]
    cached = cache.get_briefings(story_keys)
    results: list[Briefing | None] = [None] * len(stories)
    todo: list[int] = []
    for index, story in enumerate(stories):
        hit = cached.get(story_keys[index])
        if hit is not None:
            results[index] = restore(hit, story)
        else:
            todo.append(index)
    done = len(stories) - len(todo)
    progress("compare", done, len(stories))
    parallel = sum(len(stories[index].articles) for index in todo) >= PARALLEL_MIN_ARTICLES
    task = functools.partial(compare_chunk, prefix=prefix, debug=settings.debug, registry=registry)
    fresh: list[tuple[str, Briefing]] = []
    batches = chunks(todo, 2)
    whole = whole_stories([stories[index] for index in todo], archive)
    tasks = [[whole[stories[index].story_id] for index in batch] for batch in batches]
    for batch, outcomes in zip(batches, workers.map(task, tasks, parallel), strict=True):
        for index, outcome in zip(batch, outcomes, strict=True):
            if isinstance(outcome, Problem):
                report.problems.append(outcome)
                continue
            fresh.append((story_keys[index], outcome))
            results[index] = restore(outcome, stories[index])
        done += len(batch)
        progress("compare", done, len(stories))
    cache.put_briefings(fresh)
    compared = [briefing for briefing in results if briefing is not None]
    related_key = "related:" + story_key("", sorted(story_keys))
    related = cache.get_related(related_key)
    if related is not None and set(related) == {b.story.story_id for b in compared}:
        briefings = [dataclasses.replace(b, related=related[b.story.story_id]) for b in compared]
    else:
        briefings = relate(compared)
        cache.put_related(related_key, {b.story.story_id: b.related for b in briefings})
    cache.prune_briefings([*story_keys, related_key])
    return briefings


# --------------------------------------------------------------------------- rendering


def render_all(
    briefings: Sequence[Briefing],
    keys: Mapping[PurePosixPath, str],
    settings: Settings,
    cache: ArticleCache,
    archive: Archive | None = None,
    registry: outlet_names.Registry | None = None,
) -> list[Page]:
    """`render_site`, with each story's pages (briefing and sources) from the cache when
    what they are made of is unchanged: the story (id and members' keys, as for the
    Briefing), the ids and titles of its related stories, and which of its names have a
    page. The pages' bytes come with them (`write.known_bytes`). Pages are rendered
    again from the members' whole articles (from `archive`)."""
    slugs_key = page_key("render.known_slugs")
    slugs = known_slugs(cache.get_slugs(slugs_key) or {})
    listing = page_key("site.remembered") + ":"  # then the first page's path
    remembered = cache.get_listings(listing)
    known_listings({key[len(listing) :]: value for key, value in remembered.items()})
    index = site_index(briefings)
    titles = index.titles
    wanted: dict[str, str] = {}  # story id -> its pages' cache key
    for briefing in briefings:
        story_id = briefing.story.story_id
        members = story_key(
            story_id,
            [
                *(keys[a.source] for a in briefing.story.articles),
                f"outlets:{registry.digest if registry else ''}",
            ],
        )
        related = [f"{other}\t{titles.get(other, other)}" for other in briefing.related]
        related.append(f"source_text\t{briefing.source_text}")
        related += [
            f"update\t{u.date}\t{' '.join(u.sources)}\t{chr(31).join(u.added)}"
            for u in briefing.history
        ]
        links = [
            f"link\t{own}" if own is page else f"link\t{own}\t{page}"
            for own, page in index.linked[story_id].items()
        ]
        wanted[story_id] = page_key(members, *related, *links)
    cached = cache.get_pages(wanted.values())
    missed = [b.story for b in briefings if wanted[b.story.story_id] not in cached]
    whole = whole_stories(missed, archive)
    known: list[tuple[Page, bytes]] = []
    fresh: list[tuple[str, Any]] = []

    def cached_story_pages(
        briefing: Briefing, titles: Mapping[str, str], linked: Links
    ) -> list[Page]:
        key = wanted[briefing.story.story_id]
        hit = cached.get(key)
        if hit is not None:
            try:
                pages = []
                for path, front_matter, data, start in hit:
                    page = Page(PurePosixPath(path), front_matter, data[start:].decode("utf-8"))
                    pages.append((page, data))
            except (TypeError, ValueError, UnicodeDecodeError):
                pass  # a damaged entry is a miss
            else:
                known.extend(pages)
                return [page for page, _data in pages]
        entry = []
        story = (
            whole.get(briefing.story.story_id)
            or whole_stories([briefing.story], archive)[briefing.story.story_id]
        )
        rendered = story_pages(restore(briefing, story), titles, linked)
        for page in rendered:
            data = page_bytes(page)
            start = len(data) - len(page.body.encode("utf-8"))
            known.append((page, data))
            entry.append((str(page.path), page.front_matter, data, start))
        fresh.append((key, tuple(entry)))
        return rendered

    pages = render_site(briefings, settings, cached_story_pages, index)
    # The other pages' bytes now, with the YAML headers of the last run: most are the
    # same (a title and a search setting), and libyaml costs ~0.1 ms a page.
    headers_key = page_key("write.known_headers")
    memo = cache.get_headers(headers_key) or {}
    known_headers(memo)
    done = {id(page) for page, _data in known}
    known += [(page, page_bytes(page)) for page in pages if id(page) not in done]
    known_bytes(known)
    used = {plain_repr(page.front_matter) for page in pages if id(page) not in done}
    kept = sorted(key for key in used if key is not None and key in memo)
    cache.put_headers(headers_key, {key: memo[key] for key in kept})
    known_headers({})
    cache.put_pages(fresh)
    names = {e.name for b in briefings for e in (*b.people, *b.places, *b.organisations)}
    names.update(tag for b in briefings for tag in b.tags)
    cache.put_slugs(slugs_key, {name: slugs[name] for name in sorted(names) if name in slugs})
    known_slugs({})
    cache.put_listings((listing + path, value) for path, value in listings_made().items())
    listed = [listing + path for path in listings_used()]
    known_listings({})
    cache.prune_pages([*wanted.values(), headers_key, slugs_key, *listed])
    return pages


def whole_stories(stories: Sequence[Story], archive: Archive | None) -> dict[str, Story]:
    """These stories by id, with their members' whole articles (read in one go)."""
    if archive is None:
        return {story.story_id: story for story in stories}
    archive.full(article.source for story in stories for article in story.articles)
    return {story.story_id: archive.story(story) for story in stories}


def compare_chunk(
    stories: Sequence[Story],
    prefix: str,
    debug: bool,
    registry: outlet_names.Registry | None = None,
) -> list[Briefing | Problem]:
    """Compare a few stories; each Briefing comes back without its articles (`strip`)."""
    outcomes: list[Briefing | Problem] = []
    for story in stories:
        try:
            outcomes.append(strip(compare_story(story, registry)))
        except Exception as error:  # noqa: BLE001 - our bug; report it, keep building
            if debug:
                raise
            outcomes.append(internal(prefix, story.articles[0].source, error))
    return outcomes


def strip(briefing: Briefing) -> Briefing:
    """The Briefing as cached: its story without articles or reasons (both come back from
    the current grouping in `restore`)."""
    return dataclasses.replace(
        briefing, story=dataclasses.replace(briefing.story, articles=(), reasons=())
    )


def restore(briefing: Briefing, story: Story) -> Briefing:
    """A stripped Briefing with its story's articles back, as `compare_story` returns it."""
    articles = outlet_names.apply(with_inferred_dates(story.articles), briefing.outlets)
    return dataclasses.replace(briefing, story=dataclasses.replace(story, articles=articles))
