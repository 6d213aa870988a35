"""Pages about many briefings: latest (paginated), archive by month, one page per person,
place and organisation, the tags index, and an Atom feed.

Each listing costs the same per page at 10,000 briefings as at 100: the "Latest" listing
is paginated, the archive is split by month, entity pages list titles only, and no page
carries an entry per briefing in its navigation (`mkdocs.yml` has an explicit nav of
listing pages). Listing pages are left out of search (`search: exclude`), so a search
finds the briefing itself, or the boosted page of a person, place or organisation.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any, TypeVar
from xml.sax.saxutils import escape as xml_escape

from unidecode import unidecode

from generator.config import STORIES_DIR, Settings
from generator.extract.entities import NAME_SUFFIXES
from generator.model import Briefing, Page, StoryEntity
from generator.site.markdown_text import cell, inline, link
from generator.site.render import (
    INDEX_DIRS,
    KIND_LABELS,
    entity_path,
    folder_of,
    human_date,
    iso,
    page_path,
    plural,
    relative,
    render_story,
    sources_count,
    tag_path,
)

T = TypeVar("T")
ROOT = PurePosixPath(STORIES_DIR)
FEED_PATH = ROOT / "feed.xml"
SITEMAP_PATH = ROOT / "sitemap.xml"
TAGS_PATH = ROOT / "tags.md"
FEED_SIZE = 50
LATEST_MARKER = "<!-- briefings:latest -->"
ENTITY_PAGE_SIZE = 50
"""Briefings per page of a person, place, organisation, tag (titles only) or month."""
ENTITY_PAGE_MIN = 2
"""A person, place or organisation gets its own page from this many briefings on. One
named in a single briefing is listed in its index with a link straight to that briefing,
and its name on the briefing page is plain text: its page would only list that briefing
(at 1,000 articles 86 % of the entities, and of the pages MkDocs built)."""
ENTITY_INDEX_SIZE = 100
"""Rows per page of the people, places and organisations indexes."""
ENTITY_BOOST = 2.0
"""Search boost of person, place and organisation pages (briefings have 1)."""
NOT_SEARCHED: dict[str, Any] = {"exclude": True}


@dataclass(frozen=True, slots=True)
class Listing:
    """A listing's pages, and everything they show (`inputs`): equal inputs, equal pages."""

    inputs: tuple[Any, ...]
    pages: tuple[Page, ...]


@dataclass(slots=True)
class SiteMemo:
    """What rendering the site remembers, passed in by its caller (`render_site`).

    `listings`: the pages of people, places, organisations and their indexes, by first
    page's path, as an earlier run made them (the caller keeps them between runs: at
    10,000 articles an edit changes a few of some 1,800 such pages); `used` and `made`
    say which of them this run asked for and which it made anew. `items`: the listing
    lines made in this run (a briefing is listed on the pages of each of its people,
    places, organisations and tags, by month and in the latest briefings; listings of
    one folder link it alike), keyed by the briefing object, kept so its id stays its own.
    """

    listings: dict[str, Listing] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)
    made: set[str] = field(default_factory=set)
    items: dict[tuple[int, str, bool], tuple[Briefing, str]] = field(default_factory=dict)

    def remembered(
        self, path: PurePosixPath, inputs: tuple[Any, ...], make: Callable[[], list[Page]]
    ) -> list[Page]:
        """`make()`, or the pages it made from equal `inputs` (everything the pages show)."""
        key = str(path)
        self.used.add(key)
        hit = self.listings.get(key)
        if hit is not None and hit.inputs == inputs:
            return list(hit.pages)
        pages = make()
        self.listings[key] = Listing(inputs, tuple(pages))
        self.made.add(key)
        return pages

    def made_now(self) -> dict[str, Listing]:
        """The listings this run made anew (to keep for the next)."""
        return {key: self.listings[key] for key in sorted(self.made)}

    def item(self, briefing: Briefing, start: PurePosixPath, *, summary: bool = True) -> str:
        """One briefing in a listing: linked title, date and sources count, then the summary."""
        key = (id(briefing), folder_of(start), summary)
        known = self.items.get(key)
        if known is not None and known[0] is briefing:
            return known[1]
        line = _item(briefing, start, summary)
        self.items[key] = (briefing, line)
        return line


