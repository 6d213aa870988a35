"""Cross-source comparison: quotes, figures, coverage, related briefings, inferred dates."""

from __future__ import annotations

import dataclasses
import datetime
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from unidecode import unidecode

from generator.config import Settings
from generator.model import Article, Briefing, Figure, Quote, StoryEntity, StoryFigure
from generator.stories.compare import (
    _quantity_pairs,
    compare_story,
    coverage,
    find_disagreements,
    merge_figures,
    merge_quotes,
    not_outlets,
    quote_similarity,
    relate,
    same_quantity,
    sole_counts,
    unit_key,
    with_inferred_dates,
)
from generator.stories.group import group_stories
from tests.test_group import FLOOD_1, FLOOD_2, STRIKE_1, make_article

D = datetime.date
SEEDS = Path(__file__).parent / "cases" / "seeds" / "source_articles"


def quote(
    text: str,
    speaker: str | None = None,
    kind: Literal["person", "described"] | None = "person",
) -> Quote:
    return Quote(text, speaker, kind if speaker else None, text, 1)


def with_quotes(article: Article, *quotes: Quote) -> Article:
    return dataclasses.replace(article, quotes=quotes)


def merged(*articles: Article) -> list[tuple[str | None, tuple[str, ...]]]:
    return [(q.speaker, q.sources) for q in merge_quotes(articles, {})]


# --------------------------------------------------------------------------- quotes


def test_one_quote_in_two_translations_is_one_quote_with_both_sources() -> None:
    one = with_quotes(
        FLOOD_1,
        quote(
            "opens an important new area of cooperation on migration between our three countries",
            "Blinken",
        ),
    )
    two = with_quotes(
        FLOOD_2,
        quote(
            "opens a new and important area of migration cooperation between our three countries",
            "Blinken",
        ),
    )
    (found,) = merge_quotes([one, two], {})
    assert found.sources == ("flood-herald.txt", "flood-courier.txt")
    assert len(found.variants) == 2


def test_a_cut_quote_meets_its_fuller_wording() -> None:
    one = with_quotes(
        FLOOD_1,
        quote(
            "We have made great progress in the three weeks since this meeting and look "
            "forward to taking stock of this today",
            "Blinken",
        ),
    )
    two = with_quotes(
        FLOOD_2, quote("made great progress in just three weeks since that meeting", "Blinken")
    )
    (found,) = merge_quotes([one, two], {})
    assert found.text.startswith("We have made great progress")
    assert found.sources == ("flood-herald.txt", "flood-courier.txt")


@pytest.mark.parametrize(
    ("left", "right", "together"),
    [
        # different speakers, different words
        (
            quote("We will rebuild the levee this year", "Calder"),
            quote("We will strike until they talk", "Brennan"),
            False,
        ),
        # one speaker unknown: the words decide
        (
            quote("We will rebuild the levee this year"),
            quote("we will rebuild the levee this year", "Calder"),
            True,
        ),
        # described sources of two outlets ("a US official", "a senior American official")
        (
            quote(
                "No major announcements are expected from the meeting", "a US official", "described"
            ),
            quote(
                "no major announcement is expected from the meeting",
                "a senior official",
                "described",
            ),
            True,
        ),
        # near-identical long wording, misattributed by one source
        (
            quote(
                "opens an important new area of cooperation on migration between our three "
                "countries",
                "Arévalo",
            ),
            quote(
                "opens an important new area of cooperation on migration between our three "
                "countries.",
                "Blinken",
            ),
            True,
        ),
        # the same short fragment misattributed stays apart
        (quote("in the fight", "Bárcena"), quote("in the fight", "Blinken"), False),
        # short fragments must appear inside the other wording
        (
            quote("in the fight", "Bárcena"),
            quote("We will help in the fight against it", "Bárcena"),
            True,
        ),
        (quote("the fight", "Bárcena"), quote("the night was long", "Bárcena"), False),
    ],
)
def test_quote_matching(left: Quote, right: Quote, together: bool) -> None:
    found = merged(with_quotes(FLOOD_1, left), with_quotes(FLOOD_2, right))
    assert (len(found) == 1) is together


def test_a_source_repeating_a_quote_lists_it_once() -> None:
    one = with_quotes(
        FLOOD_1, quote("We need help now", "Calder"), quote("We need help now", "Calder")
    )
    assert merged(one) == [("Calder", ("flood-herald.txt",))]


