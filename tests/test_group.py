"""Grouping rules, one table or case each, on small hand-written articles."""

from __future__ import annotations

import dataclasses
import datetime
import random
import shutil
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path, PurePosixPath

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import lexicons
from generator.config import Settings
from generator.model import (
    Article,
    ArticleMeta,
    Block,
    CleanArticle,
    EntityKind,
    Mention,
    SourceMeta,
    Story,
)
from generator.stories import group
from generator.stories.group import Evidence, ExplainPair, cluster, date_factor, group_stories

# --------------------------------------------------------------------------- factory


def make_article(
    source: str,
    title: str,
    body: str,
    date: datetime.date | None = None,
    people: Sequence[str] = (),
    places: Sequence[str] = (),
    organisations: Sequence[str] = (),
    story: str | None = None,
    outlet: str | None = None,
) -> Article:
    """An Article as extraction would give it, built by hand (no NLP)."""
    path = PurePosixPath(source)
    paragraphs = [p.strip() for p in body.strip().split("\n\n") if p.strip()]
    blocks = tuple(Block("paragraph", text, index + 3) for index, text in enumerate(paragraphs))
    kinds: list[tuple[EntityKind, Sequence[str]]] = [
        ("person", people),
        ("place", places),
        ("organisation", organisations),
    ]
    mentions = tuple(
        Mention(name, kind, count=max(1, body.count(name.split()[-1])))
        for kind, names in kinds
        for name in names
    )
    meta = ArticleMeta(
        title=title,
        outlet=outlet,
        dateline=None,
        date=date,
        date_basis="explicit" if date else "unknown",
        updated=None,
        language="en",
        word_count=len(body.split()),
    )
    return Article(
        source=path,
        meta=meta,
        clean=CleanArticle(path, title, blocks),
        source_meta=SourceMeta(story=story),
        mentions=mentions,
    )


D = datetime.date

FLOOD_1 = make_article(
    "flood-herald.txt",
    "River Lenne floods Valmora as levee breaks",
    """
    The River Lenne burst through a levee in Valmora on Tuesday night, flooding the old
    town and forcing 2,000 residents from their homes, mayor Ines Calder said.

    Rescue crews in boats searched flooded streets near the cathedral while the water
    rose past the first floors of houses along the quay. Calder said the levee had been
    due for repairs since the spring floods.

    Forecasters expect more rain over the Lenne valley until Thursday.
    """,
    D(2024, 3, 12),
    people=["Ines Calder"],
    places=["Valmora", "Lenne"],
)
FLOOD_2 = make_article(
    "flood-courier.txt",
    "Thousands evacuated in Valmora after Lenne levee fails",
    """
    About 2,000 people were evacuated from Valmora's old town after a levee on the
    Lenne river failed late on Tuesday, the city said.

    Mayor Ines Calder told reporters that rescue boats were still searching flooded
    streets near the cathedral and along the quay. The levee, she said, had been waiting
    for repairs since last spring's floods.

    More rain is forecast for the Lenne valley this week.
    """,
    D(2024, 3, 13),
    people=["Ines Calder"],
    places=["Valmora", "Lenne"],
)
FLOOD_3 = make_article(
    "flood-wire.txt",
    "Levee breach on the Lenne: Valmora old town under water",
    """
    Valmora's old town was under water on Wednesday after the Lenne broke through a
    levee overnight. Rescue crews used boats to reach residents trapped near the quay.

    Mayor Calder said 2,000 residents had left their homes and that the levee had long
    needed repairs. Forecasters warned of more rain in the Lenne valley.
    """,
    D(2024, 3, 13),
    people=["Ines Calder"],
    places=["Valmora", "Lenne"],
)
STRIKE_1 = make_article(
    "strike-herald.txt",
    "Dock workers strike shuts Portsea harbour",
    """
    Dock workers walked out at Portsea harbour on Monday, halting container traffic in
    a dispute over night shifts and pay, union leader Tomas Brennan said.

    Ships queued outside the harbour as cranes stood idle. Brennan said the strike would
    last until the port authority reopened talks on the night shift rota.

    The port authority called the strike unlawful and said it would seek an injunction.
    """,
    D(2024, 3, 11),
    people=["Tomas Brennan"],
    places=["Portsea"],
    organisations=["Portsea Port Authority"],
)
STRIKE_2 = make_article(
    "strike-courier.txt",
    "Portsea harbour at a standstill as dockers strike over shifts",
    """
    Container traffic at Portsea harbour stopped on Monday as dock workers went on strike
    over night shift pay, their union said.

    Union leader Tomas Brennan said cranes would stay idle until the port authority
    returned to talks on the rota. Ships queued outside the harbour entrance.

    The port authority said the strike was unlawful and that it would go to court for
    an injunction.
    """,
    D(2024, 3, 11),
    people=["Tomas Brennan"],
    places=["Portsea"],
    organisations=["Portsea Port Authority"],
)
# One cast and one topic, two events a week apart.
SENATOR_1 = make_article(
    "senator-budget.txt",
    "Senator Dana Whitlow unveils budget plan for rural schools",
    """
    Senator Dana Whitlow on Monday unveiled a budget plan that would give rural schools
    more money for buses and teachers, funded by a tax on short-term rentals.

    Whitlow said the plan had support from both parties in the Senate finance committee.
    Critics said the rental tax would hurt tourism in the mountain counties.
    """,
    D(2024, 3, 4),
    people=["Dana Whitlow"],
    organisations=["Senate"],
)
SENATOR_2 = make_article(
    "senator-resigns.txt",
    "Senator Dana Whitlow resigns from finance committee",
    """
    Senator Dana Whitlow resigned from the Senate finance committee on Tuesday after
    reports that her campaign had accepted donations from a rental company.

    Whitlow said she had done nothing wrong and would stay in the Senate. Her budget
    plan for rural schools was withdrawn from the committee's agenda.
    """,
    D(2024, 3, 12),
    people=["Dana Whitlow"],
    organisations=["Senate"],
)

