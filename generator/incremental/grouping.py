"""Grouping, incrementally: the last grouping answers a run whose articles did not change;
a run where a few changed regroups only the stories they touch (`group.regroup`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import PurePosixPath

from generator.incremental.keys import code_version, feature_key, grouping_key
from generator.incremental.outlines import Archive
from generator.incremental.store import GroupedStory, Grouping, Store
from generator.model import Article, Story
from generator.stories.group import ArticleFeatures, article_features, group_articles, regroup

REGROUP_MIN_ARTICLES = 500
"""From this many articles on, a run with a few new, changed or deleted sources regroups
only the stories they touch (`group.regroup`); below it, grouping everything is cheap
and exactly what a cold run gives."""


def group_all(
    articles: Sequence[Article],
    previous: Mapping[str, str],
    keys: Mapping[PurePosixPath, str],
    store: Store,
    explain: bool = False,
    archive: Archive | None = None,
) -> tuple[Story, ...]:
    """`group_stories`, or its last result when no source (and no published id) changed,
    or `regroup` of what changed since the last grouping.

    The last grouping also answers a run whose published ids are exactly the ids it gave
    these same articles (the run after the one that published them: `mkdocs build` after
    `briefings generate`): every story then keeps the id most of its members had, its own.
    `explain` (`check --verbose`) always groups everything, with the reasons.
    """
    article_keys = [keys[article.source] for article in articles]
    key = grouping_key(article_keys, previous.items())
    same_articles = grouping_key(article_keys, ())
    by_source = {str(article.source): article for article in articles}
    last_key = store.groupings.some_key()
    last = None  # the last grouping, if this version of grouping made it
    if last_key is not None and last_key.startswith(code_version("groupings") + ":"):
        last = store.groupings.find(last_key)
    if not explain:
        exact = last if last_key == key else None
        if exact is not None:
            stories = restored(exact, same_articles, by_source)
            if stories is not None:
                return stories
        if last is not None:
            stories = restored(last, same_articles, by_source)
            if stories is not None and all(
                previous.get(str(article.source)) == story.story_id
                for story in stories
                for article in story.articles
            ):
                return stories
    versions = {str(article.source): keys[article.source] for article in articles}
    features = FeatureStore(store, by_source, versions, archive)
    grouping = None
    if last is not None and not explain and len(articles) >= REGROUP_MIN_ARTICLES:
        grouping = regroup(articles, last.state, versions, features.get, previous)
    if grouping is None:
        found = features.get(versions)
        grouping = group_articles(articles, found, previous, explain, versions)
    features.save()
    store.features.prune(feature_key(versions[source]) for source in sorted(versions))
    stories = grouping.stories
    kept = tuple(
        GroupedStory(story.story_id, tuple(str(a.source) for a in story.articles), story.reasons)
        for story in stories
    )
    store.groupings.keep_only(key, Grouping(same_articles, kept, grouping.state))
    return stories


class FeatureStore:
    """Grouping features of articles by (source, article key): from the cache, else
    computed from the whole article (when it is the current version: from `archive` when
    the build holds only its outline) and saved afterwards."""

    def __init__(
        self,
        store: Store,
        articles: Mapping[str, Article],
        versions: Mapping[str, str],
        archive: Archive | None = None,
    ) -> None:
        self.store = store
        self.articles = articles
        self.versions = versions
        self.archive = archive
        self.fresh: dict[str, ArticleFeatures] = {}

    def get(self, wanted: Mapping[str, str]) -> dict[str, ArticleFeatures]:
        """Features of `wanted` (source -> article key); a source unknown in that version
        is left out."""
        stored = self.store.features.get_many(feature_key(key) for key in wanted.values())
        found: dict[str, ArticleFeatures] = {}
        lacking = []
        for source, key in wanted.items():
            hit = self.fresh.get(key) or stored.get(feature_key(key))
            if hit is not None:
                found[source] = hit
            elif source in self.articles and key == self.versions.get(source):
                lacking.append(source)
        whole = {str(path): a for path, a in self.full(lacking).items()}
        for source in lacking:
            if source in whole:
                found[source] = self.fresh[wanted[source]] = article_features(whole[source])
            else:  # its source broke since it was read (reported): not kept
                found[source] = article_features(self.articles[source])
        return found

    def full(self, sources: Sequence[str]) -> dict[PurePosixPath, Article]:
        if not sources:
            return {}
        if self.archive is None:
            return {self.articles[s].source: self.articles[s] for s in sources}
        return self.archive.full(self.articles[source].source for source in sources)

    def save(self) -> None:
        self.store.features.put_many((feature_key(key), value) for key, value in self.fresh.items())


def restored(
    found: Grouping, same_articles: str, by_source: Mapping[str, Article]
) -> tuple[Story, ...] | None:
    """The cached stories, or None when the grouping was made for other articles."""
    if found.articles_key != same_articles:
        return None
    try:
        return tuple(
            Story(story.story_id, tuple(by_source[s] for s in story.sources), story.reasons)
            for story in found.stories
        )
    except KeyError:
        return None
