"""Briefing -> Page: the layout of a briefing page, and hostile text kept as text."""

from __future__ import annotations

import dataclasses
import datetime
import re
from pathlib import PurePosixPath

import markdown
import yaml

from generator.model import (
    Article,
    ArticleMeta,
    Block,
    Briefing,
    CleanArticle,
    Coverage,
    ImageCredit,
    Story,
    StoryEntity,
    StoryFigure,
    StoryQuote,
    TimelineEntry,
)
from generator.output.write import page_bytes
from generator.site.render import (
    FIGURES_SHOWN,
    QUOTES_SHOWN,
    SOURCES_PAGE_BUDGET,
    TIMELINE_SHOWN,
    entity_path,
    front_matter,
    html_text,
    render_page,
    render_sources_pages,
    render_story,
    source_labels,
)
from tests.conftest import CONTRACT_KEYS
from tests.test_escaping import extensions, parse

DAY = datetime.date(2024, 1, 19)
HOSTILE = (
    '<script>alert("x")</script> <img src=x onerror=alert(1)> [x](javascript:alert(1)) '
    "**bold** | pipe | {{ jinja }} <!-- briefings:latest -->"
)
LINE_STARTS = ["# heading", "1. one", "- dash", "> quote", "=== rule", "---", "!!! note"]


def make_article(
    source: str,
    outlet: str | None,
    paragraphs: list[str],
    *,
    title: str = "Mexico and US talk migration",
    date: datetime.date | None = DAY,
    basis: str = "explicit",
) -> Article:
    path = PurePosixPath(source)
    blocks = tuple(
        Block("heading" if text.startswith("## ") else "paragraph", text.removeprefix("## "), n)
        for n, text in enumerate(paragraphs, 2)
    )
    meta = ArticleMeta(
        title=title,
        outlet=outlet,
        dateline="Washington",
        date=date,
        date_basis=basis,  # type: ignore[arg-type]
        updated=None,
        language="en",
        word_count=sum(len(p.split()) for p in paragraphs),
    )
    clean = CleanArticle(
        path=path,
        headline=title,
        blocks=blocks,
        images=(ImageCredit("PHOTO CLIFF OWEN, ASSOCIATED PRESS", "Antony Blinken", 3),),
    )
    return Article(source=path, meta=meta, clean=clean)


def make_briefing(
    story_id: str = "2024-01-19-mexico-us-migration-talks",
    *,
    text: str = "",
    date: datetime.date = DAY,
    tags: tuple[str, ...] = ("migration", "border"),
    related: tuple[str, ...] = (),
    source_text: str = "full",
) -> Briefing:
    """A small two-source briefing; `text` is appended to every string from a source."""
    t = f" {text}" if text else ""
    first = make_article(
        "000_a.txt",
        None,
        [
            f"Antony Blinken met Bernardo Arévalo in Washington.{t}",
            f"## Help from Guatemala{t}",
            f"More than 520,000 migrants crossed the Darien in 2023.{t}",
            *(f"{start}{t}" for start in LINE_STARTS),
        ],
        title=f"Meeting between Washington and Mexico{t}",
        basis="inferred",
    )
    second = make_article(
        "001_b.txt",
        f"AFP{t}",
        [
            f"Alicia Bárcena said the relationship is strong.{t}",
            f"Antony Blinken met Bernardo Arévalo in Washington.{t}",
        ],
        title=f"Mexico tells the US it will help{t}",
    )
    files = ("000_a.txt", "001_b.txt")
    return Briefing(
        story=Story(story_id, (first, second)),
        title=f"Meeting between Washington and Mexico{t}",
        date=date,
        updated=None,
        summary=(f"Antony Blinken met Bernardo Arévalo in Washington.{t}",),
        key_points=(
            f"Alicia Bárcena said the relationship is strong.{t}",
            f"More than 520,000 migrants crossed the Darien in 2023.{t}",
        ),
        people=(
            StoryEntity(
                "Antony Blinken", "person", f"US Secretary of State{t}", ("Blinken",), files, 3
            ),
            StoryEntity(
                f"Alicia Bárcena{t}", "person", "Mexican Foreign Minister", ("Barcena",), files, 4
            ),
            StoryEntity("Bernardo Arévalo", "person", None, (), files, 2),
        ),
        places=(StoryEntity(f"Washington{t}", "place", None, (), files, 3),),
        organisations=(StoryEntity("US Border Patrol", "organisation", None, (), files[:1], 1),),
        figures=(
            StoryFigure(
                520000.0,
                f"more than 520,000 migrants{t}",
                "migrants",
                "more than",
                f"in 2023{t}",
                f"Panamanian government{t}",
                "…",
                files[:1],
            ),
        ),
        disagreements=(),
        quotes=(
            StoryQuote(
                "Antony Blinken",
                "person",
                f"We have made great progress in three weeks{t}",
                files,
                (("001_b.txt", "We made great progress in just three weeks"),),
            ),
            StoryQuote(
                f"a senior US official{t}",
                "described",
                f"No major announcements are expected from the meeting{t}",
                files[1:],
            ),
        ),
        timeline=(
            TimelineEntry(
                datetime.date(2024, 1, 12), f"A woman drowned last Friday.{t}", files[1:]
            ),
        ),
        coverage=(
            Coverage("000_a.txt", None, date, first.meta.title, (f"the Darien figures{t}",)),
            Coverage("001_b.txt", f"AFP{t}", date, second.meta.title, ()),
        ),
        tags=tags,
        related=related,
        source_text=source_text,
    )


