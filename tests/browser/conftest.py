"""Fixtures for browser tests: Debian's chromium driven by Playwright's Python package.

Playwright never downloads a browser here: we launch the system chromium through
``executable_path``. Tests that use these fixtures should carry ``@pytest.mark.browser``.

Fixtures:
    chromium_browser  session-wide Browser (skipped without /usr/bin/chromium, failed under CI)
    browser_page      a fresh Page in its own context, closed after the test
    serve_dir         factory: serve_dir(path) -> "http://127.0.0.1:<port>/"
    page_errors       factory: page_errors(page) -> list of console/page errors, filled live
    artifacts_dir     <repo>/test-artifacts/, where screenshots go

``serve_directory`` is a plain context manager for fixtures of wider scope
(for example a session-scoped built site).
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS_DIR = REPO_ROOT / "test-artifacts"


def _under_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Static file handler that keeps the test output clean."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve_directory(path: Path | str) -> Iterator[str]:
    """Serve ``path`` over HTTP on 127.0.0.1 (free port) in a background thread.

    Yields the base URL, ending in ``/``. The server stops when the block exits.
    """
    root = Path(path)
    if not root.is_dir():
        raise NotADirectoryError(f"cannot serve {root}: not a directory")
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name=f"serve:{root.name}", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def serve_dir() -> Iterator[Callable[[Path | str], str]]:
    """Factory: ``serve_dir(path)`` serves a directory and returns its base URL."""
    with ExitStack() as stack:
        yield lambda path: stack.enter_context(serve_directory(path))


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator[Any]:
    """A headless Debian chromium, shared by the whole session."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing (install Debian's chromium; ./dev test does it)"
        if _under_ci():
            pytest.fail(f"browser tests cannot run under CI: {reason}", pytrace=False)
        pytest.skip(reason)

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def browser_page(chromium_browser: Any) -> Iterator[Any]:
    """A fresh page in its own browser context (no shared cookies or storage)."""
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def page_errors() -> Callable[[Any], list[str]]:
    """Factory: ``errors = page_errors(page)`` before navigating.

    The returned list fills as the page runs with every console error
    (``console: ...``) and every uncaught exception (``pageerror: ...``).
    """

    def watch(page: Any) -> list[str]:
        errors: list[str] = []

        def on_console(message: Any) -> None:
            if message.type == "error":
                location = message.location or {}
                where = location.get("url", "")
                errors.append(f"console: {message.text}" + (f" ({where})" if where else ""))

        page.on("console", on_console)
        page.on("pageerror", lambda exc: errors.append(f"pageerror: {exc}"))
        return errors

    return watch


@pytest.fixture
def artifacts_dir() -> Path:
    """``<repo>/test-artifacts/``, created on demand; screenshots go here."""
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS_DIR
