"""Pages about many briefings (listings, archive, entity pages, tags, feed) and the
MkDocs adapter's title escaping."""

from __future__ import annotations

import dataclasses
import datetime
import posixpath
import re
import xml.etree.ElementTree as ET
from pathlib import Path, PurePosixPath

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.config import Settings
from generator.mkdocs_plugin import (
    SITE_META_KEYS,
    escape_meta,
    site_bytes,
    stash_raw_html,
    unstash_raw_html,
)
from generator.model import Briefing, Page, StoryEntity
from generator.site import listings as site_module
from generator.site import render
from generator.site.listings import (
    ENTITY_BOOST,
    ENTITY_INDEX_SIZE,
    ENTITY_PAGE_SIZE,
    FEED_PATH,
    LATEST_MARKER,
    latest_markdown,
    render_site,
)
from generator.site.render import entity_path, render_sources_pages, tag_path
from tests.test_render import HOSTILE, html_of, make_briefing

ATOM = "{http://www.w3.org/2005/Atom}"


def briefings(count: int) -> list:  # type: ignore[type-arg]
    start = datetime.date(2024, 3, 31)
    return [
        make_briefing(
            f"{start - datetime.timedelta(days=7 * n)}-story-{n}",
            date=start - datetime.timedelta(days=7 * n),
        )
        for n in range(count)
    ]


def site(count: int = 3, page_size: int = 20, **settings: object) -> dict[str, Page]:
    pages = render_site(briefings(count), Settings(page_size=page_size, **settings))  # type: ignore[arg-type]
    return {str(page.path): page for page in pages}


def test_every_listing_exists_and_is_sorted_by_path() -> None:
    pages = render_site(briefings(3), Settings())
    paths = [str(p.path) for p in pages]
    assert paths == sorted(paths)
    for expected in (
        "stories/index.md",
        "stories/archive/index.md",
        "stories/people/index.md",
        "stories/places/index.md",
        "stories/organisations/index.md",
        "stories/tags.md",
        "stories/feed.xml",
        "stories/sitemap.xml",
        "stories/2024-03-31-story-0.md",
    ):
        assert expected in paths, expected


def test_latest_is_paginated_newest_first() -> None:
    pages = site(5, page_size=2)
    first, second, third = (
        pages[p].body for p in ("stories/index.md", "stories/page/2.md", "stories/page/3.md")
    )
    assert first.index("story-0.md") < first.index("story-1.md")
    assert "story-2.md" not in first and "story-2.md" in second and "story-4.md" in third
    assert "Page 1 of 3" in first and "[Older →](page/2.md)" in first
    assert "[← Newer](../index.md)" in second and "[Older →](3.md)" in second
    assert "[← Newer](2.md)" in third and "Older" not in third
    assert pages["stories/index.md"].front_matter["search"] == {"exclude": True}


def test_listing_item_has_title_date_summary_and_sources_count() -> None:
    body = site(1)["stories/index.md"].body
    assert "- **[Meeting between Washington and Mexico](2024-03-31-story-0.md)**" in body
    assert '<span class="briefing-meta">31 March 2024 · 2 sources</span>' in body
    assert "Antony Blinken met Bernardo Arévalo in Washington." in body
    assert body.count('<div class="briefing-list" markdown>') == 1


def test_archive_by_month() -> None:
    pages = site(6)  # 31 March back to 24 February, weekly
    index = pages["stories/archive/index.md"].body
    assert "## 2024" in index
    assert "- [March 2024](2024-03.md) (5 briefings)" in index
    assert "- [February 2024](2024-02.md) (1 briefing)" in index
    assert index.index("March") < index.index("February")
    march = pages["stories/archive/2024-03.md"]
    assert march.front_matter["title"] == "Briefings of March 2024"
    assert march.body.count("- **[") == 5
    assert "](../2024-03-31-story-0.md)" in march.body


