"""Briefing -> Page: front matter (the public contract) and a Markdown body.

The body reads like a briefing: bottom line up front, key points (each with the sources
that carry it), key figures, who's who, quotes, timeline, coverage, related briefings,
and the cleaned source texts in collapsed blocks so nothing of the original is lost and
everything is searchable.

Every string that comes from an article goes through `markdown_text` before it reaches
the body; the only markup here is our own.
"""

from __future__ import annotations

import datetime
import functools
import html
import math
from collections.abc import Container, Mapping, Sequence
from pathlib import PurePosixPath
from typing import Any, TypeVar

from generator.config import EXCERPT_WORDS, STORIES_DIR
from generator.model import (
    Article,
    Briefing,
    Framing,
    Page,
    Report,
    StoryEntity,
    StoryFigure,
    StoryQuote,
    TimelineEntry,
)
from generator.site.markdown_text import cell, inline, link
from generator.stories import editorial
from generator.stories.group import slugify

WORDS_PER_MINUTE = 230
INDEX_DIRS = {"person": "people", "place": "places", "organisation": "organisations"}
KIND_LABELS = {"person": "Person", "place": "Place", "organisation": "Organisation"}


@functools.lru_cache(maxsize=1 << 16)
def page_path(story_id: str) -> PurePosixPath:
    return PurePosixPath(f"{STORIES_DIR}/{story_id}.md")


RESERVED_SLUGS = {"index", "page"}
"""File names a listing folder uses itself (`index.md`, `page/2.md`)."""


MEMO_SIZE = 1 << 17
"""Entries kept by the memos of slugs, paths and links (pure functions of strings, asked
for tens of thousands of times per run at 10,000 articles: every listing names its
briefings and every briefing its people, places and organisations)."""


@functools.lru_cache(maxsize=MEMO_SIZE)
def name_slug(name: str) -> str:
    """The file name of a name's page (a pure function: its memo is no state)."""
    return _name_slug(name)


def _name_slug(name: str) -> str:
    slug = slugify(name, 12) or "unnamed"
    return f"{slug}-1" if slug in RESERVED_SLUGS else slug


@functools.lru_cache(maxsize=MEMO_SIZE)
def entity_path(kind: str, name: str) -> PurePosixPath:
    return PurePosixPath(f"{STORIES_DIR}/{INDEX_DIRS[kind]}/{name_slug(name)}.md")


@functools.lru_cache(maxsize=MEMO_SIZE)
def tag_path(tag: str) -> PurePosixPath:
    """The page listing every briefing with this tag (Material's tags index shows the
    newest few per tag and links here)."""
    return PurePosixPath(f"{STORIES_DIR}/tags/{name_slug(tag)}.md")


def relative(target: PurePosixPath, start: PurePosixPath) -> str:
    """A link from the page at `start` to the page at `target` (both relative to docs/)."""
    return _relpath(str(target), folder_of(start))


@functools.lru_cache(maxsize=1 << 12)
def folder_of(page: PurePosixPath) -> str:
    """The folder of a page, as text (listings ask it for every briefing they list)."""
    return str(page.parent)


@functools.lru_cache(maxsize=MEMO_SIZE)
def _relpath(target: str, start: str) -> str:
    """`posixpath.relpath(target, start)` for paths in normal form relative to one root
    (no `.` or `..` parts, no doubled or trailing `/`; `start` may be `.`), as all of
    ours are: the same answer, without making both absolute first (a run at 10,000
    articles asks for some 30,000 different links)."""
    here = [] if start == "." else start.split("/")
    there = target.split("/")
    common = 0
    for mine, theirs in zip(here, there, strict=False):
        if mine != theirs:
            break
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:]) or "."


def number(value: float) -> int | float:
    return int(value) if math.isfinite(value) and value == int(value) else value


def source_label(article: Article) -> str:
    return article.meta.outlet or article.source.stem


def source_labels(articles: Sequence[Article]) -> dict[str, str]:
    """Source file -> a short, unique name for readers: the outlet, or "Source N".

    Two articles from one outlet, or articles with no known outlet, are told apart by
    their position in the story (1-based), which is also their place in "Coverage".
    """
    outlets = [article.meta.outlet for article in articles]
    labels = {}
    for position, article in enumerate(articles, 1):
        outlet = article.meta.outlet
        if outlet and outlets.count(outlet) == 1:
            labels[str(article.source)] = outlet
        elif outlet:
            labels[str(article.source)] = f"{outlet} ({position})"
        else:
            labels[str(article.source)] = f"Source {position}"
    return labels


def word_count(briefing: Briefing) -> int:
    return sum(article.meta.word_count for article in briefing.story.articles)


def reading_minutes(words: int) -> int:
    return max(1, round(words / WORDS_PER_MINUTE))


FRONT_MATTER_SCHEMA = 1
"""`schema_version` of a briefing page's front matter (README, "The front-matter
contract"): raised when a key is removed or changes shape; new keys keep it."""