def html_of(body: str) -> str:
    names, configs = extensions()
    return markdown.Markdown(extensions=names, extension_configs=configs).convert(body)


def section(body: str, heading: str) -> str:
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", body, re.S | re.M)
    assert match, f"no '## {heading}' section"
    return match.group(1)


def test_sections_in_reading_order() -> None:
    page = render_page(make_briefing(), {})
    headings = re.findall(r"^## (.+)$", page.body, re.M)
    assert headings == [
        "Key points",
        "How outlets covered it",
        "Key figures",
        "Who's who",
        "Places and organisations",
        "Quotes",
        "Timeline",
        "Coverage",
        "Source texts",
    ]
    assert page.body.startswith("# Meeting between Washington and Mexico\n")
    bottom = page.body.index('!!! abstract "Bottom line"')
    assert bottom < page.body.index("## Key points"), "bottom line comes first"


def test_key_points_name_their_sources() -> None:
    body = section(render_page(make_briefing(), {}).body, "Key points")
    lines = [line for line in body.splitlines() if line.startswith("- ")]
    assert len(lines) == 2
    assert lines[0].endswith('<span class="briefing-source">AFP</span>')
    assert lines[1].endswith('<span class="briefing-source">Source\u00a01</span>')


def test_source_labels_are_unique_and_readable() -> None:
    briefing = make_briefing()
    assert source_labels(briefing.story.articles) == {"000_a.txt": "Source 1", "001_b.txt": "AFP"}


def test_whos_who_links_every_person_to_their_page() -> None:
    page = render_page(make_briefing(), {})
    body = section(page.body, "Who's who")
    assert "| Person | Role | Sources |" in body
    target = entity_path("person", "Antony Blinken")
    assert target == PurePosixPath("stories/people/antony-blinken.md")
    assert (
        "| [Antony Blinken](people/antony-blinken.md) | US Secretary of State | Source\u00a01, AFP |"
        in body
    )
    assert "| [Bernardo Arévalo](people/bernardo-arevalo.md) | – |" in body


def test_quotes_show_speaker_sources_and_other_wordings() -> None:
    body = section(render_page(make_briefing(), {}).body, "Quotes")
    assert "> “We have made great progress in three weeks”" in body
    assert "— **[Antony Blinken](people/antony-blinken.md)**, in Source\u00a01, AFP" in body
    assert "AFP words it: “We made great progress in just three weeks”" in body
    assert "— **a senior US official**, in AFP" in body  # described source: no link


