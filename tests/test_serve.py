"""`mkdocs serve` as a user runs it: saving an article updates the site without a
restart, a half-saved article does not stop the server, and the server does not rebuild
in a loop."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.helpers import make_project
from tests.conftest import ROOT

SEEDS = ROOT / "tests" / "cases" / "seeds" / "source_articles"
ARTICLE = (
    "Harbour city opens flood barrier after record storm\n\n"
    "ROTTERDAM (Reuters) – The Dutch port city of Rotterdam closed its giant flood barrier "
    "on Monday as a record storm pushed the sea 3.2 metres above normal.\n\n"
    "“We have never seen water this high,” said harbour master Pieter de Vries.\n"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    def __init__(self, project: Path) -> None:
        self.port = free_port()
        self.log: list[str] = []
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{self.port}"],
            cwd=project,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
            start_new_session=True,
        )
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.log.append(line.rstrip())

    def builds(self) -> int:
        return sum("Building documentation" in line for line in self.log)

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=10) as r:
                return r.status, r.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, ""
        except OSError:
            return 0, ""

    def wait_for(self, path: str, needle: str, timeout: float = 90) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status, body = self.get(path)
            if status == 200 and needle in body:
                return body
            if self.process.poll() is not None:
                pytest.fail("mkdocs serve exited:\n" + "\n".join(self.log[-30:]))
            time.sleep(0.5)
        pytest.fail(f"{needle!r} never appeared at {path}:\n" + "\n".join(self.log[-30:]))

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[Server, Path]]:
    project = make_project(tmp_path / "project", sorted(SEEDS.glob("*.txt")))
    running = Server(project)
    try:
        yield running, project
    finally:
        running.stop()


@pytest.mark.slow
def test_saving_an_article_updates_the_site_without_restart_or_loop(
    server: tuple[Server, Path],
) -> None:
    running, project = server
    running.wait_for("/stories/", "Mexico")
    # search works under serve too: the plugin indexes every rebuild
    indexed = running.wait_for("/pagefind/pagefind-entry.json", '"page_count"')
    assert running.get("/pagefind/pagefind.js")[0] == 200
    # a half-saved article: the server reports it and keeps serving the last good site
    (project / "source_articles" / "broken.md").write_text("---\ntitle: [half\n")
    time.sleep(4)
    assert running.get("/stories/")[0] == 200
    assert running.process.poll() is None
    # a new article appears within seconds, without a restart
    (project / "source_articles" / "rotterdam.txt").write_text(ARTICLE)
    running.wait_for("/stories/", "Harbour city opens flood barrier", timeout=60)
    running.wait_for("/pagefind/pagefind-entry.json", '"page_count"')
    deadline = time.monotonic() + 60  # the new briefing (and its places) reach the index
    while running.get("/pagefind/pagefind-entry.json")[1] == indexed:
        assert time.monotonic() < deadline, "the search index never took the new article"
        time.sleep(0.5)
    assert any("broken.md" in line for line in running.log), "the bad article is reported"
    # editing the article updates its page
    (project / "source_articles" / "rotterdam.txt").write_text(
        ARTICLE.replace("Harbour city opens", "Port city shuts")
    )
    running.wait_for("/stories/", "Port city shuts flood barrier", timeout=60)
    # and then the server settles: no rebuild loop
    time.sleep(3)
    settled = running.builds()
    time.sleep(6)
    assert running.builds() == settled, "mkdocs serve keeps rebuilding by itself"
    assert not any("Traceback" in line for line in running.log), "\n".join(running.log)


def slow_article(figures: int) -> str:
    """An article that takes seconds to analyse: many figures in many paragraphs."""
    rows = [
        f"The agency counted {i * 13 % 5000 + 2:,} vehicles and {i * 7 % 900 + 3:,} trucks "
        f"on road {i} in the region."
        for i in range(figures // 2)
    ]
    return "Traffic counted on every road\n\n" + "\n\n".join(rows) + "\n"


@pytest.mark.slow
def test_pages_are_served_during_a_rebuild_and_a_stale_one_is_abandoned(
    server: tuple[Server, Path],
) -> None:
    """Issue 20: the pipeline runs out of the server's way: a page and a static file are
    answered while a slow article is analysed, and deleting that article before it is done
    abandons its build (it never reports) in favour of a new one."""
    running, project = server
    running.wait_for("/stories/", "Mexico")
    slow = project / "source_articles" / "traffic.txt"
    mark = len(running.log)
    slow.write_text(slow_article(4000))

    def background_started(after: int) -> bool:
        return any("in the background" in line for line in running.log[after:])

    deadline = time.monotonic() + 60
    while not background_started(mark):
        assert time.monotonic() < deadline, "\n".join(running.log[-20:])
        time.sleep(0.1)
    answered = 0
    while not any("source(s) read" in line for line in running.log[mark:]):
        started = time.monotonic()
        assert running.get("/stories/")[0] == 200
        assert running.get("/assets/search.js")[0] == 200
        assert time.monotonic() - started < 5, "a request waited for the rebuild"
        answered += 1
        if answered == 3:  # the build is under way: make it stale
            stale = len(running.log)
            slow.unlink()
            deadline = time.monotonic() + 60
            while not any("is abandoned" in line for line in running.log[stale:]):
                assert time.monotonic() < deadline, "\n".join(running.log[-20:])
                time.sleep(0.1)
            break
        assert time.monotonic() < deadline + 120, "\n".join(running.log[-20:])
        time.sleep(0.2)
    assert answered >= 3
    time.sleep(20)  # longer than the abandoned build would have taken
    summaries = [line for line in running.log[mark:] if "source(s) read" in line]
    assert not summaries, summaries  # the abandoned build never reported
    assert running.get("/stories/")[0] == 200
    assert "Traffic counted" not in running.get("/stories/")[1]
    # and a new change after that is built as usual
    slow.write_text(slow_article(10))
    running.wait_for("/stories/", "Traffic counted on every road", timeout=90)
    assert not any("Traceback" in line for line in running.log), "\n".join(running.log)