def front_matter(briefing: Briefing) -> dict[str, Any]:
    """The page's machine-readable record; keys and shapes documented in the README."""
    articles = briefing.story.articles
    words = word_count(briefing)
    return {
        "title": briefing.title,
        "date": yaml_date(briefing.date),
        "updated": yaml_date(briefing.updated),
        "story": briefing.story.story_id,
        "summary": " ".join(briefing.summary),
        "summary_sources": attributed(briefing.summary, articles),
        "key_points": list(briefing.key_points),
        "why": attributed(briefing.context, articles),
        "next": attributed(briefing.next, articles),
        "sources": [source_identity(source_record(article), briefing) for article in articles],
        "people": [
            {"name": e.name, "role": e.role, "aliases": list(e.aliases)} for e in briefing.people
        ],
        "places": [e.name for e in briefing.places],
        "organisations": [e.name for e in briefing.organisations],
        "figures": [
            {
                "value": number(f.value),
                "unit": f.unit,
                "qualifier": f.qualifier,
                "text": f.text,
                "period": f.period,
                "reported_by": f.reported_by,
                "what": f.what,
                "sources": list(f.sources),
            }
            for f in briefing.figures
        ],
        "disagreements": [
            {
                "kind": d.kind,
                "quantity": d.quantity,
                "readings": [{"source": s, "text": t} for s, t in d.readings],
            }
            for d in briefing.disagreements
        ],
        "quotes": [
            {
                "speaker": q.speaker,
                "text": q.text,
                "statement": editorial.is_statement(q.text),
                "sources": list(q.sources),
            }
            for q in briefing.quotes
        ],
        "timeline": [
            {"date": yaml_date(t.date), "text": t.text, "sources": list(t.sources)}
            for t in briefing.timeline
        ],
        "tags": list(briefing.tags),
        "related": list(briefing.related),
        "word_count": words,
        "reading_time": reading_minutes(words),
        **multi_source_front_matter(briefing),
        "schema_version": FRONT_MATTER_SCHEMA,
    }


def attributed(sentences: Sequence[str], articles: Sequence[Article]) -> list[dict[str, Any]]:
    """Each sentence with the sources whose text carries it (the front matter's record
    of where every sentence of the bottom line, "Why it matters" and "What's next" comes
    from)."""
    bodies = [normalised(a.clean.body) for a in articles]
    return [
        {"text": sentence, "sources": carried_by(sentence, articles, bodies)}
        for sentence in sentences
    ]


def source_record(article: Article) -> dict[str, Any]:
    meta = article.meta
    record: dict[str, Any] = {
        "file": str(article.source),
        "headline": meta.title,
        "outlet": meta.outlet,
        "wire": meta.wire,
        "dateline": meta.dateline,
        "date": yaml_date(meta.date),
        "date_basis": meta.date_basis,
        "updated": yaml_date(meta.updated),
        "language": meta.language,
        "word_count": meta.word_count,
        "url": meta.url,
        "author": meta.author,
    }
    if article.clean.images:
        record["images"] = [
            {"credit": image.credit, "caption": image.caption} for image in article.clean.images
        ]
    return record


def iso(date: datetime.date | None) -> str | None:
    if date is None or date == datetime.date.min:
        return None
    return date.isoformat()


@functools.lru_cache(maxsize=1 << 14)
def human_date(date: datetime.date | None) -> str:
    """`19 January 2024`, or `undated`."""
    if date is None or date == datetime.date.min:
        return "undated"
    return f"{date.day} {date:%B %Y}"


def yaml_date(date: datetime.date | None) -> datetime.date | None:
    """Dates go into front matter as YAML dates (`2024-01-19`), not strings."""
    return None if date is None or date == datetime.date.min else date


def not_searched(markdown: str) -> str:
    """A block left out of the search index (Material skips `data-search-exclude`).

    For sections that only repeat what is indexed elsewhere (timeline and coverage
    repeat source sentences, related briefings repeat other pages' titles): a search
    lands on the source text or the other page, and the index stays smaller.
    """
    return f"<div data-search-exclude markdown>\n\n{markdown}\n\n</div>"


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def render_page(
    briefing: Briefing,
    titles: Mapping[str, str],
    *,
    linked: Container[PurePosixPath] | None = None,
    where: Mapping[str, int] | None = None,
) -> Page:
    """The page of one briefing. `titles` maps story ids to titles, for related links;
    `linked` holds the entity pages that exist (`entity_path`): a name links to its page
    only if it is there (None: every name links); `where` gives the sources page of
    each anchor there (`sources_layout`; None: the first)."""
    path = page_path(briefing.story.story_id)
    labels = source_labels(briefing.story.articles)
    people = {person.name for person in briefing.people}
    names = EntityLinks(path, linked)
    story_id = briefing.story.story_id

    def on_sources(anchor: str) -> str:
        number = (where or {}).get(anchor, 1)
        return relative(sources_path(story_id, number), path)

    texts = {
        position: f"{on_sources(source_anchor(position))}#{source_anchor(position)}"
        for position in range(1, len(briefing.story.articles) + 1)
    }
    parts = [
        f"# {inline(briefing.title)}",
        byline(briefing, labels),
        bottom_line(briefing, labels),
        whats_new(briefing, labels),
        key_points(briefing, labels),
        sentences_section("## Why it matters", briefing.context, briefing, labels),
        sentences_section("## What's next", briefing.next, briefing, labels),
        how_outlets_covered_it(briefing, labels),
        sources_disagree(briefing, labels),
        key_figures(briefing, labels, shown=FIGURES_SHOWN, more=on_sources(ANCHORS["figures"])),
        whos_who(briefing, names, labels, shown=PEOPLE_SHOWN, more=on_sources(ANCHORS["people"])),
        places_and_organisations(briefing, names),
        quotes(
            briefing.quotes,
            labels,
            people,
            names,
            shown=QUOTES_SHOWN,
            wordings=WORDINGS_SHOWN,
            more=on_sources(ANCHORS["quotes"]),
            statements=True,
        ),
        timeline(briefing, labels, shown=TIMELINE_SHOWN, more=on_sources(ANCHORS["timeline"])),
        coverage(
            briefing,
            labels,
            texts=texts,
            shown=COVERAGE_SHOWN,
            more=on_sources(ANCHORS["coverage"]),
        ),
        related(briefing, titles, path),
        source_texts(briefing, labels),
        follow(briefing),
    ]
    body = "\n\n".join(part for part in parts if part).rstrip() + "\n"
    return Page(path, front_matter(briefing), body)


def byline(briefing: Briefing, labels: Mapping[str, str]) -> str:
    updated = f" · updated {human_date(briefing.updated)}" if briefing.updated else ""
    minutes = reading_minutes(word_count(briefing))
    articles = briefing.story.articles
    named = [labels[str(a.source)] for a in articles if a.meta.outlet]
    unnamed = len(articles) - len(named)
    if not named:
        names = "outlets not named"
    else:
        names = ", ".join(named) + (f" and {unnamed} unnamed" if unnamed else "")
    count = sources_count(briefing)
    return (
        f"**{human_date(briefing.date)}**{updated} · {count}: {inline(names)} · "
        f"{minutes} min of source reading\n{{ .briefing-byline }}"
    )