ALL = [FLOOD_1, FLOOD_2, FLOOD_3, STRIKE_1, STRIKE_2, SENATOR_1, SENATOR_2]


def members(stories: Sequence[Story]) -> list[list[str]]:
    return sorted(sorted(str(a.source) for a in story.articles) for story in stories)


# --------------------------------------------------------------------------- grouping


def test_articles_on_one_event_form_one_story_and_others_stay_apart() -> None:
    assert members(group_stories(ALL)) == [
        ["flood-courier.txt", "flood-herald.txt", "flood-wire.txt"],
        ["senator-budget.txt"],
        ["senator-resigns.txt"],
        ["strike-courier.txt", "strike-herald.txt"],
    ]


def test_one_cast_a_week_apart_stays_apart_even_when_texts_are_close() -> None:
    # Same person, same committee, same plan; eight days apart.
    evidence = group.score_pairs([SENATOR_1, SENATOR_2], floor=0.0)
    assert len(evidence) == 1 and evidence[0].days == 8
    assert evidence[0].score == 0.0
    assert len(group_stories([SENATOR_1, SENATOR_2])) == 2


@pytest.mark.parametrize(
    ("days", "factor"),
    [(None, 1.0), (0, 1.6), (1, 1.6 / 1.5), (2, 0.8), (4, 1.6 / 3), (5, 1.6 / 3.5), (6, 0.0)],
)
def test_date_factor(days: int | None, factor: float) -> None:
    assert date_factor(days) == pytest.approx(factor)


@pytest.mark.parametrize(
    ("days", "weekdays", "factor"),
    [
        (None, (0, 3), group.WEEKDAY_DIFFER),  # undated, leads name Monday and Thursday
        (None, (3, 3), 1.0),  # the same weekday: no evidence beyond the words
        (None, (None, 3), 1.0),  # one lead names none
        (2, (0, 3), 0.8),  # known dates rule: the weekdays count only without them
    ],
)
def test_date_factor_of_lead_weekdays(
    days: int | None, weekdays: tuple[int | None, int | None], factor: float
) -> None:
    assert date_factor(days, *weekdays) == pytest.approx(factor)
    assert Evidence(0, 1, 0.5, 0.5, 0.5, 0.5, days, weekdays).date_factor == pytest.approx(factor)


@pytest.mark.parametrize(
    ("lead", "day"),
    [
        ("council votes\nthe council voted on thursday to raise rents", 3),
        ("strike ends\nworkers returned sunday after talks on monday", 6),  # the first
        ("thursdays are market days in the town", None),  # not a day name
        ("no day named here", None),
    ],
)
def test_weekday_of_the_lead(lead: str, day: int | None) -> None:
    assert group.weekday_of(lead) == day


def rent_vote(source: str, weekday: str, where: str) -> Article:
    """Undated reports of a council's rent votes: the words of the topic, little else."""
    if where == "harbour":
        title = "Council freezes rents in harbour ward"
        body = (
            f"The city council voted on {weekday} to freeze rents in the harbour ward for a "
            "year, after protests by tenants.\n\n"
            "Fishermen who rent flats by the docks welcomed the decision, which the mayor "
            "opposed."
        )
    else:
        title = "Tenants win a rent freeze by the river"
        body = (
            f"The council voted on {weekday} to freeze rents by the river, after a long night "
            "of debate.\n\n"
            "Students and young families make up most of the district's tenants, and rents "
            "there rose fastest."
        )
    return make_article(source, title, body)


