"""Table tests for the cleaner's rules, and golden checks of the two seed articles.

Every snippet here is written for these tests (or comes from the two seed files, which
are allowed in the repository); none comes from the development corpus.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

import pytest

from generator.extract import clean
from generator.extract.clean import clean_article, clean_text
from generator.model import CleanArticle, RawArticle, SourceMeta
from generator.sources.read import decode_source

CASES = Path(__file__).parent / "cases_clean"
SEEDS = CASES / "seeds"


def article(text: str, name: str = "a.txt", **kwargs: object) -> CleanArticle:
    fmt = "md" if name.endswith(".md") else "txt"
    raw = RawArticle(PurePosixPath(name), text, fmt=fmt, **kwargs)  # type: ignore[arg-type]
    return clean_article(raw)


def seed(name: str) -> CleanArticle:
    path = SEEDS / name
    return clean_article(decode_source(PurePosixPath(name), path.read_bytes(), 10**7))


# --------------------------------------------------------------------------- clean_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a\r\nb\rc", "a\nb\nc"),
        ("trailing   \nspaces\t", "trailing\nspaces"),
        ("one\n\n\n\n\ntwo", "one\n\ntwo"),
        ("one\n\n  \n\t\ntwo", "one\n\ntwo"),
        ("non\u00a0breaking\u202fspace", "non breaking space"),
        ("zero\u200bwidth\ufeff\u2060", "zerowidth"),
        ("soft\u00adhyphen", "softhyphen"),
        ("Cafe\u0301", "Café"),  # NFC
        ("line\u2028separator", "line\nseparator"),
        ("", ""),
    ],
)
def test_clean_text(text: str, expected: str) -> None:
    assert clean_text(text) == expected
    assert clean_text(expected) == expected


# --------------------------------------------------------------------------- entities


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("help quotbattlequot against", 'help "battle" against'),
        ("he said quotWe will winquot today", 'he said "We will win" today'),
        ("help quot battle quot against", 'help "battle" against'),
        ("it#39s over", "it's over"),
        ("don#039t go", "don't go"),
        ("Macronrsquos plan", "Macron\u2019s plan"),
        ("AT amp T and Q amp A", "AT & T and Q & A"),
        ("Tom &amp; Jerry &quot;live&quot;", 'Tom & Jerry "live"'),
        ("double &amp;quot;escaped&amp;quot;", 'double "escaped"'),
        ("wait for itmdashthen go", "wait for it\u2014then go"),
        ("Pierre Bonnarddeacute", "Pierre Bonnarddé"),
        # Real words are never touched.
        ("the quota and the quotation", "the quota and the quotation"),
        ("ample example of a champ in camp", "ample example of a champ in camp"),
        ("a quote, quoted, quotes", "a quote, quoted, quotes"),
        ("damp stamp amplifier", "damp stamp amplifier"),
        ("#39 is a number here? no: room #3", "' is a number here? no: room #3"),
    ],
)
def test_repair_entities(text: str, expected: str) -> None:
    assert clean.repair_entities(text) == expected


# --------------------------------------------------------------------------- line rules


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("PHOTO CLIFF OWEN, ASSOCIATED PRESS", True),
        ("PHOTO LUIS ACOSTA, AGENCE FRANCE-PRESSE ARCHIVES", True),
        ("Photo: Jane Doe/AP", True),
        ("Photograph: Kim Lee/Reuters", True),
        ("Credit: Doug Mills/The New York Times", True),
        ("Foto: Hans Müller/dpa", True),
        ("Crédit photo : Marie Dupont, AFP", True),
        ("Getty Images", True),
        ("AFP via Getty Images", True),
        ("REUTERS/Kevin Lamarque", True),
        ("Image: Handout", True),
        ("© Jane Doe/AFP", True),
        ("© AFP via Getty Images", True),
        ("PHOTO PROVIDED BY THE WHITE HOUSE", True),
        ("ARCHIVE PHOTO JANE DOE, THE CANADIAN PRESS", True),
        ("PHOTO ARCHIVES THE CANADIAN PRESS", True),
        ("SCREENSHOT FROM A VIDEO POSTED ON X", True),
        ("ILLUSTRATION MARIE DUPONT, LA PRESSE", True),
        ("Photos are not allowed inside the courtroom, the judge said.", False),
        ("Image is everything for the president, aides say", False),
        ("Credit card debt rose again in March.", False),
        ("Pictures of the meeting were shared widely", False),
        ("Reuters reported on Monday that talks had stalled.", False),
    ],
)
def test_is_photo_credit(line: str, expected: bool) -> None:
    assert clean.is_photo_credit(line) is expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "Migrants wait at the border in Texas. (Photo: Jane Doe, USA TODAY)",
            ("Migrants wait at the border in Texas.", "Photo: Jane Doe, USA TODAY"),
        ),
        (
            "The minister arrives in Rome (Getty Images)",
            ("The minister arrives in Rome", "Getty Images"),
        ),
        (
            "Protesters in London on Friday. Credit Jane Roe/The New York Times",
            ("Protesters in London on Friday.", "Credit Jane Roe/The New York Times"),
        ),
        ("He spoke (in French) to the crowd.", None),
        ("The report (published by Reuters on Monday) said so.", None),
    ],
)
def test_split_captioned_credit(line: str, expected: tuple[str, str] | None) -> None:
    assert clean.split_captioned_credit(line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("1/2", True),
        ("3 / 12", True),
        ("2 of 5", True),
        ("Photo 4 of 9", True),
        ("Image 1/3", True),
        ("Diapositive 2 sur 6", True),
        ("5/2", False),  # not a counter: 5 of 2
        ("0/3", False),
        ("1/2 of the budget", False),
        ("24/7", False),
    ],
)
def test_is_slide_counter(line: str, expected: bool) -> None:
    assert clean.is_slide_counter(line) is expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("source site-59", True),
        ("Source: site_12", True),
        ("SOURCE SITE 3", True),
        ("scraped from feed-7", True),
        ("source page-101", True),
        ("Source: Reuters", False),
        ("The source said 59 sites were hit.", False),
    ],
)
def test_is_scraper_trailer(line: str, expected: bool) -> None:
    assert clean.is_scraper_trailer(line) is expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("3 minutes", True),
        ("4 min read", True),
        ("12 min", True),
        ("5-minute read", True),
        ("Reading time: 6 minutes", True),
        ("Temps de lecture : 4 min", True),
        ("3 min de lecture", True),
        ("Lesezeit: 3 Minuten", True),
        ("Tiempo de lectura: 5 minutos", True),
        ("Tempo di lettura: 2 minuti", True),
        ("about 7 minutes", True),
        ("3 minutes of reading", True),
        ("5 min. reading", True),
        ("3 minutes later, the police arrived.", False),
        ("The meeting lasted 3 minutes.", False),
    ],
)
def test_is_reading_time(line: str, expected: bool) -> None:
    assert clean.is_reading_time(line) is expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "First change: January 19, 2024 – 9:21 p.m. Last change: January 19, 2024 – 9:19 p.m",
            True,
        ),
        ("Published: 12 March 2024", True),
        ("Published 9:41 a.m. ET March 12, 2024", True),
        ("Updated 3:45 PM EST, Mon March 4, 2024", True),
        ("Last updated on 4 March 2024", True),
        ("Posted on Monday, March 4, 2024", True),
        ("Première modification : 19 janvier 2024 à 21 h 21", True),
        ("Dernière modification : 20 janvier 2024", True),
        ("Publié le 19 janvier 2024 à 21h21", True),
        ("Mis à jour le 20/01/2024", True),
        ("Publicado: 19/01/2024 - 21:21", True),
        ("Actualizado el 20 de enero de 2024", True),
        ("Veröffentlicht am 19. Januar 2024", True),
        ("Aktualisiert: 20.01.2024, 08:15 Uhr", True),
        ("Pubblicato il 19 gennaio 2024", True),
        ("January 19, 2024", True),
        ("19 January 2024, 21:21 GMT", True),
        ("Fri 19 Jan 2024 21.21 GMT", True),
        ("Updated yesterday at 5:00 p.m.", True),
        ("Published 3 hours ago", True),
        ("Mis à jour hier à 17 h", True),
        ("Updated figures released on 12 March show a rise.", False),
        ("Published in 2019, the report found widespread abuse.", False),
        ("Posted on Facebook, the video was viewed 2 million times.", False),
        ("In January 2024, talks resumed.", False),
        ("This article was published on January 7, 2023.", True),
        ("This story was last updated on 3 March 2024 at 10:00.", True),
        ("Cet article a été publié le 19 janvier 2024.", True),
        ("This article was published in a journal that nobody reads.", False),
    ],
)
def test_is_date_stamp(line: str, expected: bool) -> None:
    assert clean.is_date_stamp(line) is expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("By Jane Doe", True),
        ("By JANE DOE and JOHN ROE", True),
        ("By Jane Doe, Reuters", True),
        ("By Jane Doe | Staff Writer", True),
        ("By María José López and Ana de la Cruz", True),
        ("Par Jean-Pierre Martin, AFP", True),
        ("Por Lucía Gómez", True),
        ("Von Hans Müller", True),
        ("(Reporting by Jane Doe; Editing by John Roe)", True),
        ("Additional reporting by Ana Silva in Lisbon", True),
        ("By Sofía Moreau | January 17, 2023", True),
        ("By Jane Doe, Jane Roe and John Poe", True),
        ("By Jane Doe - 17 janvier 2024", True),
        ("By Jane Doe, special envoy to Kyiv", True),
        ("Par Marie Dupont, envoyée spéciale à Kyiv", True),
        ("By Jane Doe | The Daily Planet | Jan. 3, 2024 9:00 a.m.", True),
        ("By Jane Doe, who covered the war for a decade", False),
        ("By contrast, the senators were unimpressed.", False),
        ("By Friday, the talks had collapsed.", False),
        ("By the end of the day nothing had changed", False),
        ("by Jane Doe", False),
    ],
)
def test_is_byline(line: str, expected: bool) -> None:
    assert clean.is_byline(line) is expected


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("Advertisement", "advertisement"),
        ("ADVERTISEMENT", "advertisement"),
        ("Story continues below advertisement", "advertisement"),
        ("Publicité", "advertisement"),
        ("Anzeige", "advertisement"),
        ("Read more: Talks resume in Geneva", "read-more"),
        ("READ MORE: Ten things to know", "read-more"),
        ("More: A guide to the new tariff rules", "read-more"),
        ("Related: What the ruling means for you", "read-more"),
        ("Lire aussi : Le sommet de Bruxelles", "read-more"),
        ("Lesen Sie auch: Die Zölle steigen", "read-more"),
        ("Continue reading the main story", "read-more"),
        ("Click here to subscribe", "read-more"),
        ("Sign up for our daily newsletter", "newsletter"),
        ("Get the Morning Briefing delivered to your inbox", "newsletter"),
        ("Abonnez-vous à notre newsletter", "newsletter"),
        ("Share", "share-buttons"),
        ("Share on Facebook Share on Twitter", "share-buttons"),
        ("Facebook Twitter Email", "share-buttons"),
        ("Print", "share-buttons"),
        ("© AFP", "copyright"),
        ("Copyright 2024 The Associated Press. All rights reserved.", "copyright"),
        ("All rights reserved.", "copyright"),
        ("Tous droits réservés", "copyright"),
        ("Agence France-Presse", "agency-byline"),
        ("By The Associated Press", "agency-byline"),
        ("Reuters", "agency-byline"),
        ("AFP and Reuters", "agency-byline"),
        ("La Presse Canadienne", "agency-byline"),
        ("Listen to this article", "read-more"),
        ("Reuters reported the talks had stalled.", None),
        ("Video: The minister speaks to reporters", "video-blurb"),
        ("WATCH: Protesters gather outside parliament", "video-blurb"),
        (
            "A new lawsuit targets three companies over the leak. Acme's Jane Doe has that story.",
            "video-blurb",
        ),
        ("More than 300 people attended the rally.", None),
        ("Related issues will be discussed next week.", None),
        ("Share prices fell sharply on Monday.", None),
        ("Advertisements for the product were banned.", None),
        ("Watch out for the next round of talks, he said.", None),
        ("Subscribers were told the service would resume.", None),
        ("Print media have lost readers for a decade.", None),
    ],
)
def test_line_rules(line: str, rule: str | None) -> None:
    assert clean.line_rule(line) == rule


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Help from Guatemala", True),
        ("Two ways", True),
        ("What will be missing?", True),
        ("The road ahead", True),
        ("This is a full sentence.", False),
        ("Jane Doe of the Daily Planet tweeted", False),
        ("said the minister", False),
        ("A line that is far too long to be a subheading of any article at all", False),
        ("“Why now?”", False),
    ],
)
def test_is_subheading(line: str, expected: bool) -> None:
    assert clean.is_subheading(line) is expected


@pytest.mark.parametrize(
    ("text", "place", "agency", "date"),
    [
        ("(Washington) The United States said", "Washington", None, None),
        ("Washington (AFP) – Mexico's foreign minister said", "Washington", "AFP", None),
        ("WASHINGTON (Reuters) - The party sued", "WASHINGTON", "Reuters", None),
        ("TEL AVIV (Reuters) - Israel presented", "TEL AVIV", "Reuters", None),
        ("WASHINGTON — President Trump spoke", "WASHINGTON", None, None),
        ("WASHINGTON, April 30 (Reuters) - President", "WASHINGTON", "Reuters", "April 30"),
        ("PARIS, 19 janvier 2024 (AFP) - Le gouvernement", "PARIS", "AFP", "19 janvier 2024"),
        ("Mexico City (AP) — The president", "Mexico City", "AP", None),
        ("SÃO PAULO — Prices rose", "SÃO PAULO", None, None),
        ("Prices (in dollars) - rose again", None, None, None),
        ("DESPERATION: DNC files a lawsuit", None, None, None),
        ("(Washington, D.C.) The talks", "Washington", None, None),
        ("(AFP) – The minister said", None, "AFP", None),
        ("(in dollars) prices rose", None, None, None),
        ("Ciudad de México, 19 de enero (EFE).- El", "Ciudad de México", "EFE", "19 de enero"),
        ("Washington, January 19 (AFP) – The", "Washington", "AFP", "January 19"),
        ("Meanwhile, January 19 - the", None, None, None),
        ("US to delay EU tariff decision", None, None, None),
        ("A — B", None, None, None),
    ],
)
def test_parse_dateline(text: str, place: str | None, agency: str | None, date: str | None) -> None:
    found = clean.parse_dateline(text)
    if place is None and agency is None:
        assert found is None
        return
    assert found is not None
    assert (found.place, found.agency, found.date_text) == (place, agency, date)


def test_caption_memo_full_keeps_sentences_seen_before(monkeypatch: pytest.MonkeyPatch) -> None:
    """A batch that overflows the memo of tagged sentences answers for all its sentences,
    those seen before included (it once raised KeyError for them: 9 of 10,000 articles)."""
    pytest.importorskip("spacy")
    seen = "Tom Perez, the party chairman, during a meeting in Atlanta last February."
    new = "Steel coils at a plant in Ohio during the strike last winter."
    from generator.incremental.memo import PureMemo

    memo: PureMemo[str, bool] = PureMemo(2)
    monkeypatch.setattr(clean, "VERBLESS", memo)
    assert clean._verbless_many([seen]) == {seen: True}
    memo.many(["filler"], lambda new: [False] * len(new))  # the memo is now full
    assert clean._verbless_many([seen, new]) == {seen: True, new: True}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tom Perez, the party chairman, during a meeting in Atlanta last February.", True),
        ("Jane Doe, left, and John Roe on Sunday in Lisbon. They met for an hour.", True),
        ("Steel coils at a plant in Ohio. Imports will face a 25 percent duty.", True),
        ("The minister spoke to reporters in Lisbon on Sunday.", False),
        ("Last Friday, a woman and two children drowned while trying to cross.", False),
        ('"We will win," she said at the rally in Lisbon on Sunday.', False),
        ("WASHINGTON — The minister at the meeting in Lisbon on Sunday.", False),
    ],
)
def test_is_photo_caption(text: str, expected: bool) -> None:
    pytest.importorskip("spacy")
    assert clean.is_photo_caption(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Mr. Smith went to Washington. He stayed.",
            ["Mr. Smith went to Washington.", "He stayed."],
        ),
        (
            "The F.B.I. director spoke. Then he left.",
            ["The F.B.I. director spoke.", "Then he left."],
        ),
        ("He said: “Go.” She went.", ["He said: “Go.”", "She went."]),
        ("In the U.S. Senate, votes count.", ["In the U.S. Senate, votes count."]),
        ("", []),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert clean.split_sentences(text) == expected


# --------------------------------------------------------------------------- articles

BODY = (
    "The first paragraph of the story says what happened, where and when, in enough words "
    "to be a real paragraph of a news article."
)
BODY2 = (
    "A second paragraph adds the reaction of the officials involved and a figure or two, "
    "again in enough words to be a full paragraph."
)

BODY3 = (
    "The third paragraph closes the story with what happens next, when the parties meet "
    "again and what each of them has promised to bring to the table."
)


def kept_text(result: CleanArticle) -> list[str]:
    return [block.text for block in result.blocks]


def rules(result: CleanArticle) -> list[tuple[int, str]]:
    return [(item.line, item.rule) for item in result.removed]


def test_headline_and_blocks() -> None:
    result = article(f"Big headline here\n\n{BODY}\n\nA subheading\n\n{BODY2}\n")
    assert result.headline == "Big headline here"
    assert [(b.kind, b.line) for b in result.blocks] == [
        ("paragraph", 3),
        ("heading", 5),
        ("paragraph", 7),
    ]
    assert result.removed == ()


def test_first_line_with_dateline_is_body() -> None:
    text = f"WASHINGTON — {BODY}\n\n{BODY2}\n"
    result = article(text)
    assert result.headline is None
    assert result.blocks[0].text.startswith("WASHINGTON — The first paragraph")
    assert result.blocks[0].line == 1


def test_long_first_sentence_is_body() -> None:
    result = article(f"{BODY} {BODY2}\n\n{BODY2}\n")
    assert result.headline is None
    assert result.blocks[0].line == 1


def test_headline_ending_with_full_stop_is_kept() -> None:
    result = article(f"Minister resigns after a week of protests.\n\n{BODY}\n")
    assert result.headline == "Minister resigns after a week of protests."


def test_mangled_duplicate_headline() -> None:
    text = (
        "Union leaders vow to quotfightquot the new pension\n\n"
        'Union leaders vow to "fight" the new pension plan\n\n'
        f"{BODY}\n"
    )
    result = article(text)
    assert result.headline == 'Union leaders vow to "fight" the new pension plan'
    assert rules(result) == [(1, "mangled-headline")]
    # The audit shows the line as written.
    assert result.removed[0].text == "Union leaders vow to quotfightquot the new pension"


def test_subtitle_starting_like_the_headline_is_not_a_duplicate() -> None:
    text = (
        "Storm hits the coast\n\n"
        "Storm hits the coast, leaving thousands of homes without power for days\n\n"
        f"{BODY}\n"
    )
    result = article(text)
    assert result.headline == "Storm hits the coast"
    assert "duplicate-headline" not in [item.rule for item in result.removed]


def test_repeated_headline() -> None:
    result = article(f"Storm hits the coast\n\nStorm hits the coast\n\n{BODY}\n")
    assert result.headline == "Storm hits the coast"
    assert rules(result) == [(3, "duplicate-headline")]


def test_markdown_front_matter_title_and_heading() -> None:
    text = f"\n\n\n\n# Storm hits the coast\n\n{BODY}\n\n## Damage\n\n{BODY2}\n"
    result = article(text, "a.md", meta=SourceMeta(title="Storm hits the coast"))
    assert result.headline == "Storm hits the coast"
    assert [b.kind for b in result.blocks] == ["paragraph", "heading", "paragraph"]
    assert result.blocks[1].text == "Damage"


def test_markdown_without_heading_keeps_first_line_in_body() -> None:
    result = article(f"{BODY}\n\n{BODY2}\n", "a.md", meta=SourceMeta(title="Declared"))
    assert result.headline is None
    assert len(result.blocks) == 2


def test_markdown_inline_syntax_is_reduced_to_text() -> None:
    text = f"# Title\n\n{BODY}\n\nSee **the report** and [the video](http://x.test/v).\n"
    result = article(text, "a.md")
    assert result.blocks[1].text == "See the report and the video."


def test_credit_caption_and_slideshow() -> None:
    text = (
        "Talks resume in Geneva\n\n"
        f"{BODY}\n\n"
        "  • Foreign Minister Jane Doe\n\n"
        "    PHOTO JOHN ROE, REUTERS\n\n"
        "    Foreign Minister Jane Doe\n\n"
        "  • Defence Minister Ana Silva\n\n"
        "    Photo: Kim Lee/AP\n\n"
        "    Defence Minister Ana Silva\n\n"
        "2/2\n\n"
        f"{BODY2}\n\n"
        "Photo: Max Mustermann, dpa\n\n"
        "Delegates arrive at the conference centre in Geneva on Monday.\n\n"
        f"{BODY3}\n\n"
        "source site-12\n"
    )
    result = article(text)
    assert rules(result) == [
        (5, "slideshow-bullet"),
        (7, "photo-credit"),
        (9, "photo-caption"),
        (11, "slideshow-bullet"),
        (13, "photo-credit"),
        (15, "photo-caption"),
        (17, "slide-counter"),
        (21, "photo-credit"),
        (23, "photo-caption"),
        (27, "scraper-trailer"),
    ]
    assert [(i.credit, i.caption, i.line) for i in result.images] == [
        ("PHOTO JOHN ROE, REUTERS", "Foreign Minister Jane Doe", 7),
        ("Photo: Kim Lee/AP", "Defence Minister Ana Silva", 13),
        (
            "Photo: Max Mustermann, dpa",
            "Delegates arrive at the conference centre in Geneva on Monday.",
            21,
        ),
    ]
    assert len(result.blocks) == 3


def test_caption_rule_is_english_only() -> None:
    text = (
        "Les ministres se retrouvent à Genève\n\n"
        "Les négociateurs des deux camps se sont de nouveau réunis vendredi après une pause "
        "de trois semaines et ont déclaré avoir progressé sur les questions difficiles.\n\n"
        "Le ministre des Affaires étrangères a parlé aux journalistes à Genève dimanche.\n\n"
        "Les discussions doivent reprendre la semaine prochaine, selon des sources "
        "diplomatiques interrogées par plusieurs médias.\n"
    )
    result = article(text)
    assert result.removed == ()
    assert len(result.blocks) == 3


def test_credit_followed_by_long_body_takes_no_caption() -> None:
    long_body = " ".join([BODY2, BODY3, BODY3.replace("third", "fourth")])
    result = article(f"Headline here\n\n{BODY}\n\nPHOTO JANE DOE, AFP\n\n{long_body}\n")
    assert rules(result) == [(5, "photo-credit")]
    assert result.images[0].caption is None
    assert result.blocks[-1].text == long_body


def test_stamps_reading_time_and_byline() -> None:
    text = (
        "Talks resume in Geneva\n\n"
        "By Jane Doe and John Roe\n\n"
        "Published: 12 March 2024\nUpdated: 13 March 2024\n\n"
        "4 min read\n\n"
        f"{BODY}\n\nAdvertisement\n\n{BODY2}\n"
    )
    result = article(text)
    assert rules(result) == [
        (3, "byline"),
        (5, "date-stamp"),
        (6, "date-stamp"),
        (8, "reading-time"),
        (12, "advertisement"),
    ]
    assert result.stamps == ("Published: 12 March 2024", "Updated: 13 March 2024")
    assert kept_text(result) == [BODY, BODY2]


def test_byline_with_a_date_is_also_a_stamp() -> None:
    result = article(f"Headline here\n\nBy Jane Doe | January 17, 2023\n\n{BODY}\n")
    assert rules(result) == [(3, "byline")]
    assert result.stamps == ("By Jane Doe | January 17, 2023",)


def test_standfirst_before_dateline_lede() -> None:
    text = (
        "Court blocks the new law\n\n"
        "The ruling is a setback for the government.\n\n"
        f"LISBON (Reuters) - {BODY}\n\n{BODY2}\n"
    )
    result = article(text)
    assert rules(result) == [(3, "standfirst")]


def test_short_subtitle_is_standfirst() -> None:
    text = f"Court blocks the new law\n\nJudges side with the unions\n\n{BODY}\n\n{BODY2}\n"
    result = article(text)
    assert rules(result) == [(3, "standfirst")]


def test_duplicates_later_copy_and_pull_quote() -> None:
    quote = (
        '"We will not accept a deal that hurts our workers, and we will say so in Brussels,"'
        " the minister said on Monday."
    )
    pull = "'We will not accept a deal that hurts our workers.'"
    text = (
        f"Minister rejects trade deal\n\n{BODY}\n\n{BODY}\n\n{pull} And more words here.\n\n"
        f"{quote}\n\n{BODY2}\n"
    )
    result = article(text)
    assert (5, "duplicate") in rules(result)
    assert kept_text(result).count(BODY) == 1
    assert quote in kept_text(result)


def test_related_link_run() -> None:
    text = (
        f"Headline here\n\n{BODY}\n\nMore: Ten things to know about the talks\n\n"
        "The Briefing: What the deal means for farmers\n\n"
        "Related: Who the negotiators are\n\n"
        f"{BODY2}\n"
    )
    result = article(text)
    assert rules(result) == [(5, "read-more"), (7, "read-more"), (9, "read-more")]


def test_noise_above_the_headline() -> None:
    text = (
        f"By Jane Doe\nPublished: 12 March 2024\n4 min read\n\nTalks resume in Geneva\n\n{BODY}\n"
    )
    result = article(text)
    assert result.headline == "Talks resume in Geneva"
    assert rules(result) == [(1, "byline"), (2, "date-stamp"), (3, "reading-time")]


def test_only_noise_leaves_nothing() -> None:
    result = article("PHOTO JOHN DOE, REUTERS\n\n1/2\n\n3 minutes\n\nsource site-12\n")
    assert (result.headline, result.blocks) == (None, ())
    assert [item.rule for item in result.removed] == [
        "photo-credit",
        "slide-counter",
        "reading-time",
        "scraper-trailer",
    ]


def test_hard_wrapped_paragraphs_are_joined_and_not_mistaken_for_noise() -> None:
    text = (
        "Talks resume in Geneva\n\n"
        "The delegates met on Friday morning and the first session lasted\n"
        "3 minutes before the chair suspended it for consultations with\n"
        "the two sides, officials said.\n\n"
        "A second paragraph, also wrapped at a fixed width by the agency's\n"
        "old system, follows.\n"
    )
    result = article(text)
    assert result.removed == ()
    assert [(b.line, b.text) for b in result.blocks] == [
        (
            3,
            "The delegates met on Friday morning and the first session lasted 3 minutes "
            "before the chair suspended it for consultations with the two sides, officials said.",
        ),
        (
            7,
            "A second paragraph, also wrapped at a fixed width by the agency's old system, "
            "follows.",
        ),
    ]


def test_empty_and_blank_articles_never_raise() -> None:
    for text in ("", "\n\n\n", "   ", "\u200b"):
        result = article(text)
        assert result.blocks == ()
        assert result.headline is None


# --------------------------------------------------------------------------- the seeds


def test_seed_000_matches_expected() -> None:
    result = seed("000_d9f526054b0b5b27.txt")
    assert result.headline == (
        "Meeting between Washington and Mexico to fight against illegal immigration"
    )
    assert [(item.rule, item.text) for item in result.removed] == [
        ("slideshow-bullet", "• US Secretary of State Antony Blinken"),
        ("photo-credit", "PHOTO CLIFF OWEN, ASSOCIATED PRESS"),
        ("photo-caption", "US Secretary of State Antony Blinken"),
        ("slideshow-bullet", "• Mexican Foreign Minister Alicia Barcena"),
        ("photo-credit", "PHOTO AMANDA ANDRADE-RHOADES, REUTERS"),
        ("photo-caption", "Mexican Foreign Minister Alicia Barcena"),
        ("slide-counter", "1/2"),
        ("photo-credit", "PHOTO LUIS ACOSTA, AGENCE FRANCE-PRESSE ARCHIVES"),
        (
            "photo-caption",
            "Migrants walk through the jungle near the village of Bajo Chiquito, the first "
            "border control in Panama\u2019s Darien province, in September 2023.",
        ),
        ("scraper-trailer", "source site-59"),
    ]
    assert [(image.credit, image.caption) for image in result.images] == [
        ("PHOTO CLIFF OWEN, ASSOCIATED PRESS", "US Secretary of State Antony Blinken"),
        ("PHOTO AMANDA ANDRADE-RHOADES, REUTERS", "Mexican Foreign Minister Alicia Barcena"),
        (
            "PHOTO LUIS ACOSTA, AGENCE FRANCE-PRESSE ARCHIVES",
            "Migrants walk through the jungle near the village of Bajo Chiquito, the first "
            "border control in Panama\u2019s Darien province, in September 2023.",
        ),
    ]
    assert all(block.kind == "paragraph" for block in result.blocks)
    assert len(result.blocks) == 14
    assert result.blocks[0].text.startswith("(Washington) The United States and Mexico")
    assert result.blocks[-1].text.endswith("the Caribbean (Haiti, Cuba) and Venezuela.")
    body = result.body
    for noise in ("PHOTO", "•", "1/2", "site-59", "Bajo Chiquito"):
        assert noise not in body
    assert result.stamps == ()


def test_seed_001_matches_expected() -> None:
    result = seed("001_17da621c824fbe21.txt")
    assert (
        result.headline == 'Mexico tells the US it will help "battle" against irregular migration'
    )
    assert [(item.line, item.rule) for item in result.removed] == [
        (1, "mangled-headline"),
        (7, "date-stamp"),
        (9, "reading-time"),
    ]
    assert result.stamps == (
        "First change: January 19, 2024 \u2013 9:21 p.m. "
        "Last change: January 19, 2024 \u2013 9:19 p.m",
    )
    headings = [block.text for block in result.blocks if block.kind == "heading"]
    assert headings == ["Help from Guatemala", "Two ways"]
    assert result.blocks[0].text.startswith("Washington (AFP) \u2013 Mexican Foreign Minister")
    assert any(block.text.startswith("Last Friday, a Mexican woman") for block in result.blocks)
    assert result.images == ()
    for noise in (r"\bquot\b|quot[a-z]*quot", "First change", "3 minutes"):
        assert not re.search(noise, result.body)


def test_removed_lines_carry_what_check_verbose_prints() -> None:
    result = seed("001_17da621c824fbe21.txt")
    printed = [f"001.txt:{r.line}: removed ({r.rule}): {r.text}" for r in result.removed]
    assert printed[2] == "001.txt:9: removed (reading-time): 3 minutes"


def test_dev_corpus_cleaning() -> None:
    """The evaluation over ../shared/corpus/dev (skips when the folder is absent)."""
    from tests.eval import dev_cleaning

    dev_cleaning.test_dev_corpus_cleaning()