def newest_first(briefings: Sequence[Briefing]) -> list[Briefing]:
    return sorted(briefings, key=lambda b: (-(b.date.toordinal()), b.story.story_id))


Links = Mapping[PurePosixPath, PurePosixPath]
"""A briefing's names that have a page: the path of the name's own page (`entity_path`)
-> the page it links to (another one for a surname merged with a full name)."""
StoryPages = Callable[[Briefing, Mapping[str, str], Links], list[Page]]
"""story_pages(briefing, titles, linked): a briefing's page and its sources pages, where
`linked` holds the pages of its own people, places and organisations that exist."""


def story_pages(briefing: Briefing, titles: Mapping[str, str], linked: Links) -> list[Page]:
    return render_story(briefing, titles, linked=linked)


Entries = list[tuple[StoryEntity, Briefing]]


@dataclass(frozen=True, slots=True)
class SiteIndex:
    """What the pages about many briefings are made of, worked out once per run."""

    ordered: list[Briefing]
    """Newest first (`newest_first`)."""
    titles: dict[str, str]
    """Story id -> title."""
    found: dict[str, dict[PurePosixPath, Entries]]
    """Kind -> entity page path -> (entity, briefing) for every briefing naming it."""
    linked: dict[str, Links]
    """Story id -> the pages of its own people, places and organisations that exist."""


def site_index(briefings: Sequence[Briefing]) -> SiteIndex:
    ordered = newest_first(briefings)
    people = surnames_of(ordered)
    found = {kind: entity_index(ordered, kind, people) for kind in INDEX_DIRS}
    linked: dict[str, dict[PurePosixPath, PurePosixPath]] = {b.story.story_id: {} for b in ordered}
    for by_path in found.values():
        for path, entries in by_path.items():
            if has_page(entries):
                for _entity, briefing in entries:
                    linked[briefing.story.story_id][path] = path
    for briefing in ordered if people else ():  # surnames that link to a full name's page
        for person in briefing.people:
            full = people.get(person.name)
            if full is not None and has_page(found["person"][entity_path("person", full)]):
                own = entity_path("person", person.name)
                linked[briefing.story.story_id][own] = entity_path("person", full)
    return SiteIndex(
        ordered,
        {b.story.story_id: b.title for b in ordered},
        found,
        dict(linked),  # each in the order the index lists them: deterministic
    )


def surnames_of(briefings: Sequence[Briefing]) -> dict[str, str]:
    """People named by one word in some briefing ("Bush") -> the one person of the site
    named in full with that last name ("George W. Bush"): their pages are one page. A
    word that ends the full names of two people or more ("Obama": Barack and Michelle)
    stays a person of its own."""
    people = {person.name for briefing in briefings for person in briefing.people}
    single: dict[str, list[str]] = {}
    for name in sorted(people):
        if " " not in name.strip():
            single.setdefault(sort_name(name), []).append(name)
    if not single:
        return {}
    full: dict[str, set[str]] = {}
    for name in people:
        words = name.split()
        while len(words) > 1 and sort_name(words[-1]).strip(".") in NAME_SUFFIXES:
            words.pop()
        if len(words) > 1 and (last := sort_name(words[-1])) in single:
            full.setdefault(last, set()).add(name)
    return {
        name: next(iter(names))
        for last, names in sorted(full.items())
        if len(names) == 1
        for name in single[last]
    }