def test_entity_pages_list_briefings_with_roles() -> None:
    pages = site(2)
    person = pages["stories/people/antony-blinken.md"]
    assert person.front_matter == {"title": "Antony Blinken", "search": {"boost": ENTITY_BOOST}}
    assert person.body.startswith("# Antony Blinken\n")
    assert "stories/people/antony-blinken/2.md" not in pages
    assert "Person · 2 briefings" in person.body
    assert "**Described as:** US Secretary of State" in person.body
    assert "**Also written:** Blinken" in person.body
    assert person.body.count("Role: US Secretary of State") == 2
    assert "](../2024-03-31-story-0.md)" in person.body
    assert '<div class="briefing-list" data-search-exclude markdown>' in person.body
    index = pages["stories/people/index.md"].body
    assert "| [Antony Blinken](antony-blinken.md) | 2 | 31 March 2024 |" in index
    assert "stories/places/washington.md" in pages
    assert "stories/organisations/us-border-patrol.md" in pages


def test_tags_page_holds_material_marker() -> None:
    page = site(1)["stories/tags.md"]
    assert "<!-- material/tags -->" in page.body
    assert page.front_matter["title"] == "Tags"


def test_feed_is_valid_atom_with_every_briefing() -> None:
    pages = site(3, site_url="https://example.org/news/", site_title="News & <Views>")
    feed = ET.fromstring(pages[str(FEED_PATH)].body.encode())
    assert feed.tag == f"{ATOM}feed"
    assert feed.find(f"{ATOM}title").text == "News & <Views>"  # type: ignore[union-attr]
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}id").text for e in entries] == [  # type: ignore[union-attr]
        "urn:briefings:2024-03-31-story-0",
        "urn:briefings:2024-03-24-story-1",
        "urn:briefings:2024-03-17-story-2",
    ]
    link = entries[0].find(f"{ATOM}link")
    assert link is not None
    assert link.get("href") == "https://example.org/news/stories/2024-03-31-story-0/"
    assert entries[0].find(f"{ATOM}updated").text == "2024-03-31T00:00:00Z"  # type: ignore[union-attr]
    assert [c.get("term") for c in entries[0].findall(f"{ATOM}category")] == ["migration", "border"]


def test_feed_survives_hostile_and_illegal_characters() -> None:
    briefing = make_briefing(text=HOSTILE + ' " \x00\x0b\x1f \ud800 end', tags=('a"b', "<c>"))
    page = [p for p in render_site([briefing], Settings()) if p.path == FEED_PATH][0]
    feed = ET.fromstring(page.body.encode("utf-8", "surrogatepass"))
    title = feed.find(f"{ATOM}entry/{ATOM}title")
    assert title is not None and title.text is not None
    assert '<script>alert("x")</script>' in title.text and title.text.endswith(" end")
    terms = [c.get("term") for c in feed.iter(f"{ATOM}category")]
    assert terms == ['a"b', "<c>"]


def test_sitemap_stub_is_valid_xml() -> None:
    root = ET.fromstring(site(1)["stories/sitemap.xml"].body.encode())
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"


def test_latest_markdown_for_the_home_page() -> None:
    text = latest_markdown(briefings(12), PurePosixPath("index.md"), 10)
    assert text.count("- **[") == 10
    assert "](stories/2024-03-31-story-0.md)" in text
    assert "[All briefings →](stories/index.md)" in text
    assert "[Archive by month](stories/archive/index.md)" in text
    assert latest_markdown([], PurePosixPath("index.md"), 10).startswith("*No briefings yet")
    assert LATEST_MARKER == "<!-- briefings:latest -->"


def test_listing_html_escapes_hostile_titles() -> None:
    briefing = make_briefing(text=HOSTILE)
    body = latest_markdown([briefing], PurePosixPath("index.md"), 10)
    html = html_of(body)
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


def test_listings_stay_small_per_page() -> None:
    """A listing page's size does not grow with the number of briefings."""
    small = site(20, page_size=20)["stories/index.md"].body
    large = site(200, page_size=20)["stories/index.md"].body
    assert abs(len(large) - len(small)) < 200