def test_source_texts_are_one_link_and_coverage_links_each_text() -> None:
    briefing = make_briefing()
    body = render_page(briefing, {}).body
    story = briefing.story.story_id
    texts = section(body, "Source texts")
    assert (
        f"The full texts of all 2 sources, as cleaned from the original articles, are on [the sources page]({story}/sources.md)"
        in texts
    )
    assert "Antony Blinken met" not in texts  # the texts themselves are on the sources page
    rows = section(body, "Coverage")
    assert f"| [Source 1]({story}/sources.md#source-1) | Meeting between" in rows
    assert f"| [AFP]({story}/sources.md#source-2) | Mexico tells" in rows


def crowded_briefing(count: int) -> Briefing:
    """`make_briefing` with `count` figures, quotes and dated events; entry n is carried
    by n % 3 + 1 sources."""
    briefing = make_briefing()
    files = ("000_a.txt", "001_b.txt", "002_c.txt")
    figure, quote, event = briefing.figures[0], briefing.quotes[0], briefing.timeline[0]
    return dataclasses.replace(
        briefing,
        figures=tuple(
            dataclasses.replace(figure, text=f"figure {n}", sources=files[: n % 3 + 1])
            for n in range(count)
        ),
        quotes=tuple(
            dataclasses.replace(
                quote,
                speaker=f"Speaker {n}",
                text=f"Quote {n} is a full statement",
                sources=files[: n % 3 + 1],
            )
            for n in range(count)
        ),
        timeline=tuple(
            dataclasses.replace(event, text=f"event {n}", sources=files[: n % 3 + 1])
            for n in range(count)
        ),
    )


def test_long_sections_show_the_most_sourced_and_link_the_rest() -> None:
    briefing = crowded_briefing(40)
    body = render_page(briefing, {}).body
    story = briefing.story.story_id
    figures, said, events = (section(body, h) for h in ("Key figures", "Quotes", "Timeline"))
    assert figures.count("| figure ") == FIGURES_SHOWN
    assert said.count("> “Quote ") == QUOTES_SHOWN
    assert events.count("| event ") == TIMELINE_SHOWN
    # The first that three sources carry (n % 3 == 2), in story order.
    assert all(f"| figure {n} |" in figures for n in (2, 5, 23))
    assert "| figure 1 |" not in figures and "| figure 26 |" not in figures
    assert figures.index("| figure 2 |") < figures.index("| figure 5 |")  # story order
    assert (
        f"{FIGURES_SHOWN} of 40 figures, those most sources carry: [all 40]({story}/sources.md#all-key-figures)."
        in figures
    )
    assert f"[all 40]({story}/sources.md#all-quotes)" in said
    assert f"[all 40]({story}/sources.md#full-timeline)" in events
    sources = render_sources_pages(briefing)[0].body
    assert "## All key figures { #all-key-figures }" in sources
    assert (
        "## All quotes { #all-quotes }" in sources
        and "## Full timeline { #full-timeline }" in sources
    )
    for n in range(40):
        assert f"| figure {n} |" in sources and f"> “Quote {n} is a full statement”" in sources
        assert f"| event {n} |" in sources
    assert sources.index("## All key figures") < sources.index("{ #source-1 }")


def test_a_quote_shows_two_other_wordings_and_links_the_rest() -> None:
    briefing = make_briefing()
    quote = briefing.quotes[0]
    variants = tuple((f"00{n}_x.txt", f"Wording {n} of the same remark") for n in range(5))
    briefing = dataclasses.replace(
        briefing, quotes=(dataclasses.replace(quote, variants=variants), *briefing.quotes[1:])
    )
    said = section(render_page(briefing, {}).body, "Quotes")
    assert "“Wording 0 of the same remark”" in said and "“Wording 1 of the same remark”" in said
    assert "Wording 2" not in said
    story = briefing.story.story_id
    assert (
        f"3 other sources word it differently: [every wording]({story}/sources.md#all-quotes)."
        in said
    )
    sources = render_sources_pages(briefing)[0].body
    assert all(f"“Wording {n} of the same remark”" in sources for n in range(5))