def render_site(
    briefings: Sequence[Briefing],
    settings: Settings,
    render: StoryPages = story_pages,
    index: SiteIndex | None = None,
    memo: SiteMemo | None = None,
) -> list[Page]:
    """Every generated page, sorted by path. `render` makes a story's pages (the pipeline
    passes one that takes unchanged ones from its cache): they depend only on the
    briefing, the titles of its related stories and which of its names have a page.
    `index` is `site_index(briefings)`, when the caller has it already; `memo`, what
    an earlier run made (`SiteMemo`)."""
    memo = memo or SiteMemo()
    index = index or site_index(briefings)
    ordered, titles, found = index.ordered, index.titles, index.found
    pages = [page for b in ordered for page in render(b, titles, index.linked[b.story.story_id])]
    pages += latest_pages(ordered, settings.page_size, memo)
    pages += archive_pages(ordered, memo)
    for kind in INDEX_DIRS:
        pages += entity_pages(found[kind], kind, memo)
    pages.append(tags_page())
    pages += tag_pages(ordered, memo)
    pages.append(feed_page(ordered, settings))
    pages.append(sitemap_stub())
    return sorted(pages, key=lambda page: str(page.path))


def meta_line(briefing: Briefing) -> str:
    return f"{human_date(briefing.date)} · {sources_count(briefing)}"


def _item(briefing: Briefing, start: PurePosixPath, summary: bool) -> str:
    target = relative(page_path(briefing.story.story_id), start)
    line = (
        f"- **{link(briefing.title, target)}**  \n"
        f'  <span class="briefing-meta">{meta_line(briefing)}</span>'
    )
    text = " ".join(briefing.summary)
    if summary and text:
        line += f'  \n  <span class="briefing-summary">{inline(text)}</span>'
    return line


def listing(items: Sequence[str], *, searched: bool = True) -> str:
    """A list styled as briefing cards (needs `md_in_html`); `searched=False` keeps it
    out of the search index (it repeats the titles of the pages it links to)."""
    exclude = "" if searched else " data-search-exclude"
    return f'<div class="briefing-list"{exclude} markdown>\n\n' + "\n".join(items) + "\n\n</div>"


def pager(
    page: int,
    pages: int,
    path_of: list[PurePosixPath],
    here: PurePosixPath,
    words: tuple[str, str] = ("← Newer", "Older →"),
) -> str:
    links = []
    if page > 0:
        links.append(link(words[0], relative(path_of[page - 1], here)))
    links.append(f"Page {page + 1} of {pages}")
    if page + 1 < pages:
        links.append(link(words[1], relative(path_of[page + 1], here)))
    return " · ".join(links) + "\n{ .briefing-pager }"


def chunked(items: Sequence[T], size: int) -> list[Sequence[T]]:
    """`items` in pages of `size`; always at least one (possibly empty) page."""
    return [items[i : i + size] for i in range(0, len(items), size)] or [items[:0]]


def page_paths(first: PurePosixPath, count: int) -> list[PurePosixPath]:
    """Paths of a paginated listing: `x/index.md`, `x/page/2.md`, … for a folder's index;
    `x/name.md`, `x/name/2.md`, … for a named page."""
    if first.name == "index.md":
        return [first] + [first.parent / "page" / f"{n}.md" for n in range(2, count + 1)]
    return [first] + [first.with_suffix("") / f"{n}.md" for n in range(2, count + 1)]


def latest_paths(count: int) -> list[PurePosixPath]:
    return page_paths(ROOT / "index.md", count)


def latest_pages(ordered: Sequence[Briefing], size: int, memo: SiteMemo) -> list[Page]:
    chunks = chunked(ordered, size)
    paths = latest_paths(len(chunks))
    pages = []
    for number, chunk in enumerate(chunks):
        here = paths[number]
        title = "Latest briefings" if number == 0 else f"Latest briefings, page {number + 1}"
        body = [f"# {title}", ""]
        if chunk:
            body.append(listing([memo.item(b, here) for b in chunk]))
        else:
            body.append("No briefings yet: add articles to the source folder.")
        if len(chunks) > 1:
            body += ["", pager(number, len(chunks), paths, here)]
        meta = {"title": title, "search": NOT_SEARCHED}
        pages.append(Page(here, meta, "\n".join(body) + "\n"))
    return pages


