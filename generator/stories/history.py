"""What's new in a story since it was first published: a dated entry per later run that
brought new sources to it, and what those sources added.

A story's entries are kept from run to run (`published.HISTORY_FILE`, beside the story
ids). An entry lists the sources that joined; its date is their latest publication
date (from the inputs, never the clock), so reruns are byte-identical. A source that is
deleted leaves its entry (and an entry left with no source goes), and what an entry
says the sources added is worked out again on each run from the briefing: the figures,
quotes and people only those sources carry. Sources of a story that is new in this run
make no entry: that is the story's beginning.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence

from generator.model import Briefing, Update
from generator.output.published import History

ADDED_SHOWN = 8


def story_history(
    briefing: Briefing, published: Mapping[str, str], previous: History
) -> tuple[tuple[str | None, tuple[str, ...]], ...]:
    """The story's entries after this run (see the module's docstring)."""
    story_id = briefing.story.story_id
    members = [str(article.source) for article in briefing.story.articles]
    present = set(members)
    kept = []
    for date, sources in previous.get(story_id, []):
        left = tuple(source for source in sources if source in present)
        if left:
            kept.append((date, left))
    if story_id not in set(published.values()):
        return tuple(kept)  # a new story: its sources are its beginning
    recorded = {source for _date, sources in kept for source in sources}
    new = tuple(
        source for source in members if published.get(source) != story_id and source not in recorded
    )
    if new:
        dates = [
            article.meta.date
            for article in briefing.story.articles
            if str(article.source) in new and article.meta.date is not None
        ]
        kept.append((max(dates).isoformat() if dates else None, new))
    return tuple(sorted(kept, key=lambda entry: (entry[0] or "", entry[1])))


def day(text: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text) if text else None
    except ValueError:  # a hand-edited history file
        return None


def updates(
    briefing: Briefing, entries: Sequence[tuple[str | None, tuple[str, ...]]]
) -> tuple[Update, ...]:
    """The entries as `Update`s, each with what its sources added to the story."""
    found = []
    for date, sources in entries:
        joined = set(sources)
        added = [f"figure: {f.text}" for f in briefing.figures if set(f.sources) <= joined]
        added += [
            f"quote: {q.speaker or 'unattributed'}: “{q.text}”"
            for q in briefing.quotes
            if set(q.sources) <= joined and len(q.text.split()) >= 4
        ]
        added += [f"person: {p.name}" for p in briefing.people if set(p.sources) <= joined]
        found.append(
            Update(
                day(date),
                tuple(sources),
                tuple(added[:ADDED_SHOWN]),
            )
        )
    return tuple(found)
