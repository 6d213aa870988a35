"""Edge: an embedded SQLite file of typed tables, keyed by content, never by time.

| table | key (`keys`) | value |
|---|---|---|
| `articles` | article key: extraction's version, sha256 of the source's bytes, path | `Article` |
| `outlines` | the article's key | its `Outline` |
| `stamps` | a source folder | `Stamps`: each file's stat and digest when last read |
| `features` | feature key: grouping's version and the article's key | `ArticleFeatures` |
| `groupings` | grouping key: every article key and the published ids | `Grouping` (one kept) |
| `stories` | story key: its id and members' article keys | `Briefing` without articles |
| `related` | every story key | `Related`: each story's related stories |
| `pages` | page key: a story's key, related titles, links | `StoryPages`: pages and bytes |
| `memos` | page key of the memo's name | `Memo`: the YAML headers of the last run |
| `listings` | page key of the listing, then its first page's path | `Listing` |

Each table is a `Table` of one value type: `get` answers a value or raises `Missing`,
`get_many` answers those it holds; a value of another type or one that will not unpickle
(written by another version of this program) is a miss. Deleting the file is always
safe; a damaged or foreign file is deleted and started afresh; a locked or unusable one
is no cache for this run. Nothing here ever makes a build fail. The file is ours,
written by this program; it is not an input format.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import pickle
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from generator.model import Article, Briefing, Page

if TYPE_CHECKING:  # imported when a table of theirs is first read: opening a store is light
    from generator.site.listings import Listing
    from generator.stories.group import ArticleFeatures, GroupingState

SCHEMA_VERSION = 4
"""`PRAGMA user_version` of the file; another value means another layout (tables, or the
types of their values): the file is started afresh."""

CHUNK = 500
"""Keys per `IN (…)` query, below SQLite's limit on bound parameters."""
BUSY_TIMEOUT = 2.0
"""Seconds to wait for another build (say `mkdocs serve` beside `briefings generate`)."""

V = TypeVar("V")

Stamp = tuple[int, int, int, int]
"""(size, mtime_ns, ctime_ns, inode) of a source file: unchanged means the same bytes."""


# --------------------------------------------------------------------------- values


@dataclass(frozen=True, slots=True)
class Outline:
    """What a story needs of a member it neither compares nor renders again: the article
    with its source, metadata and headline, without its text and what was extracted from
    it (`outlines.outline` makes one; `article` is that shape of `Article`)."""

    article: Article


@dataclass(frozen=True, slots=True)
class Stamps:
    """A source folder's files when last read: path -> (stat stamp, sha256 of the bytes)."""

    files: Mapping[str, tuple[Stamp, str]]


@dataclass(frozen=True, slots=True)
class GroupedStory:
    story_id: str
    sources: tuple[str, ...]
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Grouping:
    """One grouping: the articles it was made for (`grouping_key` without the published
    ids), the stories found, and the state `group.regroup` starts from."""

    articles_key: str
    stories: tuple[GroupedStory, ...]
    state: GroupingState


