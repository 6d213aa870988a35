"""The project's own site builds with `mkdocs build --strict`, with no warning."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.helpers import mkdocs_build
from tests.conftest import ROOT
from tests.test_search import indexed_pages


@pytest.mark.slow
def test_mkdocs_build_strict(tmp_path: Path) -> None:
    site = tmp_path / "site"
    mkdocs_build(ROOT, site)  # fails on a non-zero exit or any WARNING
    pages = list((site / "stories").glob("*/index.html"))
    assert pages, "no briefing page in the built site"
    assert (site / "stories" / "feed.xml").is_file()
    assert not (site / "search").exists(), "Material's search index is gone (Pagefind)"
    assert (site / "pagefind" / "pagefind.js").is_file()
    # The search index covers the seed briefing (title, date, text), its sources page
    # (outlets, headlines and ledes) and hand-written pages, not the listings. (The seeds name
    # every person in one briefing only, so no person has a page of their own here.)
    indexed = indexed_pages(site)
    stories = sorted(url for url in indexed if url.startswith("/stories/2024-"))
    briefing_url, sources_url = stories
    assert sources_url == f"{briefing_url}sources/"
    briefing, sources = indexed[briefing_url], indexed[sources_url]
    assert briefing["meta"]["title"].startswith("Mexico tells the US")  # type: ignore[index]
    assert briefing["meta"]["date"] == "19 January 2024"  # type: ignore[index]
    assert "Bernardo Arévalo" in str(briefing["content"])
    assert "¶" not in str(briefing["content"]), "permalink marks are not indexed"
    # Excerpt mode (the default): each source's outlet, headline and lede are indexed,
    # the rest of the article is not republished.
    found = str(sources["content"])
    assert "Meeting between Washington and Mexico" in found, "headlines are searchable"
    assert "AFP: Mexico tells the US" in found, "outlets are searchable"
    assert "Bajo Chiquito" not in found
    assert "/about/" in indexed
    for listing in ("/", "/stories/", "/stories/archive/", "/stories/people/"):
        assert listing not in indexed, f"listing {listing} is indexed"
