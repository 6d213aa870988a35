"""Worker processes for the pipeline, and what runs in them to extract articles.

Light to import (the extraction modules are imported when a worker first needs them),
so the command can start the warm worker (`Workers.warm_up`) before it imports the
pipeline: the worker loads spaCy while this process imports the rest and reads the cache.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.pool
import os
import pickle
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, TypeVar

from generator.config import ARTICLE_SECONDS, Settings
from generator.errors import Problem, SourceError
from generator.extract import nlp
from generator.model import Article, CleanArticle, RawArticle
from generator.report import INTERNAL

if TYPE_CHECKING:
    from generator.extract.article import Prepared
    from generator.incremental.store import Store


def decode_source(path: PurePosixPath, data: bytes, max_bytes: int) -> RawArticle:
    """`read.decode_source` (imported on first use)."""
    from generator.sources import read

    return read.decode_source(path, data, max_bytes)


def prepare_article(raw: RawArticle) -> Prepared:
    """`extract.prepare_article` (imported on first use)."""
    from generator.extract import article as extract

    return extract.prepare_article(raw)


def analyse_articles(prepared: Sequence[Prepared], workers: int = 1) -> list[Article]:
    """`extract.analyse_articles` (imported on first use)."""
    from generator.extract import article as extract

    return extract.analyse_articles(prepared, workers)


BACKGROUND_MIN_CACHED = 200
"""With this many cached articles to unpickle, a few new ones are extracted in a worker
process meanwhile (it loads spaCy itself), instead of before or after in this one."""

A = TypeVar("A")
R = TypeVar("R")


class Workers:
    """A pool of worker processes, started on first use and shared by the stages.

    Worker processes are forked where the platform allows, so they start at once and share
    the loaded spaCy model; elsewhere they are spawned. With one worker, or `--debug`
    (tracebacks must come from where the error happened), everything runs in-process.
    `warm_up` starts one more, which loads what extraction needs while this process reads
    the cache: the few new articles of a run over a big archive go to it (`background`).
    """

    def __init__(self, settings: Settings) -> None:
        self.size = 1 if settings.debug else max(1, settings.workers or os.cpu_count() or 1)
        self.folder = settings.cache_path.parent if settings.cache_path is not None else None
        """Where the warm worker keeps the language identifier: beside the cache."""
        self.remote = settings.scheduler is not None
        """Extraction runs on a Dask cluster (`incremental.distributed`): no warm worker."""
        self._pool: multiprocessing.pool.Pool | None = None
        self._warm: multiprocessing.pool.Pool | None = None

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._warm is not None:
            self._warm.terminate()  # done with its task, or never given one
            self._warm.join()
            self._warm = None
        if self._pool is not None:
            if exc[0] is None:
                self._pool.close()
            else:
                self._pool.terminate()
            self._pool.join()
            self._pool = None

    @staticmethod
    def _context() -> Any:
        methods = multiprocessing.get_all_start_methods()
        return multiprocessing.get_context("fork" if "fork" in methods else "spawn")

    def warm_up(self) -> None:
        """Start the warm worker now (with more than one worker: it takes a core); it
        keeps the language identifier in `folder` (`kept_identifier`)."""
        if self.size > 1 and not self.remote and self._warm is None and self._pool is None:
            self._warm = self._context().Pool(
                1, initializer=warm_up_extraction, initargs=(self.folder,)
            )

    def warm_up_for(self, cache: Store) -> None:
        """`warm_up` when `cache` holds `BACKGROUND_MIN_CACHED` articles or more: a run
        over a big archive brings few new ones."""
        if cache.outlines.holds(BACKGROUND_MIN_CACHED):
            self.warm_up()

    def cool_down(self) -> None:
        """Stop the warm worker: the work is for the whole pool after all."""
        if self._warm is not None:
            self._warm.terminate()
            self._warm.join()
            self._warm = None

    def map(
        self,
        function: Callable[[A], R],
        tasks: Sequence[A],
        parallel: bool,
        background: bool = False,
    ) -> Iterator[R]:
        """`function` over `tasks`, in order; in worker processes when `parallel` (and
        there are two tasks or more), or in the warm worker (else a new pool) when the
        caller has other work to do meanwhile (`background`): they start at once, and
        their results come as the iterator is read."""
        if background and self._warm is not None and tasks:
            return self._warm.imap(function, tasks)
        if not (parallel or background) or self.size == 1 or len(tasks) < (1 if background else 2):
            return map(function, tasks)
        self.cool_down()
        if self._pool is None:
            self._pool = self._context().Pool(self.size)
        return self._pool.imap(function, tasks)


WARM_UP_SOURCE = """\
Harbour workers strike over pay in Valparaiso

First change: January 19, 2024 - 9:21 p.m. Last change: January 19, 2024 - 9:40 p.m.

VALPARAISO, Chile (AP) - About 2,000 harbour workers walked off the job on Friday,
demanding a 6 percent pay rise, the dock workers' union said.

Steel containers on the quay at Valparaiso.

"We will not go back to work for promises," said Maria Lopez, the union's secretary.
The strike cost the port about $3 million a day, the Ministry of Labour said.
"""
"""A short article that takes extraction down each of its paths that load something on
first use: the spaCy model, the language identifier, dateparser's tables."""


def warm_up_extraction(folder: Path | None = None) -> None:
    """Extract `WARM_UP_SOURCE` and forget it (the warm worker's start), with the language
    identifier kept in `folder`. The real extraction reports any problem; this one only
    loads what it will need."""
    from generator.extract import article as extract

    kept = kept_identifier(folder)
    try:
        path = PurePosixPath("warm-up.txt")
        prepared = extract.prepare_article(decode_source(path, WARM_UP_SOURCE.encode(), 1 << 16))
        if nlp.model_problem() is None:
            extract.analyse_articles([prepared], 1)
    except Exception:  # noqa: BLE001, S110 - a warm-up: nothing to report
        pass
    if kept is not None and not kept.exists():
        keep_identifier(kept)