def test_short_sections_are_shown_whole_and_not_repeated() -> None:
    briefing = crowded_briefing(FIGURES_SHOWN)
    body = render_page(briefing, {}).body
    assert "those most sources carry" not in section(body, "Key figures")
    assert "All key figures" not in render_sources_pages(briefing)[0].body


def test_sources_page_holds_every_source_text_in_full() -> None:
    briefing = make_briefing()
    page = render_sources_pages(briefing)[0]
    story = briefing.story.story_id
    assert page.path == PurePosixPath(f"stories/{story}/sources.md")
    assert page.front_matter == {"title": f"Sources: {briefing.title}", "story": story}
    assert f"[Meeting between Washington and Mexico](../{story}.md)" in page.body
    assert "## Source 1: Meeting between Washington and Mexico { #source-1 }" in page.body
    assert "## AFP: Mexico tells the US it will help { #source-2 }" in page.body
    for article in briefing.story.articles:
        for block in article.clean.blocks:
            assert html_text(block.text) in page.body
    assert "<p><strong>Help from Guatemala</strong></p>" in page.body  # subheadings stay
    assert "PHOTO CLIFF OWEN, ASSOCIATED PRESS" in page.body
    html = html_of(page.body)
    assert html.count('<div class="briefing-source-text">') == 2
    assert 'id="source-1"' in html and 'id="source-2"' in html


def test_names_link_only_to_entity_pages_that_exist() -> None:
    linked = {entity_path("person", "Antony Blinken"), entity_path("place", "Washington")}
    body = render_page(make_briefing(), {}, linked=linked).body
    assert "| [Antony Blinken](people/antony-blinken.md) |" in body
    assert "| Bernardo Arévalo | – |" in body  # one briefing only: no page, no link
    assert "**Places:** [Washington](places/washington.md)" in body
    assert "**Organisations:** US Border Patrol" in body
    assert "— **[Antony Blinken](people/antony-blinken.md)**, in" in body


def test_related_briefings_link_by_title() -> None:
    briefing = make_briefing(related=("2024-01-10-other",))
    body = section(
        render_page(briefing, {"2024-01-10-other": "Other talks"}).body, "Related briefings"
    )
    assert "- [Other talks](2024-01-10-other.md)" in body


def test_front_matter_contract_is_kept() -> None:
    page = render_page(make_briefing(), {})
    meta = yaml.safe_load(page_bytes(page).decode().split("---\n", 2)[1])
    for key in CONTRACT_KEYS:
        assert key in meta, key
    assert meta["date"] == DAY
    assert meta["people"][0] == {
        "name": "Antony Blinken",
        "role": "US Secretary of State",
        "aliases": ["Blinken"],
    }
    assert meta["sources"][0]["date_basis"] == "inferred"
    assert meta["figures"][0]["value"] == 520000
    assert front_matter(make_briefing())["tags"] == ["migration", "border"]
    assert meta["schema_version"] == 1 and list(meta)[-1] == "schema_version"


def test_hostile_text_never_becomes_markup() -> None:
    briefing = make_briefing(text=HOSTILE)
    page = render_page(briefing, {})
    html = html_of(page.body) + html_of(render_sources_pages(briefing)[0].body)
    assert "<script" not in html and "<img" not in html
    assert "javascript:" not in re.findall(r'href="([^"]*)"', html).__str__()
    assert "<!-- briefings:latest -->" not in html
    # The only elements are the layout's own.
    allowed = {
        "h1",
        "h2",
        "h3",
        "p",
        "a",
        "strong",
        "em",
        "ul",
        "li",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "div",
        "details",
        "summary",
        "blockquote",
        "span",
        "br",
    }
    tags = set(parse(html).tags)
    assert tags <= allowed, tags - allowed
    # Headings: our h1 and our sections only; emphasis only where the layout puts it.
    assert len(re.findall(r"<h1", html)) == 2  # the briefing's and its sources page's
    assert "<h2" in html and len(re.findall(r"<h2", html)) == 9 + 2
    # Every hostile string is shown as text, in full.
    text = " ".join("".join(parse(html).text).split())
    assert text.count('<script>alert("x")</script>') >= 10
    assert "**bold** | pipe | {{ jinja }}" in text
    for start in LINE_STARTS:
        assert f"{start} <script>" in text, start