def test_undated_reports_naming_different_weekdays_stay_apart() -> None:
    # Two votes of one council days apart, worded alike: without dates, the weekday each
    # lead names is what tells them apart.
    monday = rent_vote("monday.txt", "Monday", "harbour")
    thursday = rent_vote("thursday.txt", "Thursday", "river")
    (evidence,) = group.score_pairs([monday, thursday])
    assert evidence.raw >= group.LINK_THRESHOLD > evidence.score
    assert evidence.weekdays == (0, 3) or evidence.weekdays == (3, 0)
    assert len(group_stories([monday, thursday])) == 2
    # The same two texts naming one weekday are one story.
    same_day = rent_vote("again.txt", "Monday", "river")
    assert len(group_stories([monday, same_day])) == 1
    assert "leads name Monday and Thursday (x0.60)" in group.explain_scores(
        dataclasses.replace(evidence, weekdays=(0, 3))
    )
    stories = group_stories([monday, thursday])
    assert all(
        any("their leads name different weekdays" in reason for reason in story.reasons)
        for story in stories
    ), [story.reasons for story in stories]
    # Known dates rule: the same two, dated one day apart, are one story.
    dated = [
        dataclasses.replace(a, meta=dataclasses.replace(a.meta, date=D(2023, 5, day)))
        for a, day in ((monday, 8), (thursday, 9))
    ]
    assert len(group_stories(dated)) == 1


def test_unknown_dates_are_no_evidence_either_way() -> None:
    undated = [make_article(f"u{i}.txt", a.meta.title, a.clean.body) for i, a in enumerate(ALL)]
    assert len(members(group_stories(undated))) in (3, 4)
    flood = [a for a in undated if "Valmora" in a.meta.title]
    assert len(group_stories(flood)) == 1


def test_events_of_one_kind_out_of_date_reach_stay_apart() -> None:
    # Two protests, two cities, a week apart: the words of the kind are the same,
    # the names are not. Each city's reports name their own people and places.
    def protest(source: str, city: str, leader: str, day: int) -> Article:
        body = (
            f"Tens of thousands of people marched through {city} on Saturday against fuel "
            f"prices, and police arrested hundreds as the protest turned violent.\n\n"
            f"Protest leader {leader} said the marches would go on until prices fell.\n\n"
            f"Shops in central {city} stayed closed and traffic was blocked for hours."
        )
        title = f"Police arrest hundreds as {city} fuel protest turns violent"
        return make_article(source, title, body, D(2023, 5, day), [leader], [city])

    cebu = [protest(f"cebu-{n}.txt", "Cebu", "Maria Quispe", 10) for n in range(3)]
    durban = [protest(f"durban-{n}.txt", "Durban", "Sipho Ndlovu", 16) for n in range(3)]
    found = {frozenset(str(a.source)[:4] for a in s.articles) for s in group_stories(cebu + durban)}
    assert found == {frozenset({"cebu"}), frozenset({"durb"})}
    close = group.explain_scores(Evidence(0, 1, 0.8, 0.8, 0.5, 0.1, 1))
    assert close.startswith("score 0.67 = ") and "1 day(s) apart (x1.07)" in close


def test_articles_without_any_name_are_no_evidence_against_each_other() -> None:
    plain = [
        make_article(f"u{i}.txt", a.meta.title, a.clean.body)
        for i, a in enumerate([FLOOD_1, FLOOD_2, FLOOD_3])
    ]
    assert len(group_stories(plain)) == 1


def test_a_name_every_article_carries_weighs_almost_nothing() -> None:
    # Everyone mentions the president; only the flood articles share Calder.
    everywhere = [
        make_article(
            str(a.source),
            a.meta.title,
            a.clean.body + "\n\nPresident Arno Halvorsen said the government would help.",
            a.meta.date,
            people=[*(m.name for m in a.mentions if m.kind == "person"), "Arno Halvorsen"],
        )
        for a in ALL
    ]
    found = group.features(everywhere)
    similarity = (found.entities @ found.entities.T).toarray()
    flood, strike = 0, 3
    # only Halvorsen in common, against Calder, Valmora, Lenne
    assert similarity[flood, 1] > 5 * similarity[flood, strike]
    assert members(group_stories(everywhere)) == members(group_stories(ALL))


@pytest.mark.parametrize(
    ("name", "kind", "keys"),
    [
        ("Donald Trump", "person", ("person:trump",)),
        ("Trump", "person", ("person:trump",)),
        ("Donald Trump Jr.", "person", ("person:trump",)),
        ("Alicia Bárcena", "person", ("person:barcena",)),
        ("Mexico City", "place", ("place:mexico city",)),
    ],
)
def test_entity_keys(name: str, kind: EntityKind, keys: tuple[str, ...]) -> None:
    assert group.entity_keys(Mention(name, kind)) == keys


def test_organisation_aliases_are_keys_too() -> None:
    mention = Mention("Democratic National Committee", "organisation", aliases=("DNC",))
    assert group.entity_keys(mention) == (
        "organisation:democratic national committee",
        "organisation:dnc",
    )


def evidence(left: int, right: int, score: float) -> Evidence:
    return Evidence(left, right, score, score, score, score, None)