def bottom_line(briefing: Briefing, labels: Mapping[str, str] | None = None) -> str:
    """The bottom line, each sentence followed by the sources that carry it."""
    if not briefing.summary:
        return ""
    articles = briefing.story.articles
    bodies = [normalised(article.clean.body) for article in articles]
    said = []
    for sentence in briefing.summary:
        sources = carried_by(sentence, articles, bodies) if labels is not None else []
        where = f' <span class="briefing-source">{sources_text(sources, labels or {})}</span>'
        said.append(inline(sentence) + (where if sources else ""))
    return '!!! abstract "Bottom line"\n\n    ' + " ".join(said)


def sentences_section(
    heading: str, sentences: Sequence[str], briefing: Briefing, labels: Mapping[str, str]
) -> str:
    """A list of source sentences ("Why it matters", "What's next"), each with its
    sources."""
    if not sentences:
        return ""
    articles = briefing.story.articles
    bodies = [normalised(article.clean.body) for article in articles]
    lines = [heading, ""]
    for sentence in sentences:
        sources = carried_by(sentence, articles, bodies)
        where = f' <span class="briefing-source">{sources_text(sources, labels)}</span>'
        lines.append(f"- {inline(sentence)}{where if sources else ''}")
    return "\n".join(lines)


def normalised(text: str) -> str:
    return " ".join(text.split()).casefold()


def carried_by(
    sentence: str, articles: Sequence[Article], bodies: Sequence[str] | None = None
) -> list[str]:
    """The source files whose cleaned text contains `sentence` (extractive key points);
    `bodies`: the articles' `normalised` bodies, when the caller has them already."""
    wanted = normalised(sentence)
    if bodies is None:
        bodies = [normalised(a.clean.body) for a in articles]
    return [
        str(a.source) for a, body in zip(articles, bodies, strict=True) if wanted and wanted in body
    ]


def key_points(briefing: Briefing, labels: Mapping[str, str]) -> str:
    if not briefing.key_points:
        return ""
    lines = ["## Key points", ""]
    bodies = [normalised(article.clean.body) for article in briefing.story.articles]
    for point in briefing.key_points:
        sources = carried_by(point, briefing.story.articles, bodies)
        where = f' <span class="briefing-source">{sources_text(sources, labels)}</span>'
        lines.append(f"- {inline(point)}{where if sources else ''}")
    return "\n".join(lines)


ALL_SOURCES_FROM = 3
"""From this many sources on, "all 5 sources" replaces the list of every label."""


NAMED_SOURCES = 5
"""Source labels named in one cell before "and N more": a figure 30 of 50 sources carry
would otherwise fill a line of outlet names (the front matter lists them all)."""


def sources_text(sources: Sequence[str], labels: Mapping[str, str]) -> str:
    """Escaped source labels; a label never breaks across lines (`Source 1`)."""
    if len(labels) >= ALL_SOURCES_FROM and set(sources) >= set(labels):
        return f"all {len(labels)} sources"
    shown = sources if len(sources) <= NAMED_SOURCES + 1 else sources[:NAMED_SOURCES]
    names = [inline(labels.get(source, source)).replace(" ", "\u00a0") for source in shown]
    more = len(sources) - len(shown)
    return ", ".join(names) + (f" and {more} more" if more else "")


def sources_cell(sources: Sequence[str], labels: Mapping[str, str]) -> str:
    return sources_text(sources, labels) if sources else "–"


FIGURES_SHOWN = 8
QUOTES_SHOWN = 4
WORDINGS_SHOWN = 2
TIMELINE_SHOWN = 8
COVERAGE_SHOWN = 20
PEOPLE_SHOWN = 12
"""How many key figures, quotes, other wordings of a quote, timeline entries, sources
under "Coverage" and people under "Who's who" a briefing page shows: those most sources
carry (ties: in story order; the first sources in story order). A story of 20 sources
has 50 figures and 30 dated events; the rest are on the story's sources pages
(`sources_blocks`), so a briefing page stays under ~60 kB of HTML however many sources it
has."""
ANCHORS = {
    "figures": "all-key-figures",
    "quotes": "all-quotes",
    "timeline": "full-timeline",
    "coverage": "full-coverage",
    "people": "all-people",
}
T = TypeVar("T", StoryFigure, StoryQuote, TimelineEntry, StoryEntity)


def most_sourced(entries: Sequence[T], shown: int | None) -> Sequence[T]:
    """The `shown` entries with the most sources, kept in their order (None: all)."""
    if shown is None or len(entries) <= shown:
        return entries
    ranked = sorted(range(len(entries)), key=lambda i: (-len(entries[i].sources), i))
    keep = set(ranked[:shown])
    return [entry for i, entry in enumerate(entries) if i in keep]


def more_line(
    shown: int,
    total: int,
    what: str,
    more: str | None,
    anchor: str,
    which: str = "those most sources carry",
) -> str:
    if more is None or shown >= total:
        return ""
    target = f"{more}#{anchor}"
    return f"\n\n{shown} of {total} {what}, {which}: {link(f'all {total}', target)}."


def key_figures(
    briefing: Briefing,
    labels: Mapping[str, str],
    *,
    shown: int | None = None,
    more: str | None = None,
    heading: str = "## Key figures",
) -> str:
    if not briefing.figures:
        return ""
    figures = most_sourced(briefing.figures, shown)
    rows = [
        heading,
        "",
        "| Figure | What it counts | Period | Reported by | Sources |",
        "|---|---|---|---|---|",
    ]
    for figure in figures:
        rows.append(
            f"| {cell(figure.text)} | {cell(figure.what)} | {cell(figure.period)} "
            f"| {cell(figure.reported_by)} | {sources_cell(figure.sources, labels)} |"
        )
    total = len(briefing.figures)
    return "\n".join(rows) + more_line(len(figures), total, "figures", more, ANCHORS["figures"])


