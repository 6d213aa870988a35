"""Rendering, incrementally: a story's pages (its briefing and sources pages) come from
the cache, bytes and all, when what they are made of is unchanged; so do the pages of
people, places and organisations (`SiteMemo`) and the YAML headers of the rest."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from pathlib import PurePosixPath

from generator.config import Settings
from generator.incremental.comparing import members_key, restore
from generator.incremental.keys import page_key
from generator.incremental.outlines import Archive, whole_stories
from generator.incremental.store import Memo, RenderedPage, Store, StoryPages
from generator.model import Briefing, Page
from generator.output.write import page_bytes, plain_repr
from generator.site.listings import Links, SiteMemo, render_site, site_index, story_pages
from generator.stories import outlets as outlet_names


def render_all(
    briefings: Sequence[Briefing],
    keys: Mapping[PurePosixPath, str],
    settings: Settings,
    store: Store,
    archive: Archive | None,
    registry: outlet_names.Registry,
) -> list[Page]:
    """`render_site`, each page carrying its bytes (`Page.data`). A story's pages come from
    the cache when their key is there: the story (`members_key`), the ids and titles of
    its related stories, its updates and which of its names have a page. Others are
    rendered from the members' whole articles (from `archive`)."""
    listing = page_key("site.listings") + ":"  # then the first page's path
    memo = SiteMemo(
        {key[len(listing) :]: value for key, value in store.listings.with_prefix(listing).items()}
    )
    index = site_index(briefings)
    wanted = {
        b.story.story_id: pages_key(b, keys, registry, index.titles, index.linked)
        for b in briefings
    }
    cached = store.pages.get_many(wanted.values())
    missed = [b.story for b in briefings if wanted[b.story.story_id] not in cached]
    whole = whole_stories(missed, archive)
    fresh: list[tuple[str, StoryPages]] = []

    def cached_story_pages(
        briefing: Briefing, titles: Mapping[str, str], linked: Links
    ) -> list[Page]:
        key = wanted[briefing.story.story_id]
        hit = cached.get(key)
        if hit is not None:
            return [kept.page() for kept in hit.pages]
        story = (
            whole.get(briefing.story.story_id)
            or whole_stories([briefing.story], archive)[briefing.story.story_id]
        )
        pages = []
        for page in story_pages(restore(briefing, story), titles, linked):
            pages.append(dataclasses.replace(page, data=page_bytes(page)))
        fresh.append((key, StoryPages(tuple(RenderedPage.of(p, p.data or b"") for p in pages))))
        return pages

    pages = render_site(briefings, settings, cached_story_pages, index, memo)
    # The other pages' bytes now, with the YAML headers of the last run: most are the
    # same (a title and a search setting), and libyaml costs ~0.1 ms a page.
    headers_key = page_key("write.headers")
    last = store.memos.find(headers_key)
    headers = dict(last.values) if last is not None else {}
    known = len(headers)
    pages = [
        page if page.data is not None else dataclasses.replace(page, data=page_bytes(page, headers))
        for page in pages
    ]
    if len(headers) != known or last is None:
        used = {plain_repr(page.front_matter) for page in pages}
        store.memos.put(headers_key, Memo({k: v for k, v in sorted(headers.items()) if k in used}))
    store.pages.put_many(fresh)
    store.pages.prune(wanted.values())
    store.memos.prune([headers_key])
    store.listings.put_many((listing + path, value) for path, value in memo.made_now().items())
    store.listings.prune(listing + path for path in memo.used)
    return pages


def pages_key(
    briefing: Briefing,
    keys: Mapping[PurePosixPath, str],
    registry: outlet_names.Registry,
    titles: Mapping[str, str],
    linked: Mapping[str, Links],
) -> str:
    """What a story's pages are made of: the story, its related stories' ids and titles,
    its source text policy, its updates, and which of its names have a page."""
    story_id = briefing.story.story_id
    related = [f"{other}\t{titles.get(other, other)}" for other in briefing.related]
    related.append(f"source_text\t{briefing.source_text}")
    related += [
        f"update\t{u.date}\t{' '.join(u.sources)}\t{chr(31).join(u.added)}"
        for u in briefing.history
    ]
    links = [
        f"link\t{own}" if own is page else f"link\t{own}\t{page}"
        for own, page in linked[story_id].items()
    ]
    return page_key(members_key(briefing.story, keys, registry), *related, *links)
