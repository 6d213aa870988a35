"""Story -> Briefing: what the sources say together, and where they differ.

Quotes that several sources carry (often in different translations) become one quote
listing each source; figures reported by several sources are merged, and the same
quantity reported with different numbers is flagged; what only one source reports is
listed in that source's coverage row.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Sequence

from rapidfuzz import fuzz
from unidecode import unidecode

from generator import entities, summarise, timeline
from generator.model import (
    Article,
    Briefing,
    Coverage,
    Disagreement,
    Quote,
    Story,
    StoryEntity,
    StoryFigure,
    StoryQuote,
)

QUOTE_MATCH = 72.0
"""rapidfuzz score (0-100) above which two quotes are one quote in two wordings."""

RELATED_LIMIT = 5


def compare_story(story: Story) -> Briefing:
    """Everything one briefing page shows about a story."""
    articles = with_inferred_dates(story.articles)
    story = dataclasses.replace(story, articles=articles)
    resolved = entities.resolve_story_entities(articles)
    canonical = alias_index(resolved)
    quotes = merge_quotes(articles, canonical)
    figures, disagreements = merge_figures(articles)
    summary, points = summarise.summarise_story(articles)
    dates = [a.meta.date for a in articles if a.meta.date is not None]
    updates = [d for a in articles for d in (a.meta.updated, a.meta.date) if d is not None]
    founder = articles[0]
    return Briefing(
        story=story,
        title=founder.meta.title,
        date=min(dates) if dates else datetime.date.min,
        updated=max(updates) if updates and max(updates) != min(dates or updates) else None,
        summary=summary,
        key_points=tuple(sentence for _source, sentence in points),
        people=tuple(entity for entity in resolved if entity.kind == "person"),
        places=tuple(entity for entity in resolved if entity.kind == "place"),
        organisations=tuple(entity for entity in resolved if entity.kind == "organisation"),
        figures=figures,
        disagreements=disagreements,
        quotes=quotes,
        timeline=timeline.story_timeline(articles),
        coverage=coverage(articles, quotes, figures, resolved),
        tags=summarise.find_tags(articles),
    )


def with_inferred_dates(articles: Sequence[Article]) -> tuple[Article, ...]:
    """An undated article in a dated story takes the story's date, marked `inferred`."""
    dates = [a.meta.date for a in articles if a.meta.date is not None]
    if not dates:
        return tuple(articles)
    inferred = min(dates)
    result = []
    for article in articles:
        if article.meta.date is None:
            meta = dataclasses.replace(article.meta, date=inferred, date_basis="inferred")
            article = dataclasses.replace(article, meta=meta)
        result.append(article)
    return tuple(sorted(result, key=lambda a: (a.meta.date or datetime.date.max, str(a.source))))


def fold(text: str) -> str:
    return " ".join(unidecode(text).lower().split())


def alias_index(resolved: Sequence[StoryEntity]) -> dict[str, str]:
    """Folded name or alias -> canonical name, for resolving speakers across sources."""
    index: dict[str, str] = {}
    for entity in resolved:
        for name in (entity.name, *entity.aliases):
            index.setdefault(fold(name), entity.name)
    return index


def canonical_speaker(quote: Quote, canonical: dict[str, str]) -> str | None:
    if quote.speaker is None or quote.speaker_kind != "person":
        return quote.speaker
    return canonical.get(fold(quote.speaker), quote.speaker)


def same_words(left: str, right: str) -> bool:
    a, b = fold(left), fold(right)
    shorter = min(len(a), len(b))
    if shorter < 12:
        return a == b
    return max(fuzz.token_set_ratio(a, b), fuzz.partial_ratio(a, b)) >= QUOTE_MATCH


