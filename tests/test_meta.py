"""Table tests for the metadata cascade, and the seeds' "Sources" table."""

from __future__ import annotations

import datetime
from pathlib import Path, PurePosixPath

import pytest

from generator.extract import meta
from generator.extract.clean import clean_article
from generator.extract.meta import extract_meta
from generator.model import ArticleMeta, RawArticle, SourceMeta
from generator.sources.read import decode_source

SEEDS = Path(__file__).parent / "cases_clean" / "seeds"
D = datetime.date

LEDE = (
    "Negotiators from both sides met again after a pause of three weeks and said they had "
    "made progress on the most difficult questions, officials said."
)
MORE = (
    "The ceasefire has held since December, although both sides reported incidents along "
    "the line of contact near the river on several nights."
)


def run(text: str, name: str = "a.txt", source_meta: SourceMeta | None = None) -> ArticleMeta:
    fmt = "md" if name.endswith(".md") else "txt"
    raw = RawArticle(PurePosixPath(name), text, meta=source_meta or SourceMeta(), fmt=fmt)
    return extract_meta(raw, clean_article(raw))


# --------------------------------------------------------------------------- the seeds


@pytest.mark.parametrize(
    ("name", "title", "outlet", "dateline", "date", "basis"),
    [
        (
            "000_d9f526054b0b5b27.txt",
            "Meeting between Washington and Mexico to fight against illegal immigration",
            None,
            "Washington",
            None,
            "unknown",
        ),
        (
            "001_17da621c824fbe21.txt",
            'Mexico tells the US it will help "battle" against irregular migration',
            "AFP",
            "Washington",
            D(2024, 1, 19),
            "explicit",
        ),
    ],
)
def test_seed_sources_table(
    name: str, title: str, outlet: str | None, dateline: str, date: D | None, basis: str
) -> None:
    data = (SEEDS / name).read_bytes()
    raw = decode_source(PurePosixPath(name), data, 10**7)
    found = extract_meta(raw, clean_article(raw))
    assert (found.title, found.credit, found.dateline, found.date, found.date_basis) == (
        title,
        outlet,
        dateline,
        date,
        basis,
    )
    assert found.updated is None  # both stamps are on January 19
    assert found.language == "en"
    assert found.word_count > 400


# --------------------------------------------------------------------------- title


def test_title_front_matter_wins() -> None:
    found = run(f"# Other title\n\n{LEDE}\n", "a.md", SourceMeta(title="Declared title"))
    assert found.title == "Declared title"


def test_title_from_headline() -> None:
    assert run(f"Talks resume in Geneva\n\n{LEDE}\n").title == "Talks resume in Geneva"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Talks resume in Geneva.", "Talks resume in Geneva"),
        ("Talks resume. Here's what to expect.", "Talks resume. Here's what to expect"),
        ("Ministers meet U.S.", "Ministers meet U.S."),
        ("Wait for it...", "Wait for it..."),
        ("Why now?", "Why now?"),
        ("  Spaces   inside  ", "Spaces inside"),
    ],
)
def test_tidy_title(title: str, expected: str) -> None:
    assert meta.tidy_title(title) == expected


def test_title_from_first_sentence_when_no_headline() -> None:
    text = (
        "GENEVA — The foreign ministers of the two countries spoke in frank and candid terms "
        "about the most sensitive matters before them, according to people in the room. "
        f"They met for three hours.\n\n{MORE}\n"
    )
    found = run(text)
    assert found.title == (
        "The foreign ministers of the two countries spoke in frank and candid terms…"
    )
    assert found.dateline == "Geneva"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("WASHINGTON — Talks ended on Friday.", "Talks ended on Friday"),
        ("Short and sweet. Second sentence.", "Short and sweet"),
        (
            "President Jane Doe spoke in intimate and candid terms to the former director "
            "John Roe about the most sensitive matters.",
            "President Jane Doe spoke in intimate and candid terms to the former director "
            "John Roe…",
        ),
        (
            "The government, which had promised a decision by the end of the month, delayed "
            "the vote again on Monday.",
            "The government, which had promised a decision by the end of the month…",
        ),
        ("", None),
    ],
)
def test_shorten_title(text: str, expected: str | None) -> None:
    assert meta.shorten_title(text) == expected


# --------------------------------------------------------------------------- outlet