def test_hostile_table_cells_keep_the_table_shape() -> None:
    page = render_page(make_briefing(text="a | b | c"), {})
    html = html_of(page.body)
    for table in re.findall(r"<table>.*?</table>", html, re.S):
        rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
        widths = {len(re.findall(r"<t[hd]", row)) for row in rows}
        assert len(widths) == 1, table


def test_coverage_groups_what_only_one_source_reports() -> None:
    from generator.site.render import grouped_adds

    adds = [
        "figure: more than 520,000 migrants",
        "figure: 2.4 million",
        "person: Alejandro Mayorkas",
        "quote: Alicia Bárcena: “a”",
        "quote: Alicia Bárcena: “b”",
        "quote: Antony Blinken: “c”",
        "quote: unattributed: “d”",
        "reports: The bridge was closed.",
        "claim: x",
        "something else",
    ]
    cell_text = grouped_adds(adds)
    assert cell_text.split("<br>") == [
        "**Figures:** more than 520,000 migrants; 2.4 million",
        "**Quotes:** 4 — Alicia Bárcena ×2, Antony Blinken, unattributed",
        "**People:** Alejandro Mayorkas",
        "**Also reports:** The bridge was closed.",
        "**Claim:** x",
        "something else",
    ]
    assert grouped_adds([]) == "–"
    assert (
        grouped_adds(["quote: <b>x</b>: “<i>”"]) == "**Quotes:** &lt;b&gt;x&lt;/b&gt;: “&lt;i&gt;”"
    )


def test_sections_that_repeat_other_text_stay_out_of_search() -> None:
    body = render_page(make_briefing(related=("2024-01-10-other",)), {}).body
    for heading in ("Timeline", "Coverage", "Related briefings"):
        assert section(body, heading).startswith("\n<div data-search-exclude markdown>\n"), heading
    for heading in ("Key points", "Who's who", "Quotes", "Source texts"):
        assert "data-search-exclude" not in section(body, heading), heading


def test_sources_lists_stay_short() -> None:
    from generator.site.render import sources_text

    labels = {"a": "AFP", "b": "Source 2", "c": "Source 3"}
    assert sources_text(["a", "b", "c"], labels) == "all 3 sources"
    assert sources_text(["a", "c"], labels) == "AFP, Source\u00a03"
    assert sources_text(["a", "b"], {"a": "AFP", "b": "Source 2"}) == "AFP, Source\u00a02"
    many = {f"s{n}": f"Outlet {n}" for n in range(12)}
    assert sources_text([f"s{n}" for n in range(6)], many).count("Outlet") == 6  # no "1 more"
    listed = sources_text([f"s{n}" for n in range(9)], many)
    assert listed == ", ".join(f"Outlet\u00a0{n}" for n in range(5)) + " and 4 more"


def test_whos_who_of_many_people_shows_the_most_named_and_links_all() -> None:
    from generator.site.render import PEOPLE_SHOWN

    briefing = make_briefing()
    person = briefing.people[0]
    files = ("000_a.txt", "001_b.txt", "002_c.txt")
    people = tuple(
        dataclasses.replace(person, name=f"Person {n}", sources=files[: n % 3 + 1])
        for n in range(40)
    )
    briefing = dataclasses.replace(briefing, people=people)
    story = briefing.story.story_id
    shown = section(render_page(briefing, {}).body, "Who's who")
    assert shown.count("| [Person ") == PEOPLE_SHOWN
    assert "[Person 2]" in shown and "[Person 0]" not in shown  # three sources before one
    assert f"[all 40]({story}/sources.md#all-people)." in shown
    sources = render_sources_pages(briefing)[0].body
    assert "## All people { #all-people }" in sources
    assert all(f"Person {n}" in sources for n in range(40))


