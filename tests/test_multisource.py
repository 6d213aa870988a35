"""Multi-source briefings: outlets and wires, independent reports, framing, where
sources disagree, what's new, and the source text policy. Short articles written for
these tests."""

from __future__ import annotations

import dataclasses
import datetime
from pathlib import Path, PurePosixPath

import pytest
import yaml

from generator.model import (
    Article,
    ArticleMeta,
    Block,
    Briefing,
    CleanArticle,
    ImageCredit,
    Quote,
    Report,
    SourceOutlet,
    Story,
    StoryFigure,
    StoryQuote,
)
from generator.site.render import render_page, render_sources_pages, source_excerpt
from generator.stories import outlets
from generator.stories.compare import (
    conflicting_dates,
    conflicting_quotes,
    find_disagreements,
    same_quantity,
)
from generator.stories.history import story_history, updates
from generator.stories.reports import find_reports, framing, lean_spread
from generator.stories.timeline import story_timeline

DAY = datetime.date(2024, 3, 5)
REGISTRY = outlets.Registry(outlets.shipped())


def article(
    source: str,
    paragraphs: list[str],
    *,
    title: str = "Council approves the new bridge",
    outlet: str | None = None,
    wire: str | None = None,
    credit: str | None = None,
    url: str | None = None,
    quotes: tuple[Quote, ...] = (),
    images: tuple[ImageCredit, ...] = (),
    date: datetime.date | None = DAY,
) -> Article:
    path = PurePosixPath(source)
    blocks = tuple(Block("paragraph", text, n) for n, text in enumerate(paragraphs, 2))
    meta = ArticleMeta(
        title=title,
        outlet=outlet,
        dateline=None,
        date=date,
        date_basis="explicit",
        updated=None,
        language="en",
        word_count=sum(len(p.split()) for p in paragraphs),
        url=url,
        wire=wire,
        credit=credit,
    )
    clean = CleanArticle(path=path, headline=title, blocks=blocks, images=images)
    return Article(source=path, meta=meta, clean=clean, quotes=quotes)


# --------------------------------------------------------------------------- outlets


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        # declared in the front matter: canonical name from the registry
        (
            {"source": "a.md", "outlet": "the new york times"},
            ("The New York Times", "front matter", None),
        ),
        ({"source": "a.html", "outlet": "Reuters"}, ("Reuters", "html", "Reuters")),
        # an HTML page's site name is often its domain
        ({"source": "a.html", "outlet": "nytimes.com"}, ("The New York Times", "html", None)),
        # the URL's domain: known, then unknown (named as it is)
        ({"url": "https://www.foxnews.com/politics/x"}, ("Fox News", "url", None)),
        ({"url": "https://news.example.org/a"}, ("news.example.org", "url", None)),
        # a dateline credit naming a wire, and a file name naming the publisher
        ({"source": "05_breitbart.txt", "credit": "AFP"}, ("Breitbart", "file name", "AFP")),
        # a credit naming a publisher that is no wire agency
        ({"credit": "CNN"}, ("CNN", "text", None)),
        # the wire alone: an agency's own dispatch
        ({"credit": "Agence France-Presse"}, ("AFP", "wire credit", "AFP")),
        # an ordinary word in a file name is no outlet; as a phrase it is
        ({"source": "time-line.txt"}, (None, None, None)),
        ({"source": "03_the-hill.txt"}, ("The Hill", "file name", None)),
        # nothing names one: nothing is invented
        ({"source": "notes.txt"}, (None, None, None)),
        ({"source": "ap-story.txt"}, (None, None, None)),  # under 3 letters
    ],
)
def test_identify(kwargs: dict[str, str], expected: tuple[str | None, ...]) -> None:
    source = kwargs.pop("source", "a.txt")
    found = outlets.identify(article(source, ["Text."], **kwargs), REGISTRY)  # type: ignore[arg-type]
    assert (found.outlet, found.basis, found.wire) == expected