def test_speakers_resolve_through_the_story_alias_index() -> None:
    one = with_quotes(FLOOD_1, quote("We need help now", "Calder"))
    (found,) = merge_quotes([one], {"calder": "Ines Calder"})
    assert found.speaker == "Ines Calder"


@pytest.mark.parametrize(
    ("left", "right", "at_least"),
    [("poisoning the blood", "poisoning the blood of the country.", 100.0)],
)
def test_quote_similarity(left: str, right: str, at_least: float) -> None:
    assert quote_similarity(left, right) >= at_least


# --------------------------------------------------------------------------- figures


def figure(
    value: float,
    text: str,
    unit: str,
    period: str | None = None,
    by: str | None = None,
    sentence: str = "",
) -> Figure:
    return Figure(value, text, unit, None, period, by, sentence or text, 1)


def test_one_value_from_two_sources_is_one_figure() -> None:
    one = dataclasses.replace(FLOOD_1, figures=(figure(2000, "2,000 residents", "residents"),))
    two = dataclasses.replace(FLOOD_2, figures=(figure(2000, "About 2,000 people", "residents"),))
    figures, disagreements = merge_figures([one, two])
    assert [(f.value, f.sources) for f in figures] == [
        (2000, ("flood-herald.txt", "flood-courier.txt"))
    ]
    assert disagreements == ()


@pytest.mark.parametrize(
    ("left", "right", "flagged"),
    [
        (
            figure(2000, "2,000 residents", "residents", "on Tuesday", "the city"),
            figure(3000, "3,000 residents", "residents", "on Tuesday", "the city"),
            True,
        ),
        # one period and one unit alone: two different quantities
        (
            figure(15, "15 percent", "percent", "last year", sentence="Imports rose 15 percent"),
            figure(5, "about 5 percent", "percent", "last year", sentence="Tariffs cost 5 percent"),
            False,
        ),
        (
            figure(2000, "2,000 residents", "residents", by="the city"),
            figure(2500, "2,500 residents", "resident", by="The city"),
            True,
        ),
        (
            figure(
                2000,
                "2,000 residents",
                "residents",
                sentence="2,000 residents were evacuated from the old town",
            ),
            figure(
                3000,
                "3,000 residents",
                "residents",
                sentence="3,000 residents were evacuated from the old town",
            ),
            True,
        ),
        (
            figure(2000, "2,000 residents", "residents", "on Tuesday"),
            figure(30, "30 boats", "boats", "on Tuesday"),
            False,
        ),
        (
            figure(
                2000,
                "2,000 residents",
                "residents",
                sentence="2,000 residents were evacuated from the old town",
            ),
            figure(
                40,
                "40 residents",
                "residents",
                sentence="40 residents of the care home got a new bus",
            ),
            False,
        ),
    ],
)
def test_disagreements(left: Figure, right: Figure, flagged: bool) -> None:
    one = dataclasses.replace(FLOOD_1, figures=(left,))
    two = dataclasses.replace(FLOOD_2, figures=(right,))
    _figures, found = merge_figures([one, two])
    assert bool(found) is flagged
    if flagged:
        assert [source for source, _text in found[0].readings] == [
            "flood-herald.txt",
            "flood-courier.txt",
        ]


def test_figures_of_one_source_never_disagree() -> None:
    figures = (
        StoryFigure(1, "1 boat", "boats", None, "today", None, "", ("a.txt",)),
        StoryFigure(2, "2 boats", "boats", None, "today", None, "", ("a.txt",)),
    )
    assert find_disagreements(figures) == ()


# --------------------------------------------------------------------------- dates, coverage


def test_undated_articles_take_the_story_date_marked_inferred() -> None:
    undated = make_article("undated.txt", "Flood", FLOOD_2.clean.body)
    result = with_inferred_dates([FLOOD_1, undated])
    assert [(a.meta.date, a.meta.date_basis) for a in result] == [
        (D(2024, 3, 12), "explicit"),
        (D(2024, 3, 12), "inferred"),
    ]
    only_undated = with_inferred_dates([undated])
    assert only_undated[0].meta.date is None


def entity(name: str, *sources: str) -> StoryEntity:
    return StoryEntity(name, "person", None, (), sources, 1)


