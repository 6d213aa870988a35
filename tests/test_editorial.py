"""The editorial rules of a briefing's text sections (issue 17): table tests per rule,
then a whole story."""

from __future__ import annotations

import dataclasses
import datetime
from pathlib import PurePosixPath

import pytest

from generator.extract.summarise import split_sentences
from generator.model import Article, Mention
from generator.stories import editorial
from tests.eval.textkit import clean_from_text, meta_for

FRIDAY = datetime.date(2024, 1, 19)


@pytest.mark.parametrize(
    ("text", "earlier", "expected"),
    [
        ("Mr. Blinken traveled to Mexico City on December 27.", "", True),
        ("He said the talks went well.", "", True),
        ("These close meetings show the desire of the government.", "", True),
        ("For his part, the former president attacked migrants.", "", True),
        ("In this sense, the minister counts on Guatemala.", "", True),
        (
            "The decision, which came late, surprised allies.",
            "The president decided to wait.",
            True,
        ),
        ("The decision, which came late, surprised allies.", "", False),
        ("The United States and Mexico pledged to work together.", "", False),
        ("The Trump administration said it would delay the tariffs.", "It did.", False),
        ("The two governments will meet again.", "The governments met.", False),
        ("The extension reflects concerns.", "Tariffs were extended.", True),
        ("Mexico's foreign minister said the talks went well.", "", False),
    ],
)
def test_opens_on_reference(text: str, earlier: str, expected: bool) -> None:
    assert editorial.opens_on_reference(text, earlier) is expected


def test_bare_surnames() -> None:
    people = (
        Mention("Joe Biden", "person", aliases=("Biden",)),
        Mention("Barack Obama", "person", aliases=("Obama",)),
        Mention("Mexico", "place"),
    )
    assert editorial.bare_surnames("Biden could face his predecessor.", people) == ["Joe Biden"]
    assert editorial.bare_surnames("Joe Biden met Biden's aides.", people) == []
    # An adjectival use names an administration, not the person.
    assert editorial.bare_surnames("The Obama administration agreed.", people) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("In what appears to be a desperate attempt, the party sued.", True),
        ("The move is clearly a mistake.", True),
        ("We should all be worried about the border.", True),
        ("Is this the end of the deal?", True),
        ("“We will help,” the minister said.", False),
        ("The president announced tariffs on steel on Monday.", False),
        ("Officials said the talks “appear to be” going well.", False),
    ],
)
def test_opinion(text: str, expected: bool) -> None:
    assert editorial.opinion(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr. Blinken traveled to Mexico City on December 27.", True),
        ("Trump has long criticized the 2015 agreement.", True),
        ("The ministers met in Washington on Friday.", False),
        ("The ministers met in Washington on Friday, after talks on December 27.", False),
        ("Elections will be held in June.", False),
        ("The party was founded in 1999.", True),
    ],
)
def test_is_background(text: str, expected: bool) -> None:
    assert editorial.is_background(text, FRIDAY) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Presidential elections are scheduled in Mexico in June.", True),
        ("Officials are also expected to discuss smuggling networks.", True),
        ("The ministers will meet again next month.", True),
        ("The ministers meet again on January 30.", True),
        ("The leader showed plans to develop atomic weapons.", False),
        ("“We will win,” she said on Friday.", False),
        ("An extension had been widely expected by markets.", False),
    ],
)
def test_is_forward(text: str, expected: bool) -> None:
    assert editorial.is_forward(text, FRIDAY) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("in the fight", False),
        ("show solidarity with them.", False),
        ("a follow-up meeting", False),
        ("the path less traveled.", False),
        ("address the factors that contribute to irregular migration", False),
        ("the operational functioning between our two governments, on what works", False),
        ("It's not just a problem for us", True),
        ("We want to help and support this great task", True),
        ("opens an important new area of cooperation on migration", True),
        ("No major announcements are expected from the meeting", True),
    ],
)
def test_is_statement(text: str, expected: bool) -> None:
    assert editorial.is_statement(text) is expected