def test_coverage_of_many_sources_shows_the_first_and_links_all() -> None:
    from generator.site.render import COVERAGE_SHOWN

    briefing = make_briefing()
    row = briefing.coverage[0]
    rows = tuple(
        dataclasses.replace(row, headline=f"headline {n}") for n in range(COVERAGE_SHOWN + 5)
    )
    briefing = dataclasses.replace(briefing, coverage=rows)
    story = briefing.story.story_id
    shown = section(render_page(briefing, {}).body, "Coverage")
    assert shown.count("| headline ") == COVERAGE_SHOWN and "| headline 20 |" not in shown
    total = COVERAGE_SHOWN + 5
    assert (
        f"{COVERAGE_SHOWN} of {total} sources, in story order: "
        f"[all {total}]({story}/sources.md#full-coverage)." in shown
    )
    sources = render_sources_pages(briefing)[0].body
    assert "## Full coverage { #full-coverage }" in sources
    assert all(f"| headline {n} |" in sources for n in range(total))
    small = render_page(make_briefing(), {}).body
    assert (
        "full-coverage" not in small
        and "Full coverage" not in render_sources_pages(make_briefing())[0].body
    )


def test_byline_names_outlets_and_counts_the_unnamed() -> None:
    body = render_page(make_briefing(), {}).body
    assert "**19 January 2024** · 2 sources: AFP and 1 unnamed · 1 min" in body


def test_sources_pages_split_by_size_and_coverage_links_the_right_page() -> None:
    briefing = make_briefing()
    long_text = " ".join(["A long paragraph of the source."] * 40)  # ~1.3 kB
    articles = tuple(
        dataclasses.replace(
            article,
            clean=dataclasses.replace(
                article.clean,
                blocks=tuple(
                    dataclasses.replace(article.clean.blocks[0], text=f"{long_text} {n}")
                    for n in range(15)  # ~20 kB per source
                ),
            ),
        )
        for article in briefing.story.articles
    )
    briefing = dataclasses.replace(
        briefing, story=dataclasses.replace(briefing.story, articles=articles)
    )
    story = briefing.story.story_id
    pages = render_story(briefing, {})
    assert [str(p.path) for p in pages[1:]] == [
        f"stories/{story}/sources.md",
        f"stories/{story}/sources-2.md",
        f"stories/{story}/feed.xml",
    ]
    first, second = pages[1].body, pages[2].body
    assert "{ #source-1 }" in first and "{ #source-2 }" in second
    assert all(len(p.body.encode()) < SOURCES_PAGE_BUDGET + 2_000 for p in pages[1:-1])
    assert "Page 1 of 2 · [Next →](sources-2.md)" in first
    assert "[← Previous](sources.md) · Page 2 of 2" in second
    assert pages[2].front_matter["title"].endswith(", page 2")
    assert f"[Meeting between Washington and Mexico](../{story}.md)" in second
    rows = section(pages[0].body, "Coverage")
    assert f"[Source 1]({story}/sources.md#source-1)" in rows
    assert f"[AFP]({story}/sources-2.md#source-2)" in rows


def test_bottom_line_names_each_sentences_sources() -> None:
    briefing = make_briefing()
    page = render_page(briefing, {})
    bottom = page.body.split('!!! abstract "Bottom line"', 1)[1].split("\n## ", 1)[0]
    # The summary sentence is in both sources: both labels follow it.
    assert (
        "Antony Blinken met Bernardo Arévalo in Washington. "
        '<span class="briefing-source">Source\u00a01, AFP</span>'
    ) in bottom
    assert page.front_matter["summary_sources"] == [
        {
            "text": "Antony Blinken met Bernardo Arévalo in Washington.",
            "sources": ["000_a.txt", "001_b.txt"],
        }
    ]