def test_average_link_does_not_chain_two_events_through_one_article() -> None:
    # 0,1 are one event; 3,4 another; 2 is half of each. Single link would chain all five.
    pairs = [
        evidence(0, 1, 0.6),
        evidence(3, 4, 0.6),
        evidence(1, 2, 0.4),
        evidence(2, 3, 0.4),
    ]
    labels = ExplainPair(tuple(f"a{i}.txt" for i in range(5)))
    result = cluster(5, pairs, [None] * 5, labels)
    assert len(result.groups) >= 2
    assert not any({0, 4} <= set(g) for g in result.groups)


def test_average_link_merges_when_members_support_it() -> None:
    pairs = [evidence(i, j, 0.3) for i in range(4) for j in range(i + 1, 4)]
    result = cluster(4, pairs, [None] * 4, ExplainPair(tuple("abcd")))
    assert result.groups == ((0, 1, 2, 3),)
    assert len(result.merges[0]) == 3


def test_undated_articles_do_not_bridge_two_dated_events_weeks_apart() -> None:
    # 0,1 on day 0; 3,4 on day 30; 2 undated, close to all four (an unknown date is no
    # evidence against either event). Average link alone would make one story of five
    # (the pairs are loose, so the cohesion rule does not keep them apart either).
    pairs = [evidence(0, 1, 0.2), evidence(3, 4, 0.2)]
    pairs += [evidence(min(2, i), max(2, i), 0.9) for i in (0, 1, 3, 4)]
    days = [0, 0, None, 30, 30]
    assert cluster(5, pairs, [None] * 5).groups == ((0, 1, 2, 3, 4),)
    apart = cluster(5, pairs, [None] * 5, dates=days).groups
    assert not any({0, 3} <= set(group) for group in apart)
    assert sorted(len(group) for group in apart) == [2, 3]  # the undated one joins one
    near = cluster(5, pairs, [None] * 5, dates=[0, 0, None, 5, 5]).groups
    assert near == ((0, 1, 2, 3, 4),)  # within reach: one story, as before


def test_two_tight_stories_loosely_linked_stay_two() -> None:
    # Two events of one topic: each pair tight (0.8), every cross pair 0.3 (above the
    # threshold, below COHESION x 0.8). Average link alone would merge them.
    pairs = [evidence(0, 1, 0.8), evidence(2, 3, 0.8)]
    pairs += [evidence(a, b, 0.3) for a in (0, 1) for b in (2, 3)]
    assert cluster(4, pairs, [None] * 4).groups == ((0, 1), (2, 3))
    # Loose pairs as strongly linked across as within are one story.
    loose = [evidence(0, 1, 0.3), evidence(2, 3, 0.3)]
    loose += [evidence(a, b, 0.3) for a in (0, 1) for b in (2, 3)]
    assert cluster(4, loose, [None] * 4).groups == ((0, 1, 2, 3),)
    # A single article joins on the threshold alone, however tight the group.
    single = [evidence(0, 1, 0.9), evidence(0, 2, 0.2), evidence(1, 2, 0.2)]
    assert cluster(3, single, [None] * 3).groups == ((0, 1, 2),)


def test_a_strong_link_merges_however_tight_the_groups() -> None:
    # One event: two outlets ran one wire copy (0.95 apart from each other), two others
    # wrote their own (0.6); every cross pair scores 0.45, far above the threshold. The
    # copies' own average counts only up to COHESION_CAP, so the link is enough.
    pairs = [evidence(0, 1, 0.95), evidence(2, 3, 0.6)]
    pairs += [evidence(a, b, 0.45) for a in (0, 1) for b in (2, 3)]
    assert group.COHESION * min(0.6, 0.95) > 0.45 >= group.COHESION * group.COHESION_CAP
    assert cluster(4, pairs, [None] * 4).groups == ((0, 1, 2, 3),)
    # Below the capped bar, two tight groups stay two.
    weak = [evidence(0, 1, 0.95), evidence(2, 3, 0.6)]
    weak += [evidence(a, b, 0.35) for a in (0, 1) for b in (2, 3)]
    assert cluster(4, weak, [None] * 4).groups == ((0, 1), (2, 3))


def test_check_verbose_says_when_cohesion_kept_two_stories_apart() -> None:
    pairs = [evidence(0, 1, 0.8), evidence(2, 3, 0.8)]
    pairs += [evidence(a, b, 0.3) for a in (0, 1) for b in (2, 3)]
    labels = ExplainPair(("a.txt", "b.txt", "c.txt", "d.txt"))
    clustering = cluster(4, pairs, [None] * 4, labels)
    reasons = group.explain_groups(clustering, pairs, labels, ["one", "two"])
    assert any(
        "not grouped with story two" in reason
        and "the average over both stories, 0.30, is below 0.8 x 0.50" in reason
        for reason in reasons[0]
    ), reasons[0]


def test_groups_forced_to_different_stories_never_merge() -> None:
    pairs = [evidence(0, 1, 0.9)]
    result = cluster(2, pairs, ["x", "y"], ExplainPair(("a", "b")))
    assert result.groups == ((0,), (1,))


