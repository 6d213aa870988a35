"""Key figures: (snippet, expected) table tests, with and without the spaCy model."""

from __future__ import annotations

from typing import Any

import pytest

from generator.extract.figures import find_figures
from generator.model import Figure
from tests.eval.textkit import clean_from_text


def figures_of(text: str, model: Any) -> tuple[Figure, ...]:
    clean = clean_from_text(text)
    doc = model(clean.body) if model is not None else None
    return find_figures(clean, doc, ())


@pytest.mark.parametrize(
    ("text", "value", "unit", "qualifier", "period", "reported_by"),
    [
        (
            "A record of more than 520,000 migrants crossed the Darien jungle in 2023, "
            "according to the Panamanian government.",
            520000.0,
            "migrants",
            "more than",
            "in 2023",
            "Panamanian government",
        ),
        (
            "Between October 2022 and September 2023, some 2.4 million migrants crossed the "
            "southern border, according to the U.S. Border Patrol.",
            2400000.0,
            "migrants",
            "some",
            "Between October 2022 and September 2023",
            "US Border Patrol",
        ),
        (
            "With more than 3,000 km of border with the United States, Mexico is a transit "
            "country.",
            3000.0,
            "km",
            "more than",
            None,
            None,
        ),
        (
            "Agents intercepted migrants more than 242,000 times last November.",
            242000.0,
            "times",
            "more than",
            "last November",
            None,
        ),
        (
            "Last Friday, a Mexican woman and two children drowned in the river.",
            2.0,
            "children",
            None,
            "Last Friday",
            None,
        ),
        ("The plan costs $25 billion over a decade.", 25e9, "dollars", None, None, None),
        ("Tariffs of 25 percent on steel took effect.", 25.0, "%", None, None, None),
    ],
)
def test_news_figures(
    model: Any,
    text: str,
    value: float,
    unit: str,
    qualifier: str | None,
    period: str | None,
    reported_by: str | None,
) -> None:
    found = [f for f in figures_of(text, model) if f.value == value]
    assert found, figures_of(text, model)
    figure = found[0]
    assert figure.unit == unit
    assert figure.qualifier == qualifier
    assert figure.period == period
    assert figure.reported_by == reported_by
    assert figure.sentence == text
    assert figure.line == 1


@pytest.mark.parametrize(
    "text",
    [
        "The meeting took place on January 19, 2024 at 9:21 p.m. in Washington.",
        "Both countries are in an election year since 2023.",
        "Slide 1/2 shows the two leaders.",
        "One of the officials said three weeks had passed.",
        "The 45-year-old minister visited two countries.",
        "He was the first to speak, on page 3 of the report.",
        "Jane Doe, 45, said she would vote.",
        "The talks were held at 10 Downing Street.",
    ],
)
def test_not_figures(model: Any, text: str) -> None:
    assert figures_of(text, model) == ()


def test_line_of_later_paragraph(model: Any) -> None:
    text = "First paragraph without numbers.\n\nPolice said 14 people were killed."
    (figure,) = figures_of(text, model)
    assert (figure.value, figure.unit, figure.line) == (14.0, "people", 3)
    assert figure.reported_by == "Police"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "A quake killed at least 2,000 people and injured 300 on Monday, the health "
            "ministry said.",
            [
                (2000.0, "people", "at least", "health ministry"),
                (300.0, "injured", None, "health ministry"),
            ],
        ),
        (
            "Police arrested 12 protesters and three journalists.",
            [(12.0, "protesters", None, None), (3.0, "journalists", None, None)],
        ),
        (
            "Last year, tens of thousands of demonstrators marched in London.",
            [(20000.0, "demonstrators", None, None)],
        ),
        (
            "Germany accounted for about 5 percent, according to an American Iron and Steel "
            "Institute analysis of government data.",
            [(5.0, "%", "about", "American Iron and Steel Institute")],
        ),
        ("The 66-page complaint names a 28-member bloc and two countries.", []),
        ("“We and thousands of our supporters will be there,” she said.", []),
    ],
)
def test_news_value_rule(model: Any, text: str, expected: list[tuple[Any, ...]]) -> None:
    found = [(f.value, f.unit, f.qualifier, f.reported_by) for f in figures_of(text, model)]
    assert found == expected


def test_repeated_value_is_one_figure(model: Any) -> None:
    text = "A 25 percent tariff on steel.\n\nThe 25 percent tariffs start on Tuesday."
    assert len(figures_of(text, model)) == 1


def test_casualty_verb_gives_the_unit(model: Any) -> None:
    text = "The quake killed at least 1,200 people and injured more than 3,500, officials said."
    found = {(f.value, f.unit, f.qualifier) for f in figures_of(text, model)}
    assert found == {(1200.0, "people", "at least"), (3500.0, "injured", "more than")}