def test_why_it_matters_and_whats_next_sections() -> None:
    briefing = dataclasses.replace(
        make_briefing(),
        context=("More than 520,000 migrants crossed the Darien in 2023.",),
        next=("Alicia Bárcena said the relationship is strong.",),
    )
    page = render_page(briefing, {})
    body = page.body
    assert body.index("## Key points") < body.index("## Why it matters")
    assert body.index("## Why it matters") < body.index("## What's next")
    assert body.index("## What's next") < body.index("## Key figures")
    assert (
        "- More than 520,000 migrants crossed the Darien in 2023. "
        '<span class="briefing-source">Source\u00a01</span>'
    ) in body
    assert page.front_matter["next"] == [
        {"text": "Alicia Bárcena said the relationship is strong.", "sources": ["001_b.txt"]}
    ]
    plain = render_page(make_briefing(), {})
    assert "## Why it matters" not in plain.body and plain.front_matter["why"] == []


def test_quotes_on_the_page_are_full_statements_once_each() -> None:
    files = ("000_a.txt", "001_b.txt")
    said = (
        StoryQuote("Alicia Bárcena", "person", "in the fight", files),  # a fragment
        StoryQuote(
            "Alicia Bárcena", "person", "We want to help and support this great task", files[1:]
        ),
        StoryQuote(
            "Antony Blinken",
            "person",
            "We have made great progress and look forward to taking further steps together",
            files[1:],
        ),
        StoryQuote(  # a piece of the remark above, which a source split off
            "Antony Blinken", "person", "We look forward to taking further steps together", files
        ),
    )
    briefing = dataclasses.replace(make_briefing(), quotes=said)
    page = render_page(briefing, {})
    section = page.body.split("## Quotes", 1)[1].split("\n## ", 1)[0]
    assert "in the fight" not in section
    assert "We want to help and support this great task" in section
    assert section.count("look forward to taking further steps together") == 1
    # Most sources first: the two-source piece wins over the longer one-source wording.
    assert section.index("We look forward") < section.index("We want to help")
    statements = [q["statement"] for q in page.front_matter["quotes"]]
    assert statements == [False, True, True, True]


def test_key_figures_say_what_they_count() -> None:
    figure = dataclasses.replace(
        make_briefing().figures[0], what="More than 520,000 migrants crossed the Darien"
    )
    briefing = dataclasses.replace(make_briefing(), figures=(figure,))
    page = render_page(briefing, {})
    assert "| Figure | What it counts | Period | Reported by | Sources |" in page.body
    assert "| More than 520,000 migrants crossed the Darien |" in page.body
    assert page.front_matter["figures"][0]["what"] == (
        "More than 520,000 migrants crossed the Darien"
    )


def test_coverage_counts_what_one_source_alone_reports_and_the_sources_page_lists_it() -> None:
    briefing = make_briefing()
    row = dataclasses.replace(
        briefing.coverage[1],
        adds=(
            "figure: 12 ships (in May) — “The navy lost 12 ships in May…”",
            "reports: The bridge was closed.",
            "reports: It rained.",
        ),
    )
    briefing = dataclasses.replace(briefing, coverage=(briefing.coverage[0], row))
    shown = section(render_page(briefing, {}).body, "Coverage")
    story = briefing.story.story_id
    assert f"**Also reports:** [2 other facts]({story}/sources.md#full-coverage)" in shown
    assert "The bridge was closed." not in shown
    assert "**Figures:** 12 ships (in May)<br>" in shown and "The navy" not in shown
    sources = render_sources_pages(briefing)[0].body
    assert "## Full coverage { #full-coverage }" in sources
    assert "The bridge was closed.; It rained." in sources
