"""The built site in a real browser (Debian chromium through Playwright).

Two sites, each built once per session with `mkdocs build --strict -d <tmp>`:

- `project`: this repository's mkdocs.yml and source_articles/ (the two seed articles);
- `dev`: the same setup over ../shared/corpus/dev plus the seeds, in a temporary folder
  (skipped when ../shared is absent).

Every test runs on both and fails on any console error. Screenshots (desktop 1280×800,
phone 375×812, light and dark) go to test-artifacts/ and their file names are printed;
a blank page (uniform screenshot, or no visible text in the main content) fails.
"""

from __future__ import annotations

import datetime
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.browser.helpers import (
    DESKTOP,
    DEV_CORPUS,
    PHONE,
    REPO_ROOT,
    SEED_SOURCE,
    SEEDS,
    Briefing,
    dev_corpus_sources,
    find_briefing,
    heading,
    make_project,
    mkdocs_build,
    screenshot,
    search,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(900)]
ATOM = "{http://www.w3.org/2005/Atom}"


@dataclass(frozen=True)
class Site:
    name: str
    root: Path
    briefing: Briefing  # the seed articles' briefing


@pytest.fixture(scope="session", params=["project", "dev"])
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Site:
    name = request.param
    if name == "project":
        root = tmp_path_factory.mktemp("site-project") / "site"
        mkdocs_build(REPO_ROOT, root)
    else:
        if not DEV_CORPUS.is_dir() or not SEEDS.is_dir():
            pytest.skip(f"{DEV_CORPUS.parent} is absent")
        folder = tmp_path_factory.mktemp("site-dev")
        project = make_project(folder / "project", dev_corpus_sources())
        root = folder / "site"
        mkdocs_build(project, root)
    return Site(name, root, find_briefing(root, SEED_SOURCE))


@dataclass
class Visit:
    base: str
    browser: Any
    watch: Callable[[Any], list[str]]
    contexts: list[Any] = field(default_factory=list)
    errors_lists: list[list[str]] = field(default_factory=list)

    def open(
        self, path: str = "", *, viewport: dict[str, int] = DESKTOP, scheme: str = "light"
    ) -> Any:
        context = self.browser.new_context(viewport=viewport, color_scheme=scheme)
        self.contexts.append(context)
        page = context.new_page()
        errors = self.watch(page)
        self.errors_lists.append(errors)
        response = page.goto(self.base + path, wait_until="networkidle")
        assert response is not None and response.status == 200, path
        return page

    def console_errors(self) -> list[str]:
        return [error for errors in self.errors_lists for error in errors]


@pytest.fixture
def visit(
    site: Site,
    serve_dir: Callable[[Path | str], str],
    chromium_browser: Any,
    page_errors: Callable[[Any], list[str]],
) -> Iterator[Visit]:
    visit = Visit(serve_dir(site.root), chromium_browser, page_errors)
    try:
        yield visit
    finally:
        for context in visit.contexts:
            context.close()


@pytest.fixture
def shots(artifacts_dir: Path, capsys: pytest.CaptureFixture[str]) -> Callable[..., Path]:
    """`shots(page, name)`: a screenshot in test-artifacts/, its name printed to the log."""

    def take(page: Any, name: str, *, full_page: bool = False) -> Path:
        with capsys.disabled():
            return screenshot(page, artifacts_dir, name, full_page=full_page)

    return take


def test_home_lists_the_seed_briefing_newest_first(
    site: Site, visit: Visit, shots: Callable[..., Path]
) -> None:
    page = visit.open()
    link = page.locator(f".briefing-list a[href*='{site.briefing.story_id}']")
    assert link.count() == 1 and link.is_visible()
    assert link.inner_text().strip() == site.briefing.title
    item = page.locator(f".briefing-list li:has(a[href*='{site.briefing.story_id}'])")
    assert "2 sources" in item.inner_text()
    assert "January 2024" in item.inner_text()
    dates = [
        datetime.datetime.strptime(text.split(" · ")[0], "%d %B %Y").date()
        if not text.startswith("undated")
        else datetime.date.min
        for text in page.locator(".briefing-list .briefing-meta").all_inner_texts()
    ]
    assert dates and dates == sorted(dates, reverse=True), dates
    shots(page, f"{site.name}-home-desktop")

    phone = visit.open(viewport=PHONE)
    assert phone.locator(f".briefing-list a[href*='{site.briefing.story_id}']").is_visible()
    shots(phone, f"{site.name}-home-phone")

    link.click()
    page.wait_for_url(f"**/{site.briefing.path}")
    assert heading(page.locator("h1").first) == site.briefing.title
    assert visit.console_errors() == []


