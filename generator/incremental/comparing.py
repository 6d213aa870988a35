"""Comparison, incrementally: a story whose members (and the outlets they are compared
with) are unchanged comes back from the cache; the others are compared from their
members' whole articles, in worker processes when there are many."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping, Sequence
from pathlib import PurePosixPath

from generator.errors import Problem
from generator.incremental.extracting import PARALLEL_MIN_ARTICLES
from generator.incremental.keys import story_key
from generator.incremental.outlines import Archive, whole_stories
from generator.incremental.run import Run
from generator.incremental.store import Related
from generator.incremental.workers import chunks, internal
from generator.model import Briefing, Story
from generator.stories import outlets as outlet_names
from generator.stories.compare import compare_story, relate, with_inferred_dates


def members_key(
    story: Story, keys: Mapping[PurePosixPath, str], registry: outlet_names.Registry
) -> str:
    """A story's key: its id, its members' article keys and the outlets it is compared with."""
    members = [keys[article.source] for article in story.articles]
    return story_key(story.story_id, [*members, f"outlets:{registry.digest}"])


def compare_all(
    run: Run,
    stories: Sequence[Story],
    keys: Mapping[PurePosixPath, str],
    archive: Archive | None,
    registry: outlet_names.Registry,
) -> list[Briefing]:
    """One Briefing per story: from the cache when its key (`members_key`) is there, else
    compared with its members' whole articles (from `archive`); then related stories."""
    store = run.store
    story_keys = [members_key(story, keys, registry) for story in stories]
    cached = store.stories.get_many(story_keys)
    results: list[Briefing | None] = [None] * len(stories)
    todo: list[int] = []
    for index, story in enumerate(stories):
        hit = cached.get(story_keys[index])
        if hit is not None:
            results[index] = restore(hit, story)
        else:
            todo.append(index)
    done = len(stories) - len(todo)
    run.progress("compare", done, len(stories))
    parallel = sum(len(stories[index].articles) for index in todo) >= PARALLEL_MIN_ARTICLES
    task = functools.partial(
        compare_chunk, prefix=run.prefix, debug=run.settings.debug, registry=registry
    )
    fresh: list[tuple[str, Briefing]] = []
    batches = chunks(todo, 2)
    whole = whole_stories([stories[index] for index in todo], archive)
    tasks = [[whole[stories[index].story_id] for index in batch] for batch in batches]
    for batch, outcomes in zip(batches, run.workers.map(task, tasks, parallel), strict=True):
        for index, outcome in zip(batch, outcomes, strict=True):
            if isinstance(outcome, Problem):
                run.report.problems.append(outcome)
                continue
            fresh.append((story_keys[index], outcome))
            results[index] = restore(outcome, stories[index])
        done += len(batch)
        run.progress("compare", done, len(stories))
    store.stories.put_many(fresh)
    store.stories.prune(story_keys)
    compared = [briefing for briefing in results if briefing is not None]
    related_key = story_key("related", sorted(story_keys))
    related = store.related.find(related_key)
    if related is not None and set(related.by_story) == {b.story.story_id for b in compared}:
        return [
            dataclasses.replace(b, related=related.by_story[b.story.story_id]) for b in compared
        ]
    briefings = relate(compared)
    store.related.keep_only(related_key, Related({b.story.story_id: b.related for b in briefings}))
    return briefings


def compare_chunk(
    stories: Sequence[Story],
    prefix: str,
    debug: bool,
    registry: outlet_names.Registry | None = None,
) -> list[Briefing | Problem]:
    """Compare a few stories; each Briefing comes back without its articles (`strip`)."""
    outcomes: list[Briefing | Problem] = []
    for story in stories:
        try:
            outcomes.append(strip(compare_story(story, registry)))
        except Exception as error:  # noqa: BLE001 - our bug; report it, keep building
            if debug:
                raise
            outcomes.append(internal(prefix, story.articles[0].source, error))
    return outcomes


def strip(briefing: Briefing) -> Briefing:
    """The Briefing as cached: its story without articles or reasons (both come back from
    the current grouping in `restore`)."""
    return dataclasses.replace(
        briefing, story=dataclasses.replace(briefing.story, articles=(), reasons=())
    )


def restore(briefing: Briefing, story: Story) -> Briefing:
    """A stripped Briefing with its story's articles back, as `compare_story` returns it."""
    articles = outlet_names.apply(with_inferred_dates(story.articles), briefing.outlets)
    return dataclasses.replace(briefing, story=dataclasses.replace(story, articles=articles))