def test_label_keeps_publisher_and_wire_apart() -> None:
    assert outlets.label("Breitbart", "AFP") == "Breitbart, from AFP"
    assert outlets.label("AFP", "AFP") == "AFP"
    assert outlets.label(None, "AFP") == "AFP"
    assert outlets.label(None, None) is None


def test_owner_file_adds_corrects_and_rates(tmp_path: Path) -> None:
    own = tmp_path / "outlets.yaml"
    own.write_text(
        "outlets:\n"
        "  - {name: The Daily Planet, domains: [dailyplanet.example], kind: newspaper, lean: centre}\n"
        "  - {name: Fox News, lean: right}\n",
        encoding="utf-8",
    )
    registry, problem = outlets.read_owner_file(own)
    assert problem is None
    planet = registry.by_domain("www.dailyplanet.example")
    assert planet is not None and (planet.name, planet.lean) == ("The Daily Planet", "centre")
    fox = registry.by_name("Fox News")
    assert fox is not None and (fox.lean, fox.kind, fox.domains) == (
        "right",
        "broadcaster",
        ("foxnews.com",),
    )
    assert all(o.lean is None for o in outlets.shipped()), "we ship no rating"
    assert registry.digest != REGISTRY.digest


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("outlets: [ {name: X, lean: far}", "not valid YAML"),
        ("outlets:\n  - {name: X, lean: far}\n", "lean must be one of"),
        ("outlets:\n  - {name: X, kind: blog}\n", "kind must be one of"),
        ("outlets:\n  - {name: X, colour: red}\n", "unknown keys: colour"),
        ("- just a list\n", "expected a mapping"),
    ],
)
def test_a_broken_owner_file_is_one_line_and_ignored(
    tmp_path: Path, text: str, message: str
) -> None:
    own = tmp_path / "outlets.yaml"
    own.write_text(text, encoding="utf-8")
    registry, problem = outlets.read_owner_file(own)
    assert problem is not None and message in problem and str(own) in problem
    assert "\n" not in problem
    assert registry.outlets == outlets.shipped()


def test_no_owner_file_is_the_shipped_registry(tmp_path: Path) -> None:
    registry, problem = outlets.read_owner_file(tmp_path / "absent.yaml")
    assert problem is None and registry.outlets == outlets.shipped()


# --------------------------------------------------------------------------- reports

SPEECH = "We will build the bridge in two years and it will carry twelve thousand cars a day"
PLEDGE = "Every family in the valley will feel the difference by the next winter season"
LEDE = "The city council approved the new river bridge on Tuesday after a long debate."
MORE = [
    "Mayor Ana Ruiz said the project would cost the city far less than the old plan.",
    "Opponents argued that the money should go to schools and to the bus network.",
    "Work on the western bank is expected to start in the spring of next year.",
]


def quote(text: str) -> Quote:
    return Quote(text, "Ana Ruiz", "person", text, 2)


def merged(*pairs: tuple[str, tuple[str, ...]]) -> tuple[StoryQuote, ...]:
    return tuple(
        StoryQuote("Ana Ruiz", "person", text, sources, tuple((s, text) for s in sources))
        for text, sources in pairs
    )


def reports_of(
    articles: list[Article], quotes: tuple[StoryQuote, ...] = ()
) -> list[tuple[str, ...]]:
    found = find_reports(articles, outlets.identify_all(articles, REGISTRY), quotes, REGISTRY)
    return [report.sources for report in found]


def test_a_copy_is_one_report() -> None:
    one = article("a.txt", [LEDE, *MORE], credit="AFP")
    two = article("b.txt", [LEDE, *MORE[:2], "A different closing line about the weather today."])
    assert reports_of([one, two]) == [("a.txt", "b.txt")]


