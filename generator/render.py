"""Briefing -> Page: front matter (the public contract) and a Markdown body.

The body reads like a briefing: bottom line up front, key points, key figures, who's
who, quotes, timeline, coverage, related briefings, and the cleaned source texts in
collapsed blocks so nothing of the original is lost and everything is searchable.
"""

from __future__ import annotations

import datetime
import math
import posixpath
from collections.abc import Mapping, Sequence
from pathlib import PurePosixPath
from typing import Any

from generator.config import STORIES_DIR
from generator.group import slugify
from generator.markdown_text import attribute, cell, inline, link
from generator.model import Article, Briefing, Page, StoryEntity

WORDS_PER_MINUTE = 230
INDEX_DIRS = {"person": "people", "place": "places", "organisation": "organisations"}


def page_path(story_id: str) -> PurePosixPath:
    return PurePosixPath(STORIES_DIR) / f"{story_id}.md"


def entity_path(kind: str, name: str) -> PurePosixPath:
    return PurePosixPath(STORIES_DIR) / INDEX_DIRS[kind] / f"{slugify(name, 12) or 'unnamed'}.md"


def relative(target: PurePosixPath, start: PurePosixPath) -> str:
    """A link from the page at `start` to the page at `target` (both relative to docs/)."""
    return posixpath.relpath(str(target), str(start.parent))


def number(value: float) -> int | float:
    return int(value) if math.isfinite(value) and value == int(value) else value


def source_label(article: Article) -> str:
    return article.meta.outlet or article.source.stem


def word_count(briefing: Briefing) -> int:
    return sum(article.meta.word_count for article in briefing.story.articles)


def reading_minutes(words: int) -> int:
    return max(1, round(words / WORDS_PER_MINUTE))


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
        "key_points": list(briefing.key_points),
        "sources": [source_record(article) for article in articles],
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
                "sources": list(f.sources),
            }
            for f in briefing.figures
        ],
        "disagreements": [
            {"quantity": d.quantity, "readings": [{"source": s, "text": t} for s, t in d.readings]}
            for d in briefing.disagreements
        ],
        "quotes": [
            {"speaker": q.speaker, "text": q.text, "sources": list(q.sources)}
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
    }