def test_same_remark() -> None:
    whole = (
        "We have made great progress and look forward to taking stock of this today, as well "
        "as considering additional steps we can take together to advance our shared goal"
    )
    piece = "We look forward to reviewing this today and considering further steps together"
    assert editorial.same_remark(piece, whole)
    assert not editorial.same_remark("It's not just a problem for us", whole)


def test_figure_what_is_the_clause_that_holds_it() -> None:
    sentence = (
        "Authorities intercepted migrants at the border more than 242,000 times last "
        "November, according to the Border Patrol."
    )
    what = editorial.figure_what("more than 242,000 times", sentence)
    assert what is not None
    assert what.startswith("Authorities intercepted migrants at the border")
    assert what in sentence
    assert editorial.figure_what("42 ships", sentence) is None
    long = "Officials said that " + "a great many things happened, " * 8 + "with 12 ships lost."
    cut = editorial.figure_what("12 ships", long)
    assert cut is not None and len(cut) <= editorial.WHAT_LIMIT + 2 and "12 ships" in cut


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("Last Friday", "Last Friday (12 January 2024)"),
        ("last November", "last November (November 2023)"),
        ("in 2023", "in 2023"),
        ("on Friday", "on Friday"),  # the article's own day: nothing to add
        (None, None),
    ],
)
def test_resolve_period(period: str | None, expected: str | None) -> None:
    assert editorial.resolve_period(period, FRIDAY) == expected


def test_within_budget_drops_points_first() -> None:
    sentence = " ".join(["word"] * 40)
    summary = [sentence] * 3
    points = [sentence] * 6
    kept = editorial.within_budget(summary, points, [sentence] * 2, [sentence] * 2)
    assert len(kept[1]) >= 1
    assert editorial.words([w for part in kept for w in part]) <= editorial.WORDS_ABOVE
    assert kept[0] == summary


STORY_A = """\
WASHINGTON — The United States and Mexico agreed on Friday to open three new border crossings
for trade, at talks in Washington between the two governments.

Secretary of State Ann Smith traveled to Mexico City on December 27 to prepare the talks.

Mr. Smith said the border crossings would open to trucks within weeks.

The two governments will meet again in Mexico City on February 20 to sign the border accord.

In what appears to be a desperate attempt, the government tried to please voters.
"""

STORY_B = """\
Mexico and the United States agreed on Friday in Washington to open three new crossings on their
border for trade between the two countries.

The ministers also agreed that customs officers of both countries would work side by side at the
new border crossings.

Trade across the border between Mexico and the United States reached a record in 2023, customs
officers of both countries said at the talks.
"""


def _article(name: str, text: str, headline: str) -> Article:
    clean = clean_from_text(text, name, headline)
    meta = dataclasses.replace(meta_for(clean), title=headline, date=FRIDAY)
    return Article(
        source=PurePosixPath(name),
        meta=meta,
        clean=clean,
        sentences=split_sentences(clean, None),
        mentions=(
            Mention("United States", "place", None, (), 3),
            Mention("Mexico", "place", None, (), 3),
            Mention("Ann Smith", "person", None, ("Smith", "Mr. Smith"), 2),
        ),
    )


def test_brief_story_sections() -> None:
    a = _article("a.txt", STORY_A, "US and Mexico agree to open three border crossings")
    b = _article("b.txt", STORY_B, "Mexico and US open three new border crossings")
    brief = editorial.brief_story([a, b])
    bodies = a.clean.body + "\n" + b.clean.body
    every = [*brief.summary, *(t for _s, t in brief.key_points), *brief.context, *brief.next]
    for sentence in every:
        assert sentence in bodies  # verbatim
    assert len(every) == len(set(every))  # each said once
    assert brief.summary and not brief.summary[0].startswith("Mr.")
    assert not any("appears" in sentence for sentence in every)  # the outlet's opinion
    # Background and what is to come are never key points: the bottom line (which
    # lowers them, but a two-source story has few candidates) or their own sections.
    points = [text for _source, text in brief.key_points]
    assert not any("December 27" in sentence or "February 20" in sentence for sentence in points)
    assert any("December 27" in sentence for sentence in (*brief.summary, *brief.context))
    assert brief == editorial.brief_story([a, b])  # deterministic
