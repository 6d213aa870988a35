"""Helpers for the site's browser tests: building sites, finding briefings, and telling
a blank screenshot from a real page (without an image library: the browser decodes)."""

from __future__ import annotations

import base64
import html
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED = REPO_ROOT.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
DEV_CORPUS = SHARED / "corpus" / "dev"
SEED_SOURCE = "000_d9f526054b0b5b27.txt"
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 800}


@dataclass(frozen=True)
class Briefing:
    story_id: str
    title: str

    @property
    def path(self) -> str:
        return f"stories/{self.story_id}/"


def mkdocs_build(project: Path, site: Path) -> str:
    """`mkdocs build --strict -d site` in `project`; fails on any warning. Returns stderr."""
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=900,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    if result.returncode != 0 or "WARNING" in result.stderr:
        raise AssertionError(f"mkdocs build failed in {project}:\n{result.stderr[-4000:]}")
    return result.stderr


def make_project(folder: Path, sources: list[Path]) -> Path:
    """A copy of this project's site setup (mkdocs.yml, hand-written docs) in `folder`,
    with `sources` as its source_articles/."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO_ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    for name in ("docs",):
        shutil.copytree(REPO_ROOT / name, folder / name, ignore=shutil.ignore_patterns("stories"))
    articles = folder / "source_articles"
    articles.mkdir()
    for source in sources:
        name = source.name
        if source.parent.name.startswith("newswcl"):  # 5 events, same file names
            name = f"{source.parent.name}_{source.name}"
        shutil.copy(source, articles / name)
    return folder


def dev_corpus_sources() -> list[Path]:
    """Every article of ../shared/corpus/dev (not its gold files) plus the two seeds."""
    articles = sorted(p for p in DEV_CORPUS.glob("*/*.txt"))
    return articles + sorted(SEEDS.glob("*.txt"))


def find_briefing(site: Path, source_file: str) -> Briefing:
    """The briefing page built from `source_file` (its sources page names the file)."""
    for sources in sorted((site / "stories").glob("*/sources*/index.html")):
        page = sources.parent.parent / "index.html"
        if f"file {source_file}" in sources.read_text(encoding="utf-8"):
            text = page.read_text(encoding="utf-8")
            match = re.search(r"<h1[^>]*>(.*?)<a class=\"headerlink\"", text, re.S)
            assert match, f"no h1 in {page}"
            title = html.unescape(re.sub(r"<[^>]+>", "", match.group(1))).strip()
            return Briefing(page.parent.name, title)
    raise AssertionError(f"no briefing page in {site} names {source_file}")


def image_stats(page: Any, png: bytes) -> dict[str, float]:
    """Pixel statistics of a PNG, decoded by the browser in a scratch page:
    `dominant` (share of the most common colour) and `stdev` (of luminance)."""
    scratch = page.context.new_page()
    try:
        scratch.set_content("<canvas></canvas>")
        data = base64.b64encode(png).decode()
        stats: dict[str, float] = scratch.evaluate(
            """async (data) => {
                const image = new Image();
                image.src = "data:image/png;base64," + data;
                await image.decode();
                const canvas = document.querySelector("canvas");
                canvas.width = image.width; canvas.height = image.height;
                const context = canvas.getContext("2d");
                context.drawImage(image, 0, 0);
                const pixels = context.getImageData(0, 0, image.width, image.height).data;
                const counts = new Map();
                let sum = 0, squares = 0, n = 0;
                for (let i = 0; i < pixels.length; i += 16) {  // every 4th pixel
                    const key = (pixels[i] << 16) | (pixels[i + 1] << 8) | pixels[i + 2];
                    counts.set(key, (counts.get(key) || 0) + 1);
                    const y = 0.299 * pixels[i] + 0.587 * pixels[i + 1] + 0.114 * pixels[i + 2];
                    sum += y; squares += y * y; n += 1;
                }
                const mean = sum / n;
                return {
                    dominant: Math.max(...counts.values()) / n,
                    stdev: Math.sqrt(Math.max(0, squares / n - mean * mean)),
                    colours: counts.size,
                    width: image.width,
                    height: image.height,
                };
            }""",
            data,
        )
        return stats
    finally:
        scratch.close()


def assert_not_blank(page: Any, png: bytes, what: str) -> None:
    """A page that shows nothing (blank, one colour, or no text in the main content)
    fails: the screenshot must vary, and the article must hold visible text."""
    stats = image_stats(page, png)
    assert stats["dominant"] < 0.97 and stats["stdev"] > 8 and stats["colours"] > 20, (
        f"{what}: screenshot looks blank ({stats})"
    )
    main = page.locator("article.md-content__inner")
    assert main.count() == 1 and main.is_visible(), f"{what}: no visible main content"
    text = main.inner_text().strip()
    assert len(text) > 80, f"{what}: main content has almost no text ({text!r})"


def screenshot(page: Any, folder: Path, name: str, *, full_page: bool = False) -> Path:
    """Save a screenshot under `folder`, print its file name, check it is not blank."""
    path = folder / f"{name}.png"
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_timeout(400)  # Material animates the header title on scroll
    png = page.screenshot(path=str(path), full_page=full_page, animations="disabled")
    print(f"screenshot: {path.relative_to(REPO_ROOT) if path.is_relative_to(REPO_ROOT) else path}")
    assert_not_blank(page, png, name)
    return path


def search(page: Any, query: str) -> Any:
    """Type `query` into the header's search box (Pagefind's index, Material's look) and
    wait for results; returns the list."""
    opener = page.locator("label.md-header__button[for='__search']")
    if opener.is_visible():  # phone: the search box opens from the header button
        opener.click()
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    box.type(query, delay=30)
    results = page.locator("ol.md-search-result__list > li.md-search-result__item")
    results.first.wait_for(state="visible", timeout=20_000)
    return results


def heading(locator: Any) -> str:
    """A heading's text without its permalink mark."""
    return str(locator.inner_text()).strip().rstrip("¶").strip()
