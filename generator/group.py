"""Articles -> Stories: one story per event.

Two articles belong together when their texts are similar (TF-IDF cosine), they share
named entities, and their dates are close. A source's front matter `story:` forces its
story. The result does not depend on input order: articles are sorted first, links are
computed over sorted pairs, and stories are ordered by (date, id).
"""

from __future__ import annotations

import datetime
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from sklearn.feature_extraction.text import TfidfVectorizer
from unidecode import unidecode

from generator.model import Article, Story

DATE_WINDOW_DAYS = 4
TEXT_THRESHOLD = 0.30
COMBINED_THRESHOLD = 0.40


@dataclass(frozen=True, slots=True)
class Link:
    left: int
    right: int
    text: float
    entities: float
    days: int | None

    @property
    def score(self) -> float:
        return 0.7 * self.text + 0.3 * self.entities


def group_stories(articles: Sequence[Article]) -> tuple[Story, ...]:
    """Group articles into stories, deterministically."""
    ordered = sorted(articles, key=lambda article: str(article.source))
    parent = list(range(len(ordered)))
    reasons: dict[int, list[str]] = {index: [] for index in range(len(ordered))}

    def find(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    def union(left: int, right: int) -> None:
        a, b = find(left), find(right)
        if a != b:
            parent[max(a, b)] = min(a, b)

    forced: dict[str, int] = {}
    for index, article in enumerate(ordered):
        key = forced_story(article)
        if key is not None:
            if key in forced:
                union(forced[key], index)
            else:
                forced[key] = index
            reasons[index].append(f"front matter story: {key}")

    for link in score_links(ordered):
        if forced_story(ordered[link.left]) or forced_story(ordered[link.right]):
            continue
        if is_same_event(link):
            union(link.left, link.right)
            reasons[link.left].append(explain(link, ordered))

    members: dict[int, list[int]] = {}
    for index in range(len(ordered)):
        members.setdefault(find(index), []).append(index)

    stories = []
    for group in members.values():
        group_articles = sorted(
            (ordered[index] for index in group),
            key=lambda article: (article.meta.date or datetime.date.max, str(article.source)),
        )
        why = tuple(reason for index in group for reason in reasons[index])
        forced_key = next((forced_story(ordered[index]) for index in group), None)
        stories.append(Story(story_id(group_articles, forced_key), tuple(group_articles), why))
    return tuple(disambiguate(sorted(stories, key=lambda story: story.story_id)))


def score_links(articles: Sequence[Article]) -> list[Link]:
    """Similarity of every pair of articles that could be about the same event."""
    if len(articles) < 2:
        return []
    texts = [fold(article.meta.title + "\n" + article.clean.body) for article in articles]
    vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=1)
    matrix = vectorizer.fit_transform(texts)
    similarity = (matrix @ matrix.T).toarray()
    names = [entity_keys(article) for article in articles]
    links = []
    for left in range(len(articles)):
        for right in range(left + 1, len(articles)):
            days = day_gap(articles[left], articles[right])
            if days is not None and days > DATE_WINDOW_DAYS:
                continue
            shared = names[left] & names[right]
            union_size = len(names[left] | names[right]) or 1
            links.append(
                Link(left, right, float(similarity[left, right]), len(shared) / union_size, days)
            )
    return links


def is_same_event(link: Link) -> bool:
    return link.text >= TEXT_THRESHOLD and link.score >= COMBINED_THRESHOLD


def explain(link: Link, articles: Sequence[Article]) -> str:
    days = "unknown" if link.days is None else f"{link.days} day(s)"
    return (
        f"{articles[link.left].source} ~ {articles[link.right].source}: "
        f"text {link.text:.2f}, shared entities {link.entities:.2f}, date gap {days}"
    )


def entity_keys(article: Article) -> frozenset[str]:
    return frozenset(fold(mention.name) for mention in article.mentions)


def day_gap(left: Article, right: Article) -> int | None:
    if left.meta.date is None or right.meta.date is None:
        return None
    return abs((left.meta.date - right.meta.date).days)


def forced_story(article: Article) -> str | None:
    value = article.source_meta.story
    return slugify(value) or None if value else None


def story_date(articles: Sequence[Article]) -> datetime.date | None:
    dates = [article.meta.date for article in articles if article.meta.date is not None]
    return min(dates) if dates else None


def story_id(articles: Sequence[Article], forced: str | None) -> str:
    """`<date>-<slug>`, from the founding article (earliest date, then file name).

    Adding a later article to a story keeps its founder, so its id and URL stay put.
    """
    if forced:
        return forced
    founder = articles[0]
    date = story_date(articles)
    prefix = date.isoformat() if date else "undated"
    return f"{prefix}-{slugify(founder.meta.title) or 'story'}"


def disambiguate(stories: Sequence[Story]) -> list[Story]:
    """Two stories with one id (same date, same headline) get a digest of their sources."""
    counts: dict[str, int] = {}
    for story in stories:
        counts[story.story_id] = counts.get(story.story_id, 0) + 1
    result = []
    for story in stories:
        if counts[story.story_id] > 1:
            digest = hashlib.sha256(str(story.articles[0].source).encode()).hexdigest()[:6]
            story = Story(f"{story.story_id}-{digest}", story.articles, story.reasons)
        result.append(story)
    return sorted(result, key=lambda story: story.story_id)


STOP_SLUG_WORDS = frozenset("a an the of to and in on for at by with from is are".split())


def slugify(text: str, max_words: int = 8) -> str:
    """ASCII, lowercase, hyphenated; drops filler words; safe as a file name."""
    words = re.findall(r"[a-z0-9]+", unidecode(text).lower())
    kept = [word for word in words if word not in STOP_SLUG_WORDS] or words
    return "-".join(kept[:max_words])[:80].strip("-")


def fold(text: str) -> str:
    return unidecode(text).lower()
