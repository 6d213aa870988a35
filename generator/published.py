"""Stable story URLs across runs: the ids under which sources were last published.

Every run writes `stories/.story-ids.json` (source file -> story id) beside the pages it
generates, and the next run hands that map to grouping, so a story keeps its id (and
its URL) when an article with an earlier date joins it later. Without the file, ids
follow the founder rule alone (see `generator.group`), so output stays a function of the
inputs: the same sources and the same published tree give the same pages.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

from generator.config import STORIES_DIR
from generator.model import Page, Story

IDS_FILE = ".story-ids.json"


def ids_page(stories: Sequence[Story]) -> Page:
    """The map of this run, as a page of the generated tree (JSON, no front matter)."""
    ids = {str(article.source): story.story_id for story in stories for article in story.articles}
    text = json.dumps(dict(sorted(ids.items())), ensure_ascii=False, indent=0)
    return Page(PurePosixPath(STORIES_DIR) / IDS_FILE, {}, text + "\n")


def read_published_ids(out_dir: Path) -> dict[str, str]:
    """The map a previous run wrote under `out_dir`; empty when absent or unreadable."""
    try:
        data = json.loads((out_dir / STORIES_DIR / IDS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)}