def kept_identifier(folder: Path | None) -> Path | None:
    """py3langid's language identifier as a pickle in `folder` (the cache's), installed
    when it is there: 0.06 s to read instead of 0.4 s to decompress and load its model,
    and every article's language is asked of it. The file's name holds py3langid's
    version and the size of its model file; deleting it is always safe. Returns the
    file's path (None without a folder or py3langid)."""
    if folder is None:
        return None
    try:
        from py3langid import __version__, langid

        size = (langid.MODEL_DIR / langid.MODEL_FILE).stat().st_size
    except (ImportError, AttributeError, OSError):
        return None
    path = folder / f"py3langid-{__version__}-{size}.pickle"
    try:
        with path.open("rb") as handle:
            identifier = pickle.load(handle)
    except Exception:  # noqa: BLE001 - missing, damaged or foreign: made again
        with contextlib.suppress(OSError):
            path.unlink()
        return path
    if isinstance(identifier, langid.LanguageIdentifier) and langid.IDENTIFIER is None:
        langid.IDENTIFIER = identifier
    return path


def keep_identifier(path: Path) -> None:
    """Write the identifier py3langid loaded (atomically: a rename into place)."""
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    for stale in path.parent.glob(f".{path.name}.*"):  # of a worker stopped mid-write
        with contextlib.suppress(OSError):
            stale.unlink()
    try:
        from py3langid import langid

        identifier = langid.IDENTIFIER
        if identifier is None:
            return
        with partial.open("wb") as handle:
            pickle.dump(identifier, handle, protocol=5)
        os.replace(partial, path)
    except Exception:  # noqa: BLE001, S110 - only a shortcut for the next run
        with contextlib.suppress(OSError):
            partial.unlink()


def chunks(items: Sequence[A], size: int) -> list[Sequence[A]]:
    return [items[start : start + size] for start in range(0, len(items), size)]


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one source in a worker: an Article, or a problem (and maybe its
    cleaned text, kept for `check --verbose`)."""

    path: PurePosixPath
    article: Article | None = None
    clean: CleanArticle | None = None
    problem: Problem | None = None


@dataclass(frozen=True, slots=True)
class Extracted:
    """A chunk's outcomes, and why the model could not be used where they were made."""

    outcomes: list[Outcome]
    model_problem: str | None = None


def extract_chunk(
    items: Sequence[tuple[PurePosixPath, bytes]],
    max_bytes: int,
    prefix: str,
    debug: bool,
    check_model: bool = False,
    seconds: float = ARTICLE_SECONDS,
) -> Extracted:
    """Decode, clean and analyse a few sources (in a worker process, or in-process);
    `check_model` also says why the model cannot be used, if it cannot (loading it).
    A source whose extraction takes longer than `seconds` is reported and skipped."""
    problem = nlp.model_problem() if check_model else None
    outcomes: dict[PurePosixPath, Outcome] = {}
    prepared: list[Prepared] = []
    for path, data in items:
        try:
            with time_budget(seconds):
                item = prepare_article(decode_source(path, data, max_bytes))
        except SourceError as error:
            outcomes[path] = Outcome(path, problem=Problem.from_error(error, prefix))
            continue
        except OverBudget:
            outcomes[path] = Outcome(path, problem=over_budget(prefix, path, seconds))
            continue
        except Exception as error:  # noqa: BLE001 - our bug; report it, keep building
            if debug:
                raise
            outcomes[path] = Outcome(path, problem=internal(prefix, path, error))
            continue
        prepared.append(item)
        outcomes[path] = Outcome(path, clean=item.clean)
    try:
        with time_budget(seconds):  # a batch over one source's budget: one at a time
            analysed = analyse_articles(prepared, 1)
    except (Exception, OverBudget) as error:  # isolate the article that breaks or holds it
        if debug and not isinstance(error, OverBudget):
            raise
        analysed = []
        for item in prepared:
            path = item.raw.path
            try:
                with time_budget(seconds):
                    analysed += analyse_articles([item], 1)
            except OverBudget:
                outcomes[path] = Outcome(
                    path, clean=item.clean, problem=over_budget(prefix, path, seconds)
                )
            except Exception as error:  # noqa: BLE001
                outcomes[path] = Outcome(
                    path, clean=item.clean, problem=internal(prefix, path, error)
                )
    for article in analysed:
        outcomes[article.source] = Outcome(article.source, article, article.clean)
    return Extracted([outcomes[path] for path, _data in items], problem)


class OverBudget(BaseException):
    """Raised in the middle of a source's extraction when its time is up (a
    BaseException, so that no `except Exception` on the way swallows it)."""


@contextlib.contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise `OverBudget` in this block after `seconds` of wall time. Needs a timer
    signal, so only in the main thread of a process (a worker, the command, `mkdocs
    build`); elsewhere the block runs without a budget."""
    if (
        seconds <= 0
        or not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return

    def expire(_signum: int, _frame: object) -> None:
        raise OverBudget

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def over_budget(prefix: str, path: PurePosixPath, seconds: float) -> Problem:
    return Problem(
        f"{prefix}/{path}",
        f"extraction took longer than {seconds:g} s (the time budget of one source); skipped",
    )


def internal(prefix: str, path: PurePosixPath, error: BaseException) -> Problem:
    detail = f"{type(error).__name__}: {error}"
    return Problem(f"{prefix}/{path}", f"{detail}; rerun with --debug", severity=INTERNAL)