def merge_quotes(
    articles: Sequence[Article], canonical: dict[str, str]
) -> tuple[StoryQuote, ...]:
    """One StoryQuote per utterance; wordings from several sources merged."""
    merged: list[StoryQuote] = []
    for article in articles:
        source = str(article.source)
        for quote in article.quotes:
            speaker = canonical_speaker(quote, canonical)
            for position, existing in enumerate(merged):
                compatible = existing.speaker is None or speaker is None or existing.speaker == speaker
                if compatible and source not in existing.sources and any(
                    same_words(quote.text, wording) for _src, wording in existing.variants
                ):
                    merged[position] = StoryQuote(
                        speaker=existing.speaker or speaker,
                        speaker_kind=existing.speaker_kind or quote.speaker_kind,
                        text=max(existing.text, quote.text, key=len),
                        sources=(*existing.sources, source),
                        variants=(*existing.variants, (source, quote.text)),
                    )
                    break
            else:
                merged.append(
                    StoryQuote(speaker, quote.speaker_kind, quote.text, (source,), ((source, quote.text),))
                )
    return tuple(merged)


def figure_key(value: float, unit: str | None) -> tuple[float, str]:
    return (round(value, 6), fold(unit or ""))


def merge_figures(
    articles: Sequence[Article],
) -> tuple[tuple[StoryFigure, ...], tuple[Disagreement, ...]]:
    """Same value and unit across sources -> one figure; same quantity, other value -> flagged."""
    merged: dict[tuple[float, str], StoryFigure] = {}
    for article in articles:
        source = str(article.source)
        for figure in article.figures:
            key = figure_key(figure.value, figure.unit)
            if key in merged:
                known = merged[key]
                if source not in known.sources:
                    merged[key] = dataclasses.replace(known, sources=(*known.sources, source))
                continue
            merged[key] = StoryFigure(
                value=figure.value,
                text=figure.text,
                unit=figure.unit,
                qualifier=figure.qualifier,
                period=figure.period,
                reported_by=figure.reported_by,
                sentence=figure.sentence,
                sources=(source,),
            )
    figures = tuple(merged.values())
    return figures, find_disagreements(figures)


def find_disagreements(figures: Sequence[StoryFigure]) -> tuple[Disagreement, ...]:
    """Figures from different sources with one unit and one period or reporter, but other values."""
    by_quantity: dict[tuple[str, str], list[StoryFigure]] = {}
    for figure in figures:
        context = fold(figure.period or figure.reported_by or "")
        if figure.unit and context:
            by_quantity.setdefault((fold(figure.unit), context), []).append(figure)
    found = []
    for (unit, context), group in sorted(by_quantity.items()):
        values = {figure.value for figure in group}
        sources = {source for figure in group for source in figure.sources}
        if len(values) > 1 and len(sources) > 1:
            readings = tuple(
                (source, figure.text) for figure in group for source in figure.sources
            )
            found.append(Disagreement(f"{unit} ({context})", tuple(sorted(readings))))
    return tuple(found)


def coverage(
    articles: Sequence[Article],
    quotes: Sequence[StoryQuote],
    figures: Sequence[StoryFigure],
    resolved: Sequence[StoryEntity],
) -> tuple[Coverage, ...]:
    """One row per source: its outlet, date, headline, and what only it reports."""
    multi = len(articles) > 1
    rows = []
    for article in articles:
        source = str(article.source)
        adds: list[str] = []
        if multi:
            adds += [f"figure: {f.text}" for f in figures if f.sources == (source,)]
            adds += [
                f"quote: {q.speaker or 'unattributed'}: “{shorten(q.text)}”"
                for q in quotes
                if q.sources == (source,)
            ]
            adds += [
                f"person: {e.name}" for e in resolved if e.kind == "person" and e.sources == (source,)
            ]
        rows.append(
            Coverage(source, article.meta.outlet, article.meta.date, article.meta.title, tuple(adds))
        )
    return tuple(rows)


def shorten(text: str, limit: int = 90) -> str:
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


def relate(briefings: Sequence[Briefing]) -> list[Briefing]:
    """Fill `related` with the stories that share the most people and places."""
    keys = [
        {fold(e.name) for e in (*b.people, *b.places)} | {f"#{t}" for t in b.tags}
        for b in briefings
    ]
    result = []
    for index, briefing in enumerate(briefings):
        scored = []
        for other, other_keys in enumerate(keys):
            shared = len(keys[index] & other_keys)
            if other != index and shared >= 2:
                scored.append((-shared, briefings[other].story.story_id))
        related = tuple(story_id for _score, story_id in sorted(scored)[:RELATED_LIMIT])
        result.append(dataclasses.replace(briefing, related=related))
    return result