def test_coverage_lists_what_only_one_source_reports() -> None:
    extra = make_article(
        "extra.txt",
        FLOOD_2.meta.title,
        FLOOD_2.clean.body + "\n\nInsurer Rhea Voss estimated the damage at 40 million euros.",
        FLOOD_2.meta.date,
    )
    figures = (
        StoryFigure(40e6, "40 million euros", "euros", None, None, None, "", ("extra.txt",)),
    )
    people = (
        entity("Ines Calder", "flood-herald.txt", "extra.txt"),
        entity("Rhea Voss", "extra.txt"),
    )
    rows = coverage([FLOOD_1, extra], (), figures, people)
    assert rows[0].adds == ()  # everything FLOOD_1 says, extra says too
    assert "figure: 40 million euros" in rows[1].adds  # its sentence is the figure itself
    assert "person: Rhea Voss" in rows[1].adds
    assert any(add.startswith("reports: Insurer Rhea Voss estimated") for add in rows[1].adds)


def test_a_single_source_adds_nothing() -> None:
    (row,) = coverage([FLOOD_1], (), (), ())
    assert (row.outlet, row.date, row.headline, row.adds) == (
        None,
        D(2024, 3, 12),
        FLOOD_1.meta.title,
        (),
    )


# --------------------------------------------------------------------------- related


def briefing_for(
    articles: Sequence[Article], people: Sequence[str], places: Sequence[str]
) -> Briefing:
    base = compare_story(group_stories(list(articles))[0])
    return dataclasses.replace(
        base,
        people=tuple(entity(name) for name in people),
        places=tuple(dataclasses.replace(entity(name), kind="place") for name in places),
    )


def test_related_stories_share_telling_names_not_ubiquitous_ones() -> None:
    flood = briefing_for([FLOOD_1], ["Arno Halvorsen", "Ines Calder"], ["Valmora", "Lenne"])
    later = briefing_for([FLOOD_2], ["Arno Halvorsen", "Ines Calder"], ["Valmora"])
    strike = briefing_for([STRIKE_1], ["Arno Halvorsen", "Tomas Brennan"], ["Portsea"])
    found = relate([flood, later, strike])
    assert found[0].related == (later.story.story_id,)
    assert found[2].related == ()


# --------------------------------------------------------------------------- seeds


@pytest.fixture(scope="session")
def seed_briefing(tmp_path_factory: pytest.TempPathFactory) -> Briefing:
    """The seed articles through the real pipeline, once per test session."""
    from generator.pipeline import build

    folder = tmp_path_factory.mktemp("seeds") / "source_articles"
    folder.mkdir()
    for path in sorted(SEEDS.glob("*.txt")):
        shutil.copyfile(path, folder / path.name)
    result = build(Settings(source_dir=folder, out_dir=folder.parent / "docs", cache_path=None))
    assert len(result.briefings) == 1, [b.story.story_id for b in result.briefings]
    return result.briefings[0]


SEED_000, SEED_001 = "000_d9f526054b0b5b27.txt", "001_17da621c824fbe21.txt"


def test_seeds_form_one_story_with_both_sources(seed_briefing: Briefing) -> None:
    sources = [str(a.source) for a in seed_briefing.story.articles]
    assert sorted(sources) == [SEED_000, SEED_001]
    assert seed_briefing.story.story_id.startswith("2024-01-19-mexico-tells-us")
    assert seed_briefing.title.startswith("Mexico tells the US it will help")


def test_seed_000_takes_the_story_date_marked_inferred(seed_briefing: Briefing) -> None:
    dated = {str(a.source): (a.meta.date, a.meta.date_basis) for a in seed_briefing.story.articles}
    assert dated[SEED_000] == (D(2024, 1, 19), "inferred")
    assert dated[SEED_001] == (D(2024, 1, 19), "explicit")


@pytest.mark.parametrize("words", ["great progress", "area of", "poisoning the blood"])
def test_seed_quotes_in_both_sources_are_merged(seed_briefing: Briefing, words: str) -> None:
    matching = [q for q in seed_briefing.quotes if any(words in w for _s, w in q.variants)]
    assert len(matching) == 1, matching
    assert sorted(matching[0].sources) == [SEED_000, SEED_001]


def test_seed_blinken_quotes_are_blinkens(seed_briefing: Briefing) -> None:
    for words in ("great progress", "area of"):
        (found,) = [q for q in seed_briefing.quotes if any(words in w for _s, w in q.variants)]
        assert found.speaker == "Antony Blinken"