def test_front_matter_story_forces_a_story() -> None:
    flood = make_article(
        "x.md", FLOOD_1.meta.title, FLOOD_1.clean.body, FLOOD_1.meta.date, story="My Story"
    )
    strike = make_article(
        "y.md", STRIKE_1.meta.title, STRIKE_1.clean.body, STRIKE_1.meta.date, story="my-story"
    )
    other = make_article(
        "z.md", FLOOD_2.meta.title, FLOOD_2.clean.body, FLOOD_2.meta.date, story="elsewhere"
    )
    stories = {s.story_id: s for s in group_stories([flood, strike, other, FLOOD_3])}
    assert sorted(stories) == ["elsewhere", "my-story"]
    # Unforced FLOOD_3 may join a forced story by similarity, but forced ones stay put.
    assert {"x.md", "y.md"} <= {str(a.source) for a in stories["my-story"].articles}
    assert "z.md" not in {str(a.source) for a in stories["my-story"].articles}
    assert any("front matter story: my-story" in r for r in stories["my-story"].reasons)


# --------------------------------------------------------------------------- reasons


def test_reasons_explain_each_merge_and_the_near_misses() -> None:
    stories = {s.story_id: s for s in group_stories(ALL)}
    flood = next(s for s in stories.values() if len(s.articles) == 3)
    joined = [r for r in flood.reasons if r.startswith("joined")]
    assert len(joined) == 2
    assert "text" in joined[0] and "lead" in joined[0] and "entities" in joined[0]
    assert "calder" in " ".join(joined)
    single = stories[next(k for k in stories if "whitlow-resigns" in k)]
    assert any("single source" in r for r in single.reasons)
    assert any(
        r.startswith("not grouped with story") and "senator-budget.txt" in r for r in single.reasons
    )


# --------------------------------------------------------------------------- determinism


def test_input_order_changes_nothing() -> None:
    expected = group_stories(ALL)
    for seed in range(5):
        shuffled = list(ALL)
        random.Random(seed).shuffle(shuffled)
        assert group_stories(shuffled) == expected


def test_file_names_change_nothing_but_the_names() -> None:
    renamed = {str(a.source): f"zz-{i}-{a.source}" for i, a in enumerate(reversed(ALL))}
    copies = [
        make_article(
            renamed[str(a.source)],
            a.meta.title,
            a.clean.body,
            a.meta.date,
            people=[m.name for m in a.mentions if m.kind == "person"],
            places=[m.name for m in a.mentions if m.kind == "place"],
            organisations=[m.name for m in a.mentions if m.kind == "organisation"],
        )
        for a in ALL
    ]
    back = {new: old for old, new in renamed.items()}
    one = [(s.story_id, [str(a.source) for a in s.articles]) for s in group_stories(ALL)]
    two = [(s.story_id, [back[str(a.source)] for a in s.articles]) for s in group_stories(copies)]
    assert one == two


def test_story_articles_are_ordered_by_date_then_content() -> None:
    flood = next(s for s in group_stories(ALL) if len(s.articles) == 3)
    assert flood.articles[0] == FLOOD_1
    assert [a.meta.date for a in flood.articles] == sorted(a.meta.date for a in flood.articles)  # type: ignore[type-var]


# --------------------------------------------------------------------------- ids


def ids(stories: Sequence[Story]) -> dict[str, str]:
    return {str(a.source): s.story_id for s in stories for a in s.articles}


def test_id_is_the_founders_date_and_slug() -> None:
    found = ids(group_stories(ALL))
    assert found["flood-wire.txt"] == "2024-03-12-river-lenne-floods-valmora-as-levee-breaks"
    assert found["strike-courier.txt"] == "2024-03-11-dock-workers-strike-shuts-portsea-harbour"


def test_undated_story_id() -> None:
    story = group_stories([make_article("a.txt", "Quiet day at the harbour", "Nothing.")])[0]
    assert story.story_id == "undated-quiet-day-harbour"


def test_adding_a_later_article_or_a_new_story_moves_no_page() -> None:
    before = ids(group_stories([FLOOD_1, FLOOD_2, STRIKE_1]))
    after = ids(group_stories([FLOOD_1, FLOOD_2, STRIKE_1, FLOOD_3, STRIKE_2, SENATOR_1]))
    assert {source: after[source] for source in before} == before


def test_an_earlier_article_moves_the_page_unless_previous_ids_are_given() -> None:
    early = make_article(
        "flood-early.txt",
        "Valmora braces as the Lenne rises",
        FLOOD_2.clean.body,
        D(2024, 3, 11),
        people=["Ines Calder"],
        places=["Valmora", "Lenne"],
    )
    before = ids(group_stories([FLOOD_1, FLOOD_2]))
    moved = ids(group_stories([FLOOD_1, FLOOD_2, early]))
    assert moved["flood-herald.txt"] != before["flood-herald.txt"]  # the documented case
    kept = ids(group_stories([FLOOD_1, FLOOD_2, early], previous=before))
    assert kept["flood-herald.txt"] == kept["flood-early.txt"] == before["flood-herald.txt"]