def test_briefing_page_reads_top_down(site: Site, visit: Visit, shots: Callable[..., Path]) -> None:
    page = visit.open(site.briefing.path)
    headings = [h.strip().rstrip("¶") for h in page.locator("article h2").all_inner_texts()]
    for expected in ("Key points", "Who's who", "Quotes", "Coverage", "Source texts"):
        assert expected in headings, headings
    bottom = page.locator(".admonition.abstract")
    assert bottom.is_visible() and "Bottom line" in bottom.inner_text()
    shots(page, f"{site.name}-briefing-desktop")
    # The full source texts are one click away, on the story's sources page.
    page.locator("#source-texts ~ p a", has_text="the sources page").first.click()
    page.wait_for_url(f"**/{site.briefing.path}sources/")
    texts = page.locator(".briefing-source-text")
    assert texts.count() == 2 and texts.first.locator("p").nth(1).is_visible()
    shots(page, f"{site.name}-sources-desktop")
    phone = visit.open(site.briefing.path, viewport=PHONE)
    shots(phone, f"{site.name}-briefing-phone")
    assert visit.console_errors() == []


@pytest.mark.parametrize("query", ["Blinken", "arevalo", "Arévalo", "Barcena"])
def test_search_reaches_the_briefing(site: Site, visit: Visit, query: str) -> None:
    page = visit.open()
    results = search(page, query)
    # The briefing itself is among the results (its sources page may be too: the full
    # source texts are searchable, with a lower weight).
    hit = page.locator(
        f"li.md-search-result__item a.md-search-result__link[href$='{site.briefing.story_id}/']"
    ).first
    hit.wait_for(state="visible", timeout=20_000)
    assert results.count() >= 1
    hit.click()
    page.wait_for_url(f"**/{site.briefing.path}**")
    assert heading(page.locator("h1").first) == site.briefing.title
    assert visit.console_errors() == []


@pytest.mark.parametrize(
    ("query", "boosted"),
    [
        ("Blinken", "stories/people/antony-blinken/"),
        ("Barcena", "stories/people/alicia-barcena/"),
        ("Merkel", "stories/people/angela-merkel/"),  # in two development stories
    ],
)
def test_search_ranks_people_first(site: Site, visit: Visit, query: str, boosted: str) -> None:
    """A person's page (boosted) comes before the briefings that mention them."""
    if not (site.root / boosted / "index.html").is_file():
        pytest.skip(f"{boosted}: named in one briefing only, so it has no page")
    page = visit.open()
    results = search(page, query)
    results.locator(f"a[href*='{boosted}']").first.wait_for(state="visible", timeout=20_000)
    first = results.first.locator("a.md-search-result__link").first.get_attribute("href")
    assert first is not None and boosted in first, first
    assert visit.console_errors() == []


def test_search_results_show_title_date_and_highlighted_excerpt(
    site: Site, visit: Visit, shots: Callable[..., Path]
) -> None:
    for scheme in ("light", "dark"):
        page = visit.open(scheme=scheme)
        search(page, "Blinken")
        # The briefing page itself (its sources page, which may rank above it, ends in
        # `sources/`).
        hit = page.locator(
            f"li.md-search-result__item:has(a[href$='{site.briefing.story_id}/'])"
        ).first
        hit.wait_for(state="visible", timeout=20_000)
        assert hit.locator("h1").inner_text().strip() == site.briefing.title
        assert hit.locator(".briefings-search__date").inner_text() == "19 January 2024"
        marks = hit.locator("mark").all_inner_texts()
        assert marks and all("blinken" in mark.lower() for mark in marks), marks
        colour = hit.locator("mark").first.evaluate("el => getComputedStyle(el).color")
        text = hit.locator("h1").evaluate("el => getComputedStyle(el).color")
        assert colour != text, "the match is highlighted"
        shots(page, f"{site.name}-search-{scheme}")
    assert visit.console_errors() == []