def month_key(briefing: Briefing) -> str:
    date = iso(briefing.date)
    return date[:7] if date else "undated"


def archive_pages(ordered: Sequence[Briefing], memo: SiteMemo) -> list[Page]:
    """An index of months (grouped by year, newest first) and one page per month, in
    pages of `ENTITY_PAGE_SIZE` briefings (a busy newsroom writes hundreds a month)."""
    months: dict[str, list[Briefing]] = {}
    for briefing in ordered:
        months.setdefault(month_key(briefing), []).append(briefing)
    index = ROOT / "archive" / "index.md"
    body = ["# Archive", ""]
    pages = []
    year = ""
    for month in sorted(months, reverse=True):
        path = ROOT / "archive" / f"{month}.md"
        label = month_label(month)
        if month[:4] != year:
            year = month[:4]
            body += ["", f"## {year if month != 'undated' else 'Undated'}", ""]
        body.append(
            f"- {link(label, relative(path, index))} ({plural(len(months[month]), 'briefing')})"
        )
        chunks = chunked(months[month], ENTITY_PAGE_SIZE)
        paths = page_paths(path, len(chunks))
        for number, chunk in enumerate(chunks):
            here = paths[number]
            text = [f"# {label}" + (f", page {number + 1}" if number else ""), ""]
            text.append(listing([memo.item(b, here) for b in chunk]))
            if len(chunks) > 1:
                text += ["", pager(number, len(chunks), paths, here)]
            title = f"Briefings of {label}" + (f", page {number + 1}" if number else "")
            meta = {"title": title, "search": NOT_SEARCHED}
            pages.append(Page(here, meta, "\n".join(text) + "\n"))
    if not months:
        body.append("No briefings yet.")
    meta = {"title": "Archive", "search": NOT_SEARCHED}
    pages.append(Page(index, meta, "\n".join(body).replace("\n\n\n", "\n\n") + "\n"))
    return pages


def month_label(month: str) -> str:
    if month == "undated":
        return "Undated"
    return datetime.date.fromisoformat(month + "-01").strftime("%B %Y")


def entity_index(
    ordered: Sequence[Briefing], kind: str, people: Mapping[str, str] | None = None
) -> dict[PurePosixPath, Entries]:
    """Entity page path -> (entity, briefing) for every briefing naming it, newest first.
    A person named by one word in `people` (`surnames_of`) is listed under the full name,
    the word among the names it is also written as."""
    found: dict[PurePosixPath, Entries] = {}
    for briefing in ordered:
        for entity in entities_of(briefing, kind):
            full = (people or {}).get(entity.name) if kind == "person" else None
            if full is not None:
                aliases = tuple(sorted({*entity.aliases, entity.name}))
                entity = dataclasses.replace(entity, name=full, aliases=aliases)
            found.setdefault(entity_path(kind, entity.name), []).append((entity, briefing))
    return found


def has_page(entries: Sequence[tuple[StoryEntity, Briefing]]) -> bool:
    return len({briefing.story.story_id for _, briefing in entries}) >= ENTITY_PAGE_MIN


@functools.lru_cache(maxsize=1 << 17)
def sort_name(name: str) -> str:
    """`Álvaro` sorts with `Alvaro`, not after `Zoe`."""
    if name.isascii():  # what unidecode would give back
        return name.casefold()
    return unidecode(name.encode("utf-8", "ignore").decode()).casefold()


def initial(name: str) -> str:
    first = sort_name(name)[:1].upper()
    return first if "A" <= first <= "Z" else "#"


