"""Settings: loaded and validated all at once into a frozen value.

The one home of defaults. `briefings generate/check` options and the MkDocs plugin's
options (`mkdocs.yml`) default to None and fall back to these (`generator.project`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
"""Largest source file read. The longest real news articles are well under 200 kB of
text; a 5 MiB cap leaves room for saved HTML pages with inline scripts and styles while
keeping one hostile file from holding the whole build in memory."""

# Budgets (issue 20): no single source may hold the build for long. Each is far above
# what a real news article needs; a source over one is refused (or, for figures and
# quotes, cut) with one line naming it.
MAX_PARAGRAPH_CHARS = 50_000
"""Longest paragraph (or line) analysed: ~8,000 words, a scrape without line breaks of a
long read. Longer is refused: sentence-level rules read whole sentences."""

MAX_WORDS = 50_000
"""Most words in one source: five times the longest long-reads (the model reads ~10,000
words a second on one core)."""

MAX_FRONT_MATTER_CHARS = 64 * 1024
"""Largest YAML front matter of a `.md` source (its keys take a few hundred bytes)."""

MAX_FRONT_MATTER_DEPTH = 20
"""Deepest nesting of YAML front matter (its keys are flat values)."""

MAX_FIGURES = 1_000
"""Key figures kept per source (its first ones); a page shows 15."""

MAX_QUOTES = 500
"""Quotations kept per source (its first ones); a page shows 8."""

ARTICLE_SECONDS = 60.0
"""Time budget of one source's extraction: a source over it is reported and skipped."""

STORIES_DIR = "stories"
"""The generated subtree under the docs folder. Nothing outside it is ever written."""


SOURCE_TEXT = ("excerpt", "full", "none")
"""What the sources pages show of each article: its lede (at most `EXCERPT_WORDS` words)
and a link to the original (the default: a public site should not republish articles
it has no rights to), the whole cleaned text (a private site), or nothing."""
EXCERPT_WORDS = 60

DEFAULT_CACHE_PATH = Path(".briefings-cache/cache.sqlite")
"""The SQLite cache, relative to the project (mkdocs.yml's folder) or the working folder."""

SCHEDULER = re.compile(r"(?:tcp|tls|ws|wss|ucx|inproc)://[^\s/]+")
"""A Dask scheduler's address (`protocol://host:port`), as `dask scheduler` prints it."""

CONFIG_FILE = "mkdocs.yml"
"""Read by `briefings generate/check` when present, as MkDocs reads it (`-f` names another)."""


@dataclass(frozen=True, slots=True)
class Settings:
    source_dir: Path = Path("source_articles")
    out_dir: Path = Path("docs")
    cache_path: Path | None = DEFAULT_CACHE_PATH
    max_bytes: int = DEFAULT_MAX_BYTES
    workers: int = 0  # 0 = one per core
    strict: bool = False
    debug: bool = False  # let internal errors raise, with their traceback
    site_title: str = "Briefings"
    site_url: str | None = None
    page_size: int = 20  # briefings per listing page
    latest: int = 10  # briefings listed in place of <!-- briefings:latest -->
    search: bool = True  # index the built site with Pagefind (MkDocs plugin)
    article_seconds: float = ARTICLE_SECONDS  # time budget of one source's extraction
    scheduler: str | None = None  # a Dask scheduler's address: extract on its cluster
    outlets_file: Path | None = Path("outlets.yaml")  # the owner's outlets; absent: none
    source_text: str = "excerpt"  # on the sources pages: full | excerpt | none

    def problems(self) -> list[str]:
        """Every problem with these settings, all at once."""
        found: list[str] = []
        if self.max_bytes <= 0:
            found.append(f"max_bytes must be positive, not {self.max_bytes}")
        if self.workers < 0:
            found.append(f"workers must be 0 (all cores) or more, not {self.workers}")
        if self.page_size < 1:
            found.append(f"page_size must be at least 1, not {self.page_size}")
        if self.latest < 0:
            found.append(f"latest must be 0 or more, not {self.latest}")
        if not self.article_seconds > 0:
            found.append(f"article_seconds must be positive, not {self.article_seconds}")
        if self.scheduler is not None and not SCHEDULER.fullmatch(self.scheduler):
            found.append(
                f"scheduler must be a Dask scheduler's address such as tcp://HOST:8786, "
                f"not {self.scheduler!r}"
            )
        if self.source_text not in SOURCE_TEXT:
            found.append(
                f"source_text must be one of {', '.join(SOURCE_TEXT)}, not {self.source_text!r}"
            )
        if self.source_dir.resolve() == self.out_dir.resolve():
            found.append("the source folder and the output folder must differ")
        return found