def test_previous_id_goes_to_the_part_holding_most_of_its_members() -> None:
    previous = {str(a.source): "old-story" for a in (FLOOD_1, FLOOD_2, STRIKE_1)}
    found = ids(group_stories([FLOOD_1, FLOOD_2, STRIKE_1], previous=previous))
    assert found["flood-herald.txt"] == "old-story"
    assert found["strike-herald.txt"].startswith("2024-03-11-")


COAST = """Gale force winds reached the northern coast overnight, tearing roofs from
houses in three fishing villages and cutting power to thousands of homes. Coastguard crews
rescued two sailors from a yacht that lost its mast off the headland."""
RAIL = """Train drivers will vote next month on a new contract offer from the national rail
operator after talks on pay and rest periods ended without agreement. The union said its
members would decide whether to accept the offer or call a ballot on industrial action."""


def test_two_stories_with_one_id_are_told_apart_by_their_founders_digest() -> None:
    one = make_article("a.txt", "Storm warning", COAST, D(2024, 1, 2))
    two = make_article("b.txt", "Storm warning", RAIL, D(2024, 1, 2))
    found = sorted(s.story_id for s in group_stories([one, two]))
    assert found[0] == "2024-01-02-storm-warning"
    assert found[1].startswith("2024-01-02-storm-warning-") and len(found[1]) == len(found[0]) + 7
    assert sorted(s.story_id for s in group_stories([two, one])) == found
    # Renaming the files does not swap the ids: the founders' contents decide.
    swapped = [
        make_article("b.txt", one.meta.title, one.clean.body, one.meta.date),
        make_article("a.txt", two.meta.title, two.clean.body, two.meta.date),
    ]
    by_body = {s.articles[0].clean.body: s.story_id for s in group_stories([one, two])}
    assert {s.articles[0].clean.body: s.story_id for s in group_stories(swapped)} == by_body


def test_previous_ids_read_from_front_matter() -> None:
    records: list[dict[str, object]] = [
        {"story": "s-1", "sources": [{"file": "a.txt"}, {"file": "b.txt"}]},
        {"story": "s-2", "sources": [{"file": "c.txt"}]},
        {"title": "not a briefing"},
    ]
    assert group.previous_ids(records) == {"a.txt": "s-1", "b.txt": "s-1", "c.txt": "s-2"}


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ('Mexico tells the US it will help "battle"', "mexico-tells-us-it-will-help-battle"),
        ("Árbenz & the Café: a story", "arbenz-cafe-story"),
        ("The", "the"),
        ("", ""),
        ("../../etc/passwd", "etc-passwd"),
    ],
)
def test_slugify(text: str, slug: str) -> None:
    assert group.slugify(text) == slug


# --------------------------------------------------------------------------- pipeline


EXTRA = """Valmora counts the cost as the Lenne recedes

VALMORA — The Lenne began to fall on Thursday in Valmora, two days after the river broke
through a levee and flooded the old town, mayor Ines Calder said.

Calder said 2,000 residents who left their homes could start returning on Friday. Rescue
crews had searched the flooded streets near the cathedral and the quay by boat.
"""


def test_build_add_an_article_build_again_same_ids(tmp_path: Path) -> None:
    source = tmp_path / "source_articles"
    source.mkdir()
    seeds = Path(__file__).parent / "cases" / "seeds" / "source_articles"
    for path in sorted(seeds.glob("*.txt")):
        shutil.copyfile(path, source / path.name)
    (source / "flood.txt").write_text(
        "River Lenne floods Valmora as levee breaks\n\n" + FLOOD_1.clean.body, encoding="utf-8"
    )
    settings = Settings(source_dir=source, out_dir=tmp_path / "docs", cache_path=tmp_path / "c.db")
    from generator.pipeline import build

    first = ids(build(settings).report.groupings)
    (source / "flood-later.txt").write_text(EXTRA, encoding="utf-8")
    second = ids(build(settings).report.groupings)
    assert len(set(first.values())) == 2
    assert {name: second[name] for name in first} == first
    assert second["flood-later.txt"] == first["flood.txt"]


# --------------------------------------------------------------------------- vectors


def test_stop_words_are_spacys() -> None:
    from spacy.lang.en.stop_words import STOP_WORDS

    assert {lexicons.fold(word) for word in STOP_WORDS} == group.STOP_WORDS
    assert {"the", "whereas", "n't"} <= group.STOP_WORDS


def test_tfidf_vectors_are_scikit_learns() -> None:
    # What grouping computed with TfidfVectorizer before it stopped importing it.
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [group.fold(a.meta.title + "\n" + a.clean.body) for a in ALL]
    vectorizer = TfidfVectorizer(
        stop_words=sorted(group.STOP_WORDS),
        sublinear_tf=True,
        token_pattern=r"(?u)\b[a-z][a-z0-9]+\b",
    )
    text = vectorizer.fit_transform(texts).toarray()
    lead = vectorizer.transform([group.fold(group.lead_text(a)) for a in ALL]).toarray()
    found = group.features(ALL)
    assert np.allclose(found.text.toarray(), text, rtol=0, atol=1e-12)
    assert np.allclose(found.lead.toarray(), lead, rtol=0, atol=1e-12)