@pytest.mark.parametrize(
    ("text", "outlet"),
    [
        (f"Headline\n\nWashington (AFP) – {LEDE}\n", "AFP"),
        (f"Headline\n\nWASHINGTON (Reuters) - {LEDE}\n", "Reuters"),
        (f"Headline\n\nTEL AVIV (Reuters) - {LEDE}\n", "Reuters"),
        (f"Headline\n\nWASHINGTON, April 30 (Reuters) - {LEDE}\n", "Reuters"),
        (f"Headline\n\nMEXICO CITY (AP) — {LEDE}\n", "AP"),
        (f"Headline\n\nMADRID (EFE) – {LEDE}\n", "EFE"),
        (f"Headline\n\n(AFP) – {LEDE}\n", "AFP"),
        (f"Headline\n\nCiudad de México, 19 de enero (EFE).- {LEDE}\n", "EFE"),
        (f"Headline\n\nBERLIN (dpa) - {LEDE}\n", None),  # lowercase: not a dateline agency
        (f"Headline\n\n{LEDE}\n\n{MORE}\n\n© AFP\n", "AFP"),
        (f"Headline\n\n{LEDE}\n\nCopyright 2024 The Associated Press\n", "AP"),
        (f"Headline\n\n{LEDE}\n\nPHOTO JANE DOE, REUTERS\n\n{MORE}\n", None),  # photo agency
        (f"Headline\n\n{LEDE}\n\nsource site-59\n", None),  # a scraper trailer
        (f"Headline\n\nWASHINGTON — {LEDE}\n", None),
        (f"Headline\n\nAgence France-Presse\n\n{LEDE}\n", "AFP"),
        (f"Headline\n\nBy The Associated Press\n\n{LEDE}\n", "AP"),
        (f"Headline\n\n{LEDE}\n\nAFP via Getty Images\n\n{MORE}\n", None),
        (f"Headline\n\n{LEDE}\n\n© Jane Doe/AFP\n\n{MORE}\n", None),
        (f"Headline\n\n{LEDE}\n\n© Jane Doe\n\n{MORE}\n", None),  # a photographer
        (f"Headline\n\n{LEDE}\n\n© 2024 The Daily News\n", "The Daily News"),
        (f"Headline\n\n{LEDE}\n", None),
    ],
)
def test_credit(text: str, outlet: str | None) -> None:
    """What the text credits (an agency or a publisher); `outlets.identify` tells
    which."""
    found = run(text)
    assert found.credit == outlet
    assert found.outlet is None  # the publisher is declared, never guessed here


def test_declared_outlet_and_wire_are_kept_with_the_credit() -> None:
    meta = SourceMeta(outlet="Le Monde", wire="AFP")
    found = run(f"# H\n\nWashington (AFP) – {LEDE}\n", "a.md", meta)
    assert (found.outlet, found.wire, found.credit) == ("Le Monde", "AFP", "AFP")


# --------------------------------------------------------------------------- dateline


@pytest.mark.parametrize(
    ("lede", "dateline"),
    [
        ("(Washington) The talks", "Washington"),
        ("Washington (AFP) – The talks", "Washington"),
        ("WASHINGTON — The talks", "Washington"),
        ("WASHINGTON, April 30 (Reuters) - The talks", "Washington"),
        ("TEL AVIV (Reuters) - The talks", "Tel Aviv"),
        ("RIO DE JANEIRO — The talks", "Rio de Janeiro"),
        ("(Washington, D.C.) The talks", "Washington"),
        ("(AFP) – The talks", None),
        ("Ciudad de México, 19 de enero (EFE).- The talks", "Ciudad de México"),
        ("Washington, January 19 (AFP) – The talks", "Washington"),
        ("Mexico City (AP) — The talks", "Mexico City"),
        ("The talks went on", None),
    ],
)
def test_dateline(lede: str, dateline: str | None) -> None:
    assert run(f"Headline\n\n{lede} {LEDE}\n\n{MORE}\n").dateline == dateline


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("stamp", "date", "updated"),
    [
        (
            "First change: January 19, 2024 – 9:21 p.m. Last change: January 19, 2024",
            D(2024, 1, 19),
            None,
        ),
        (
            "First change: January 19, 2024 – 9:21 p.m. Last change: January 22, 2024",
            D(2024, 1, 19),
            D(2024, 1, 22),
        ),
        # The last change before the first: keep the data, do not crash.
        ("First change: January 19, 2024 Last change: January 17, 2024", D(2024, 1, 19), None),
        ("Published: 12 March 2024", D(2024, 3, 12), None),
        ("Updated 3:45 PM EST, Mon March 4, 2024", D(2024, 3, 4), None),
        ("Première modification : 19 janvier 2024 à 21 h 21", D(2024, 1, 19), None),
        ("Publié le 19 janvier 2024 Mis à jour le 21 janvier 2024", D(2024, 1, 19), D(2024, 1, 21)),
        ("Publicado: 19/01/2024 - 21:21", D(2024, 1, 19), None),
        ("Actualizado el 20 de enero de 2024", D(2024, 1, 20), None),
        ("Veröffentlicht am 19. Januar 2024", D(2024, 1, 19), None),
        ("Pubblicato il 19 gennaio 2024", D(2024, 1, 19), None),
    ],
)
def test_date_from_stamp(stamp: str, date: D, updated: D | None) -> None:
    found = run(f"Headline\n\n{stamp}\n\n{LEDE}\n\n{MORE}\n")
    assert (found.date, found.date_basis, found.updated) == (date, "explicit", updated)