class EntityLinks:
    """A person's, place's or organisation's name as it appears on a briefing page: a link
    to the entity's page when it has one, plain text otherwise (an entity named in one
    briefing only has no page: that page would list the briefing the reader is on)."""

    def __init__(self, here: PurePosixPath, linked: Container[PurePosixPath] | None) -> None:
        self.here = here
        self.linked = linked

    def __call__(self, kind: str, name: str) -> str:
        target = entity_path(kind, name)
        if self.linked is not None:
            if target not in self.linked:
                return inline(name)
            if isinstance(self.linked, Mapping):  # a surname merged with a full name
                target = self.linked[target]
        return link(name, relative(target, self.here))


def whos_who(
    briefing: Briefing,
    names: EntityLinks,
    labels: Mapping[str, str],
    *,
    shown: int | None = None,
    more: str | None = None,
    heading: str = "## Who's who",
) -> str:
    """The people, each with their role and sources: the `shown` most sources name (in
    story order), with a link to all of them on `more`."""
    if not briefing.people:
        return ""
    people = most_sourced(briefing.people, shown)
    rows = [heading, "", "| Person | Role | Sources |", "|---|---|---|"]
    for person in people:
        name = names("person", person.name)
        rows.append(f"| {name} | {cell(person.role)} | {sources_cell(person.sources, labels)} |")
    total = len(briefing.people)
    which = "those most sources name"
    return "\n".join(rows) + more_line(len(people), total, "people", more, ANCHORS["people"], which)


def entity_links(entities: Sequence[StoryEntity], kind: str, names: EntityLinks) -> str:
    return ", ".join(names(kind, e.name) for e in entities)


def places_and_organisations(briefing: Briefing, names: EntityLinks) -> str:
    lines = []
    if briefing.places:
        lines.append(f"**Places:** {entity_links(briefing.places, 'place', names)}")
    if briefing.organisations:
        lines.append(
            f"**Organisations:** {entity_links(briefing.organisations, 'organisation', names)}"
        )
    return "## Places and organisations\n\n" + "\n\n".join(lines) if lines else ""


def speaker_text(quote: StoryQuote, people: set[str], names: EntityLinks) -> str:
    if not quote.speaker:
        return "*unattributed*"
    if quote.speaker_kind == "person" and quote.speaker in people:
        return names("person", quote.speaker)
    return inline(quote.speaker)


def quotes(
    story_quotes: Sequence[StoryQuote],
    labels: Mapping[str, str],
    people: set[str],
    names: EntityLinks,
    *,
    shown: int | None = None,
    wordings: int | None = None,
    more: str | None = None,
    heading: str = "## Quotes",
    statements: bool = False,
) -> str:
    if not story_quotes:
        return ""
    blocks = [heading]
    if statements:
        chosen = newsworthy(story_quotes, shown)
        if not chosen:
            return ""
    else:
        chosen = list(most_sourced(story_quotes, shown))
    for quote in chosen:
        speaker = speaker_text(quote, people, names)
        block = [
            '<div class="briefing-quote" markdown>',
            "",
            f"> “{inline(quote.text)}”",
            "",
            f"— **{speaker}**, in {sources_text(quote.sources, labels)}",
            "{ .briefing-quote-by }",
        ]
        others = [
            (source, wording)
            for source, wording in quote.variants
            if wording != quote.text and (not statements or editorial.is_statement(wording))
        ]
        for source, wording in others[:wordings]:
            label = inline(labels.get(source, source))
            block += ["", f"{label} words it: “{inline(wording)}”", "{ .briefing-quote-by }"]
        if wordings is not None and len(others) > wordings and more is not None:
            every = link("every wording", f"{more}#{ANCHORS['quotes']}")
            left = plural(len(others) - wordings, "other source")
            block += ["", f"{left} word it differently: {every}.", "{ .briefing-quote-by }"]
        block += ["", "</div>"]
        blocks.append("\n".join(block))
    total = len(story_quotes)
    which = (
        "full statements, those most sources carry" if statements else "those most sources carry"
    )
    return "\n\n".join(blocks) + more_line(
        len(chosen), total, "quotes", more, ANCHORS["quotes"], which
    )


SPEAKER_RANK = {"person": 0, "described": 1}


def newsworthy(story_quotes: Sequence[StoryQuote], shown: int | None) -> list[StoryQuote]:
    """The quotes a briefing page shows: full statements only (`editorial.is_statement`;
    fragments stay in the sentences that carry them), one entry per remark (a piece of a
    remark already shown is left out), those most sources carry first, then named
    speakers before described ones before none, then story order."""
    statements = [
        (index, quote)
        for index, quote in enumerate(story_quotes)
        if editorial.is_statement(quote.text)
    ]
    statements.sort(
        key=lambda item: (
            -len(item[1].sources),
            SPEAKER_RANK.get(item[1].speaker_kind or "", 2) if item[1].speaker else 3,
            item[0],
        )
    )
    chosen: list[StoryQuote] = []
    for _index, quote in statements:
        if shown is not None and len(chosen) >= shown:
            break
        if any(
            other.speaker == quote.speaker and editorial.same_remark(quote.text, other.text)
            for other in chosen
        ):
            continue
        chosen.append(quote)
    return chosen


def timeline(
    briefing: Briefing,
    labels: Mapping[str, str],
    *,
    shown: int | None = None,
    more: str | None = None,
    heading: str = "## Timeline",
) -> str:
    if not briefing.timeline:
        return ""
    rows = ["| Date | Event | Sources |", "|---|---|---|"]
    entries = most_sourced(briefing.timeline, shown)
    for entry in entries:
        rows.append(
            f"| {human_date(entry.date) if entry.precision == 'day' else f'{entry.date:%B %Y}'} "
            f"| {cell(entry.text)} "
            f"| {sources_cell(entry.sources, labels)} |"
        )
    total = len(briefing.timeline)
    note = more_line(len(entries), total, "dated events", more, ANCHORS["timeline"])
    return f"{heading}\n\n" + not_searched("\n".join(rows)) + note