def reference_tfidf(
    counts: Sequence[group.Counts], column: Mapping[str, int], idf: np.ndarray
) -> np.ndarray:
    """The row-by-row loop `group.tfidf` replaced, as a dense array."""
    out = np.zeros((len(counts), max(1, len(idf))))
    for row, found in enumerate(counts):
        kept = [(column[w], t) for w, t in group.unpack(found) if w in column]
        values = np.array([(np.log(float(t)) + 1.0) * idf[c] for c, t in kept])
        norm = np.sqrt(sum(float(value) * float(value) for value in values))
        for (c, _t), value in zip(kept, values, strict=True):
            out[row, c] = value / (norm or 1.0)
    return out


@given(
    st.lists(
        st.dictionaries(
            st.sampled_from(["quake", "lima", "rescue", "port", "strike", "toll", "aid\0x"]),
            st.integers(1, 40),
            max_size=6,
        ),
        max_size=8,
    ),
    st.lists(st.sampled_from(["quake", "lima", "rescue", "port", "toll", "aid\ufffdx"])),
)
@settings(max_examples=300, deadline=None)
def test_tfidf_rows_are_the_row_by_row_loop_s(rows: list[dict[str, int]], known: list[str]) -> None:
    counts = [group.pack(row) for row in rows]
    words = sorted(set(known))
    column = {word: index for index, word in enumerate(words)}
    idf = np.linspace(1.0, 3.0, len(words))
    found = group.tfidf(counts, column, idf)
    assert found.shape == (len(counts), max(1, len(words)))
    assert np.array_equal(found.toarray(), reference_tfidf(counts, column, idf))


def test_entity_vectors_are_the_row_by_row_loop_s() -> None:
    import math

    found = [group.article_features(a) for a in ALL]
    vocabulary = group.Vocabulary.of(found)
    names = sorted({name for item in found for name in group.words_of(item.entities)})
    total = vocabulary.count + group.ENTITY_PRIOR
    expected = np.zeros((len(found), len(names)))
    for row, item in enumerate(found):
        for key, times in group.unpack(item.entities):
            rarity = math.log(total / vocabulary.names[key])
            expected[row, names.index(key)] = (1.0 + math.log(times)) * rarity
    norms = np.sqrt((expected * expected).sum(axis=1))
    norms = np.maximum(norms, group.ENTITY_NORM_NAMES * math.log(total))
    expected /= norms[:, None]
    vectors = group.vectors(found, vocabulary)
    assert vectors.entity_names == names
    assert np.allclose(vectors.entities.toarray(), expected, rtol=0, atol=1e-15)


def test_pair_scores_do_not_depend_on_the_other_articles_vectorised_with_them() -> None:
    # Regrouping scores a few articles with the corpus's counts: the same to the bit.
    everything = [group.article_features(a) for a in ALL]
    vocabulary = group.Vocabulary.of(everything)
    whole = group.score_features(group.vectors(everything, vocabulary))
    some = group.score_features(group.vectors(everything[:3], vocabulary))
    scores = dict(zip(zip(whole.left, whole.right, strict=True), whole.score, strict=True))
    assert some.left  # the flood articles score together
    for left, right, score in zip(some.left, some.right, some.score, strict=True):
        assert scores[(left, right)] == score


def test_explaining_changes_no_story() -> None:
    explained = group_stories(ALL, explain=True)
    plain = group_stories(ALL, explain=False)
    assert [(s.story_id, s.articles) for s in plain] == [
        (s.story_id, s.articles) for s in explained
    ]
    assert all(s.reasons == () for s in plain) and any(s.reasons for s in explained)


def test_far_apart_pairs_are_only_kept_to_explain() -> None:
    found = group.features([SENATOR_1, SENATOR_2])  # eight days apart
    assert group.score_features(found, 0.0).left == []
    explained = group.score_features(found, 0.0, explain=True)
    assert explained.evidence and explained.evidence[0].days == 8


# --------------------------------------------------------------------------- regroup


def versions_of(articles: Sequence[Article], tag: str = "v1") -> dict[str, str]:
    return {str(a.source): f"{tag}:{a.source}" for a in articles}


def feature_source(
    known: dict[str, group.ArticleFeatures],
) -> Callable[[Mapping[str, str]], dict[str, group.ArticleFeatures]]:
    def get(wanted: Mapping[str, str]) -> dict[str, group.ArticleFeatures]:
        return {source: known[key] for source, key in wanted.items() if key in known}

    return get


def cold(articles: Sequence[Article], versions: Mapping[str, str]) -> group.Grouping:
    found = {str(a.source): group.article_features(a) for a in articles}
    return group.group_articles(articles, found, {}, versions=versions)