def entity_pages(found: dict[PurePosixPath, Entries], kind: str, memo: SiteMemo) -> list[Page]:
    """A page per entity named in `ENTITY_PAGE_MIN` briefings or more, and an index of all
    of them in pages of `ENTITY_INDEX_SIZE` rows, alphabetical, with a bar of initials."""
    folder = INDEX_DIRS[kind]
    names = {path: entries[0][0].name for path, entries in found.items()}
    own = {path: has_page(entries) for path, entries in found.items()}
    order = sorted(found, key=lambda p: (sort_name(names[p]), names[p], str(p)))
    chunks = chunked(order, ENTITY_INDEX_SIZE)
    paths = page_paths(ROOT / folder / "index.md", len(chunks))
    starts: dict[str, int] = {}
    for position, path in enumerate(order):
        starts.setdefault(initial(names[path]), position // ENTITY_INDEX_SIZE)
    pages: list[Page] = []
    for path in order:
        if own[path]:
            entries = found[path]
            inputs: tuple[Any, ...] = (kind, names[path], *(entry_inputs(*e) for e in entries))
            make = functools.partial(entity_page, path, kind, names[path], entries, memo)
            pages += memo.remembered(path, inputs, make)
    letters = tuple(starts.items())
    for number, chunk in enumerate(chunks):
        rows = tuple(row_inputs(path, names[path], own[path], found[path]) for path in chunk)
        shown = (kind, number, len(chunks), not order, letters, *rows)
        make = functools.partial(index_page, kind, number, paths, not order, starts, rows)
        pages += memo.remembered(paths[number], shown, make)
    return pages


def entry_inputs(entity: StoryEntity, briefing: Briefing) -> tuple[Any, ...]:
    """What an entity page shows of one of its briefings."""
    story = briefing.story
    return (
        entity.role,
        entity.aliases,
        story.story_id,
        briefing.title,
        briefing.date,
        len(story.articles),
        len(briefing.reports),
    )


def row_inputs(path: PurePosixPath, name: str, own: bool, entries: Entries) -> tuple[Any, ...]:
    """What an index shows of one entity: its page and count, or its one briefing."""
    latest = entries[0][1]
    count = len({briefing.story.story_id for _, briefing in entries}) if own else 0
    return (str(path), name, own, count, latest.date, latest.title, latest.story.story_id)


def index_page(
    kind: str,
    number: int,
    paths: Sequence[PurePosixPath],
    empty: bool,
    starts: Mapping[str, int],
    rows: Sequence[tuple[Any, ...]],
) -> list[Page]:
    """Page `number` of the index of people, places or organisations (`paths`: all its
    pages), from its rows (`row_inputs`)."""
    title = INDEX_DIRS[kind].capitalize()
    here = paths[number]
    heading = title if number == 0 else f"{title}, page {number + 1}"
    body = [f"# {heading}", ""]
    if empty:
        body.append("None yet.")
    if len(paths) > 1:
        letters = [link(letter, relative(paths[page], here)) for letter, page in starts.items()]
        body += [" · ".join(letters) + "\n{ .briefing-initials }", ""]
    if rows:
        body += [f"| {KIND_LABELS[kind]} | Briefings | Latest |", "|---|---|---|"]
    for path, name, own, count, date, latest_title, story_id in rows:
        if own:
            target = relative(PurePosixPath(path), here)
            body.append(f"| {link(name, target)} | {count} | {human_date(date)} |")
        else:
            briefing = link(latest_title, relative(page_path(story_id), here))
            body.append(f"| {cell(name)} | {briefing} | {human_date(date)} |")
    if len(paths) > 1:
        body += ["", pager(number, len(paths), list(paths), here, ("← Previous", "Next →"))]
    meta = {"title": heading, "search": NOT_SEARCHED}
    return [Page(here, meta, "\n".join(body) + "\n")]


def entity_page(
    path: PurePosixPath,
    kind: str,
    name: str,
    entries: Sequence[tuple[StoryEntity, Briefing]],
    memo: SiteMemo,
) -> list[Page]:
    """The pages of one person, place or organisation: what the sources call it, then its
    briefings (newest first, with its role in each), `ENTITY_PAGE_SIZE` per page."""
    roles = sorted({entity.role for entity, _ in entries if entity.role})
    aliases = sorted({alias for entity, _ in entries for alias in entity.aliases} - {name})
    head = [" · ".join([KIND_LABELS[kind], plural(len(entries), "briefing")])]
    if roles:
        head.append(f"**Described as:** {inline('; '.join(roles))}")
    if aliases:
        head.append(f"**Also written:** {inline(', '.join(aliases))}")
    chunks = chunked(entries, ENTITY_PAGE_SIZE)
    paths = page_paths(path, len(chunks))
    pages = []
    for number, chunk in enumerate(chunks):
        here = paths[number]
        body = [f"# {inline(name)}", "", head[0] + "\n{ .briefing-byline }", ""]
        if number == 0:
            body += [line + "\n" for line in head[1:]]
        body += ["## Briefings", ""]
        items = []
        for entity, briefing in chunk:
            line = memo.item(briefing, here, summary=False)
            if entity.role:
                line += f"  \n  Role: {inline(entity.role)}"
            items.append(line)
        body.append(listing(items, searched=False))
        if len(chunks) > 1:
            body += ["", pager(number, len(chunks), paths, here)]
        if number == 0:
            meta: dict[str, Any] = {"title": name, "search": {"boost": ENTITY_BOOST}}
        else:
            meta = {"title": f"{name}, page {number + 1}", "search": NOT_SEARCHED}
        pages.append(Page(here, meta, "\n".join(body) + "\n"))
    return pages


def entities_of(briefing: Briefing, kind: str) -> Sequence[StoryEntity]:
    return {"person": briefing.people, "place": briefing.places}.get(kind, briefing.organisations)


def tags_page() -> Page:
    """Material's tags index (the tags plugin fills the marker); our listing template
    (`generator/theme/fragments/tags/default/listing.html`) shows the newest briefings of each
    tag and links to the tag's own paginated page."""
    body = "# Tags\n\nEvery topic tag, with its latest briefings.\n\n<!-- material/tags -->\n"
    return Page(TAGS_PATH, {"title": "Tags", "search": NOT_SEARCHED}, body)


def tag_pages(ordered: Sequence[Briefing], memo: SiteMemo) -> list[Page]:
    """One paginated page per tag listing every briefing that carries it, newest first."""
    found: dict[PurePosixPath, tuple[str, list[Briefing]]] = {}
    for briefing in ordered:
        for tag in dict.fromkeys(briefing.tags):
            found.setdefault(tag_path(tag), (tag, []))[1].append(briefing)
    pages = []
    for path in sorted(found):
        tag, briefings = found[path]
        chunks = chunked(briefings, ENTITY_PAGE_SIZE)
        paths = page_paths(path, len(chunks))
        for number, chunk in enumerate(chunks):
            here = paths[number]
            title = f"Tagged {tag}" + (f", page {number + 1}" if number else "")
            all_tags = link("All tags", relative(TAGS_PATH, here))
            body = [
                f"# {inline(title)}",
                "",
                f"{plural(len(briefings), 'briefing')} · {all_tags}\n{{ .briefing-byline }}",
                "",
                listing([memo.item(b, here, summary=False) for b in chunk], searched=False),
            ]
            if len(chunks) > 1:
                body += ["", pager(number, len(chunks), paths, here)]
            meta = {"title": title, "search": NOT_SEARCHED}
            pages.append(Page(here, meta, "\n".join(body) + "\n"))
    return pages


def feed_page(ordered: Sequence[Briefing], settings: Settings) -> Page:
    """An Atom feed of the latest briefings, built from the same data as the pages."""
    base = (settings.site_url or "").rstrip("/")
    updated = max((b.updated or b.date for b in ordered), default=datetime.date(1970, 1, 1))
    dated: list[tuple[datetime.date, str]] = []
    for briefing in ordered[:FEED_SIZE]:
        url = f"{base}/{STORIES_DIR}/{briefing.story.story_id}/"
        stamp = briefing.updated or briefing.date
        dated.append(
            (
                stamp,
                "  <entry>\n"
                f"    <title>{xml_text(briefing.title)}</title>\n"
                f'    <link rel="alternate" type="text/html" href="{xml_text(url)}"/>\n'
                f"    <id>urn:briefings:{xml_text(briefing.story.story_id)}</id>\n"
                f"    <updated>{atom_date(stamp)}</updated>\n"
                f"    <published>{atom_date(briefing.date)}</published>\n"
                f"    <summary>{xml_text(' '.join(briefing.summary))}</summary>\n"
                + "".join(f'    <category term="{xml_text(tag)}"/>\n' for tag in briefing.tags)
                + "  </entry>\n",
            )
        )
        dated += update_entries(briefing, url)
    # Newest first; the story's own entry before its updates of the same day.
    entries = [entry for _date, entry in sorted(dated, key=lambda e: -e[0].toordinal())]
    home, this = xml_text(base + "/"), xml_text(f"{base}/{FEED_PATH}")
    xml = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom">\n'
        f"  <title>{xml_text(settings.site_title)}</title>\n"
        f'  <link rel="alternate" type="text/html" href="{home}"/>\n'
        f'  <link rel="self" type="application/atom+xml" href="{this}"/>\n'
        "  <id>urn:briefings:feed</id>\n"
        f"  <updated>{atom_date(updated)}</updated>\n"
        "  <author><name>Briefings</name></author>\n" + "".join(entries) + "</feed>\n"
    )
    return Page(FEED_PATH, {}, xml)