def test_an_uncredited_translation_of_a_wire_report_is_one_report() -> None:
    credited = article("a.txt", [LEDE, *MORE], credit="AFP")
    translated = article(
        "b.txt",
        ["Councillors said yes to the bridge across the river, Tuesday, after hours of talks."],
        images=(ImageCredit("PHOTO JANE DOE, AGENCE FRANCE-PRESSE", None, 3),),
    )
    quotes = merged((SPEECH, ("a.txt", "b.txt")), (PLEDGE, ("a.txt", "b.txt")))
    found = find_reports(
        [credited, translated],
        outlets.identify_all([credited, translated], REGISTRY),
        quotes,
        REGISTRY,
    )
    assert [r.sources for r in found] == [("a.txt", "b.txt")]
    assert found[0].wire == "AFP"
    assert "photos are credited to AFP" in found[0].evidence[0]


def test_outlets_quoting_one_statement_are_two_reports() -> None:
    """Everyone quotes the mayor: shared quotations alone make no syndication."""
    one = article("a.txt", [LEDE, *MORE], outlet="The Daily Planet")
    two = article("b.txt", ["A quite different account of the evening session, told at length."])
    quotes = merged((SPEECH, ("a.txt", "b.txt")), (PLEDGE, ("a.txt", "b.txt")))
    assert reports_of([one, two], quotes) == [("a.txt",), ("b.txt",)]
    afp = article("c.txt", [LEDE], credit="AFP")
    reuters = article(
        "d.txt", ["Another account of it all, from another agency desk."], credit="Reuters"
    )
    quotes = merged((SPEECH, ("c.txt", "d.txt")), (PLEDGE, ("c.txt", "d.txt")))
    assert reports_of([afp, reuters], quotes) == [("c.txt",), ("d.txt",)]


# --------------------------------------------------------------------------- framing


def test_framing_names_the_words_only_one_source_uses() -> None:
    one = article(
        "a.txt",
        ["Officials met to discuss illegal immigration along the border on Friday."],
        title="Talks on illegal immigration",
    )
    two = article(
        "b.txt",
        ["Officials met to discuss irregular migration along the border on Friday."],
        title="Talks on irregular migration",
    )
    reports = (Report(("a.txt",), None), Report(("b.txt",), None))
    found = framing([one, two], reports, (), ())
    assert [f.source for f in found] == ["a.txt", "b.txt"]
    assert "illegal" in found[0].terms and "irregular" not in found[0].terms
    assert "irregular" in found[1].terms and "illegal" not in found[1].terms
    assert found[0].leads_with.startswith("Officials met to discuss illegal immigration")
    assert framing([one], reports[:1], (), ()) == ()


def test_lean_spread_counts_rated_reports_and_flags_one_side() -> None:
    reports = (Report(("a",), None), Report(("b",), None), Report(("c",), None))
    rated = (
        SourceOutlet("a", "X", "url", None, lean="right"),
        SourceOutlet("b", "Y", "url", None, lean="lean right"),
        SourceOutlet("c", "Z", "url", None),
    )
    assert lean_spread(reports, rated) == ({"lean right": 1, "right": 1}, True)
    mixed = (*rated[:2], SourceOutlet("c", "Z", "url", None, lean="left"))
    assert lean_spread(reports, mixed) == ({"left": 1, "lean right": 1, "right": 1}, False)
    assert lean_spread(reports, rated[2:]) == ({}, False)


# --------------------------------------------------------------------------- disagreements


def fig(
    value: float, text: str, unit: str, source: str, sentence: str = "", q: str | None = None
) -> StoryFigure:
    return StoryFigure(value, text, unit, q, None, None, sentence or text, (source,))