# --- the MkDocs adapter ------------------------------------------------------------


def test_escape_meta_makes_titles_and_tags_text() -> None:
    meta = {"title": '<img src=x onerror="alert(1)"> & co', "tags": ["<b>x</b>", "plain"]}
    escape_meta(meta)
    assert meta["title"] == "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; co"
    assert meta["tags"] == ["&lt;b&gt;x&lt;/b&gt;", "plain"]


@pytest.mark.parametrize("count", [0, 1])
def test_empty_and_tiny_sites_render(count: int) -> None:
    pages = site(count)
    assert "stories/index.md" in pages and "stories/feed.xml" in pages
    ET.fromstring(pages["stories/feed.xml"].body.encode())


def test_undated_briefings_go_to_an_undated_archive_page() -> None:
    undated = dataclasses.replace(make_briefing("undated-story"), date=datetime.date.min)
    pages = {str(p.path): p for p in render_site([undated], Settings())}
    assert "stories/archive/undated.md" in pages
    assert "- [Undated](undated.md) (1 briefing)" in pages["stories/archive/index.md"].body
    ET.fromstring(pages["stories/feed.xml"].body.encode())


# --- a whole site built by MkDocs from hostile briefings ------------------------------


@pytest.mark.slow
def test_built_site_never_turns_source_text_into_markup(tmp_path: Path) -> None:
    """Titles, tags, names and text full of HTML/Markdown/Jinja, through the real theme:
    no live element or attribute from a source anywhere in the built HTML."""
    from benchmarks.page_weight import build_site

    hostile = make_briefing(text=HOSTILE, tags=("<b>tag</b>", "x&y"))
    plain = make_briefing("2024-01-10-plain", date=datetime.date(2024, 1, 10))
    site_dir = tmp_path / "site"
    (tmp_path / "project").mkdir()
    build_site([hostile, plain], tmp_path / "project", site_dir)
    live = re.compile(r"<script>alert|<img src|<b>tag</b>|href=\"javascript:")
    pages = sorted(site_dir.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        text = page.read_text(encoding="utf-8")
        found = live.findall(text)
        assert not found, f"{page.relative_to(site_dir)}: {found}"
    briefing = (site_dir / "stories" / hostile.story.story_id / "index.html").read_text()
    assert "<title>Meeting between Washington and Mexico &lt;script&gt;" in briefing
    assert "&lt;!-- briefings:latest --&gt;" in briefing
    home = (site_dir / "index.html").read_text()
    assert "2024-01-10-plain" in home, "the marker in docs/index.md was expanded"
    assert (site_dir / "pagefind" / "pagefind.js").is_file()


def test_tag_pages_list_every_briefing_paginated() -> None:
    pages = site(60)
    first = pages["stories/tags/migration.md"]
    assert first.front_matter["title"] == "Tagged migration"
    assert "60 briefings · [All tags](../tags.md)" in first.body
    assert first.body.count("- **[") == ENTITY_PAGE_SIZE
    assert "](../2024-03-31-story-0.md)" in first.body  # newest first
    assert "[Older →](migration/2.md)" in first.body
    second = pages["stories/tags/migration/2.md"]
    assert second.body.count("- **[") == 60 - ENTITY_PAGE_SIZE
    assert "[← Newer](../migration.md)" in second.body
    assert "](../../" in second.body  # links climb out of the extra folder


def test_entity_pages_are_paginated() -> None:
    pages = site(ENTITY_PAGE_SIZE + 3)
    first = pages["stories/people/antony-blinken.md"]
    second = pages["stories/people/antony-blinken/2.md"]
    assert first.body.count("Role: US Secretary of State") == ENTITY_PAGE_SIZE
    assert second.body.count("Role: US Secretary of State") == 3
    assert "**Described as:**" in first.body and "**Described as:**" not in second.body
    assert first.front_matter["search"] == {"boost": ENTITY_BOOST}
    assert second.front_matter["search"] == {"exclude": True}
    assert "[← Newer](../antony-blinken.md)" in second.body


def test_reserved_slugs_never_collide_with_listing_files() -> None:
    assert entity_path("place", "Index") == PurePosixPath("stories/places/index-1.md")
    assert tag_path("page") == PurePosixPath("stories/tags/page-1.md")


# --- entity pages only where they add something; indexes paginated -------------------


NAMES = ["Zoë Adler", "Álvaro Baptista", "Chen Wu", "Ulrike Dahl", "Émile Ortiz", "1st Cavalry"]


def crowded(count: int) -> list:  # type: ignore[type-arg]
    """`count` briefings, each naming three people of its own besides the shared ones."""
    result = []
    for n, briefing in enumerate(briefings(count)):
        own = tuple(
            StoryEntity(f"{NAMES[(n + k) % len(NAMES)]} {n}-{k}", "person", "Mayor", (), (), 1)
            for k in range(3)
        )
        result.append(dataclasses.replace(briefing, people=briefing.people + own))
    return result


def crowded_site(count: int) -> dict[str, Page]:
    return {str(page.path): page for page in render_site(crowded(count), Settings())}


def test_entity_in_one_briefing_has_no_page_and_the_index_links_the_briefing() -> None:
    pages = crowded_site(2)
    assert "stories/people/antony-blinken.md" in pages  # in both briefings
    assert not [path for path in pages if path.startswith("stories/people/chen-wu")]
    index = pages["stories/people/index.md"].body
    assert "| [Antony Blinken](antony-blinken.md) | 2 | 31 March 2024 |" in index
    assert (
        "| Chen Wu 0-2 | [Meeting between Washington and Mexico](../2024-03-31-story-0.md) |"
        in (index)
    )
    briefing = pages["stories/2024-03-31-story-0.md"].body
    assert "| Chen Wu 0-2 | Mayor |" in briefing  # plain text: its only briefing is this one
    assert "| [Antony Blinken](people/antony-blinken.md) |" in briefing
    # Every name on a briefing page links to a page that exists.
    for target in re.findall(r"\]\((people/[^)#]+)\)", briefing):
        assert f"stories/{target}" in pages, target


def test_entity_index_sorts_by_folded_name() -> None:
    index = crowded_site(2)["stories/people/index.md"].body
    rows = [line.split(" | ")[0].lstrip("| [") for line in index.splitlines()[4:]]
    assert rows == sorted(rows, key=lambda name: name.replace("Á", "A").replace("É", "E").lower())
    assert index.index("Álvaro Baptista") < index.index("Chen Wu")


def test_entity_indexes_are_paginated_with_initials() -> None:
    pages = crowded_site(100)  # 300 people of their own, 3 shared: 4 pages of 100
    paths = [f"stories/people/page/{n}.md" for n in (2, 3, 4)]
    assert all(path in pages for path in paths) and "stories/people/page/5.md" not in pages
    first, second = pages["stories/people/index.md"].body, pages[paths[0]].body
    assert first.count("\n| ") == ENTITY_INDEX_SIZE + 1  # the header row too
    assert "Page 1 of 4 · [Next →](page/2.md)" in first
    assert "[← Previous](../index.md) · Page 2 of 4 · [Next →](3.md)" in second
    assert "[A](index.md) · [B](page/2.md)" in first and "{ .briefing-initials }" in first
    assert first.startswith("# People\n\n[\\#](index.md) · ")  # names not starting with a letter
    assert "[A](../index.md) · [B](2.md)" in second
    assert "](../../2024-" in second  # links climb out of the page/ folder
    assert pages[paths[0]].front_matter == {"title": "People, page 2", "search": {"exclude": True}}


def test_listing_pages_stay_bounded_at_300_briefings() -> None:
    """No listing page grows with the site: at 300 briefings (903 people) the largest
    generated page other than a briefing is under 25 kB of Markdown."""
    pages = crowded_site(300)
    briefing_pages = {f"stories/{b.story.story_id}.md" for b in crowded(1)}
    sizes = {
        path: len(page.body.encode())
        for path, page in pages.items()
        if path.endswith(".md") and "-story-" not in path
    }
    assert len(sizes) > 20 and not briefing_pages & set(sizes)
    largest = max(sizes, key=sizes.__getitem__)
    assert sizes[largest] < 25_000, (largest, sizes[largest])


def test_mkdocs_gets_the_front_matter_the_site_uses() -> None:
    page = site(1)["stories/2024-03-31-story-0.md"]
    sent = yaml.safe_load(site_bytes(page).decode().split("---\n")[1])
    assert set(sent) <= set(SITE_META_KEYS) and set(sent) == set(page.front_matter) & set(sent)
    assert sent["title"] == page.front_matter["title"] and sent["tags"] == ["migration", "border"]
    assert "figures" not in sent and "sources" not in sent
    assert site_bytes(page).decode().endswith(page.body)


def test_source_text_blocks_skip_markdown_and_come_back_intact() -> None:
    briefing = make_briefing(text=HOSTILE)
    body = render_sources_pages(briefing)[0].body
    stashed, blocks = stash_raw_html(body)
    assert len(blocks) == 2 and "briefing-source-text" not in stashed
    html = unstash_raw_html(html_of(stashed), blocks)
    assert html.count('<div class="briefing-source-text">') == 2
    assert "RAWHTML" not in html and "<script" not in html
    assert html_of(body).count("&lt;script&gt;") == html.count("&lt;script&gt;") > 0


@pytest.mark.slow
def test_built_listing_links_resolve_and_pages_stay_small(tmp_path: Path) -> None:
    """40 briefings naming 123 people, built by MkDocs in strict mode: the people index
    has two pages, every relative link on the listing, entity and sources pages leads
    to a built page (pager, initials, entity and briefing links), and no page exceeds
    60 kB."""
    from benchmarks.page_weight import build_site

    site_dir = tmp_path / "site"
    (tmp_path / "project").mkdir()
    with pytest.MonkeyPatch.context() as patch:
        import mkdocs.config

        load = mkdocs.config.load_config
        patch.setattr(mkdocs.config, "load_config", lambda *a, **k: load(*a, **k, strict=True))
        build_site(crowded(40), tmp_path / "project", site_dir)
    people = site_dir / "stories" / "people"
    assert (people / "page" / "2" / "index.html").is_file()
    assert not (people / "page" / "3").exists()
    assert (people / "antony-blinken" / "index.html").is_file()
    assert not list(people.glob("chen-wu*"))
    checked = 0
    for page in sorted(site_dir.joinpath("stories").rglob("index.html")):
        html = page.read_text(encoding="utf-8")
        is_sources = page.parent.name.startswith("sources")
        assert len(html.encode()) < 60_000, page
        if not (is_sources or "people" in page.parts or "page" in page.parts):
            continue
        for href in re.findall(r'<a href="([^"#:?]+)(?:#[^"]*)?"', html):
            if href.startswith(("/", "assets", "../assets")) or "." in href.rsplit("/", 1)[-1]:
                continue
            target = (page.parent / href).resolve() / "index.html"
            assert target.is_file(), f"{page.relative_to(site_dir)}: {href}"
            checked += 1
    assert checked > 300
    first = (people / "index.html").read_text(encoding="utf-8")
    assert 'href="page/2/">Next →</a>' in first


def test_archive_months_are_paginated() -> None:
    march = datetime.date(2024, 3, 1)
    many = [make_briefing(f"2024-03-01-n{n}", date=march) for n in range(ENTITY_PAGE_SIZE + 10)]
    pages = {str(p.path): p for p in render_site(many, Settings())}
    first, second = pages["stories/archive/2024-03.md"], pages["stories/archive/2024-03/2.md"]
    assert first.body.count("- **[") == ENTITY_PAGE_SIZE and second.body.count("- **[") == 10
    assert "[Older →](2024-03/2.md)" in first.body and "[← Newer](../2024-03.md)" in second.body
    assert second.front_matter["title"] == "Briefings of March 2024, page 2"
    assert "](../../2024-" in second.body
    assert "- [March 2024](2024-03.md) (60 briefings)" in pages["stories/archive/index.md"].body


SEGMENT = st.text(alphabet="abz019-_.é", min_size=1, max_size=4).filter(
    lambda part: part not in {".", ".."}
)
PATHS = st.lists(SEGMENT, min_size=1, max_size=4).map("/".join)


@settings(max_examples=300, deadline=None)
@given(target=PATHS, start=st.one_of(st.just("."), PATHS))
def test_links_are_what_posixpath_gives(target: str, start: str) -> None:
    assert render._relpath(target, start) == posixpath.relpath(target, start)


@settings(max_examples=300, deadline=None)
@given(name=st.text(max_size=20))
def test_sort_name_is_unidecode_folded(name: str) -> None:
    from unidecode import unidecode

    site_module.sort_name.cache_clear()
    assert (
        site_module.sort_name(name) == unidecode(name.encode("utf-8", "ignore").decode()).casefold()
    )


def test_remembered_listings_are_the_pages_made_afresh(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[str] = []
    real = site_module.entity_page

    def entity_page(path: PurePosixPath, *args: object) -> list[Page]:
        made.append(str(path))
        return real(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(site_module, "entity_page", entity_page)
    memo = site_module.SiteMemo()
    first = render_site(briefings(4), Settings(), memo=memo)
    kept = memo.made_now()
    assert made and kept and sorted(memo.used) == sorted(kept)

    made.clear()
    memo = site_module.SiteMemo(dict(kept))
    again = render_site(briefings(4), Settings(), memo=memo)
    assert made == [] and again == first  # every entity page and index page remembered
    assert memo.made_now() == {}  # nothing new to keep

    memo = site_module.SiteMemo(dict(kept))
    renamed = briefings(4)
    renamed[0] = dataclasses.replace(renamed[0], title="A new title")
    changed = render_site(renamed, Settings(), memo=memo)
    anew = memo.made_now()
    assert changed == render_site(renamed, Settings())  # the same as made from nothing
    assert made and anew and set(anew) <= set(kept)  # the pages listing that briefing

    nameless = briefings(4)
    nameless[0] = dataclasses.replace(nameless[0], people=(), places=(), organisations=())
    memo = site_module.SiteMemo()
    render_site(nameless, Settings(), memo=memo)
    memo = site_module.SiteMemo(memo.made_now())
    nameless[0] = dataclasses.replace(nameless[0], title="Listed on none of them")
    render_site(nameless, Settings(), memo=memo)
    assert memo.made_now() == {}  # no listing shows it: nothing made anew


def with_people(story: int, *names: str) -> Briefing:
    briefing = briefings(3)[story]
    files = ("000_a.txt", "001_b.txt")
    people = tuple(StoryEntity(name, "person", None, (), files, 1) for name in names)
    return dataclasses.replace(briefing, people=people)


def test_a_surname_alone_shares_the_page_of_the_one_person_with_that_name() -> None:
    stories = [
        with_people(0, "Barack Obama"),
        with_people(1, "Obama"),  # never named in full in this story
        with_people(2, "Barack Obama", "Theresa May"),
    ]
    pages = {str(p.path): p for p in render_site(stories, Settings())}
    assert "stories/people/obama.md" not in pages
    page = pages["stories/people/barack-obama.md"].body
    assert "3 briefings" in page and "**Also written:** Obama" in page
    alone = pages[f"stories/{stories[1].story.story_id}.md"].body
    assert "[Obama](people/barack-obama.md)" in alone


def test_a_surname_of_two_people_keeps_its_own_page() -> None:
    stories = [
        with_people(0, "Barack Obama", "Obama"),
        with_people(1, "Obama"),
        with_people(2, "Michelle Obama"),
    ]
    pages = {str(p.path): p for p in render_site(stories, Settings())}
    assert "stories/people/obama.md" in pages  # which Obama is not ours to guess
    assert "stories/people/barack-obama.md" not in pages  # in one briefing only
