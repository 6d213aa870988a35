"""Property: grouping depends on the articles, never on their order or their file names."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.model import Article, Story
from generator.stories.group import group_stories
from tests.test_group import ALL, make_article


def shape(
    stories: Sequence[Story], rename: dict[str, str] | None = None
) -> list[tuple[str, list[str]]]:
    back = rename or {}
    return [
        (story.story_id, [back.get(str(a.source), str(a.source)) for a in story.articles])
        for story in stories
    ]


EXPECTED = shape(group_stories(ALL))


@settings(max_examples=40, deadline=None)
@given(st.permutations(ALL))
def test_any_order_gives_the_same_stories(articles: list[Article]) -> None:
    assert shape(group_stories(articles)) == EXPECTED


@settings(max_examples=20, deadline=None)
@given(
    st.permutations(range(len(ALL))),
    st.lists(
        st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=6),
        min_size=len(ALL),
        max_size=len(ALL),
        unique=True,
    ),
)
def test_any_file_names_give_the_same_stories(order: list[int], prefixes: list[str]) -> None:
    renamed: dict[str, str] = {}
    copies = []
    for index in order:
        article = ALL[index]
        name = f"{prefixes[index]}-{article.source}"
        renamed[name] = str(article.source)
        copies.append(
            make_article(
                name,
                article.meta.title,
                article.clean.body,
                article.meta.date,
                people=[m.name for m in article.mentions if m.kind == "person"],
                places=[m.name for m in article.mentions if m.kind == "place"],
                organisations=[m.name for m in article.mentions if m.kind == "organisation"],
            )
        )
    assert shape(group_stories(copies), renamed) == EXPECTED


@settings(max_examples=25, deadline=None)
@given(st.sets(st.integers(0, len(ALL) - 1), min_size=1))
def test_any_subset_in_any_order_is_grouped_the_same(chosen: set[int]) -> None:
    subset = [ALL[index] for index in sorted(chosen)]
    assert shape(group_stories(subset)) == shape(group_stories(list(reversed(subset))))
