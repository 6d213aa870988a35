"""Edge: an embedded SQLite cache of extracted articles, keyed by content hash.

The key is the sha256 of the source's bytes plus its path, and the value is the pickled
Article. The generator's own code is part of every key (`code_version`), so a change to
any extraction rule invalidates old entries by itself. Deleting the file is always safe.
The file is ours, written by this program; it is not an input format.
"""

from __future__ import annotations

import functools
import hashlib
import pickle
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from generator.model import Article

SCHEMA = "CREATE TABLE IF NOT EXISTS articles (key TEXT PRIMARY KEY, article BLOB NOT NULL)"


@functools.cache
def code_version() -> str:
    """Digest of the generator package's source: any code change is a new cache generation."""
    digest = hashlib.sha256()
    package = Path(__file__).parent
    for path in sorted(package.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def article_key(path: str, content_digest: str) -> str:
    return f"{code_version()}:{content_digest}:{path}"


class ArticleCache:
    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._db: sqlite3.Connection | None = None
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._db = sqlite3.connect(path)
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute(SCHEMA)
            except sqlite3.Error:
                self._db = None  # an unusable cache is no cache, never an error

    def get_many(self, keys: Iterable[str]) -> dict[str, Article]:
        if self._db is None:
            return {}
        found: dict[str, Article] = {}
        wanted = list(keys)
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            try:
                rows = self._db.execute(
                    f"SELECT key, article FROM articles WHERE key IN ({marks})", chunk
                ).fetchall()
            except sqlite3.Error:
                return found
            for key, blob in rows:
                try:
                    article = pickle.loads(blob)
                except Exception:  # noqa: BLE001 - a stale or damaged entry is a miss
                    continue
                if isinstance(article, Article):
                    found[key] = article
        return found

    def put_many(self, items: Iterable[tuple[str, Article]]) -> None:
        if self._db is None:
            return
        rows = [(key, pickle.dumps(article, protocol=5)) for key, article in items]
        try:
            with self._db:
                self._db.executemany("INSERT OR REPLACE INTO articles VALUES (?, ?)", rows)
        except sqlite3.Error:
            pass

    def prune(self, keep: Iterable[str]) -> None:
        """Drop entries of other code versions and of sources that are gone."""
        if self._db is None:
            return
        keep_set = set(keep)
        try:
            keys = [row[0] for row in self._db.execute("SELECT key FROM articles")]
            stale = [(key,) for key in keys if key not in keep_set]
            if stale:
                with self._db:
                    self._db.executemany("DELETE FROM articles WHERE key = ?", stale)
        except sqlite3.Error:
            pass

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