def test_regroup_after_an_added_article_keeps_the_other_stories() -> None:
    before = [a for a in ALL if a is not FLOOD_3]
    first = cold(before, versions_of(before))
    known = {f"v1:{a.source}": group.article_features(a) for a in ALL}
    again = group.regroup(ALL, first.state, versions_of(ALL), feature_source(known), {})
    assert again is not None
    assert members(again.stories) == members(group_stories(ALL))
    flood = next(s for s in again.stories if FLOOD_3 in s.articles)
    assert {FLOOD_1, FLOOD_2} <= set(flood.articles)
    untouched = [s for s in first.stories if not {FLOOD_1, FLOOD_2} & set(s.articles)]
    assert set(untouched) <= set(again.stories)  # same ids, same members
    assert again.state == cold(ALL, versions_of(ALL)).state


def test_regroup_after_an_edit_and_a_deletion() -> None:
    first = cold(ALL, versions_of(ALL))
    edited = dataclasses.replace(
        STRIKE_2, clean=dataclasses.replace(STRIKE_2.clean, blocks=STRIKE_2.clean.blocks[:2])
    )
    now = [a for a in ALL if a not in (STRIKE_2, SENATOR_2)] + [edited]
    versions = {**versions_of(now), str(edited.source): "v2:edited"}
    known = {f"v1:{a.source}": group.article_features(a) for a in ALL}
    known["v2:edited"] = group.article_features(edited)
    again = group.regroup(now, first.state, versions, feature_source(known), {})
    assert again is not None
    assert members(again.stories) == members(group_stories(now))
    assert again.state.versions == tuple(versions[s] for s in sorted(versions))


def test_regroup_needs_the_features_of_what_changed() -> None:
    first = cold(ALL[:-1], versions_of(ALL[:-1]))
    assert group.regroup(ALL, first.state, versions_of(ALL), feature_source({}), {}) is None


def test_regroup_with_nothing_changed_gives_the_same_stories() -> None:
    first = cold(ALL, versions_of(ALL))
    known = {f"v1:{a.source}": group.article_features(a) for a in ALL}
    again = group.regroup(ALL, first.state, versions_of(ALL), feature_source(known), {})
    assert again is not None and again.stories == first.stories


def test_counts_survive_a_nul_in_a_name() -> None:
    counts = group.pack({"person:a\0b": 2, "person:a\ufffdb": 1, "place:x": 3})
    assert group.unpack(counts) == [("person:a\ufffdb", 3), ("place:x", 3)]
    assert group.unpack(group.pack({})) == []


@pytest.mark.parametrize("new", range(len(ALL)))
@pytest.mark.parametrize("dated", [True, False])
@pytest.mark.parametrize("named", [True, False])
def test_candidates_are_every_article_that_scores_at_the_threshold(
    new: int, dated: bool, named: bool
) -> None:
    article = ALL[new]
    if not dated:
        article = dataclasses.replace(article, meta=dataclasses.replace(article.meta, date=None))
    if not named:
        article = dataclasses.replace(article, mentions=())
    articles = [*ALL[:new], article, *ALL[new + 1 :]]
    found = {str(a.source): group.article_features(a) for a in articles}
    vocabulary = group.Vocabulary.of(list(found.values()))
    source = str(article.source)
    dates = {s: f.date for s, f in found.items()}
    versions = versions_of(articles)
    known = {versions[s]: f for s, f in found.items()}
    partners = group.candidate_partners(
        [source], dates, {source: found[source]}, versions, feature_source(known), vocabulary
    )
    rows = [source, *(s for s in sorted(found) if s != source)]
    pairs = group.score_features(group.vectors([found[s] for s in rows], vocabulary), rows=[0])
    expected = {
        rows[right]
        for left, right, score in zip(pairs.left, pairs.right, pairs.score, strict=True)
        if left == 0 and score >= group.LINK_THRESHOLD
    }
    assert partners == expected


def test_short_lists_sharing_one_name_weigh_less_than_long_lists_sharing_most() -> None:
    found = [
        group.article_features(a)
        for a in [
            make_article("a.txt", "One", "x", people=["Ana Soto"], places=["Lima"]),
            make_article("b.txt", "Two", "y", people=["Ben Ortiz"], places=["Lima"]),
            make_article(
                "c.txt",
                "Three",
                "z",
                people=["Ana Soto", "Ben Ortiz", "Eva Ruiz"],
                places=["Cusco", "Puno", "Tacna"],
            ),
            make_article(
                "d.txt",
                "Four",
                "w",
                people=["Ana Soto", "Ben Ortiz", "Eva Ruiz"],
                places=["Cusco", "Puno", "Arica"],
            ),
        ]
    ]
    vectors = group.vectors(found, group.Vocabulary.of(found))
    similarity = (vectors.entities @ vectors.entities.T).toarray()
    # Lima alone (cosine: 0.5) against five names of six (cosine: 0.83)
    assert similarity[2, 3] > 4 * similarity[0, 1] > 0
