"""Stable story URLs across runs: the ids under which sources were last published.

Every run writes `stories/.story-ids.json` (source file -> story id) beside the pages it
generates, and the next run hands that map to grouping, so a story keeps its id (and
its URL) when an article with an earlier date joins it later. Without the file, ids
follow the founder rule alone (see `generator.stories.group`), so output stays a function of the
inputs: the same sources and the same published tree give the same pages.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path, PurePosixPath

from generator.config import STORIES_DIR
from generator.errors import Problem
from generator.model import Article, Page, Story
from generator.stories.group import forced_story

IDS_FILE = ".story-ids.json"


def ids_page(stories: Sequence[Story]) -> Page:
    """The map of this run, as a page of the generated tree (JSON, no front matter)."""
    ids = {str(article.source): story.story_id for story in stories for article in story.articles}
    text = json.dumps(dict(sorted(ids.items())), ensure_ascii=False, indent=0)
    return Page(PurePosixPath(STORIES_DIR) / IDS_FILE, {}, text + "\n")


RESERVED_STORY_IDS = frozenset(
    ("index", "page", "archive", "tags", "feed", "sitemap", "people", "places", "organisations")
)
"""Names the listings take at the top of `stories/` (`site.py`: `index.md`, `page/2.md`,
`archive/`, `tags.md` and `tags/`, `feed.xml`, `sitemap.xml`; `render.INDEX_DIRS`): a
story under one of them would share a URL with a listing, and one of the two be lost."""

STORY_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_STORY_ID = 120


def story_id_problem(story_id: object) -> str | None:
    """Why `story_id` cannot be a story's id (its file name and URL), or None."""
    if not isinstance(story_id, str) or not STORY_ID.fullmatch(story_id):
        return f"{story_id!r} is not a story id (lowercase letters, digits and hyphens)"
    if len(story_id) > MAX_STORY_ID:
        return f"story id of {len(story_id)} characters (the limit is {MAX_STORY_ID})"
    if story_id in RESERVED_STORY_IDS:
        return f"story id {story_id!r} is reserved for a listing page (stories/{story_id})"
    return None


def read_published_ids(out_dir: Path, problems: list[str] | None = None) -> dict[str, str]:
    """The map a previous run wrote under `out_dir`; empty when absent. A file that is
    not such a map, or entries that are not (source file, valid story id), are left out,
    each reported in `problems`: the run then writes the file afresh."""
    path = out_dir / STORIES_DIR / IDS_FILE
    said = problems if problems is not None else []
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as error:
        said.append(f"cannot read the published ids ({error}); ids follow the sources")
        return {}
    try:
        data = json.loads(text)
    except ValueError as error:
        said.append(f"not valid JSON ({error}); rewritten from this run's stories")
        return {}
    if not isinstance(data, dict):
        said.append("not a mapping of source files to story ids; rewritten")
        return {}
    found: dict[str, str] = {}
    bad: list[str] = []
    for source, story_id in data.items():
        problem = story_id_problem(story_id)
        if problem is None and _source_problem(source) is None:
            found[source] = story_id
        else:
            bad.append(f"{source!r}: {problem or _source_problem(source)}")
    if bad:
        more = f" (and {len(bad) - 1} more)" if len(bad) > 1 else ""
        said.append(f"entry {bad[0]}{more} left out; rewritten from this run's stories")
    return found


def _source_problem(source: str) -> str | None:
    parts = PurePosixPath(source).parts
    if not source or source.startswith("/") or ".." in parts or "\0" in source:
        return f"{source!r} is not a source file of the source folder"
    return None


# --------------------------------------------------------------------------- history

ISO_DAY = re.compile(r"\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])")
HISTORY_FILE = ".story-history.json"
"""Story id -> its "What's new" entries: `[{"date": "2024-01-20", "sources": [...]}]`."""

History = dict[str, list[tuple[str | None, tuple[str, ...]]]]


def history_page(history: History) -> Page:
    """This run's update history, as a page of the generated tree (JSON)."""
    data = {
        story_id: [{"date": date, "sources": list(sources)} for date, sources in entries]
        for story_id, entries in sorted(history.items())
        if entries
    }
    text = json.dumps(data, ensure_ascii=False, indent=0, sort_keys=True)
    return Page(PurePosixPath(STORIES_DIR) / HISTORY_FILE, {}, text + "\n")


def read_history(out_dir: Path) -> History:
    """The history a previous run wrote under `out_dir`; empty when absent or unreadable."""
    try:
        data = json.loads((out_dir / STORIES_DIR / HISTORY_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return parse_history(data)


def parse_history(data: object) -> History:
    if not isinstance(data, dict):
        return {}
    history: History = {}
    for story_id, entries in data.items():
        if not isinstance(story_id, str) or not isinstance(entries, list):
            continue
        kept = []
        for entry in entries:
            if not isinstance(entry, dict):
                continue
            date, sources = entry.get("date"), entry.get("sources")
            if isinstance(date, str) and not ISO_DAY.fullmatch(date):
                continue  # not a date this program wrote
            if (date is None or isinstance(date, str)) and isinstance(sources, list):
                kept.append((date, tuple(s for s in sources if isinstance(s, str))))
        history[story_id] = kept
    return history


def refuse_claims(
    articles: Sequence[Article], previous: Mapping[str, str], prefix: str
) -> tuple[list[Article], list[Problem]]:
    """The articles whose front matter `story:` may be theirs: not an id a listing uses,
    and not the published id of other sources (still present and not forced to it):
    a new file cannot take a published story's URL and move that story. A refused
    article is an error naming both files, and is left out of the site."""
    forced = {str(article.source): forced_story(article) for article in articles}
    kept = []
    problems = []
    for article in articles:
        source = str(article.source)
        story_id = forced[source]
        if story_id is None:
            kept.append(article)
            continue
        problem = story_id_problem(story_id)
        if problem is not None:
            problem = f"front matter story: {problem}"
        holders = sorted(
            other
            for other, published in previous.items()
            if published == story_id
            and other != source
            and other in forced
            and forced[other] != story_id
        )
        if problem is None and holders:
            more = f" and {len(holders) - 1} other source(s)" if len(holders) > 1 else ""
            problem = (
                f"front matter story: {story_id} is the published id of {prefix}/{holders[0]}"
                f"{more}; a forced id cannot take another story's URL"
            )
        if problem is None:
            kept.append(article)
        else:
            problems.append(Problem(f"{prefix}/{source}", problem))
    return kept, problems