@pytest.mark.parametrize(
    ("left", "right", "flagged"),
    [
        # the only count of bridges in each source, not far apart: one quantity
        (
            fig(55000, "55,000 files", "files", "a"),
            fig(100000, "100,000 secret files", "files", "b"),
            True,
        ),
        # compatible bounds: both can be true
        (
            fig(
                150,
                "at least 150 people",
                "people",
                "a",
                "At least 150 people were hurt in the storm",
                "at least",
            ),
            fig(
                180,
                "more than 180 people",
                "people",
                "b",
                "More than 180 people were hurt in the storm",
                "more than",
            ),
            False,
        ),
        # bounds that cannot both be true
        (
            fig(
                400,
                "more than 400 crashes",
                "crashes",
                "a",
                "There were more than 400 crashes on the roads",
                "more than",
            ),
            fig(
                540,
                "more than 540 crashes",
                "crashes",
                "b",
                "There were more than 540 crashes on the roads",
                "more than",
            ),
            True,
        ),
        # orders of magnitude, tallies and numbers glued to names contradict nothing
        (
            fig(20000, "tens of thousands of files", "files", "a"),
            fig(55000, "55,000 files", "files", "b"),
            False,
        ),
        (
            fig(32, "32 vote", "vote", "a", "In a 67-32 vote the Senate agreed"),
            fig(60, "60 votes", "votes", "b"),
            False,
        ),
        (
            fig(19, "19 vaccines", "vaccines", "a", "COVID-19 vaccines were sent"),
            fig(25, "25 vaccines", "vaccines", "b"),
            False,
        ),
        # far apart: two quantities
        (fig(40, "40 files", "files", "a"), fig(2000, "2,000 files", "files", "b"), False),
    ],
)
def test_same_quantity(left: StoryFigure, right: StoryFigure, flagged: bool) -> None:
    found = find_disagreements([left, right], ["a", "b"])
    assert bool(found) is flagged
    if flagged:
        assert [source for source, _text in found[0].readings] == ["a", "b"]


def test_versions_of_one_report_do_not_disagree() -> None:
    left, right = (
        fig(55000, "55,000 files", "files", "a"),
        fig(100000, "100,000 files", "files", "b"),
    )
    assert same_quantity(left, right, {"a": 0, "b": 1}, sole=True)
    assert not same_quantity(left, right, {"a": 0, "b": 0}, sole=True)


def test_figures_pair_only_within_their_unit_bucket() -> None:
    """Each unit is its own bucket: figures of other units are never compared."""
    many = [fig(1000 + n, f"{1000 + n} widgets{n}", f"widgets{n}", "a") for n in range(300)]
    assert find_disagreements(many, ["a"]) == ()


def test_a_source_giving_both_values_explains_the_difference() -> None:
    figures = [
        fig(1495709, "1,495,709 signatures", "signatures", "a", "It had 1,495,709 signatures"),
        fig(
            1626042,
            "1,626,042 valid signatures",
            "signatures",
            "a",
            "It had 1,626,042 valid signatures",
        ),
        fig(
            1600000,
            "more than 1.6 million signatures",
            "signatures",
            "b",
            "It had more than 1.6 million signatures",
            "more than",
        ),
    ]
    assert find_disagreements(figures, ["a", "b"]) == ()


def test_one_event_on_two_days() -> None:
    one = article("a.txt", ["The council voted to approve the new river bridge on March 4."])
    two = article("b.txt", ["The council voted to approve the new river bridge on March 5."])
    events = story_timeline([one, two])
    found = conflicting_dates(events, {"a.txt": 0, "b.txt": 1})
    assert [(d.kind, [s for s, _ in d.readings]) for d in found] == [("date", ["a.txt", "b.txt"])]
    assert conflicting_dates(events, {"a.txt": 0, "b.txt": 0}) == ()


@pytest.mark.parametrize(
    ("left", "right", "flagged"),
    [
        ("We will not raise the fares this year", "We will raise the fares this year", True),
        ("We will cut 300 jobs at the plant", "We will cut 3,000 jobs at the plant", True),
        ("We will not raise the fares this year", "we won't raise the fares this year", False),
        # a wording cut shorter leaves out words, it does not change them
        ("We will raise the fares", "Nobody wanted it, but we will raise the fares", False),
    ],
)
def test_quote_wordings_that_change_the_meaning(left: str, right: str, flagged: bool) -> None:
    said = StoryQuote("Ana Ruiz", "person", left, ("a", "b"), (("a", left), ("b", right)))
    found = conflicting_quotes([said], {"a": 0, "b": 1})
    assert bool(found) is flagged
    if flagged:
        assert found[0].kind == "quote" and found[0].readings == (("a", left), ("b", right))


