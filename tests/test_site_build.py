"""The project's own site builds with `mkdocs build --strict`, with no warning."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.helpers import mkdocs_build
from tests.conftest import ROOT


@pytest.mark.slow
def test_mkdocs_build_strict(tmp_path: Path) -> None:
    site = tmp_path / "site"
    mkdocs_build(ROOT, site)  # fails on a non-zero exit or any WARNING
    pages = list((site / "stories").glob("*/index.html"))
    assert pages, "no briefing page in the built site"
    assert (site / "stories" / "feed.xml").is_file()
    assert (site / "search" / "search_index.json").is_file()