def test_search_keys_open_and_close_the_box(site: Site, visit: Visit) -> None:
    # From the home page: Enter on a result then opens another page. (From the briefing,
    # the first result is the page itself: `wait_for_url` and `wait_for_load_state` were
    # already true, the test ended while that navigation was in flight, and closing the
    # context mid-navigation of the large dev page hung the teardown.)
    page = visit.open()
    box = page.locator("input.md-search__input")
    is_open = "document.getElementById('__search').checked"
    for key in ("/", "s"):
        page.keyboard.press(key)
        assert page.evaluate(is_open) and box.evaluate("el => el === document.activeElement")
        assert box.input_value() == "", f"{key!r} opens the box without typing itself"
        page.keyboard.press("Escape")
        assert not page.evaluate(is_open)
        assert not box.evaluate("el => el === document.activeElement")
    page.keyboard.press("/")
    page.keyboard.type("arevalo", delay=30)
    page.locator("li.md-search-result__item").first.wait_for(state="visible", timeout=20_000)
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused and focused == page.locator("a.md-search-result__link").first.get_attribute(
        "href"
    )
    expected = page.evaluate("href => new URL(href, location.href).href", focused)
    assert expected != page.url
    with page.expect_navigation(wait_until="load"):  # done only once the new page loaded
        page.keyboard.press("Enter")
    assert page.url == expected
    assert visit.console_errors() == []


def test_search_works_under_a_sub_path(
    site: Site,
    serve_dir: Callable[[Path | str], str],
    chromium_browser: Any,
    page_errors: Callable[[Any], list[str]],
    tmp_path: Path,
) -> None:
    """Served from /news/ (site_url with a path): the bundle and the result links follow."""
    shutil.copytree(site.root, tmp_path / "news")
    visit = Visit(serve_dir(tmp_path) + "news/", chromium_browser, page_errors)
    try:
        page = visit.open()  # the home page: the hit opens another page, not this one
        search(page, "arevalo")
        hit = page.locator(f"a.md-search-result__link[href$='{site.briefing.story_id}/']").first
        hit.wait_for(state="visible", timeout=20_000)
        assert hit.evaluate("el => new URL(el.href).pathname").startswith("/news/stories/")
        hit.click()
        page.wait_for_url(f"**/news/{site.briefing.path}**")
        assert heading(page.locator("h1").first) == site.briefing.title
        assert visit.console_errors() == []
    finally:
        for context in visit.contexts:
            context.close()


def test_search_on_a_phone(site: Site, visit: Visit) -> None:
    page = visit.open(viewport=PHONE)
    search(page, "Arevalo")
    hit = page.locator(f"a.md-search-result__link[href$='{site.briefing.story_id}/']").first
    hit.wait_for(state="visible", timeout=20_000)
    hit.click()
    page.wait_for_url(f"**/{site.briefing.path}**")
    assert visit.console_errors() == []


def test_names_on_a_briefing_lead_to_their_pages_or_the_index(site: Site, visit: Visit) -> None:
    """A person named in two or more briefings has a page (linked from the briefing); one
    named only here is plain text, and the people index links them to this briefing."""
    page = visit.open(site.briefing.path)
    rows = page.locator("table:has(th:text-is('Person')) tbody tr td:first-child")
    linked = rows.locator("a")
    plain = [
        rows.nth(n).inner_text().strip()
        for n in range(rows.count())
        if rows.nth(n).locator("a").count() == 0
    ]
    assert rows.count() == linked.count() + len(plain) > 0
    if linked.count():
        name = linked.first.inner_text().strip()
        linked.first.click()
        page.wait_for_url("**/stories/people/*/")
        assert heading(page.locator("h1").first) == name
        entry = page.locator(f".briefing-list li:has(a[href*='{site.briefing.story_id}'])")
        assert entry.count() == 1
        assert page.locator(".briefing-list li").count() >= 2
    if plain:
        index = visit.open("stories/people/")
        row = index.locator("table tr", has=index.locator("td:first-child", has_text=plain[0]))
        while row.count() == 0 and index.locator("a", has_text="Next →").count():
            index.locator("a", has_text="Next →").first.click()
            index.wait_for_load_state()
            row = index.locator("table tr", has=index.locator("td:first-child", has_text=plain[0]))
        assert row.count() >= 1, f"{plain[0]} is not in the people index"
        row.first.locator(f"a[href*='{site.briefing.story_id}']").click()
        index.wait_for_url(f"**/{site.briefing.path}")
        assert heading(index.locator("h1").first) == site.briefing.title
    assert visit.console_errors() == []


