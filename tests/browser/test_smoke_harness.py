"""Smoke test of the browser harness itself: server, chromium, error capture, screenshot."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Harness smoke — Arévalo</title>
<link rel="icon" href="data:,"></head>
<body>
<h1 id="headline">Briefings harness</h1>
<p id="status">waiting</p>
<script>document.getElementById("status").textContent = "scripts run";</script>
</body>
</html>
"""


@pytest.mark.browser
@pytest.mark.timeout(120)
def test_smoke_harness(
    tmp_path: Path,
    serve_dir: Callable[[Path | str], str],
    browser_page: Any,
    page_errors: Callable[[Any], list[str]],
    artifacts_dir: Path,
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(PAGE, encoding="utf-8")
    base_url = serve_dir(site)
    assert base_url.startswith("http://127.0.0.1:")

    errors = page_errors(browser_page)
    response = browser_page.goto(base_url, wait_until="load")

    assert response is not None and response.status == 200
    assert browser_page.title() == "Harness smoke — Arévalo"
    assert browser_page.text_content("#status") == "scripts run"
    shot = artifacts_dir / "smoke_harness.png"
    browser_page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 0
    assert errors == []


@pytest.mark.browser
@pytest.mark.timeout(120)
def test_page_errors_catches_console_and_uncaught_errors(
    tmp_path: Path,
    serve_dir: Callable[[Path | str], str],
    browser_page: Any,
    page_errors: Callable[[Any], list[str]],
) -> None:
    (tmp_path / "index.html").write_text(
        '<!doctype html><title>broken</title><link rel="icon" href="data:,">'
        "<script>console.error('boom'); undefinedFunction();</script>",
        encoding="utf-8",
    )
    errors = page_errors(browser_page)
    browser_page.goto(serve_dir(tmp_path), wait_until="load")

    assert any(e.startswith("console: boom") for e in errors), errors
    assert any(e.startswith("pageerror:") and "undefinedFunction" in e for e in errors), errors
