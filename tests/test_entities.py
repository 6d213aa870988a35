"""Entities: table tests on hand-written snippets, with and without the spaCy model."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

import pytest

from generator.extract import nlp
from generator.extract.entities import (
    find_mentions,
    name_key,
    normalise_place,
    resolve_story_entities,
)
from generator.model import Article, Mention
from tests.eval.textkit import clean_from_text, meta_for


@pytest.fixture(scope="session")
def english() -> Any:
    model = nlp.load_nlp()
    if model is None:
        pytest.skip(nlp.model_problem() or "no model")
    return model


def mentions_of(text: str, model: Any, name: str = "a.txt") -> tuple[Mention, ...]:
    clean = clean_from_text(text, name)
    doc = model(clean.body) if model is not None else None
    return find_mentions(clean, doc, meta_for(clean))


def by_name(mentions: tuple[Mention, ...]) -> dict[str, Mention]:
    return {m.name: m for m in mentions}


ARTICLE = """\
US Secretary of State Antony Blinken met his Mexican counterpart Alicia Bárcena
in Washington on Friday.

Mr. Blinken said the talks went well. Bárcena said Mexico would help.

Blinken's aides said the US and the United States Border Patrol would share data.
"""


def test_roles_surnames_and_possessives(english: Any) -> None:
    found = by_name(mentions_of(ARTICLE, english))
    assert found["Antony Blinken"].kind == "person"
    assert found["Antony Blinken"].role == "US Secretary of State"
    assert found["Antony Blinken"].count >= 3
    assert "Blinken" in found["Antony Blinken"].aliases
    assert found["Alicia Bárcena"].kind == "person"
    assert "Bárcena" not in found  # joined to the full name
    assert found["United States"].kind == "place"
    assert found["Washington"].kind == "place"


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        (
            "Guatemala's new president, Bernardo Arévalo, took office.",
            "Bernardo Arévalo",
            "President of Guatemala",
        ),
        (
            "The city is negotiating with the Republican Governor of Texas, Greg Abbott.",
            "Greg Abbott",
            "Republican Governor of Texas",
        ),
        (
            "In a letter, Stephen E. Boyd, an assistant attorney general, wrote to them.",
            "Stephen E. Boyd",
            "assistant attorney general",
        ),
        (
            "Mexican Foreign Minister Alicia Barcena arrived late on Friday.",
            "Alicia Barcena",
            "Mexican Foreign Minister",
        ),
    ],
)
def test_roles_from_the_text(english: Any, text: str, name: str, role: str) -> None:
    found = by_name(mentions_of(text, english))
    assert found[name].role == role


def test_credit_lines_are_not_people(english: Any) -> None:
    text = "The talks began in Mexico City on Monday.\n\nPHOTO CLIFF OWEN, ASSOCIATED PRESS\n"
    names = {m.name for m in mentions_of(text, english)}
    assert "Cliff Owen" not in names
    assert "CLIFF OWEN" not in names


def test_salvador_in_a_country_list_is_el_salvador(english: Any) -> None:
    text = "Migrants come mainly from Honduras, Guatemala, Salvador and Haiti, officials said."
    names = {m.name for m in mentions_of(text, english)}
    assert "El Salvador" in names
    assert normalise_place("Salvador") == "Salvador"  # not without a country list


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("US", "United States"),
        ("U.S.", "United States"),
        ("the United States", "United States"),
        ("Britain", "United Kingdom"),
        ("Mexico", "Mexico"),
    ],
)
def test_place_normalisation(written: str, canonical: str) -> None:
    assert normalise_place(written) == canonical


def test_fold() -> None:
    assert name_key("Bárcena") == name_key("Barcena") == "barcena"
    assert name_key("U.S.") == name_key("US")


def test_without_model_falls_back_to_rules() -> None:
    found = by_name(mentions_of(ARTICLE, None))
    assert "Antony Blinken" in found
    assert found["Antony Blinken"].kind == "person"
    assert found["United States"].kind == "place"
    assert mentions_of("", None) == ()


def test_sorted_and_deterministic(english: Any) -> None:
    first = mentions_of(ARTICLE, english)
    assert first == mentions_of(ARTICLE, english)
    order = {"person": 0, "place": 1, "organisation": 2}
    keys = [(order[m.kind], -m.count, m.name) for m in first]
    assert keys == sorted(keys)


def _article(name: str, mentions: tuple[Mention, ...]) -> Article:
    clean = clean_from_text("Text.", name)
    return Article(source=PurePosixPath(name), meta=meta_for(clean), clean=clean, mentions=mentions)


def test_story_entities_merge_variants() -> None:
    a = _article(
        "a.txt",
        (
            Mention("Alicia Barcena", "person", "Mexican Foreign Minister", (), 2),
            Mention("Andrés Manuel Lopez Obrador", "person", "Mexican President", (), 1),
            Mention("Mexico", "place", None, (), 3),
        ),
    )
    b = _article(
        "b.txt",
        (
            Mention("Alicia Bárcena", "person", None, ("Bárcena",), 5),
            Mention("Andrés Manuel López Obrador", "person", "President", (), 1),
            Mention("Mexico", "place", None, (), 9),
            Mention("Bob Goodlatte", "person", None, (), 1),
        ),
    )
    c = _article("c.txt", (Mention("Robert W. Goodlatte", "person", "Representative", (), 1),))
    story = {e.name: e for e in resolve_story_entities([a, b, c])}
    barcena = story["Alicia Bárcena"]
    assert barcena.sources == ("a.txt", "b.txt")
    assert barcena.count == 7
    assert barcena.role == "Mexican Foreign Minister"
    assert "Alicia Barcena" in barcena.aliases
    assert story["Andrés Manuel López Obrador"].count == 2
    assert story["Mexico"].sources == ("a.txt", "b.txt")
    assert story["Robert W. Goodlatte"].sources == ("b.txt", "c.txt")
    assert resolve_story_entities([]) == ()


def test_story_keeps_father_and_son_apart() -> None:
    a = _article(
        "a.txt",
        (
            Mention("Donald Trump", "person", "President", ("Trump",), 9),
            Mention("Donald Trump Jr.", "person", None, ("Trump Jr.",), 1),
        ),
    )
    b = _article("b.txt", (Mention("Trump", "person", None, (), 4),))
    story = {e.name: e for e in resolve_story_entities([a, b])}
    assert story["Donald Trump"].count == 13
    assert story["Donald Trump Jr."].count == 1


def test_captions_are_read_but_credits_are_not(english: Any) -> None:
    from generator.model import ImageCredit

    clean = clean_from_text("Officials met in Mexico City on Monday to discuss migration.")
    clean = type(clean)(
        clean.path,
        clean.headline,
        clean.blocks,
        images=(
            ImageCredit(
                "PHOTO LUIS ACOSTA, AGENCE FRANCE-PRESSE",
                "Migrants walk near the village of Bajo Chiquito in Panama.",
                3,
            ),
        ),
    )
    found = {m.name for m in find_mentions(clean, english(clean.body), meta_for(clean))}
    assert {"Bajo Chiquito", "Panama", "Mexico City"} <= found
    assert "Luis Acosta" not in found


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        (
            "Representative Elijah Cummings, the top Democrat on the committee, disagreed.",
            "Elijah Cummings",
            "Representative",
        ),
        (
            "Brad Parscale, the campaign's manager, called it a sham on Friday.",
            "Brad Parscale",
            "campaign's manager",
        ),
        (
            "Committee Chairman Bob Goodlatte, Oversight Chairman Trey Gowdy and others wrote.",
            "Bob Goodlatte",
            "Committee Chairman",
        ),
    ],
)
def test_more_roles(english: Any, text: str, name: str, role: str) -> None:
    found = by_name(mentions_of(text, english))
    assert found[name].role == role


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("Thousands of Londoners marched in London on Saturday.", "Londoners"),
        ("“NO COLLUSION. WOW!” the president wrote on Sunday.", "WOW"),
        ("He visited Mar-a-Lago in Florida with aides last week.", "Mar"),
    ],
)
def test_not_entities(english: Any, text: str, absent: str) -> None:
    assert absent not in {m.name for m in mentions_of(text, english)}


ODD_TEXTS = [
    "",
    "\u201c",
    '" " "',
    "1/2\n\n3 minutes\n\n2024",
    "Le président Emmanuel Macron a déclaré : « Nous allons agir », selon l'AFP.",
    "Бундесканцлер Олаф Шольц заявил, что 1 000 человек погибли.",
    "“Unclosed quotation at the end of the article, said nobody",
    "'''' ’’’ ‘‘ “”“” ,,, ...",
    "$ % € 10-year-old 3rd No. 5 page 7 of 12 9:30 a.m.",
    "A" * 5000,
]


@pytest.mark.parametrize("text", ODD_TEXTS)
@pytest.mark.parametrize("use_model", [False, True])
def test_extractors_never_crash(english: Any, text: str, use_model: bool) -> None:
    from generator.extract.figures import find_figures
    from generator.extract.quotes import find_quotes
    from generator.extract.summarise import find_tags, split_sentences, summarise_article

    clean = clean_from_text(text)
    doc = english(clean.body) if use_model else None
    meta = meta_for(clean, language="fr")
    mentions = find_mentions(clean, doc, meta)
    figures = find_figures(clean, doc, mentions)
    find_quotes(clean, doc, mentions)
    sentences = split_sentences(clean, doc)
    summary, points = summarise_article(clean, sentences, mentions, figures, meta)
    assert all(sentence in clean.body for sentence in (*summary, *points))
    article = Article(source=PurePosixPath("odd.txt"), meta=meta, clean=clean, mentions=mentions)
    resolve_story_entities([article])
    find_tags([article])


@pytest.mark.parametrize("model", [False, True])
def test_a_capitals_dateline_before_its_date_is_a_place(model: bool, english: Any) -> None:
    text = (
        "Ferry service resumes after storm\n\n"
        "TALLINN 2024-03-02 Ferries between the two ports sailed again on Saturday after "
        "a storm kept them in harbour for three days, the operator said.\n\n"
        "KALMAR, 3 March 2024 Passengers waited for hours at the terminal."
    )
    found = by_name(mentions_of(text, english if model else None))
    assert found["Tallinn"].kind == "place"
    assert found["Kalmar"].kind == "place"


def test_teams_in_a_results_table_are_organisations(english: Any) -> None:
    text = (
        "Hockey results\n\n"
        "Northern league standings after Sunday's games (played, won, lost, points): "
        "Dunmore 6 5 1 15 Kelso 6 4 2 12 Brackley 6 3 3 9 Harlow 6 1 5 3 "
        "Top scorer K. Ashdown 11."
    )
    found = by_name(mentions_of(text, english))
    for team in ("Dunmore", "Kelso", "Brackley", "Harlow"):
        assert found[team].kind == "organisation", team
    assert found["K. Ashdown"].kind == "person"


def test_a_place_that_beats_another_is_a_team_and_a_country_stays_a_place(english: Any) -> None:
    text = (
        "Cricket\n\n"
        "Lancashire beat Somerset by six wickets at Taunton on Friday. "
        "In the other match, Portugal drew with Spain in Lisbon."
    )
    found = by_name(mentions_of(text, english))
    assert found["Lancashire"].kind == "organisation"
    assert found["Somerset"].kind == "organisation"
    assert found["Portugal"].kind == "place"


def test_a_news_agency_told_something_is_an_organisation(english: Any) -> None:
    text = (
        "Port reopens\n\n"
        "The port of Varna reopened on Monday, its director Ivan Petrov told Reuters. "
        "Ships queued outside the harbour for two days, Petrov said."
    )
    found = by_name(mentions_of(text, english))
    assert found["Reuters"].kind == "organisation"
    assert found["Ivan Petrov"].kind == "person"


def test_nationalities_from_the_gazetteer_are_not_people(english: Any) -> None:
    text = (
        "Talks resume\n\n"
        "Tajik and Rwandan delegates met in Geneva on Monday, said Amina Diallo, who "
        "chairs the talks. The Tajik delegation left early."
    )
    found = by_name(mentions_of(text, english))
    assert "Tajik" not in found and "Rwandan" not in found
    assert found["Amina Diallo"].kind == "person"
