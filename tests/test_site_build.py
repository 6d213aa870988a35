"""The project's own site builds with `mkdocs build --strict`, with no warning."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT


@pytest.mark.slow
def test_mkdocs_build_strict(tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr
    assert "WARNING -" not in result.stderr, result.stderr
    pages = list((site / "stories").glob("*/index.html"))
    assert pages, "no briefing page in the built site"
    assert (site / "stories" / "feed.xml").is_file()
    assert (site / "search" / "search_index.json").is_file()