# --------------------------------------------------------------------------- history


def briefing_of(articles: list[Article], story_id: str = "2024-03-05-bridge") -> Briefing:
    from tests.test_render import make_briefing

    base = make_briefing(story_id)
    return dataclasses.replace(
        base, story=Story(story_id, tuple(articles)), figures=(), quotes=(), people=()
    )


def test_history_entries() -> None:
    one = article("a.txt", [LEDE])
    two = article("b.txt", [LEDE], date=datetime.date(2024, 3, 7))
    briefing = briefing_of([one, two])
    story = briefing.story.story_id
    # a new story: its sources are its beginning
    assert story_history(briefing, {}, {}) == ()
    # a.txt was published in it before: b.txt joined, dated by its own date
    entries = story_history(briefing, {"a.txt": story}, {})
    assert entries == (("2024-03-07", ("b.txt",)),)
    # the next run keeps the entry, and adds none
    assert (
        story_history(briefing, {"a.txt": story, "b.txt": story}, {story: list(entries)}) == entries
    )
    # b.txt deleted: its entry goes
    alone = briefing_of([one])
    assert story_history(alone, {"a.txt": story, "b.txt": story}, {story: list(entries)}) == ()
    [update] = updates(briefing, entries)
    assert (update.date, update.sources) == (datetime.date(2024, 3, 7), ("b.txt",))


# --------------------------------------------------------------------------- source text


def test_excerpt_is_the_lede_cut_to_sixty_words_with_a_link() -> None:
    long = " ".join(f"word{n}" for n in range(100))
    lines = source_excerpt(
        article("a.txt", [long, "Second paragraph."], url="https://example.org/a?b=1&c=2"),
        "excerpt",
    )
    text = lines[0].removeprefix("<p>").removesuffix("</p>")
    assert len(text.split()) == 61 and text.endswith("word59 …")
    assert (
        lines[1]
        == '<p><a href="https://example.org/a?b=1&amp;c=2">Read the original article</a></p>'
    )
    assert source_excerpt(article("a.txt", [long]), "none") == [
        "<p><em>The source gave no link to the original.</em></p>"
    ]
    assert source_excerpt(article("a.txt", [long], url="javascript:alert(1)"), "none") == [
        "<p><em>The source gave no link to the original.</em></p>"
    ]


def test_sources_page_policy_keeps_headline_and_outlet_searchable() -> None:
    from tests.test_render import make_briefing

    full = make_briefing()
    excerpt = make_briefing(source_text="excerpt")
    body = render_sources_pages(excerpt)[0].body
    assert "## AFP: Mexico tells the US it will help { #source-2 }" in body
    assert "Alicia Bárcena said the relationship is strong." in body  # the lede
    assert "PHOTO CLIFF OWEN" not in body  # the rest of the article is not republished
    assert "PHOTO CLIFF OWEN" in render_sources_pages(full)[0].body
    page = render_page(excerpt, {})
    assert "The openings of all 2 sources, with links to the original articles" in page.body


def test_front_matter_records_reports_and_identity() -> None:
    from tests.test_render import make_briefing

    base = make_briefing()
    briefing = dataclasses.replace(
        base,
        outlets=(
            SourceOutlet("000_a.txt", None, None, None),
            SourceOutlet("001_b.txt", "AFP", "wire credit", "AFP", "wire agency", "FR"),
        ),
        reports=(
            Report(("001_b.txt", "000_a.txt"), "AFP", ("000_a.txt: 2 long quotations in common",)),
        ),
    )
    meta = render_page(briefing, {}).front_matter
    assert meta["independent_reports"] == 1
    assert meta["reports"] == [
        {
            "wire": "AFP",
            "sources": ["001_b.txt", "000_a.txt"],
            "evidence": ["000_a.txt: 2 long quotations in common"],
        }
    ]
    second = meta["sources"][1]
    assert (second["wire"], second["outlet_basis"], second["outlet_kind"], second["report"]) == (
        "AFP",
        "wire credit",
        "wire agency",
        1,
    )
    body = render_page(briefing, {}).body
    assert "1 independent report in 2 sources" in body
    assert "One AFP report, carried in 2 versions" in body
    assert yaml.safe_dump(meta)  # serialisable


