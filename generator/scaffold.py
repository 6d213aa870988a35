"""Edge: `briefings new DIR` writes a new project, as `mkdocs new` does.

The project is MkDocs + Material with the briefings plugin: `mkdocs.yml`, a home page
listing the latest briefings, and an empty `source_articles/` to drop articles into.
"""

from __future__ import annotations

from pathlib import Path

from generator.site.listings import LATEST_MARKER

CONFIG = """\
site_name: Briefings
# Absolute links (feed, sitemap, canonical) need the deployed address: set SITE_URL in
# the environment of the build; a local preview falls back to the dev server's.
site_url: !ENV [SITE_URL, 'http://127.0.0.1:8000/']

theme:
  name: material
  font: false # no Google Fonts: the site loads nothing from third parties

plugins:
  - tags:
      # Newest first (briefing URLs start with their date).
      listings_sort_by: !!python/name:material.plugins.tags.item_url
      listings_sort_reverse: true
      export: false
  # Reads source_articles/ on every build and serve; adds the Markdown extensions, the
  # templates (feed link, Pagefind search box) and the stylesheet its pages need.
  - briefings

# One entry per listing, never one per briefing: the navigation stays the same size
# however many briefings there are.
nav:
  - Home: index.md
  - Latest: stories/index.md
  - Archive: stories/archive/index.md
  - People: stories/people/index.md
  - Places: stories/places/index.md
  - Organisations: stories/organisations/index.md
  - Tags: stories/tags.md

validation:
  nav:
    omitted_files: ignore
"""

HOME = f"""\
---
hide:
  - navigation
  - toc
search:
  exclude: true
---

# Briefings

One page per news event, built from every outlet's article about it. Browse the
[archive by month](stories/archive/index.md) or [topics](stories/tags.md), or subscribe
to the [Atom feed](stories/feed.xml).

## Latest briefings

{LATEST_MARKER}
"""

FILES = {
    "mkdocs.yml": CONFIG,
    "docs/index.md": HOME,
    "source_articles/.gitkeep": "",
}


class ProjectExists(Exception):
    """The folder already holds one of the files a new project would write."""


def write_project(directory: Path) -> list[Path]:
    """Write a new project into `directory` (created if missing); the files written.
    Nothing is overwritten: if any of them exists, nothing is written."""
    targets = [directory / name for name in FILES]
    existing = [str(path) for path in targets if path.exists()]
    if existing:
        raise ProjectExists(f"{', '.join(existing)} already exists; nothing written")
    for text, path in zip(FILES.values(), targets, strict=True):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    return targets