def source_record(article: Article) -> dict[str, Any]:
    meta = article.meta
    record: dict[str, Any] = {
        "file": str(article.source),
        "headline": meta.title,
        "outlet": meta.outlet,
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


def yaml_date(date: datetime.date | None) -> datetime.date | None:
    """Dates go into front matter as YAML dates (`2024-01-19`), not strings."""
    return None if date is None or date == datetime.date.min else date


def render_page(briefing: Briefing, titles: Mapping[str, str]) -> Page:
    """The page of one briefing. `titles` maps story ids to titles, for related links."""
    path = page_path(briefing.story.story_id)
    labels = {str(a.source): source_label(a) for a in briefing.story.articles}
    parts = [
        f"# {inline(briefing.title)}",
        byline(briefing),
        bottom_line(briefing),
        key_points(briefing),
        key_figures(briefing, labels),
        whos_who(briefing, path, labels),
        places_and_organisations(briefing, path),
        quotes(briefing, labels),
        timeline(briefing, labels),
        coverage(briefing),
        related(briefing, titles, path),
        source_texts(briefing),
    ]
    body = "\n\n".join(part for part in parts if part).rstrip() + "\n"
    return Page(path, front_matter(briefing), body)


def byline(briefing: Briefing) -> str:
    count = len(briefing.story.articles)
    outlets = sorted({source_label(a) for a in briefing.story.articles})
    date = iso(briefing.date) or "undated"
    updated = f" · updated {iso(briefing.updated)}" if briefing.updated else ""
    minutes = reading_minutes(word_count(briefing))
    sources = f"{count} source{'s' if count != 1 else ''}"
    return (
        f"*{date}{updated} · {sources}: {inline(', '.join(outlets))} · "
        f"{minutes} min of source reading*"
    )


def bottom_line(briefing: Briefing) -> str:
    if not briefing.summary:
        return ""
    text = " ".join(inline(sentence) for sentence in briefing.summary)
    return f'!!! abstract "Bottom line"\n    {text}'


def key_points(briefing: Briefing) -> str:
    if not briefing.key_points:
        return ""
    return "## Key points\n\n" + "\n".join(f"- {inline(point)}" for point in briefing.key_points)


def sources_cell(sources: Sequence[str], labels: Mapping[str, str]) -> str:
    return cell(", ".join(labels.get(source, source) for source in sources))


def key_figures(briefing: Briefing, labels: Mapping[str, str]) -> str:
    if not briefing.figures:
        return ""
    rows = [
        "## Key figures",
        "",
        "| Figure | Period | Reported by | Sources |",
        "|---|---|---|---|",
    ]
    for figure in briefing.figures:
        rows.append(
            f"| {cell(figure.text)} | {cell(figure.period)} | {cell(figure.reported_by)} "
            f"| {sources_cell(figure.sources, labels)} |"
        )
    if briefing.disagreements:
        rows += ["", "### Where sources differ", ""]
        for disagreement in briefing.disagreements:
            readings = "; ".join(
                f"{labels.get(source, source)}: {text}" for source, text in disagreement.readings
            )
            rows.append(f"- **{inline(disagreement.quantity)}**: {inline(readings)}")
    return "\n".join(rows)


def whos_who(briefing: Briefing, path: PurePosixPath, labels: Mapping[str, str]) -> str:
    if not briefing.people:
        return ""
    rows = ["## Who's who", "", "| Person | Role | Sources |", "|---|---|---|"]
    for person in briefing.people:
        name = link(person.name, relative(entity_path("person", person.name), path))
        rows.append(f"| {name} | {cell(person.role)} | {sources_cell(person.sources, labels)} |")
    return "\n".join(rows)


def entity_links(entities: Sequence[StoryEntity], kind: str, path: PurePosixPath) -> str:
    return ", ".join(link(e.name, relative(entity_path(kind, e.name), path)) for e in entities)


def places_and_organisations(briefing: Briefing, path: PurePosixPath) -> str:
    lines = []
    if briefing.places:
        lines.append(f"**Places:** {entity_links(briefing.places, 'place', path)}")
    if briefing.organisations:
        lines.append(
            f"**Organisations:** {entity_links(briefing.organisations, 'organisation', path)}"
        )
    return "## Where and which organisations\n\n" + "\n\n".join(lines) if lines else ""


def quotes(briefing: Briefing, labels: Mapping[str, str]) -> str:
    if not briefing.quotes:
        return ""
    blocks = ["## Quotes"]
    for quote in briefing.quotes:
        speaker = inline(quote.speaker) if quote.speaker else "*unattributed*"
        where = ", ".join(labels.get(source, source) for source in quote.sources)
        block = [f"> “{inline(quote.text)}”", ">", f"> — **{speaker}**, in {inline(where)}"]
        others = [
            (source, wording) for source, wording in quote.variants if wording != quote.text
        ]
        for source, wording in others:
            block.append(f">\n> *{inline(labels.get(source, source))}:* “{inline(wording)}”")
        blocks.append("\n".join(block))
    return "\n\n".join(blocks)


def timeline(briefing: Briefing, labels: Mapping[str, str]) -> str:
    if not briefing.timeline:
        return ""
    rows = ["## Timeline", "", "| Date | Event | Sources |", "|---|---|---|"]
    for entry in briefing.timeline:
        rows.append(
            f"| {entry.date.isoformat()} | {cell(entry.text)} "
            f"| {sources_cell(entry.sources, labels)} |"
        )
    return "\n".join(rows)


def coverage(briefing: Briefing) -> str:
    rows = [
        "## Coverage",
        "",
        "| Source | Outlet | Date | Headline | Only this source |",
        "|---|---|---|---|---|",
    ]
    for row in briefing.coverage:
        adds = "; ".join(row.adds) if row.adds else None
        rows.append(
            f"| {cell(row.source)} | {cell(row.outlet)} | {cell(iso(row.date))} "
            f"| {cell(row.headline)} | {cell(adds)} |"
        )
    return "\n".join(rows)


def related(briefing: Briefing, titles: Mapping[str, str], path: PurePosixPath) -> str:
    if not briefing.related:
        return ""
    items = [
        f"- {link(titles.get(story_id, story_id), relative(page_path(story_id), path))}"
        for story_id in briefing.related
    ]
    return "## Related briefings\n\n" + "\n".join(items)


def source_texts(briefing: Briefing) -> str:
    blocks = ["## Source texts"]
    for article in briefing.story.articles:
        title = f"{source_label(article)}: {article.meta.title} ({article.source})"
        lines = [f'??? quote "{attribute(title)}"']
        for block in article.clean.blocks:
            text = inline(block.text)
            lines.append(f"    **{text}**" if block.kind == "heading" else f"    {text}")
            lines.append("")
        images = article.clean.images
        if images:
            lines.append("    *Images:* " + "; ".join(
                inline(f"{image.caption or 'image'} ({image.credit})") for image in images
            ))
        blocks.append("\n".join(lines).rstrip())
    return "\n\n".join(blocks)
