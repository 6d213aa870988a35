"""Timeline rules: dates in the text, resolved against the article's date; short event texts."""

from __future__ import annotations

import dataclasses
import datetime

import pytest

from generator.stories.timeline import event_text, find_dates, find_events, story_timeline
from tests.test_group import make_article

D = datetime.date
FRIDAY = D(2024, 1, 19)  # a Friday


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        # explicit dates
        ("He went to Mexico City on December 27.", FRIDAY, [("December 27", D(2023, 12, 27))]),
        ("On Dec. 27, 2022 he left.", FRIDAY, [("Dec. 27, 2022", D(2022, 12, 27))]),
        ("Talks resume on January 23rd.", FRIDAY, [("January 23rd", D(2024, 1, 23))]),
        ("The visit on 13 July was confirmed.", D(2018, 4, 26), [("13 July", D(2018, 7, 13))]),
        ("on the 13th of July", D(2018, 4, 26), [("13th of July", D(2018, 7, 13))]),
        ("July 13 was confirmed.", D(2018, 4, 26), [("July 13", D(2018, 7, 13))]),
        ("Filed 2023-11-02 in court.", FRIDAY, [("2023-11-02", D(2023, 11, 2))]),
        ("No date without a reference: March 3.", None, []),
        ("Explicit years need none: March 3, 2021.", None, [("March 3, 2021", D(2021, 3, 3))]),
        # month precision
        ("Arrests fell in September 2023.", FRIDAY, [("in September 2023", D(2023, 9, 1))]),
        ("Theresa May 2018 budget", FRIDAY, []),
        ("February 30 is no date.", FRIDAY, []),
        # weekdays and relative days
        ("Last Friday, two children drowned.", FRIDAY, [("Last Friday", D(2024, 1, 12))]),
        ("He said so on Thursday.", FRIDAY, [("on Thursday", D(2024, 1, 18))]),
        ("They met on Friday in Washington.", FRIDAY, [("on Friday", FRIDAY)]),
        ("They will meet again on Tuesday.", FRIDAY, [("on Tuesday", D(2024, 1, 23))]),
        ("Talks continue next Monday.", FRIDAY, [("next Monday", D(2024, 1, 22))]),
        ("“It will pass,” she said on Monday.", FRIDAY, [("on Monday", D(2024, 1, 15))]),
        ("The vote was yesterday.", FRIDAY, [("yesterday", D(2024, 1, 18))]),
        ("Weekdays need a reference: on Friday.", None, []),
    ],
)
def test_find_dates(
    text: str, reference: datetime.date | None, expected: list[tuple[str, datetime.date]]
) -> None:
    assert [(m.expression, m.date) for m in find_dates(text, reference)] == expected


def test_month_precision_is_marked() -> None:
    (match,) = find_dates("It began in March 2022.", FRIDAY)
    assert match.precision == "month"


@pytest.mark.parametrize(
    ("sentence", "expression", "text"),
    [
        (
            "Last Friday, a woman and two children drowned while trying to cross the river "
            "without officials being able to reach the site.",
            "Last Friday",
            "Last Friday, a woman and two children drowned",
        ),
        (
            "Mr. Blinken traveled to Mexico City on December 27 where he spoke with the "
            "president, announcing progress in managing the border.",
            "December 27",
            "Mr. Blinken traveled to Mexico City on December 27",
        ),
        (
            "Washington (AFP) – The foreign minister told the United States at a meeting in "
            "Washington on Friday that her country would help.",
            "on Friday",
            "The foreign minister told the United States at a meeting in Washington on "
            "Friday that her country would help.",
        ),
        (
            "WASHINGTON — Stock prices rose sharply across Asian markets on Monday; traders "
            "blamed the weather.",
            "on Monday",
            "Stock prices rose sharply across Asian markets on Monday",
        ),
    ],
)
def test_event_text_is_the_clause(sentence: str, expression: str, text: str) -> None:
    start = sentence.index(expression)
    assert event_text(sentence, start, start + len(expression)) == text


def test_event_text_is_short() -> None:
    sentence = "On Friday " + "the committee discussed a long list of items " * 20 + "."
    text = event_text(sentence, 0, 9)
    assert len(text) <= 162 and text.startswith("On Friday") and text.endswith("…")


def test_date_stamps_the_cleaner_keeps_are_not_events() -> None:
    article = make_article(
        "a.txt",
        "Headline",
        "First change: January 19, 2024 – 9:21 p.m. Last change: January 18, 2024\n\n"
        "The talks ended on Friday.",
        FRIDAY,
    )
    stamped = article.clean
    article = dataclasses.replace(
        article, clean=dataclasses.replace(stamped, stamps=(stamped.blocks[0].text,))
    )
    assert [(e.date, e.expression) for e in find_events(article, FRIDAY)] == [(FRIDAY, "on Friday")]


def test_story_timeline_merges_one_event_across_sources() -> None:
    one = make_article(
        "one.txt",
        "Talks in Washington",
        "Blinken traveled to Mexico City on December 27 to meet the president.\n\n"
        "The ministers met in Washington on Friday to discuss migration.",
        FRIDAY,
    )
    two = make_article(
        "two.txt",
        "Talks on migration",
        "This was a follow-up to the December 27 meeting in Mexico, Bárcena said.\n\n"
        "Ministers met on Friday in Washington to discuss migration and the border.\n\n"
        "Two children drowned last Friday.",
        None,
    )
    two = dataclasses.replace(two, meta=dataclasses.replace(two.meta, date=FRIDAY))
    entries = story_timeline([one, two])
    assert [(e.date, e.sources) for e in entries] == [
        (D(2023, 12, 27), ("one.txt", "two.txt")),
        (D(2024, 1, 12), ("two.txt",)),
        (FRIDAY, ("one.txt", "two.txt")),
    ]
    assert (
        entries[0].text == "Blinken traveled to Mexico City on December 27 to meet the president."
    )


def test_one_clause_per_date_and_source() -> None:
    article = make_article(
        "a.txt",
        "Headline",
        "The summit opened on Friday in Lisbon.\n\nLeaders signed a pact on Friday evening.",
        FRIDAY,
    )
    entries = story_timeline([article])
    assert [(e.date, e.text) for e in entries] == [
        (FRIDAY, "The summit opened on Friday in Lisbon.")
    ]


def test_month_entries_keep_their_precision() -> None:
    article = make_article(
        "a.txt", "H", "Crossings fell in September 2023, officials said.", FRIDAY
    )
    (entry,) = story_timeline([article])
    assert (entry.date, entry.precision) == (D(2023, 9, 1), "month")
