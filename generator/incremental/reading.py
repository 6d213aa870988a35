"""Reading, incrementally: a source whose file is unchanged since a run read it is not
read again; its key comes from the digest recorded then."""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass
from pathlib import PurePosixPath

from generator.errors import Problem, SourceError
from generator.incremental.keys import article_key
from generator.incremental.run import Run
from generator.incremental.store import Stamp, Stamps
from generator.sources.read import load_source, scan_sources

SETTLED_NS = 2_000_000_000
"""A file modified less than this long before it was read is hashed again next time:
a write in the same clock tick as the read would leave its stamp unchanged."""


@dataclass(frozen=True, slots=True)
class Loaded:
    """A source's cache key, and its checked bytes (None when its file is unchanged since a
    run that read it: they are read again only if the cache lacks its article)."""

    path: PurePosixPath
    data: bytes | None
    key: str


def stamp_of(info: os.stat_result) -> Stamp:
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


def read_all(run: Run) -> list[Loaded]:
    """Every listed source's key: from the digest of its bytes, or, for a file whose
    stat (`Stamp`) is the one recorded when it was last read, from the recorded digest."""
    settings, report = run.settings, run.report
    try:
        scanned = scan_sources(settings.source_dir)
    except OSError as error:
        report.problems.append(
            Problem(run.prefix, f"cannot list the source folder: {error.strerror}")
        )
        return []
    report.sources = len(scanned)
    folder = str(settings.source_dir.resolve())
    found = run.store.stamps.find(folder)
    known = dict(found.files) if found is not None else {}
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
            report.problems.append(Problem.from_error(error, run.prefix))
        else:
            digest = hashlib.sha256(data).hexdigest()
            loaded.append(Loaded(path, data, article_key(str(path), digest)))
            if info is not None and info.st_mtime_ns < settled and info.st_ctime_ns < settled:
                stamps[str(path)] = (stamp_of(info), digest)
        if done % 256 == 0 or done == len(scanned):
            run.progress("read", done, len(scanned))
    if stamps != known:
        run.store.stamps.put(folder, Stamps(stamps))
    return loaded
