"""Pages about many briefings: latest (paginated), archive by month, one page per person,
place and organisation, the tags index, and an Atom feed.

Each listing costs the same per page at 10,000 briefings as at 100: listings are
paginated, and no page carries an entry per briefing in its navigation.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from xml.sax.saxutils import escape as xml_escape

from generator.config import STORIES_DIR, Settings
from generator.markdown_text import inline, link
from generator.model import Briefing, Page, StoryEntity
from generator.render import INDEX_DIRS, entity_path, iso, page_path, relative, render_page

ROOT = PurePosixPath(STORIES_DIR)
FEED_SIZE = 50
LATEST_MARKER = "<!-- briefings:latest -->"


@dataclass(frozen=True, slots=True)
class Listed:
    """One briefing as listings show it."""

    story_id: str
    title: str
    date: datetime.date | None
    summary: str
    sources: int


def newest_first(briefings: Sequence[Briefing]) -> list[Briefing]:
    return sorted(briefings, key=lambda b: (-(b.date.toordinal()), b.story.story_id))


def render_site(briefings: Sequence[Briefing], settings: Settings) -> list[Page]:
    """Every generated page, sorted by path."""
    ordered = newest_first(briefings)
    titles = {b.story.story_id: b.title for b in ordered}
    pages = [render_page(briefing, titles) for briefing in ordered]
    pages += latest_pages(ordered, settings.page_size)
    pages += archive_pages(ordered)
    for kind in INDEX_DIRS:
        pages += entity_pages(ordered, kind)
    pages.append(tags_page())
    pages.append(feed_page(ordered, settings))
    return sorted(pages, key=lambda page: str(page.path))


def item(briefing: Briefing, start: PurePosixPath) -> str:
    count = len(briefing.story.articles)
    date = iso(briefing.date) or "undated"
    summary = " ".join(briefing.summary)
    line = (
        f"- {link(briefing.title, relative(page_path(briefing.story.story_id), start))}  \n"
        f"  *{date} · {count} source{'s' if count != 1 else ''}*"
    )
    if summary:
        line += f"  \n  {inline(summary)}"
    return line


def pager(page: int, pages: int, path_of: list[PurePosixPath], here: PurePosixPath) -> str:
    links = []
    if page > 0:
        links.append(link("← Newer", relative(path_of[page - 1], here)))
    links.append(f"Page {page + 1} of {pages}")
    if page + 1 < pages:
        links.append(link("Older →", relative(path_of[page + 1], here)))
    return " · ".join(links)


def latest_pages(ordered: Sequence[Briefing], size: int) -> list[Page]:
    chunks = [ordered[i : i + size] for i in range(0, len(ordered), size)] or [[]]
    paths = [ROOT / "index.md"] + [ROOT / "page" / f"{n}.md" for n in range(2, len(chunks) + 1)]
    pages = []
    for number, chunk in enumerate(chunks):
        here = paths[number]
        body = ["# Latest briefings", ""]
        body += [item(b, here) for b in chunk] or ["No briefings yet: add articles to the source folder."]
        if len(chunks) > 1:
            body += ["", pager(number, len(chunks), paths, here)]
        meta = {"title": "Latest briefings" if number == 0 else f"Latest briefings, page {number + 1}"}
        pages.append(Page(here, meta, "\n".join(body) + "\n"))
    return pages


def month_key(briefing: Briefing) -> str:
    return iso(briefing.date)[:7] if iso(briefing.date) else "undated"


def archive_pages(ordered: Sequence[Briefing]) -> list[Page]:
    months: dict[str, list[Briefing]] = {}
    for briefing in ordered:
        months.setdefault(month_key(briefing), []).append(briefing)
    index = ROOT / "archive" / "index.md"
    body = ["# Archive", ""]
    pages = []
    for month in sorted(months, reverse=True):
        path = ROOT / "archive" / f"{month}.md"
        label = month_label(month)
        body.append(f"- {link(label, relative(path, index))} ({len(months[month])})")
        listing = [f"# {label}", ""] + [item(b, path) for b in months[month]]
        pages.append(Page(path, {"title": f"Briefings of {label}"}, "\n".join(listing) + "\n"))
    if not months:
        body.append("No briefings yet.")
    pages.append(Page(index, {"title": "Archive"}, "\n".join(body) + "\n"))
    return pages


def month_label(month: str) -> str:
    if month == "undated":
        return "Undated"
    return datetime.date.fromisoformat(month + "-01").strftime("%B %Y")


def entity_pages(ordered: Sequence[Briefing], kind: str) -> list[Page]:
    """One page per entity listing its briefings (with its role in each), and an index."""
    folder = INDEX_DIRS[kind]
    found: dict[PurePosixPath, list[tuple[StoryEntity, Briefing]]] = {}
    for briefing in ordered:
        for entity in entities_of(briefing, kind):
            found.setdefault(entity_path(kind, entity.name), []).append((entity, briefing))
    pages = []
    index = ROOT / folder / "index.md"
    title = folder.capitalize()
    rows = [f"# {title}", "", f"| {title[:-1] if kind != 'person' else 'Person'} | Briefings |", "|---|---|"]
    for path in sorted(found, key=lambda p: (found[p][0][0].name.lower(), str(p))):
        entries = found[path]
        name = entries[0][0].name
        rows.append(f"| {link(name, relative(path, index))} | {len(entries)} |")
        body = [f"# {inline(name)}", ""]
        for entity, briefing in entries:
            line = item(briefing, path)
            if entity.role:
                line += f"  \n  Role: {inline(entity.role)}"
            body.append(line)
        pages.append(Page(path, {"title": name}, "\n".join(body) + "\n"))
    if not found:
        rows = [f"# {title}", "", "None yet."]
    pages.append(Page(index, {"title": title}, "\n".join(rows) + "\n"))
    return pages


def entities_of(briefing: Briefing, kind: str) -> Sequence[StoryEntity]:
    return {"person": briefing.people, "place": briefing.places}.get(kind, briefing.organisations)


def tags_page() -> Page:
    return Page(ROOT / "tags.md", {"title": "Tags"}, "# Tags\n\n<!-- material/tags -->\n")


def feed_page(ordered: Sequence[Briefing], settings: Settings) -> Page:
    """An Atom feed of the latest briefings, built from the same data as the pages."""
    base = (settings.site_url or "").rstrip("/")
    updated = max((b.updated or b.date for b in ordered), default=datetime.date(1970, 1, 1))
    entries = []
    for briefing in ordered[:FEED_SIZE]:
        url = f"{base}/{STORIES_DIR}/{briefing.story.story_id}/"
        stamp = (briefing.updated or briefing.date)
        entries.append(
            "  <entry>\n"
            f"    <title>{xml_escape(briefing.title)}</title>\n"
            f'    <link href="{xml_escape(url)}"/>\n'
            f"    <id>urn:briefings:{xml_escape(briefing.story.story_id)}</id>\n"
            f"    <updated>{atom_date(stamp)}</updated>\n"
            f"    <published>{atom_date(briefing.date)}</published>\n"
            f"    <summary>{xml_escape(' '.join(briefing.summary))}</summary>\n"
            + "".join(f"    <category term=\"{xml_escape(tag)}\"/>\n" for tag in briefing.tags)
            + "  </entry>\n"
        )
    xml = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom">\n'
        f"  <title>{xml_escape(settings.site_title)}</title>\n"
        f'  <link href="{xml_escape(base + "/")}"/>\n'
        f'  <link rel="self" href="{xml_escape(base + "/" + STORIES_DIR + "/feed.xml")}"/>\n'
        "  <id>urn:briefings:feed</id>\n"
        f"  <updated>{atom_date(updated)}</updated>\n"
        + "".join(entries)
        + "</feed>\n"
    )
    return Page(ROOT / "feed.xml", {}, xml)


def atom_date(date: datetime.date) -> str:
    if date == datetime.date.min:
        date = datetime.date(1970, 1, 1)
    return f"{date.isoformat()}T00:00:00Z"


def latest_markdown(briefings: Sequence[Briefing], here: PurePosixPath, count: int = 10) -> str:
    """The list a hand-written page gets in place of the `<!-- briefings:latest -->` marker."""
    ordered = newest_first(briefings)[:count]
    if not ordered:
        return "*No briefings yet: add articles to the source folder.*"
    more = link("All briefings →", relative(ROOT / "index.md", here))
    return "\n".join(item(b, here) for b in ordered) + f"\n\n{more}"