DATE_BASIS_NOTES = {"explicit": "", "inferred": " (inferred)", "unknown": ""}
ADD_KINDS = {
    "figure": "Figures",
    "quote": "Quotes",
    "person": "People",
    "place": "Places",
    "organisation": "Organisations",
    "reports": "Also reports",
}
QUOTES_LISTED = 3
"""Above this many quotes only one source carries, its coverage row counts them by speaker."""


def grouped_adds(adds: Sequence[str], facts: str | None = None) -> str:
    """What only one source reports, grouped by kind (`figure: …`, `quote: …`), as
    escaped Markdown for a table cell; one line per kind. With `facts` (a link), the
    sentences only the source reports are counted and linked there, not quoted: the
    briefing page stays short, the sources page lists them."""
    groups: dict[str, list[str]] = {}
    for add in adds:
        kind, _, rest = add.partition(": ")
        if rest and kind.isalpha() and kind.islower():
            groups.setdefault(kind, []).append(rest)
        else:
            groups.setdefault("", []).append(add)
    lines = []
    others = sorted(kind for kind in groups if kind and kind not in ADD_KINDS)
    for kind in [*ADD_KINDS, *others, ""]:
        items = groups.get(kind)
        if not items:
            continue
        if kind == "quote" and len(items) > QUOTES_LISTED:
            speakers: dict[str, int] = {}
            for quote in items:
                speaker = quote.partition(": “")[0] if ": “" in quote else "unattributed"
                speakers[speaker] = speakers.get(speaker, 0) + 1
            text = f"{len(items)} — " + ", ".join(
                f"{name} ×{count}" if count > 1 else name for name, count in speakers.items()
            )
        elif kind == "figure" and facts is not None:
            # The key figures table says what each counts: the figure alone here.
            text = "; ".join(item.split(" — “", 1)[0] for item in items)
        elif kind == "reports" and facts is not None:
            label = f"**{ADD_KINDS[kind]}:** "
            lines.append(label + link(plural(len(items), "other fact"), facts))
            continue
        else:
            text = "; ".join(items)
        label = f"**{ADD_KINDS.get(kind, kind.capitalize())}:** " if kind else ""
        lines.append(label + inline(text))
    return "<br>".join(lines) if lines else "–"


def listed_facts(briefing: Briefing) -> bool:
    """Whether a source alone reports sentences, which the briefing page counts and the
    sources page lists ("Full coverage")."""
    return any(add.startswith("reports: ") for row in briefing.coverage for add in row.adds)


def coverage(
    briefing: Briefing,
    labels: Mapping[str, str],
    *,
    texts: Mapping[int, str] | None = None,
    shown: int | None = None,
    more: str | None = None,
    heading: str = "## Coverage",
) -> str:
    """One row per source (the first `shown`, with a link to all of them on `more`);
    with `texts` (source position -> link to its text on the sources pages), each
    source's name links to its full text."""
    articles = {str(a.source): a for a in briefing.story.articles}
    positions = {str(a.source): n for n, a in enumerate(briefing.story.articles, 1)}
    rows = [
        "| Source | Headline | Date | Only this source |",
        "|---|---|---|---|",
    ]
    rows_shown = briefing.coverage if shown is None else briefing.coverage[:shown]
    for row in rows_shown:
        article = articles.get(row.source)
        basis = DATE_BASIS_NOTES[article.meta.date_basis] if article else ""
        date = f"{human_date(row.date)}{basis}" if row.date else None
        label = labels.get(row.source, row.source)
        source = cell(label)
        if texts is not None and row.source in positions:
            source = link(label, texts[positions[row.source]])
        facts = f"{more}#{ANCHORS['coverage']}" if more is not None else None
        rows.append(
            f"| {source} | {cell(row.headline)} | {cell(date)} | {grouped_adds(row.adds, facts)} |"
        )
    count = len(briefing.coverage)
    tail = more_line(len(rows_shown), count, "sources", more, ANCHORS["coverage"], "in story order")
    return f"{heading}\n\n" + not_searched("\n".join(rows)) + tail


def related(briefing: Briefing, titles: Mapping[str, str], path: PurePosixPath) -> str:
    if not briefing.related:
        return ""
    items = [
        f"- {link(titles.get(story_id, story_id), relative(page_path(story_id), path))}"
        for story_id in briefing.related
    ]
    return "## Related briefings\n\n" + not_searched("\n".join(items))


def sources_path(story_id: str, number: int = 1) -> PurePosixPath:
    """Page `number` of a story's sources (`stories/<id>/sources/`, `…/sources-2/`, …):
    all at one depth, so a block's relative links do not depend on its page."""
    name = "sources.md" if number == 1 else f"sources-{number}.md"
    return PurePosixPath(STORIES_DIR) / story_id / name


def source_anchor(position: int) -> str:
    return f"source-{position}"


def source_details(article: Article) -> str:
    meta = article.meta
    details = [
        f"file {article.source}",
        f"dateline {meta.dateline}" if meta.dateline else "",
        f"{human_date(meta.date)}{DATE_BASIS_NOTES[meta.date_basis]}" if meta.date else "",
        plural(meta.word_count, "word"),
    ]
    return inline(" · ".join(d for d in details if d))


