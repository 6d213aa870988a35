"""Outlines, and the archive that hands out whole articles only when a stage needs them.

Most runs need only outlines: a story that is neither compared nor rendered again needs
its members' sources and metadata, and reading 10,000 outlines takes a fifth of the time
of reading 10,000 Articles.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import PurePosixPath

from generator.incremental.reading import Loaded
from generator.incremental.store import Outline, Store
from generator.model import Article, CleanArticle, Story


def outline(article: Article) -> Outline:
    """What a story needs of a member it neither compares nor renders again: the article
    with its source, metadata and headline, without its text (no blocks) and without what
    was extracted from that (sentences, names, figures, quotes, summary)."""
    clean = article.clean
    return Outline(
        Article(
            article.source,
            article.meta,
            CleanArticle(clean.path, clean.headline, ()),
            article.source_meta,
            digest=article.digest,
            notes=article.notes,
        )
    )


class Archive:
    """The build's articles (`articles`, sorted by source; cached ones as outlines when
    asked for), and the whole article of any source on demand (`full`)."""

    def __init__(
        self,
        articles: list[Article],
        outlined: Mapping[PurePosixPath, Loaded],
        store: Store,
        extract_again: Callable[[Sequence[Loaded]], dict[PurePosixPath, Article]],
        whole: Mapping[PurePosixPath, Article],
    ) -> None:
        self.articles = articles
        self.outlined = outlined
        self.store = store
        self.extract_again = extract_again
        self.extracted_again = 0
        self._whole = {a.source: a for a in articles if a.source not in outlined}
        self._whole.update(whole)

    def full(self, sources: Iterable[PurePosixPath]) -> dict[PurePosixPath, Article]:
        """The whole articles of these sources (read from the cache at most once per run;
        an entry that will not unpickle is extracted again). A source that cannot be
        extracted again (it broke since it was read) is left out."""
        wanted = list(dict.fromkeys(sources))
        lacking = [self.outlined[s] for s in wanted if s not in self._whole and s in self.outlined]
        if lacking:
            found = self.store.articles.get_many(item.key for item in lacking)
            for item in lacking:
                if item.key in found:
                    self._whole[item.path] = found[item.key]
            damaged = [item for item in lacking if item.key not in found]
            if damaged:
                again = self.extract_again(damaged)
                self.extracted_again += len(again)
                self._whole.update(again)
        return {source: self._whole[source] for source in wanted if source in self._whole}

    def story(self, story: Story) -> Story:
        """The story with its members' whole articles, in its order (members that cannot
        be had whole stay outlines)."""
        whole = self.full(article.source for article in story.articles)
        articles = tuple(whole.get(article.source, article) for article in story.articles)
        return dataclasses.replace(story, articles=articles)


def whole_stories(stories: Sequence[Story], archive: Archive | None) -> dict[str, Story]:
    """These stories by id, with their members' whole articles (read in one go)."""
    if archive is None:
        return {story.story_id: story for story in stories}
    archive.full(article.source for story in stories for article in story.articles)
    return {story.story_id: archive.story(story) for story in stories}