def update_entries(briefing: Briefing, url: str) -> list[tuple[datetime.date, str]]:
    """A feed entry per "What's new" entry of the briefing: which sources joined, and
    what they added."""
    found = []
    for number, update in enumerate(briefing.history, 1):
        date = update.date or briefing.date
        added = "; ".join(update.added) or "new sources"
        summary = f"{plural(len(update.sources), 'source')} joined: {added}"
        found.append(
            (
                date,
                "  <entry>\n"
                f"    <title>{xml_text(f'What is new: {briefing.title}')}</title>\n"
                f'    <link rel="alternate" type="text/html" href="{xml_text(url)}"/>\n'
                f"    <id>urn:briefings:{xml_text(briefing.story.story_id)}:update:{number}</id>\n"
                f"    <updated>{atom_date(date)}</updated>\n"
                f"    <summary>{xml_text(summary)}</summary>\n"
                "  </entry>\n",
            )
        )
    return found


QUOTE = {'"': "&quot;"}
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """Text safe in XML 1.0 content and attributes: escaped, and characters XML cannot
    carry (control characters, lone surrogates) dropped."""
    return xml_escape(_NOT_XML.sub("", text), QUOTE)


def sitemap_stub() -> Page:
    """An empty sitemap beside the feed.

    Material reads every `<link rel="alternate">` as another language version of the
    site and fetches `sitemap.xml` next to it; without this file, every page would log
    a 404 for `stories/sitemap.xml`. The site's real sitemap is MkDocs' `/sitemap.xml`.
    """
    xml = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>\n'
    )
    return Page(SITEMAP_PATH, {}, xml)


def atom_date(date: datetime.date) -> str:
    if date == datetime.date.min:
        date = datetime.date(1970, 1, 1)
    return f"{date.isoformat()}T00:00:00Z"


def latest_markdown(briefings: Sequence[Briefing], here: PurePosixPath, count: int) -> str:
    """The list a hand-written page gets in place of the `<!-- briefings:latest -->` marker."""
    ordered = newest_first(briefings)[:count]
    if not ordered:
        return "*No briefings yet: add articles to the source folder.*"
    more = link("All briefings →", relative(ROOT / "index.md", here))
    archive = link("Archive by month", relative(ROOT / "archive" / "index.md", here))
    items = [SiteMemo().item(b, here) for b in ordered]
    return listing(items) + f"\n\n{more} · {archive}"
