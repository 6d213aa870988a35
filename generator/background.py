"""Builds in a child process, for `mkdocs serve` (issue 20).

The server must answer while the briefings are made again: the pipeline (reading,
cleaning, the model, grouping, rendering) runs in a child process forked from the
serving one, which keeps serving the last site meanwhile and takes the child's pages when
it is done. A newer change to the sources abandons a build still running (its child and
the child's workers are stopped) and starts another: a stale build is never finished.

`fingerprint` says whether anything a build reads changed (sources by stat, the published
ids and update history, the owner's outlets file, the settings), so a rebuild MkDocs
makes for another reason (a hand-written page, or the one this module asks for when a
build is done) reuses the pages it has.

Light to import, and it never imports MkDocs: the plugin is the adapter.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.connection
import os
import signal
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.config import STORIES_DIR, Settings
from generator.errors import Problem
from generator.model import Briefing, Page
from generator.output.published import HISTORY_FILE, IDS_FILE, History

Fingerprint = tuple[object, ...]


def fingerprint(settings: Settings) -> Fingerprint:
    """What a build reads, cheaply: every source's path and stat, the stat of the
    published ids, the update history and the owner's outlets file, and the settings.
    Equal fingerprints give equal builds (given the same history in memory)."""
    from generator.sources.read import scan_sources

    stamps: list[object] = [repr(settings)]
    with contextlib.suppress(OSError):
        for path, info in scan_sources(settings.source_dir):
            if info is None:  # a symlink inside the folder: its target's stat
                with contextlib.suppress(OSError):
                    info = (settings.source_dir / path).stat()
            stamps.append((str(path), _stamp(info)))
    read = [settings.out_dir / STORIES_DIR / name for name in (IDS_FILE, HISTORY_FILE)]
    if settings.outlets_file is not None:
        read.append(settings.outlets_file)
    for file in read:
        try:
            stamps.append(_stamp(file.stat()))
        except OSError:
            stamps.append(None)
    return tuple(stamps)


def _stamp(info: os.stat_result | None) -> object:
    if info is None:
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


@dataclass(slots=True)
class Built:
    """What the plugin needs of a build: its pages, the newest briefings (for the
    `<!-- briefings:latest -->` lists), where each source was published, its problems
    and summary line; or why it failed."""

    fingerprint: Fingerprint
    pages: list[Page] = field(default_factory=list)
    briefings: list[Briefing] = field(default_factory=list)
    published: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    summary: str = ""
    failure: str | None = None


def build_for_serve(
    settings: Settings,
    previous: Mapping[str, str],
    latest: int,
    stamp: Fingerprint,
    history: History | None = None,
) -> Built:
    """Run the pipeline and keep what the plugin needs (in the child process). Its pages
    carry the update history (`HISTORY_FILE`) the plugin keeps for the next build."""
    from generator.pipeline import build
    from generator.site.listings import newest_first

    result = build(settings, previous=previous, history=history)
    return Built(
        stamp,
        result.pages,
        list(newest_first(result.briefings)[: max(latest, 0)]),
        {
            str(article.source): story.story_id
            for story in result.report.groupings
            for article in story.articles
        },
        result.report.problems,
        result.report.summary(),
    )


def _child(
    connection: multiprocessing.connection.Connection,
    settings: Settings,
    previous: Mapping[str, str],
    latest: int,
    stamp: Fingerprint,
    history: History | None = None,
) -> None:
    """The child's work: its own process group (so that abandoning it stops its worker
    processes too), then the build, sent back whole or as its failure."""
    with contextlib.suppress(OSError):
        os.setpgid(0, 0)
    try:
        built = build_for_serve(settings, previous, latest, stamp, history)
    except BaseException as error:  # noqa: BLE001 - reported by the serving process
        built = Built(stamp, failure=f"{type(error).__name__}: {error}")
    try:
        connection.send(built)
    finally:
        connection.close()


class BackgroundBuilds:
    """At most one build running in a child process; `done` is called (from a thread of
    this process) when one finishes, and `take` hands over its outcome once."""

    def __init__(self, done: Callable[[], None]) -> None:
        self.done = done
        self._lock = threading.Lock()
        self._process: Any = None
        self._running: Fingerprint | None = None
        self._finished: Built | None = None

    @property
    def running(self) -> Fingerprint | None:
        """The fingerprint of the build in progress, if any."""
        with self._lock:
            return self._running

    def start(
        self,
        settings: Settings,
        previous: Mapping[str, str],
        latest: int,
        stamp: Fingerprint,
        history: History | None = None,
    ) -> None:
        """Start a build of `stamp`, abandoning any build still running."""
        self.cancel()
        methods = multiprocessing.get_all_start_methods()
        context: Any = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        receiving, sending = context.Pipe(duplex=False)
        process = context.Process(
            target=_child,
            args=(sending, settings, dict(previous), latest, stamp, history),
            name="briefings-build",
            daemon=False,  # it starts worker processes of its own
        )
        process.start()
        sending.close()
        with self._lock:
            self._process, self._running = process, stamp
        threading.Thread(
            target=self._wait, args=(process, receiving, stamp), name="briefings-wait", daemon=True
        ).start()

    def _wait(
        self,
        process: Any,
        receiving: multiprocessing.connection.Connection,
        stamp: Fingerprint,
    ) -> None:
        try:
            built: Built | None = receiving.recv()
        except (EOFError, OSError):  # abandoned (stopped) or crashed
            built = None
        finally:
            receiving.close()
        process.join()
        with self._lock:
            if self._process is not process:
                return  # abandoned meanwhile: a newer build is running
            self._process, self._running = None, None
            if built is None:
                built = Built(stamp, failure=f"the build process ended (exit {process.exitcode})")
            self._finished = built
        self.done()

    def take(self) -> Built | None:
        with self._lock:
            built, self._finished = self._finished, None
            return built

    def cancel(self) -> None:
        """Stop the build in progress, if any (its whole process group)."""
        with self._lock:
            process, self._process, self._running = self._process, None, None
        if process is None or process.pid is None:
            return
        with contextlib.suppress(OSError):
            os.killpg(process.pid, signal.SIGKILL)
        with contextlib.suppress(OSError, ValueError):
            process.kill()


def site_dir_for_build(previous: Path | None) -> Path:
    """A fresh folder for MkDocs to build into while the last one is served."""
    import tempfile

    base = previous.parent if previous is not None else None
    return Path(tempfile.mkdtemp(prefix="mkdocs_briefings_", dir=base))