def source_texts(briefing: Briefing, labels: Mapping[str, str]) -> str:
    """A link to the story's sources page: every source's full cleaned text (on the
    briefing page they would make a many-source briefing hundreds of kB)."""
    here = page_path(briefing.story.story_id)
    target = relative(sources_path(briefing.story.story_id), here)
    count = len(briefing.story.articles)
    if briefing.source_text == "full":
        text = "The full text" if count == 1 else f"The full texts of all {count} sources"
        said = "as cleaned from the original articles, are"
    elif briefing.source_text == "excerpt":
        text = "The opening" if count == 1 else f"The openings of all {count} sources"
        said = "with links to the original articles, are"
    else:
        text = "The headline and details" if count == 1 else f"The details of all {count} sources"
        said = "with links to the original articles, are"
    return (
        f"## Source texts\n\n{text}, {said} on "
        f"{link('the sources page', target)}; each source's name under "
        '"Coverage" links to its text.'
    )


def html_text(text: str) -> str:
    """Source text as the content of an HTML element: one line, `<`, `>`, `&` escaped."""
    return html.escape(" ".join(text.split()), quote=False)


SOURCES_PAGE_BUDGET = 30_000
"""Bytes of Markdown per sources page (~55 kB of HTML with the theme): the blocks of a
story's sources page (full lists, then one block per source text) fill pages in order;
a block bigger than this (a very long article) has a page of its own."""


def sources_blocks(
    briefing: Briefing, *, linked: Container[PurePosixPath] | None = None
) -> list[tuple[str, str]]:
    """(anchor, Markdown) of each block of the story's sources pages: the full key
    figures, quotes and timeline when the briefing page shows only part of them, then
    the text of every source. Texts are escaped HTML blocks (Markdown would only escape
    them again; the MkDocs plugin passes them around Python-Markdown)."""
    story_id = briefing.story.story_id
    path = sources_path(story_id)
    labels = source_labels(briefing.story.articles)
    names = EntityLinks(path, linked)
    people = {person.name for person in briefing.people}
    blocks = []
    if len(briefing.figures) > FIGURES_SHOWN:
        heading = f"## All key figures {{ #{ANCHORS['figures']} }}"
        blocks.append((ANCHORS["figures"], key_figures(briefing, labels, heading=heading)))
    if len(newsworthy(briefing.quotes, QUOTES_SHOWN)) < len(briefing.quotes) or any(
        sum(wording != quote.text for _, wording in quote.variants) > WORDINGS_SHOWN
        for quote in briefing.quotes
    ):
        heading = f"## All quotes {{ #{ANCHORS['quotes']} }}"
        said = quotes(briefing.quotes, labels, people, names, heading=heading)
        blocks.append((ANCHORS["quotes"], said))
    if len(briefing.timeline) > TIMELINE_SHOWN:
        heading = f"## Full timeline {{ #{ANCHORS['timeline']} }}"
        blocks.append((ANCHORS["timeline"], timeline(briefing, labels, heading=heading)))
    if len(briefing.people) > PEOPLE_SHOWN:
        heading = f"## All people {{ #{ANCHORS['people']} }}"
        blocks.append((ANCHORS["people"], whos_who(briefing, names, labels, heading=heading)))
    if len(briefing.coverage) > COVERAGE_SHOWN or listed_facts(briefing):
        heading = f"## Full coverage {{ #{ANCHORS['coverage']} }}"
        blocks.append((ANCHORS["coverage"], coverage(briefing, labels, heading=heading)))
    for position, article in enumerate(briefing.story.articles, 1):
        who = outlet_label(article) or labels[str(article.source)]
        title = f"{who}: {article.meta.title}"
        lines = [
            f"## {inline(title)} {{ #{source_anchor(position)} }}",
            "",
            f"*{source_details(article)}*",
            "",
            '<div class="briefing-source-text">',
        ]
        if briefing.source_text == "full":
            for block in article.clean.blocks:
                text = html_text(block.text)
                strong = block.kind == "heading"
                lines.append(f"<p><strong>{text}</strong></p>" if strong else f"<p>{text}</p>")
        else:
            lines += source_excerpt(article, briefing.source_text)
        if article.clean.images and briefing.source_text == "full":
            credits = "; ".join(
                f"{image.caption or 'image'} ({image.credit})" for image in article.clean.images
            )
            lines.append(f"<p><em>Images:</em> {html_text(credits)}</p>")
        lines.append("</div>")
        blocks.append((source_anchor(position), "\n".join(lines)))
    return blocks