def test_coverage_links_each_source_to_its_full_text(site: Site, visit: Visit) -> None:
    page = visit.open(site.briefing.path)
    source = page.locator("table:has(th:text-is('Only this source')) tbody tr td:first-child a")
    count = source.count()
    assert count >= 1
    source.first.click()
    page.wait_for_url(f"**/{site.briefing.path}sources/#source-1")
    text = page.locator("#source-1 ~ .briefing-source-text").first
    assert text.is_visible() and len(text.inner_text()) > 200
    assert page.locator(".briefing-source-text").count() == count
    page.locator("article a", has_text=site.briefing.title).first.click()
    page.wait_for_url(f"**/{site.briefing.path}")
    assert visit.console_errors() == []


def test_tag_page_lists_the_briefing(site: Site, visit: Visit) -> None:
    page = visit.open(site.briefing.path)
    tag = page.locator(".md-tags .md-tag").first
    name = tag.inner_text().strip()
    assert name
    tag.click()
    page.wait_for_url("**/stories/tags/**")
    section = page.locator(f"[id='tag:{name.lower().replace(' ', '-')}']")
    assert section.count() == 1, f"no section for tag {name!r}"
    listed = page.locator(f"article a[href*='{site.briefing.story_id}']")
    assert listed.count() >= 1
    # The tag's own page lists every briefing with it.
    page.locator("p.briefing-more a", has_text=f"tagged {name}").first.click()
    page.wait_for_url("**/stories/tags/*/")
    assert heading(page.locator("h1").first) == f"Tagged {name}"
    assert page.locator(f".briefing-list a[href*='{site.briefing.story_id}']").count() == 1
    assert visit.console_errors() == []


def test_feed_is_valid_atom_and_linked_from_every_page(site: Site, visit: Visit) -> None:
    page = visit.open(site.briefing.path)
    link = page.locator("link[rel='alternate'][type='application/atom+xml']")
    assert link.count() == 1
    url = link.evaluate("el => el.href")
    response = page.request.get(url)
    assert response.ok
    feed = ET.fromstring(response.body())
    assert feed.tag == f"{ATOM}feed"
    entries = {e.findtext(f"{ATOM}id"): e for e in feed.findall(f"{ATOM}entry")}
    entry = entries.get(f"urn:briefings:{site.briefing.story_id}")
    assert entry is not None, sorted(entries)
    assert entry.findtext(f"{ATOM}title") == site.briefing.title
    href = entry.find(f"{ATOM}link").get("href")  # type: ignore[union-attr]
    assert href is not None and href.endswith(f"/{site.briefing.path}")
    assert visit.console_errors() == []


def test_light_and_dark_palettes_toggle(
    site: Site, visit: Visit, shots: Callable[..., Path]
) -> None:
    page = visit.open(site.briefing.path)
    body = page.locator("body")
    seen = [body.get_attribute("data-md-color-scheme")]
    for _ in range(3):
        page.locator("form[data-md-component='palette'] label:visible").first.click()
        seen.append(body.get_attribute("data-md-color-scheme"))
        if seen[-1] == "slate":
            break
    assert "default" in seen and seen[-1] == "slate", seen
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background not in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)"), background
    shots(page, f"{site.name}-briefing-desktop-dark")
    dark_phone = visit.open(viewport=PHONE, scheme="dark")
    assert dark_phone.locator("body").get_attribute("data-md-color-scheme") == "slate"
    shots(dark_phone, f"{site.name}-home-phone-dark")
    assert visit.console_errors() == []


