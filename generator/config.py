"""Settings: loaded and validated all at once into a frozen value."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
"""Largest source file read. The longest real news articles are well under 200 kB of
text; a 5 MiB cap leaves room for saved HTML pages with inline scripts and styles while
keeping one hostile file from holding the whole build in memory."""

STORIES_DIR = "stories"
"""The generated subtree under the docs folder. Nothing outside it is ever written."""


SOURCE_TEXT = ("excerpt", "full", "none")
"""What the sources pages show of each article: its lede (at most `EXCERPT_WORDS` words)
and a link to the original (the default: a public site should not republish articles
it has no rights to), the whole cleaned text (a private site), or nothing."""
EXCERPT_WORDS = 60


@dataclass(frozen=True, slots=True)
class Settings:
    source_dir: Path = Path("source_articles")
    out_dir: Path = Path("docs")
    cache_path: Path | None = Path(".briefings-cache/cache.sqlite")
    max_bytes: int = DEFAULT_MAX_BYTES
    build_date: datetime.date | None = None  # "today" for relative dates; None = unknown
    workers: int = 0  # 0 = one per core
    strict: bool = False
    debug: bool = False  # let internal errors raise, with their traceback
    site_title: str = "Briefings"
    site_url: str | None = None
    page_size: int = 20  # briefings per listing page
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
        if self.source_text not in SOURCE_TEXT:
            found.append(
                f"source_text must be one of {', '.join(SOURCE_TEXT)}, not {self.source_text!r}"
            )
        if self.source_dir.resolve() == self.out_dir.resolve():
            found.append("the source folder and the output folder must differ")
        return found