def test_seed_coverage_says_what_each_source_adds(seed_briefing: Briefing) -> None:
    rows = {row.source: " | ".join(row.adds) for row in seed_briefing.coverage}
    for expected in ("520,000", "2.4 million", "Alejandro Mayorkas", "Sherwood Randall"):
        assert expected in rows[SEED_000]
    for expected in ("242,000", "Greg Abbott", "Robert Frost", "drowned"):
        assert expected in rows[SEED_001]
    assert "242,000" not in rows[SEED_000] and "Mayorkas" not in rows[SEED_001]


def test_seed_timeline(seed_briefing: Briefing) -> None:
    entries = {(e.date, e.sources) for e in seed_briefing.timeline}
    assert (D(2023, 12, 27), (SEED_001, SEED_000)) in entries
    assert any(date == D(2024, 1, 12) for date, _sources in entries)  # "last Friday"
    assert all(len(e.text) <= 170 for e in seed_briefing.timeline)
    assert not any("First change" in e.text for e in seed_briefing.timeline)


@given(st.text(max_size=30))
def test_fold_is_unidecode_lowered_and_spaced(text: str) -> None:
    from generator.stories.compare import fold

    assert fold(text) == " ".join(unidecode(text).lower().split())


_FIGURE = st.builds(
    StoryFigure,
    value=st.sampled_from([0.0, 1.0, 2.0, 3.0, 10.0]),
    text=st.just("x"),
    unit=st.sampled_from([None, "boats", "boat", "euros", "Boats"]),
    qualifier=st.none(),
    period=st.sampled_from([None, "today", "last year"]),
    reported_by=st.sampled_from([None, "police", "the army"]),
    sentence=st.sampled_from(["", "boats sank near the coast", "euros paid to coast guard", "a"]),
    sources=st.sampled_from([("a.txt",), ("b.txt",), ("a.txt", "b.txt"), ("c.txt",)]),
)


@given(st.lists(_FIGURE, max_size=12))
def test_disagreements_pair_exactly_the_figures_every_pair_would(
    figures: list[StoryFigure],
) -> None:
    """Issue 20: figures are paired within buckets (unit, sources, shared words, close
    sole counts), never all with all; the pairs found are those the test of every pair
    finds, sole counts (issue 18) included."""
    units: dict[str, list[int]] = {}
    for index, figure in enumerate(figures):
        if figure.unit:
            units.setdefault(unit_key(figure.unit), []).append(index)
    sole = {i for members in units.values() for i in sole_counts(figures, members)}
    every = {
        (i, j)
        for i in range(len(figures))
        for j in range(i + 1, len(figures))
        if same_quantity(figures[i], figures[j], None, i in sole and j in sole)
    }
    assert set(_quantity_pairs(figures)) == every


def test_outlets_are_not_the_storys_organisations() -> None:
    from generator.stories import outlets

    registry = outlets.Registry(outlets.shipped())
    assert registry.by_name("AFP") is not None  # a shipped outlet
    found = (
        StoryEntity("AFP", "organisation", None, (), ("a.txt",), 2),
        StoryEntity("US Border Patrol", "organisation", None, (), ("a.txt",), 2),
        StoryEntity("Mexico", "place", None, (), ("a.txt",), 2),
    )
    kept = not_outlets(found, [FLOOD_1], registry)
    assert [entity.name for entity in kept] == ["US Border Patrol", "Mexico"]
    # A story about the outlet keeps it.
    about = dataclasses.replace(
        FLOOD_1, meta=dataclasses.replace(FLOOD_1.meta, title="AFP opens a bureau in Lagos")
    )
    assert [entity.name for entity in not_outlets(found, [about], registry)][0] == "AFP"


def test_figures_say_what_they_count_and_resolve_relative_periods() -> None:
    sentence = "Last Friday, a woman and two children drowned while crossing the river."
    one = dataclasses.replace(
        FLOOD_1,
        meta=dataclasses.replace(FLOOD_1.meta, date=datetime.date(2024, 1, 19)),
        figures=(figure(2, "two children", "children", "Last Friday", None, sentence),),
    )
    (found,), _ = merge_figures([one])
    assert found.what == "Last Friday, a woman and two children drowned"
    assert found.period == "Last Friday (12 January 2024)"