def test_briefing_prints_cleanly(site: Site, visit: Visit) -> None:
    page = visit.open(site.briefing.path)
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-search", ".md-footer"):
        assert not page.locator(chrome).first.is_visible(), f"{chrome} shows on paper"
    assert page.locator("article h1").is_visible()
    assert page.locator("article table").first.is_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    sources = visit.open(f"{site.briefing.path}sources/")
    sources.emulate_media(media="print")
    assert not sources.locator(".md-header").first.is_visible()
    assert sources.locator(".briefing-source-text p").nth(1).is_visible(), "texts print"
    assert sources.pdf(format="A4").startswith(b"%PDF")
    assert visit.console_errors() == []


@pytest.mark.parametrize("path", ["", "briefing", "stories/", "stories/archive/"])
def test_phone_viewport_has_no_sideways_scrolling(site: Site, visit: Visit, path: str) -> None:
    page = visit.open(site.briefing.path if path == "briefing" else path, viewport=PHONE)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"page is {width}px wide on a {PHONE['width']}px phone"
    size = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('article p, article li')).fontSize)"
    )
    assert size >= 14, f"body text {size}px is too small on a phone"
    assert visit.console_errors() == []


def test_navigation_has_no_entry_per_briefing(site: Site, visit: Visit) -> None:
    page = visit.open(site.briefing.path)
    tabs = page.locator(".md-tabs__link").all_inner_texts()
    assert [t.strip() for t in tabs] == [
        "Home",
        "Latest",
        "Archive",
        "People",
        "Places",
        "Organisations",
        "Tags",
        "About",
    ]
    in_nav = page.locator("nav.md-nav a[href*='stories/20'], nav.md-nav a[href*='/20']")
    assert in_nav.count() == 0, "briefings must not be listed in the navigation"
    assert visit.console_errors() == []


def test_archive_lists_the_month(site: Site, visit: Visit) -> None:
    page = visit.open("stories/archive/")
    page.locator("article a", has_text="January 2024").click()
    page.wait_for_url("**/stories/archive/2024-01/")
    assert page.locator(f".briefing-list a[href*='{site.briefing.story_id}']").count() == 1
    assert visit.console_errors() == []


def test_how_outlets_covered_it_and_updates_read_on_desktop_and_phone(
    site: Site, visit: Visit, shots: Callable[..., Path], artifacts_dir: Path
) -> None:
    """The seeds are one AFP report in two versions: the page says so near the top,
    frames each version, counts one independent report, and shows no disagreement."""
    for viewport, name in ((DESKTOP, "desktop"), (PHONE, "phone")):
        page = visit.open(site.briefing.path, viewport=viewport)
        headings = [h.strip().rstrip("¶") for h in page.locator("article h2").all_inner_texts()]
        assert headings.index("How outlets covered it") < headings.index("Key figures")
        assert "Sources disagree" not in headings  # the seeds give no conflicting figure
        covered = page.locator("#how-outlets-covered-it ~ ul").first
        assert covered.is_visible()
        text = covered.inner_text()
        assert "One AFP report, carried in 2 versions" in text
        assert "Same report:" in text and "Leads with:" in text
        assert "1 independent report in 2 sources" in page.locator(".briefing-byline").inner_text()
        shots(page, f"{site.name}-how-outlets-covered-it-{name}", full_page=True)
        # The section alone, to look at: heading, reports, versions and their framing.
        section = artifacts_dir / f"{site.name}-how-outlets-covered-it-{name}-section.png"
        covered.screenshot(path=str(section), animations="disabled")
        print(f"screenshot: {section.name}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], "no sideways scrolling"
    # The story's own feed is linked at the foot of the page and is Atom.
    feed = page.locator("a", has_text="Atom feed of its updates").first
    href = feed.get_attribute("href")
    response = page.request.get(page.url + href if not href.startswith("/") else href)
    assert response.status == 200
    root = ET.fromstring(response.body())
    assert root.tag == f"{ATOM}feed" and root.find(f"{ATOM}entry") is not None
    assert visit.console_errors() == []


def test_sources_page_shows_ledes_with_headline_and_outlet(site: Site, visit: Visit) -> None:
    page = visit.open(site.briefing.path + "sources/")
    texts = page.locator(".briefing-source-text")
    assert texts.count() >= 2
    for index in range(texts.count()):
        words = texts.nth(index).locator("p").first.inner_text().split()
        assert 10 <= len(words) <= 61  # the lede, not the article
    assert page.locator("h2", has_text="AFP: Mexico tells the US").count() == 1
    assert visit.console_errors() == []
