"""Site search: the plugin runs Pagefind over the built site (`index_site`), and a
missing or failing binary is one warning, never a traceback. The built site's index is
checked in tests/test_site_build.py, the search box in tests/browser/test_site.py."""

from __future__ import annotations

import gzip
import json
import logging
import stat
from pathlib import Path

import pytest

from generator import mkdocs_plugin
from generator.mkdocs_plugin import index_site, indexed_count, pagefind_binary

LOGGER = "mkdocs.plugins.briefings"


def indexed_pages(site: Path) -> dict[str, dict[str, object]]:
    """Pagefind's fragments (one per indexed page: URL, text, metadata), by URL."""
    pages: dict[str, dict[str, object]] = {}
    for fragment in sorted((site / "pagefind" / "fragment").iterdir()):
        data = gzip.decompress(fragment.read_bytes())
        assert data.startswith(b"pagefind_dcd"), fragment
        page = json.loads(data[len(b"pagefind_dcd") :])
        pages[page["url"]] = page
    return pages


def fake_binary(folder: Path, script: str) -> Path:
    path = folder / "pagefind"
    path.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def warnings_of(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


def test_the_binary_comes_from_the_installed_wheel() -> None:
    binary = pagefind_binary()
    assert binary is not None and binary.is_file()
    assert binary.parent.name == "pagefind_bin"


def test_index_site_runs_pagefind_on_the_site(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a" / "index.html").write_text(
        "<html lang='en'><body><nav>Menu</nav><main data-pagefind-body><h1>Árbol</h1>"
        "<p>Bernardo Arévalo spoke.</p><div data-search-exclude>hidden words</div>"
        "</main></body></html>",
        encoding="utf-8",
    )
    with caplog.at_level(logging.INFO, logger=LOGGER):
        assert index_site(site) is True
    assert warnings_of(caplog) == []
    assert any(
        r.getMessage().startswith("search: Pagefind indexed 1 page(s) in ") for r in caplog.records
    )
    assert (site / "pagefind" / "pagefind.js").is_file()
    (page,) = indexed_pages(site).values()
    assert page["url"] == "/a/"
    assert page["content"] == "Árbol. Bernardo Arévalo spoke."  # body only, no excluded block
    assert page["meta"] == {"title": "Árbol"}


def test_missing_binary_is_one_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(mkdocs_plugin, "pagefind_binary", lambda: None)
    with caplog.at_level(logging.DEBUG, logger=LOGGER):
        assert index_site(tmp_path) is False
    assert warnings_of(caplog) == [
        "search: the pagefind binary is missing (pip install 'pagefind[bin]'); "
        "the site has no search index"
    ]


def test_failing_binary_is_one_warning_with_its_last_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    binary = fake_binary(tmp_path, "echo indexing; echo 'Error: no pages found' >&2; exit 3")
    with caplog.at_level(logging.DEBUG, logger=LOGGER):
        assert index_site(tmp_path, binary) is False
    assert warnings_of(caplog) == [
        "search: pagefind failed (exit 3: Error: no pages found); the site has no search index"
    ]


def test_binary_that_cannot_run_is_one_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    binary = tmp_path / "pagefind"
    binary.write_bytes(b"\x00not a program")  # not executable
    with caplog.at_level(logging.DEBUG, logger=LOGGER):
        assert index_site(tmp_path, binary) is False
    (warning,) = warnings_of(caplog)
    assert warning.startswith("search: pagefind could not run (PermissionError")


def test_quiet_success_logs_no_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    binary = fake_binary(tmp_path, "exit 0")
    with caplog.at_level(logging.DEBUG, logger=LOGGER):
        assert index_site(tmp_path, binary) is True
    assert warnings_of(caplog) == []


def test_indexed_count_of_a_missing_or_odd_entry_file_is_zero(tmp_path: Path) -> None:
    entry = tmp_path / "pagefind-entry.json"
    assert indexed_count(entry) == 0
    for text in ("not json", "[]", '{"languages": {"en": {"page_count": "x"}}}'):
        entry.write_text(text, encoding="utf-8")
        assert indexed_count(entry) == 0, text
    entry.write_text('{"languages": {"en": {"page_count": 3}, "fr": {"page_count": 2}}}')
    assert indexed_count(entry) == 5