def sources_layout(blocks: Sequence[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    """The blocks in pages of at most `SOURCES_PAGE_BUDGET` bytes, in order."""
    pages: list[list[tuple[str, str]]] = [[]]
    size = 0
    for anchor, markdown in blocks:
        weight = len(markdown.encode(errors="replace"))
        if pages[-1] and size + weight > SOURCES_PAGE_BUDGET:
            pages.append([])
            size = 0
        pages[-1].append((anchor, markdown))
        size += weight
    return pages


def render_story(
    briefing: Briefing,
    titles: Mapping[str, str],
    *,
    linked: Container[PurePosixPath] | None = None,
) -> list[Page]:
    """The briefing page and its sources pages, which it links to block by block."""
    layout = sources_layout(sources_blocks(briefing, linked=linked))
    where = {anchor: number for number, page in enumerate(layout, 1) for anchor, _ in page}
    page = render_page(briefing, titles, linked=linked, where=where)
    return [page, *sources_pages(briefing, layout), story_feed(briefing)]


def render_sources_pages(
    briefing: Briefing, *, linked: Container[PurePosixPath] | None = None
) -> list[Page]:
    return sources_pages(briefing, sources_layout(sources_blocks(briefing, linked=linked)))


def sources_pages(briefing: Briefing, layout: Sequence[Sequence[tuple[str, str]]]) -> list[Page]:
    """The story's sources pages: nothing of an article is lost."""
    story_id = briefing.story.story_id
    count = len(briefing.story.articles)
    pages = []
    for number, blocks in enumerate(layout, 1):
        path = sources_path(story_id, number)
        back = link(briefing.title, relative(page_path(story_id), path))
        suffix = f", page {number}" if number > 1 else ""
        parts = [
            f"# Sources: {inline(briefing.title)}{suffix}",
            f"{plural(count, 'source')} of the briefing {back}, "
            f"{SOURCES_PAGE_NOTES[briefing.source_text]}\n{{ .briefing-byline }}",
            *(markdown for _, markdown in blocks),
        ]
        if len(layout) > 1:
            words = []
            if number > 1:
                previous = relative(sources_path(story_id, number - 1), path)
                words.append(link("← Previous", previous))
            words.append(f"Page {number} of {len(layout)}")
            if number < len(layout):
                words.append(link("Next →", relative(sources_path(story_id, number + 1), path)))
            parts.append(" · ".join(words) + "\n{ .briefing-pager }")
        meta = {"title": f"Sources: {briefing.title}{suffix}", "story": story_id}
        pages.append(Page(path, meta, "\n\n".join(parts) + "\n"))
    return pages


# --------------------------------------------------------------------------- multi-source
# Outlets and wires, independent reports, framing, disagreements, updates, source text
# policy: the sections a multi-source briefing adds (kept together to ease merges).

SOURCES_PAGE_NOTES = {
    "full": "as cleaned from the original articles.",
    "excerpt": "each with its opening lines and a link to the original article.",
    "none": "each with a link to the original article.",
}
DISAGREEMENT_KINDS = {"figure": "Figures", "date": "Dates", "quote": "Quote wordings"}


def outlet_label(article: Article) -> str | None:
    """`Breitbart, from AFP`, `AFP`, or None."""
    from generator.stories.outlets import label

    return label(article.meta.outlet, article.meta.wire)


def source_identity(record: dict[str, Any], briefing: Briefing) -> dict[str, Any]:
    """A source's front-matter record with how its outlet was settled (`outlet_basis`),
    the outlet's kind, country and (the owner's) lean, and its independent report."""
    found = next((o for o in briefing.outlets if o.source == record["file"]), None)
    report = next(
        (n for n, r in enumerate(briefing.reports, 1) if record["file"] in r.sources), None
    )
    extra = {
        "outlet_basis": found.basis if found else None,
        "outlet_kind": found.kind if found else None,
        "outlet_country": found.country if found else None,
        "outlet_lean": found.lean if found else None,
        "report": report,
    }
    if found is not None:
        record = {**record, "outlet": found.outlet, "wire": found.wire}
    keys = list(record)
    at = keys.index("wire") + 1 if "wire" in keys else len(keys)
    return {**dict(list(record.items())[:at]), **extra, **dict(list(record.items())[at:])}


def report_count(briefing: Briefing) -> int:
    return len(briefing.reports) or len(briefing.story.articles)


def sources_count(briefing: Briefing) -> str:
    """`3 sources`, or `2 independent reports in 3 sources` when some carry one report."""
    articles = len(briefing.story.articles)
    reports = report_count(briefing)
    if reports == articles:
        return plural(articles, "source")
    return f"{plural(reports, 'independent report')} in {plural(articles, 'source')}"


def multi_source_front_matter(briefing: Briefing) -> dict[str, Any]:
    spread, one_sided = lean_spread(briefing)
    return {
        "independent_reports": report_count(briefing),
        "reports": [
            {"wire": r.wire, "sources": list(r.sources), "evidence": list(r.evidence)}
            for r in briefing.reports
        ],
        "framing": [
            {
                "source": f.source,
                "leads_with": f.leads_with,
                "terms": list(f.terms),
                "includes": list(f.includes),
            }
            for f in briefing.framing
        ],
        "lean_spread": {"counts": spread, "one_sided": one_sided} if spread else None,
        "updates": [
            {"date": yaml_date(u.date), "sources": list(u.sources), "added": list(u.added)}
            for u in briefing.history
        ],
    }


def lean_spread(briefing: Briefing) -> tuple[dict[str, int], bool]:
    from generator.stories.reports import lean_spread as spread

    return spread(briefing.reports, briefing.outlets)


def report_label(briefing: Briefing, sources: Sequence[str], labels: Mapping[str, str]) -> str:
    """A report's carriers: `AFP`; `AFP and Source 2`."""
    names = [labels.get(source, source) for source in sources]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def how_outlets_covered_it(briefing: Briefing, labels: Mapping[str, str]) -> str:
    """Per independent report: who carries it (publisher and wire kept apart), its
    headline, what it leads with, its distinctive terms and what only it includes; the
    owner's lean ratings, when given, as a spread with a one-sided flag."""
    if len(briefing.story.articles) < 2:
        return ""
    articles = {str(a.source): a for a in briefing.story.articles}
    framing = {f.source: f for f in briefing.framing}
    reports = briefing.reports or tuple(
        Report((str(a.source),), a.meta.wire) for a in briefing.story.articles
    )
    lines = ["## How outlets covered it", ""]
    if len(reports) < len(articles):
        lines += [
            f"{sources_count(briefing).capitalize()}: copies and translations of one "
            "report are counted once.",
            "",
        ]
    evidence = {
        note.partition(": ")[0]: note.partition(": ")[2] for r in reports for note in r.evidence
    }
    for report in reports:
        first = articles[report.sources[0]]
        who = outlet_label(first) or labels.get(report.sources[0], report.sources[0])
        if len(report.sources) == 1:
            lines.append(f"- **{inline(who)}**: “{inline(first.meta.title)}”")
            lines += framing_lines(framing.get(report.sources[0]), "    ")
            continue
        wire = f"One {inline(report.wire)} report" if report.wire else "One report"
        lines.append(f"- **{wire}, carried in {len(report.sources)} versions**")
        for source in report.sources:
            article = articles[source]
            name = labels.get(source, source)
            full = outlet_label(article)
            shown = inline(name) + (f" ({inline(full)})" if full and full != name else "")
            lines.append(f"    - **{shown}**: “{inline(article.meta.title)}”")
            if source in evidence:
                lines.append(f"        - *Same report:* {inline(evidence[source])}")
            lines += framing_lines(framing.get(source), "        ")
    spread, one_sided = lean_spread(briefing)
    if spread:
        counts = " · ".join(f"{name} {count}" for name, count in spread.items())
        lines += ["", f"**Coverage by lean** (the site's own ratings): {counts}"]
        if one_sided:
            lines += [
                "",
                '!!! warning "One-sided coverage"\n\n'
                "    Every rated report of this story comes from one side.",
            ]
    return "\n".join(lines)


def framing_lines(frame: Framing | None, indent: str) -> list[str]:
    if frame is None:
        return []
    lines = [f"{indent}- *Leads with:* {inline(frame.leads_with)}"]
    if frame.terms:
        terms = ", ".join(f"“{inline(t)}”" for t in frame.terms)
        lines.append(f"{indent}- *Words no other source uses:* {terms}")
    if frame.includes:
        lines.append(f"{indent}- *Only it includes:* {inline('; '.join(frame.includes))}")
    return lines


def sources_disagree(briefing: Briefing, labels: Mapping[str, str]) -> str:
    """Where independent reports give one figure, date or quotation differently: each
    reading with its source. Nothing when they agree."""
    if not briefing.disagreements:
        return ""
    articles = {str(a.source): a for a in briefing.story.articles}
    lines = ["## Sources disagree", ""]
    for disagreement in briefing.disagreements:
        kind = DISAGREEMENT_KINDS.get(disagreement.kind, "")
        what = disagreement.quantity if disagreement.kind == "figure" else kind
        if disagreement.kind == "quote":
            what = disagreement.quantity.removeprefix("quote: ") + ", worded two ways"
        lines.append(f"- **{inline(what)}**")
        for source, text in disagreement.readings:
            name = labels.get(source, source)
            full = outlet_label(articles[source]) if source in articles else None
            if full and full != name:
                name = f"{name} ({full})" if not full.startswith(name) else full
            lines.append(f"    - {inline(name)}: “{inline(text)}”")
    return "\n".join(lines)


def whats_new(briefing: Briefing, labels: Mapping[str, str]) -> str:
    """The dated entries of sources that joined the story after it was first published."""
    if not briefing.history:
        return ""
    lines = ['!!! info "What\'s new"', ""]
    for update in reversed(briefing.history):
        names = ", ".join(inline(labels.get(s, s)) for s in update.sources)
        added = "; ".join(inline(a) for a in update.added) or "no new figures, quotes or people"
        lines.append(f"    - **{human_date(update.date)}** — {names} joined: {added}")
    return "\n".join(lines)


def follow(briefing: Briefing) -> str:
    here = page_path(briefing.story.story_id)
    target = relative(story_feed_path(briefing.story.story_id), here)
    return f"Follow this story: {link('Atom feed of its updates', target)}\n{{ .briefing-follow }}"


def story_feed_path(story_id: str) -> PurePosixPath:
    return PurePosixPath(STORIES_DIR) / story_id / "feed.xml"


def source_excerpt(article: Article, policy: str) -> list[str]:
    """The `excerpt` policy's lede (the opening paragraphs, cut to `EXCERPT_WORDS`
    words) and a link to the original; `none`: the link alone."""
    lines = []
    if policy == "excerpt":
        words: list[str] = []
        for block in article.clean.blocks:
            if block.kind != "paragraph":
                continue
            words += block.text.split()
            if len(words) >= EXCERPT_WORDS // 2:
                break
        text = " ".join(words[:EXCERPT_WORDS]) + (" …" if len(words) > EXCERPT_WORDS else "")
        if text:
            lines.append(f"<p>{html_text(text)}</p>")
    url = article.meta.url
    if url and url.startswith(("http://", "https://")):
        href = html.escape(url, quote=True)
        lines.append(f'<p><a href="{href}">Read the original article</a></p>')
    elif policy == "excerpt" or policy == "none":
        lines.append("<p><em>The source gave no link to the original.</em></p>")
    return lines


def story_feed(briefing: Briefing) -> Page:
    """The story's own Atom feed: its first publication, then an entry per update.
    Links are relative to the feed (`stories/<id>/feed.xml`), as Atom allows."""
    from xml.sax.saxutils import escape

    def text(value: str) -> str:
        return escape(value, {'"': "&quot;"})

    story_id = briefing.story.story_id
    page = f"../{story_id}/"

    def stamp(date: datetime.date | None) -> str:
        day = date if date and date != datetime.date.min else datetime.date(1970, 1, 1)
        return f"{day.isoformat()}T00:00:00Z"

    entries = [
        (
            briefing.date,
            f"urn:briefings:{story_id}",
            briefing.title,
            " ".join(briefing.summary),
        )
    ]
    for number, update in enumerate(briefing.history, 1):
        added = "; ".join(update.added) or "new sources"
        entries.append(
            (
                update.date or briefing.date,
                f"urn:briefings:{story_id}:update:{number}",
                f"What's new: {briefing.title}",
                f"{plural(len(update.sources), 'source')} joined: {added}",
            )
        )
    latest = max(date for date, *_ in entries)
    body = "".join(
        "  <entry>\n"
        f"    <title>{text(title)}</title>\n"
        f'    <link rel="alternate" type="text/html" href="{text(page)}"/>\n'
        f"    <id>{text(entry_id)}</id>\n"
        f"    <updated>{stamp(date)}</updated>\n"
        f"    <summary>{text(summary)}</summary>\n"
        "  </entry>\n"
        for date, entry_id, title, summary in reversed(entries)
    )
    xml = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom">\n'
        f"  <title>{text(briefing.title)}</title>\n"
        f'  <link rel="alternate" type="text/html" href="{text(page)}"/>\n'
        f"  <id>urn:briefings:{text(story_id)}:feed</id>\n"
        f"  <updated>{stamp(latest)}</updated>\n"
        "  <author><name>Briefings</name></author>\n" + body + "</feed>\n"
    )
    return Page(story_feed_path(story_id), {}, xml)
