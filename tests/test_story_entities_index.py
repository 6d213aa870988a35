"""Story-level entity resolution tries only the groups a mention could match (issue 19).

`resolve_story_entities` used to try every mention against every group of the story;
it now looks the candidates up by folded name, alias, surname and organisation key. The
reference below is that former loop, kept verbatim (with its own group class), and the
property is that both give the same entities on generated stories whose names collide
in every way the matching rules know: shared surnames, nicknames, initials, Jr./Sr.,
accents, `Department of X` / `X Department`, aliases, and one name under several kinds.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.extract import entities
from generator.extract.entities import (
    KIND_ORDER,
    _core_tokens,
    _org_key,
    _person_match,
    _suffix,
    _tokens,
    name_key,
    resolve_story_entities,
)
from generator.model import Article, EntityKind, Mention, StoryEntity
from tests.eval.textkit import clean_from_text, meta_for

# ------------------------------------------------------------------ the former loop


@dataclass
class _OldGroup:
    mentions: list[tuple[str, Mention]] = field(default_factory=list)

    def names(self) -> set[str]:
        found = set()
        for _, mention in self.mentions:
            found.add(mention.name)
            found.update(mention.aliases)
        return found

    def kind_votes(self) -> Counter[str]:
        votes: Counter[str] = Counter()
        for _, mention in self.mentions:
            votes[mention.kind] += mention.count
        return votes

    def matches(self, mention: Mention, apart: frozenset[tuple[str, ...]] = frozenset()) -> bool:
        if not self.mentions:
            return False
        folded = {name_key(name) for name in self.names()}
        if name_key(mention.name) in folded or any(
            name_key(a) in folded
            for a in mention.aliases
            if len(a) > 3 and mention.kind != "person"
        ):
            kinds = self.kind_votes()
            return mention.kind in kinds or mention.kind == "person" or "person" not in kinds
        main = self.mentions[0][1]
        if mention.kind == "person" and main.kind == "person":
            return _person_match(mention.name, main.name, apart)
        if mention.kind == main.kind == "organisation":
            return _org_key(mention.name) == _org_key(main.name)
        return False


def reference_resolve(articles: list[Article]) -> tuple[StoryEntity, ...]:
    """`resolve_story_entities` as it was: every mention tried against every group."""
    flat: list[tuple[str, Mention]] = []
    for article in sorted(articles, key=lambda a: str(a.source)):
        for mention in article.mentions:
            flat.append((str(article.source), mention))
    flat.sort(key=lambda item: (-len(_tokens(item[1].name)), -item[1].count, item[1].name, item[0]))
    apart: set[tuple[str, ...]] = set()
    for article in articles:
        people = [m for m in article.mentions if m.kind == "person"]
        for one in people:
            for other in people:
                same_core = _core_tokens(one.name) == _core_tokens(other.name)
                if one is not other and same_core and _suffix(one.name) != _suffix(other.name):
                    apart.add(tuple(_core_tokens(one.name)))
    entries: list[_OldGroup] = []
    frozen = frozenset(apart)
    for source, mention in flat:
        fitting = [group for group in entries if group.matches(mention, frozen)]
        target: _OldGroup | None = None
        if fitting:
            target = max(
                fitting,
                key=lambda g: (
                    _suffix(g.mentions[0][1].name) == _suffix(mention.name),
                    sum(m.count for _, m in g.mentions),
                    -entries.index(g),
                ),
            )
        if target is None:
            target = _OldGroup()
            entries.append(target)
        target.mentions.append((source, mention))
    result = []
    for old in entries:
        # The entity a group makes is unchanged code; only the grouping is under test.
        group = entities._StoryGroup()
        for source, mention in old.mentions:
            group.add(source, mention)
        result.append(group.entity())
    return tuple(sorted(result, key=lambda e: (KIND_ORDER[e.kind], -e.count, e.name)))


# ------------------------------------------------------------------ generated stories

FIRST = ["Robert", "Bob", "Rob", "William", "Bill", "Ann", "Anne", "Ana", "Ána", "José"]
MIDDLE = ["", "W.", "S.", "Manuel"]
SURNAME = ["Hale", "Halé", "Ruiz", "Lopez", "López", "Obrador", "Lopez Obrador", "Hale-Ruiz"]
SUFFIX = ["", "", "", "Jr.", "Sr.", "III"]
ORGS = [
    "Department of Water",
    "Water Department",
    "the Department of Water",
    "Hale Group",
    "HALE GROUP",
    "U.N.",
    "UN",
    "United Nations",
    "Ruiz",
]

person_names = st.builds(
    lambda first, middle, last, suffix, short: (
        last
        if short == 0
        else f"{first} {last}"
        if short == 1
        else " ".join(part for part in (first, middle, last, suffix) if part)
    ),
    st.sampled_from(FIRST),
    st.sampled_from(MIDDLE),
    st.sampled_from(SURNAME),
    st.sampled_from(SUFFIX),
    st.integers(0, 2),
)
any_name = st.one_of(person_names, st.sampled_from(ORGS), st.sampled_from(SURNAME))
kinds: st.SearchStrategy[EntityKind] = st.sampled_from(["person", "organisation", "place"])
mentions = st.builds(
    Mention,
    name=any_name,
    kind=kinds,
    role=st.sampled_from([None, None, "Minister", "Spokesman"]),
    aliases=st.lists(any_name, max_size=3).map(tuple),
    count=st.integers(1, 4),
)


def _article(name: str, found: list[Mention]) -> Article:
    clean = clean_from_text("Text.", name)
    return Article(
        source=PurePosixPath(name), meta=meta_for(clean), clean=clean, mentions=tuple(found)
    )


stories = st.lists(st.lists(mentions, max_size=8), min_size=1, max_size=12).map(
    lambda per_article: [
        _article(f"{index:02d}.txt", found) for index, found in enumerate(per_article)
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stories)
def test_indexed_resolution_equals_the_former_loop(articles: list[Article]) -> None:
    assert resolve_story_entities(articles) == reference_resolve(articles)


def test_reference_and_index_agree_on_a_crowded_story() -> None:
    """A hand-made story where a surname fits two people, one of them Jr., and an alias
    ties a place to an organisation's group: the choices the index must keep."""
    a = _article(
        "a.txt",
        [
            Mention("Donald Hale", "person", None, ("Hale",), 5),
            Mention("Donald Hale Jr.", "person", None, (), 2),
            Mention("Department of Water", "organisation", None, ("Water Board",), 1),
        ],
    )
    b = _article(
        "b.txt",
        [
            Mention("Hale", "person", None, (), 3),
            Mention("Don Hale", "person", None, (), 1),
            Mention("Water Department", "organisation", None, (), 2),
            Mention("Water Board", "place", None, (), 1),
        ],
    )
    found = resolve_story_entities([a, b])
    assert found == reference_resolve([a, b])
    by_name = {entity.name: entity for entity in found}
    assert by_name["Donald Hale"].count == 9
    assert by_name["Donald Hale Jr."].count == 2
    # The place "Water Board" is an alias of the department's group, which no person is
    # in: it joins it, as the former loop did.
    assert by_name["Water Department"].count == 4
    assert by_name["Water Department"].aliases == ("Department of Water", "Water Board")