@dataclass(frozen=True, slots=True)
class Related:
    """`relate`'s answer for one set of stories: story id -> related story ids."""

    by_story: Mapping[str, tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class RenderedPage:
    """A page as kept: its path and front matter, its bytes as written, and where its body
    starts in them (the body is not kept twice)."""

    path: str
    front_matter: dict[str, Any]
    data: bytes
    body_start: int

    @classmethod
    def of(cls, page: Page, data: bytes) -> RenderedPage:
        return cls(str(page.path), page.front_matter, data, len(data) - len(page.body.encode()))

    def page(self) -> Page:
        body = self.data[self.body_start :].decode("utf-8")
        return Page(PurePosixPath(self.path), self.front_matter, body, self.data)


@dataclass(frozen=True, slots=True)
class StoryPages:
    """A story's rendered pages (its briefing, its sources' pages)."""

    pages: tuple[RenderedPage, ...]


@dataclass(frozen=True, slots=True)
class Memo:
    """A memo of the last run that saves work in this one: YAML headers by front matter
    (`write.front_matter_text`)."""

    values: Mapping[str, str]


# --------------------------------------------------------------------------- tables


class Missing(KeyError):
    """The table holds no value of its type under this key."""


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while values are unpickled.

    Unpickling makes only live objects (no garbage), but the million or so objects of
    10,000 Articles trigger full collections that walk all of them again and again: the
    articles come back in half the time without (0.5 instead of 1.0 s)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _unpickled(rows: Iterable[tuple[str, bytes]], kind: type[V]) -> dict[str, V]:
    """The values of (key, pickle) rows that are a `kind`, by key, unpickled with the
    cycle collector paused; a stale or damaged entry is a miss."""
    found: dict[str, V] = {}
    with _collector_paused():
        for key, blob in rows:
            try:
                value = pickle.loads(blob)
            except Exception:  # noqa: BLE001, S112 - a stale or damaged entry is a miss
                continue
            if isinstance(value, kind):
                found[key] = value
    return found


class Table(Generic[V]):
    """One table of the file: text keys, values of one type. Every method degrades to a
    miss or a no-op when the file is unusable."""

    def __init__(self, store: Store, name: str, kind: type[V] | str) -> None:
        self.store = store
        self.name = name
        self._kind = kind
        self._preloaded: dict[str, V] | None = None

    @property
    def kind(self) -> type[V]:
        """The values' type; given as "module:name", imported when first asked for."""
        if isinstance(self._kind, str):
            module, _, name = self._kind.partition(":")
            self._kind = getattr(importlib.import_module(module), name)
        return self._kind  # type: ignore[return-value]

    def get(self, key: str) -> V:
        found = self.get_many([key])
        if key not in found:
            raise Missing(key)
        return found[key]

    def find(self, key: str) -> V | None:
        """The value under `key`, or None."""
        return self.get_many([key]).get(key)

    def get_many(self, keys: Iterable[str]) -> dict[str, V]:
        if self._preloaded is not None:
            found = ((key, self._preloaded.get(key)) for key in keys)
            return {key: value for key, value in found if isinstance(value, self.kind)}
        return _unpickled(self._rows("key, value", keys), self.kind)

    def keys_in(self, keys: Iterable[str]) -> set[str]:
        """Which of `keys` the table holds (without reading their values, which may still
        turn out unreadable)."""
        return {key for (key,) in self._rows("key", keys)}

    def with_prefix(self, prefix: str) -> dict[str, V]:
        """Every value whose key starts with `prefix` (not empty)."""
        if self._preloaded is not None:
            found = ((k, v) for k, v in self._preloaded.items() if k.startswith(prefix))
            return {key: value for key, value in found if isinstance(value, self.kind)}
        beyond = prefix[:-1] + chr(ord(prefix[-1]) + 1)  # the first key past the prefix
        rows = self.store.query(
            f"SELECT key, value FROM {self.name} WHERE key >= ? AND key < ?", (prefix, beyond)
        )
        return _unpickled(rows, self.kind)

    def some_key(self) -> str | None:
        """A key the table holds (the only one, for a table that keeps one)."""
        rows = self.store.query(f"SELECT key FROM {self.name} LIMIT 1", ())
        return str(rows[0][0]) if rows else None

    def holds(self, count: int) -> bool:
        """Whether the table holds at least `count` entries."""
        rows = self.store.query(
            f"SELECT count(*) FROM (SELECT 1 FROM {self.name} LIMIT ?)", (count,)
        )
        return bool(rows and rows[0][0] >= count)

    def put(self, key: str, value: V) -> None:
        self.put_many([(key, value)])

    def put_many(self, items: Iterable[tuple[str, V]]) -> None:
        values = list(items)
        if not values:
            return
        if self._preloaded is not None:
            self._preloaded.update(values)
        rows = [(key, pickle.dumps(value, protocol=5)) for key, value in values]
        self.store.write(f"INSERT OR REPLACE INTO {self.name} VALUES (?, ?)", rows)

    def keep_only(self, key: str, value: V) -> None:
        """Store this value as the table's only one."""
        self.prune([key])
        self.put(key, value)

    def prune(self, keep: Iterable[str]) -> None:
        """Drop every entry but those of `keep` (of other versions, of what is gone)."""
        kept = set(keep)
        if self._preloaded is not None:
            for key in [key for key in self._preloaded if key not in kept]:
                del self._preloaded[key]
        rows = self.store.query(f"SELECT key FROM {self.name}", ())
        stale = [(key,) for (key,) in rows if key not in kept]
        if stale:
            self.store.write(f"DELETE FROM {self.name} WHERE key = ?", stale)

    def preload(self) -> None:
        """Read every entry now, while the caller waits for something else (a worker
        extracting the few new articles of a big archive): later reads come from memory.
        Tables are pruned to what a run uses, so this reads little more than the run would;
        writes and prunes keep the copy current."""
        rows = self.store.query(f"SELECT key, value FROM {self.name}", ())
        if self.store.usable:
            self._preloaded = _unpickled(rows, self.kind)

    def _rows(self, columns: str, keys: Iterable[str]) -> Iterator[tuple[Any, ...]]:
        """`columns` of the rows of these keys, `CHUNK` keys a query; stops at an error."""
        wanted = list(dict.fromkeys(keys))
        for start in range(0, len(wanted), CHUNK):
            chunk = wanted[start : start + CHUNK]
            marks = ",".join("?" * len(chunk))
            rows = self.store.query(
                f"SELECT {columns} FROM {self.name} WHERE key IN ({marks})", chunk
            )
            if rows is None:
                return
            yield from rows


class Store:
    """The cache file, open for one build: one `Table` per kind of value."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._db: sqlite3.Connection | None = None
        self.articles = Table(self, "articles", Article)
        self.outlines = Table(self, "outlines", Outline)
        self.stamps = Table(self, "stamps", Stamps)
        self.features: Table[ArticleFeatures] = Table(
            self, "features", "generator.stories.group:ArticleFeatures"
        )
        self.groupings = Table(self, "groupings", Grouping)
        self.stories = Table(self, "stories", Briefing)
        self.related = Table(self, "related", Related)
        self.pages = Table(self, "pages", StoryPages)
        self.memos = Table(self, "memos", Memo)
        self.listings: Table[Listing] = Table(self, "listings", "generator.site.listings:Listing")
        if path is None:
            return
        try:
            self._db = self._open(path)
        except sqlite3.DatabaseError:
            # Not a database of ours (damaged, truncated, foreign): it is only a cache.
            self._discard(path)
            try:
                self._db = self._open(path)
            except (sqlite3.Error, OSError):
                self._db = None
        except (sqlite3.Error, OSError):
            self._db = None  # locked or unwritable: no cache this time, never an error

    @property
    def tables(self) -> list[Table[Any]]:
        return [value for value in vars(self).values() if isinstance(value, Table)]

    @property
    def usable(self) -> bool:
        return self._db is not None

    def _open(self, path: Path) -> sqlite3.Connection:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path, timeout=BUSY_TIMEOUT)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version != SCHEMA_VERSION:
                with db:
                    for (name,) in db.execute(
                        "SELECT name FROM sqlite_master WHERE type = 'table'"
                    ).fetchall():
                        db.execute(f'DROP TABLE IF EXISTS "{name}"')
                    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            with db:
                for table in self.tables:
                    db.execute(
                        f"CREATE TABLE IF NOT EXISTS {table.name} "
                        "(key TEXT PRIMARY KEY, value BLOB NOT NULL)"
                    )
        except BaseException:
            db.close()
            raise
        return db

    @staticmethod
    def _discard(path: Path) -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(OSError):
                path.with_name(path.name + suffix).unlink()

    def query(self, sql: str, parameters: Any) -> list[tuple[Any, ...]]:
        """The rows of a query; none when the file is unusable or the query fails."""
        if self._db is None:
            return []
        try:
            return self._db.execute(sql, parameters).fetchall()
        except sqlite3.Error:
            return []

    def write(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        """Run a statement for each row, in one transaction; nothing when it fails."""
        if self._db is None:
            return
        with contextlib.suppress(sqlite3.Error), self._db:
            self._db.executemany(sql, rows)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