def test_date_front_matter_wins_and_updated_from_stamp() -> None:
    text = f"# H\n\nUpdated: 25 January 2024\n\n{LEDE}\n"
    found = run(text, "a.md", SourceMeta(date=D(2024, 1, 20)))
    assert (found.date, found.date_basis, found.updated) == (
        D(2024, 1, 20),
        "explicit",
        D(2024, 1, 25),
    )


def test_date_from_byline_and_prose_stamp() -> None:
    found = run(f"Headline\n\n{LEDE}\n\nBy Jane Doe | January 17, 2023\n\n{MORE}\n")
    assert (found.date, found.date_basis, found.author) == (D(2023, 1, 17), "explicit", "Jane Doe")
    found = run(f"Headline\n\n{LEDE}\n\n{MORE}\n\nThis article was published on January 7, 2023.\n")
    assert (found.date, found.date_basis) == (D(2023, 1, 7), "explicit")


def test_date_from_full_dateline() -> None:
    found = run(f"Headline\n\nPARIS, 19 January 2024 (AFP) - {LEDE}\n")
    assert (found.date, found.date_basis) == (D(2024, 1, 19), "explicit")


def test_dateline_without_year_is_not_enough() -> None:
    found = run(f"Headline\n\nWASHINGTON, April 30 (Reuters) - {LEDE}\n")
    assert (found.date, found.date_basis) == (None, "unknown")


def test_no_date() -> None:
    found = run(f"Headline\n\n{LEDE}\n")
    assert (found.date, found.date_basis, found.updated) == (None, "unknown", None)


@pytest.mark.parametrize(
    ("text", "languages", "expected"),
    [
        ("2024-01-19", None, D(2024, 1, 19)),
        ("2024-01-19T21:21:00+01:00", None, D(2024, 1, 19)),
        ("January 19, 2024", None, D(2024, 1, 19)),
        ("19 janvier 2024", ["fr"], D(2024, 1, 19)),
        ("19/01/2024", None, D(2024, 1, 19)),
        ("yesterday", None, None),
        ("in two weeks", None, None),
        ("2024-02-30", None, None),
        ("nonsense", None, None),
    ],
)
def test_parse_date(text: str, languages: list[str] | None, expected: D | None) -> None:
    assert meta.parse_date(text, languages) == expected


# --------------------------------------------------------------------------- language, counts


@pytest.mark.parametrize(
    ("body", "language"),
    [
        (LEDE, "en"),
        (
            "Les négociateurs des deux camps se sont de nouveau réunis vendredi après une "
            "pause de trois semaines et ont déclaré avoir progressé sur les questions difficiles.",
            "fr",
        ),
        (
            "Los negociadores de ambas partes se reunieron de nuevo el viernes tras una pausa "
            "de tres semanas y dijeron que habían avanzado en las cuestiones más difíciles.",
            "es",
        ),
        (
            "Die Unterhändler beider Seiten trafen sich am Freitag nach einer Pause von drei "
            "Wochen erneut und sagten, sie hätten bei den schwierigsten Fragen Fortschritte "
            "gemacht.",
            "de",
        ),
    ],
)
def test_language(body: str, language: str) -> None:
    assert run(f"Headline\n\n{body}\n").language == language


def test_language_front_matter_wins() -> None:
    assert run(f"# H\n\n{LEDE}\n", "a.md", SourceMeta(language="pt")).language == "pt"


def test_word_count_and_author_from_byline() -> None:
    found = run("Headline\n\nBy JANE DOE and JOHN ROE\n\nOne two three four five.\n")
    assert found.word_count == 5
    assert found.author == "Jane Doe and John Roe"


def test_metadata_of_an_empty_article() -> None:
    found = run("")
    assert found.title == "a"
    assert (found.language, found.word_count, found.date_basis) == ("und", 0, "unknown")