# --------------------------------------------------------------------------- end to end

FIRST = """---
title: Riverton council approves the new Harbour Bridge
date: 2024-03-05
outlet: The Riverton Courier
url: https://courier.example/bridge
story: harbour-bridge
---
Riverton's city council approved the new Harbour Bridge on Tuesday after a long debate.

Mayor Ana Ruiz said the bridge would carry twelve thousand cars a day across the river.

Work on the western bank is expected to start in the spring of next year.
"""
SECOND = """---
title: Harbour Bridge vote splits Riverton
date: 2024-03-07
outlet: Valley Radio
wire: AFP
story: harbour-bridge
---
The Harbour Bridge approved by Riverton's council on Tuesday will cost 480 million dollars.

"We have waited thirty years for this crossing and we will not wait any longer," said
councillor Omar Haddad, who voted for the plan.

Opponents said the money should go to the schools of the valley instead.
"""


def generate(source: Path, out: Path) -> Briefing:
    from generator.config import Settings
    from generator.output.write import write_site
    from generator.pipeline import build

    result = build(Settings(source_dir=source, out_dir=out, cache_path=None, outlets_file=None))
    assert not result.report.errors, result.report.errors
    write_site(result.pages, out)
    [briefing] = result.briefings
    return briefing


def tree(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_an_article_joining_later_adds_a_dated_update(tmp_path: Path) -> None:
    source, out = tmp_path / "source_articles", tmp_path / "docs"
    source.mkdir()
    (source / "courier.md").write_text(FIRST, encoding="utf-8")
    first = generate(source, out)
    assert first.history == ()
    (source / "radio.md").write_text(SECOND, encoding="utf-8")
    second = generate(source, out)
    assert second.story.story_id == first.story.story_id
    [update] = second.history
    assert (update.date, update.sources) == (datetime.date(2024, 3, 7), ("radio.md",))
    assert any("480 million" in added for added in update.added), update.added
    story = out / "stories" / f"{second.story.story_id}.md"
    page = story.read_text(encoding="utf-8")
    assert '!!! info "What\'s new"' in page and "**7 March 2024** — Valley Radio" in page
    meta = yaml.safe_load(page.split("---\n", 2)[1])
    assert meta["updates"][0]["sources"] == ["radio.md"]
    assert meta["sources"][0]["url"] == "https://courier.example/bridge"
    assert [s["outlet"] for s in meta["sources"]] == ["The Riverton Courier", "Valley Radio"]
    assert meta["sources"][1]["wire"] == "AFP"
    site_feed = (out / "stories" / "feed.xml").read_text(encoding="utf-8")
    story_feed = (out / "stories" / second.story.story_id / "feed.xml").read_text(encoding="utf-8")
    for feed in (site_feed, story_feed):
        assert f"urn:briefings:{second.story.story_id}:update:1" in feed
        assert "<updated>2024-03-07T00:00:00Z</updated>" in feed
    # a rerun changes nothing
    before = tree(out)
    generate(source, out)
    assert tree(out) == before
    # removing the article removes its entry and its facts
    (source / "radio.md").unlink()
    third = generate(source, out)
    assert third.history == ()
    page = story.read_text(encoding="utf-8")
    assert "What's new" not in page and "480 million" not in page


def test_an_unreadable_history_file_is_ignored(tmp_path: Path) -> None:
    from generator.output.published import HISTORY_FILE, read_history

    (tmp_path / "stories").mkdir()
    path = tmp_path / "stories" / HISTORY_FILE
    path.write_text("{not json", encoding="utf-8")
    assert read_history(tmp_path) == {}
    path.write_text('{"s": [{"date": "soon", "sources": ["a"]}, {"date": null, "sources": ["b"]}]}')
    assert read_history(tmp_path) == {"s": [(None, ("b",))]}


def test_page_shows_disagreements_updates_and_the_lean_spread() -> None:
    from generator.model import Disagreement, Update
    from tests.test_render import make_briefing

    base = make_briefing()
    quiet = render_page(base, {}).body
    assert "## Sources disagree" not in quiet and "What's new" not in quiet
    briefing = dataclasses.replace(
        base,
        disagreements=(
            Disagreement(
                "migrants (in 2023)",
                (("000_a.txt", "520,000 migrants"), ("001_b.txt", "<b>320,000</b> migrants")),
            ),
        ),
        history=(
            Update(datetime.date(2024, 1, 21), ("001_b.txt",), ("figure: 320,000 migrants",)),
        ),
        outlets=(
            SourceOutlet("000_a.txt", "The Daily Planet", "url", None, lean="right"),
            SourceOutlet("001_b.txt", "Valley Radio", "url", "AFP", lean="lean right"),
        ),
        reports=(Report(("000_a.txt",), None), Report(("001_b.txt",), "AFP")),
    )
    articles = outlets.apply(briefing.story.articles, briefing.outlets)  # as `restore` does
    briefing = dataclasses.replace(
        briefing, story=dataclasses.replace(briefing.story, articles=articles)
    )
    body = render_page(briefing, {}).body
    disagree = body.split("## Sources disagree", 1)[1].split("\n## ", 1)[0]
    assert "- **migrants (in 2023)**" in disagree
    assert "    - The Daily Planet: “520,000 migrants”" in disagree
    assert "    - Valley Radio, from AFP: “&lt;b&gt;320,000&lt;/b&gt; migrants”" in disagree
    new = body.split('!!! info "What\'s new"', 1)[1].split("\n\n## ", 1)[0]
    assert "**21 January 2024** — Valley Radio joined: figure: 320,000 migrants" in new
    assert body.index("What's new") < body.index("## Key points")
    assert "**Coverage by lean** (the site's own ratings): lean right 1 · right 1" in body
    assert '!!! warning "One-sided coverage"' in body


def test_copies_days_apart_are_two_reports() -> None:
    one = article("a.txt", [LEDE, *MORE], credit="AFP")
    two = article("b.txt", [LEDE, *MORE], date=datetime.date(2024, 3, 12))
    assert reports_of([one, two]) == [("a.txt",), ("b.txt",)]


def test_shared_quoted_posts_make_no_copy() -> None:
    """Two outlets quoting the same three posts word for word wrote their own text."""
    posts = [f"“{SPEECH}, and {PLEDGE.lower()} number {n},” the mayor wrote." for n in range(4)]
    one = article("a.txt", ["A first outlet's own opening about the vote on the bridge.", *posts])
    two = article("b.txt", ["Another outlet opened with the cost of the river crossing.", *posts])
    assert reports_of([one, two]) == [("a.txt",), ("b.txt",)]


def test_an_html_page_gives_its_url_and_its_outlet() -> None:
    from generator.extract.clean import clean_article
    from generator.extract.meta import extract_meta
    from generator.sources.read import decode_source

    page = (
        b"<html><head><title>Bridge approved</title>"
        b'<link rel="canonical" href="https://www.nytimes.com/2024/03/05/nyregion/bridge.html">'
        b"</head><body><article><h1>Bridge approved</h1>"
        + b"".join(f"<p>{text}</p>".encode() for text in [LEDE, *MORE])
        + b"</article></body></html>"
    )
    raw = decode_source(PurePosixPath("bridge.html"), page, 10**7)
    meta = extract_meta(raw, clean_article(raw))
    assert meta.url == "https://www.nytimes.com/2024/03/05/nyregion/bridge.html"
    found = outlets.identify(
        dataclasses.replace(article("bridge.html", [LEDE]), meta=meta), REGISTRY
    )
    assert (found.outlet, found.kind) == ("The New York Times", "newspaper")
